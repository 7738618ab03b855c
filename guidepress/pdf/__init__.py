"""Print-ready documents and PDFs: one per guide and language, in several variants.

``document`` assembles, during the MkDocs build, one print-ready HTML document per guide and
language from the same rendered Markdown as the website (published as the "print the whole
guide" page). ``render`` turns those documents into PDFs with WeasyPrint, in a pool of worker
processes, skipping documents whose inputs did not change.
"""

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
