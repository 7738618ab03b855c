"""Addresses a reader is given: a language's URL prefix, a guide's pages, its print page and its
PDFs, per language and variant. The one place that decides where a language's pages live: the
source language at the site root, every other language under ``<lang>/``."""

VARIANTS = {
    "a4": {"size": "A4", "large": False},
    "letter": {"size": "letter", "large": False},
    "a4-large-print": {"size": "A4", "large": True},
}
"""PDF variants: page size and large print (body text 16 pt or more)."""

PRINT_DIR = "print"
"""The print page of a guide: ``<lang>/<prefix>/<slug>/print/index.html``."""


def lang_prefix(lang: str, default_lang: str) -> str:
    """The site-root-relative folder of ``lang``'s pages: ``""`` for the source language,
    ``"fr/"`` for French."""
    return "" if lang == default_lang else f"{lang}/"


def guide_dir_url(slug: str, lang: str, default_lang: str, prefix: str) -> str:
    """Site-root-relative URL of a guide's folder in ``lang`` (its print page and PDFs live there)."""
    return f"{lang_prefix(lang, default_lang)}{prefix}/{slug}/"


def page_url(slug: str, page: str, lang: str, default_lang: str, prefix: str) -> str:
    """Site-root-relative URL of a guide page (directory URLs); ``page`` is its file name."""
    stem = page[:-3] if page.endswith(".md") else page
    return f"{guide_dir_url(slug, lang, default_lang, prefix)}{stem}/"


def print_page_url(slug: str, lang: str, default_lang: str, prefix: str) -> str:
    """Site-root-relative URL of a guide's whole-guide print page in ``lang``."""
    return f"{guide_dir_url(slug, lang, default_lang, prefix)}{PRINT_DIR}/"


def pdf_name(slug: str, lang: str, variant: str) -> str:
    """File name of a PDF: guide, language and variant, such as ``fatigue.fr.a4.pdf``."""
    return f"{slug}.{lang}.{variant}.pdf"


def pdf_url(slug: str, lang: str, variant: str, default_lang: str, prefix: str) -> str:
    """Site-root-relative URL of a guide's PDF in ``lang`` and ``variant``."""
    return guide_dir_url(slug, lang, default_lang, prefix) + pdf_name(slug, lang, variant)
