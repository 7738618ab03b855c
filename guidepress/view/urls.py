"""Addresses a reader is given: a guide's print page and its PDFs, per language and variant."""

VARIANTS = {
    "a4": {"size": "A4", "large": False},
    "letter": {"size": "letter", "large": False},
    "a4-large-print": {"size": "A4", "large": True},
}
"""PDF variants: page size and large print (body text 16 pt or more)."""

PRINT_DIR = "print"
"""The print page of a guide: ``<lang>/<prefix>/<slug>/print/index.html``."""


def pdf_name(slug: str, lang: str, variant: str) -> str:
    """File name of a PDF: guide, language and variant, such as ``fatigue.fr.a4.pdf``."""
    return f"{slug}.{lang}.{variant}.pdf"
