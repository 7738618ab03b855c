"""guidepress.patches.weasyprint_passes: the same PDFs with fewer page layouts, and page references that are
right even when working them out moves their targets. Real WeasyPrint renders, read back with
pdftotext."""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

import pytest

from guidepress.patches import weasyprint_passes as passes
from guidepress.pdf.render import PDF_VARIANT, _fetcher_class, variant_css

from pdfcheck import pdftext


class _Layouts(logging.Handler):
    """Counts the pages WeasyPrint lays out (its progress log says which it reuses)."""

    def __init__(self):
        super().__init__(level=logging.INFO)
        self.pages = 0
        self.passes = 1

    def emit(self, record):
        message = record.getMessage()
        if "Creating layout - Page" in message and "up-to-date" not in message:
            self.pages += 1
        elif "Repagination" in message:
            self.passes += 1


@contextmanager
def counting_layouts():
    from weasyprint.logger import PROGRESS_LOGGER

    handler, level = _Layouts(), PROGRESS_LOGGER.level
    PROGRESS_LOGGER.setLevel(logging.INFO)
    PROGRESS_LOGGER.addHandler(handler)
    try:
        yield handler
    finally:
        PROGRESS_LOGGER.removeHandler(handler)
        PROGRESS_LOGGER.setLevel(level)


@pytest.fixture
def weasyprint_alone():
    """Each test chooses; afterwards the adjustment is back, as in ``render_job``."""
    yield
    assert passes.install()


def render(html: str, base: Path | None = None, site: Path | None = None, adjusted: bool = True) -> tuple[bytes, _Layouts]:
    from weasyprint import HTML

    if adjusted:
        assert passes.install()
    else:
        passes.uninstall()
    kwargs = {}
    if base is not None:
        kwargs = {"base_url": base.as_uri(), "url_fetcher": _fetcher_class()(site, str(base))}
    with counting_layouts() as layouts:
        pdf = HTML(string=html, **kwargs).render(pdf_variant=PDF_VARIANT).write_pdf(pdf_variant=PDF_VARIANT)
    return pdf, layouts


def test_active_on_the_weasyprint_it_was_checked_with():
    assert version("weasyprint") == passes.WRITTEN_FOR["weasyprint"], (
        f"WeasyPrint {version('weasyprint')} is installed, guidepress/patches/weasyprint_passes.py was checked "
        f"with {passes.WRITTEN_FOR['weasyprint']}: read how the new version repaginates, run this file, "
        "then update WRITTEN_FOR")
    assert passes.install() and passes.installed()


@pytest.mark.parametrize("lang,variant", [("fr", "a4"), ("zh", "a4-large-print"), ("en", "letter")])
def test_guides_render_byte_identical_with_fewer_layouts(shipped_site, weasyprint_alone, lang, variant):
    folder = shipped_site / ("" if lang == "en" else lang) / "guides/questions-for-your-care-team/print"
    document = folder / "index.html"
    html = document.read_text(encoding="utf-8").replace("</head>", f"<style>{variant_css(variant)}</style></head>", 1)
    alone, alone_layouts = render(html, document, shipped_site, adjusted=False)
    adjusted, adjusted_layouts = render(html, document, shipped_site)
    assert adjusted == alone
    # WeasyPrint alone: every page, then the pages with references twice more
    assert alone_layouts.passes == 3 and adjusted_layouts.passes == 2
    assert adjusted_layouts.pages < alone_layouts.pages


def _contents_document(letter_spacing: str) -> str:
    """A contents list whose page numbers, once known, are wider than the 0 of the first pass:
    some entries wrap, the list grows by a page and every section moves one page on."""
    css = f"""@page {{ size: A6; margin: 1cm; }}
body {{ font: 10pt sans-serif; }}
.toc a::after {{ content: " [" target-counter(attr(href), page) "]"; letter-spacing: {letter_spacing}; }}
section {{ break-before: page; }}"""
    toc = "".join(f'<p class="toc"><a href="#s{i}">Section number {i} goes here {"w" * (i % 9)}</a></p>'
                  for i in range(40))
    body = "".join(f'<section id="s{i}"><h2>Section {i}</h2><p>Back to <a href="#s{max(i - 3, 0)}">an earlier one</a>.</p>'
                   f"</section>" for i in range(40))
    return f"<html><head><style>{css}</style></head><body>{toc}{body}</body></html>"


def _contents_and_pages(pdf: Path) -> tuple[dict[int, int], dict[int, int]]:
    text = pdftext(pdf)
    shown = {int(m[1]): int(m[2].replace(" ", "")) for m in
             re.finditer(r"Section number (\d+) goes here w* ?\[ ?([\d ]+)\]", " ".join(text.split()))}
    actual = {int(m[1]): n for n, page in enumerate(text.split("\f"), 1)
              for m in re.finditer(r"^Section (\d+)$", page, re.M)}
    return shown, actual


def test_page_numbers_right_when_references_move_their_targets(tmp_path, weasyprint_alone):
    html = _contents_document("0.5em")
    pdf, layouts = render(html)
    (tmp_path / "adjusted.pdf").write_bytes(pdf)
    shown, actual = _contents_and_pages(tmp_path / "adjusted.pdf")
    assert len(actual) == 40 and min(actual.values()) == 5  # the contents grew to four pages
    assert shown == actual
    assert layouts.passes == 3  # the pass in which the sections moved, and one to show it

    # WeasyPrint alone prints the pages the sections were on before the contents grew
    alone, _ = render(html, adjusted=False)
    (tmp_path / "alone.pdf").write_bytes(alone)
    shown_alone, _ = _contents_and_pages(tmp_path / "alone.pdf")
    assert {i for i in actual if shown_alone.get(i) != actual[i]}


def test_same_pdf_when_weasyprint_gets_moved_targets_right(tmp_path, weasyprint_alone):
    html = _contents_document("2em")
    alone, alone_layouts = render(html, adjusted=False)
    adjusted, adjusted_layouts = render(html)
    assert adjusted == alone and adjusted_layouts.pages < alone_layouts.pages
    (tmp_path / "adjusted.pdf").write_bytes(adjusted)
    shown, actual = _contents_and_pages(tmp_path / "adjusted.pdf")
    assert len(actual) == 40 and shown == actual


def test_page_count_references_are_left_to_weasyprint(tmp_path, weasyprint_alone):
    # (target-counter(attr(href), pages) is not tried: WeasyPrint 70 alone fails on it)
    css = """@page { size: A6; margin: 1cm; }
.of::after { content: "page " counter(page) " of " counter(pages); }
.toc a::after { content: " (" target-counter(attr(href), page) ")"; }
section { break-before: page; }"""
    toc = "".join(f'<p class="toc"><a href="#s{i}">Section {i}</a></p>' for i in range(12))
    body = "".join(f'<section id="s{i}"><h2>Section {i}</h2><p class="of"></p></section>' for i in range(12))
    html = f"<html><head><style>{css}</style></head><body>{toc}{body}</body></html>"
    alone, _ = render(html, adjusted=False)
    adjusted, _ = render(html)
    assert adjusted == alone
    (tmp_path / "adjusted.pdf").write_bytes(adjusted)
    text = " ".join(pdftext(tmp_path / "adjusted.pdf").split())
    assert "Section 11 (13)" in text and "page 2 of 13" in text and "page 13 of 13" in text
