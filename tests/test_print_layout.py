"""Print layout a reader can use (issue #13): every shipped PDF, in every language and variant.

* The cover is one page: its last line is on page 1 and the contents begin page 2.
* Large print: the running header and the "Page X of Y" footer are set at least 0.9 times the
  body text's size.
* Safety boxes (admonitions, details), notices and tables are set at least at body size.
* Nothing is stranded by a page break: a box, a notice, a table, the QR code with its caption,
  a support entry is on one page; a heading is on the page of what follows it (no heading as
  the last line of a page, so no page holding only a heading); a lead-in line is on the page of
  the list, table or box it introduces; the paragraph after a box is on the page where the box
  ends; the QR code is not alone at the top of a page.
* On screen (Chromium, 375 and 1280 px, English and Chinese): the text of admonitions, notices
  and tables is at least the size of the body text.

Where an element landed is read from the PDF (words and their boxes from ``pdftotext``, font
sizes from the content stream with pikepdf) and found by its text, taken from the print
document the PDF is made from (``print/index.html`` next to it): see :mod:`pdflayout`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import html as lxml_html

from browser import chromium, serve
from conftest import ROOT, SHIPPED_LANGS, run_guidepress
from pdflayout import Found, Layout, norm

K = 24
"""Characters (normalized) of a block's start or end that are looked up to place it."""

BLOCK_TAGS = {"p", "li", "th", "td", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "caption", "figcaption"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

KEEP_TOGETHER = ("admonition", "gp-chapter__notice", "gp-cover__notice", "gp-support__emergency",
                 "gp-support__entry", "gp-online")
"""Classes of the elements that must not be broken across pages (with ``table`` and ``details``)."""

AT_LEAST_BODY_SIZE = ("admonition", "gp-chapter__notice", "gp-cover__notice", "gp-support__emergency")
"""Classes of the elements whose text is never smaller than the body text (with tables and details)."""


# -- the shipped PDFs -----------------------------------------------------------------------

@pytest.fixture(scope="session")
def shipped_pdfs(shipped_site, tmp_path_factory) -> list[Path]:
    """Every PDF of the shipped site (every guide, language and variant), rendered once."""
    run_guidepress("pdf", "--site-dir", str(shipped_site), "--cache-dir", str(tmp_path_factory.mktemp("pdf-cache")),
                   cwd=ROOT)
    pdfs = sorted(shipped_site.rglob("*.pdf"))
    assert len(pdfs) >= 3 * len(SHIPPED_LANGS)
    return pdfs


def name(pdf: Path) -> str:
    return pdf.name.removesuffix(".pdf")


def large_print(pdf: Path) -> bool:
    return pdf.name.endswith(".a4-large-print.pdf")


@lru_cache(maxsize=None)
def layout(pdf: Path) -> Layout:
    return Layout(pdf)


@lru_cache(maxsize=None)
def document(pdf: Path):
    """The print document the PDF is made from."""
    return lxml_html.parse(str(pdf.parent / "print" / "index.html")).getroot()


# -- the print document: blocks of text, in reading order -----------------------------------

def has_class(el, cls: str) -> bool:
    return cls in (el.get("class") or "").split()


def hidden(el) -> bool:
    """Not printed: the screen-only hint, and what is in <head>."""
    return any(has_class(a, "gp-screen-only") or a.tag == "head" for a in (el, *el.iterancestors()))


def own_text(el) -> str:
    """The text of a block, without the blocks nested in it (a list inside a list item)."""
    parts = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):  # a comment
            pass
        elif child.tag not in BLOCK_TAGS and not child.xpath(".//" + " | .//".join(BLOCK_TAGS)):
            parts.append(child.text_content())
        elif child.tag not in BLOCK_TAGS:
            parts.append(own_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


@lru_cache(maxsize=None)
def blocks(pdf: Path) -> list[tuple[object, str]]:
    """Every printed block of the document that has text, in document order, with its
    normalized text."""
    out = []
    for el in document(pdf).body.iter(*BLOCK_TAGS):
        if hidden(el):
            continue
        text = norm(own_text(el))
        if text:
            out.append((el, text))
    return out


def inside(el, container) -> bool:
    return el is container or any(a is container for a in el.iterancestors())


def kept_elements(doc) -> list:
    found = []
    for el in doc.body.iter():
        if not isinstance(el.tag, str) or hidden(el):
            continue
        if el.tag in ("table", "details") or any(has_class(el, c) for c in KEEP_TOGETHER):
            found.append(el)
    return found


def describe(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True)
class Placed:
    """A block of the print document and where its first and last characters are in the PDF."""

    el: object
    text: str
    first: Found
    last: Found

    @property
    def page(self) -> int:
        """the page (0-based) of its first line"""
        return self.first.pages[0]

    @property
    def last_page(self) -> int:
        """the page (0-based) of its last line"""
        return self.last.pages[-1]


@lru_cache(maxsize=None)
def placed(pdf: Path) -> tuple[list[Placed | None], list[str]]:
    """Every block of the document found in the PDF, in order (None where it was not found),
    and what was not found (a test that relies on a block it cannot find fails)."""
    lay, out, missing = layout(pdf), [], []
    cursor, starts = 0, [0, 0]

    def find(fragments: list[str], start: int) -> Found | None:
        # a shorter piece when hyphenation changed a word (Hungarian "mennyi" is "meny-nyi")
        return next((f for f in (lay.find(piece, start) for piece in fragments) if f is not None), None)

    for el, text in blocks(pdf):
        heads = [text[:n] for n in (K, K // 2) if n <= len(text)] or [text]
        tails = [text[-n:] for n in (K, K // 2) if n <= len(text)] or [text]
        # from the end of the previous block, or from the start of the one before: the cells of
        # a grid are not always drawn in the document's order
        first = find(heads, cursor) or find(heads, starts[-2])
        last = first if first is None or len(text) <= K else find(tails, first.start)
        if first is None or last is None:
            missing.append(f"{name(pdf)}: not found in the PDF: <{el.tag}> '{text}'")
            out.append(None)
            continue
        out.append(Placed(el, text, first, last))
        starts.append(first.start)
        cursor = max(cursor, last.end)
    return out, missing


def where(pdf: Path, el) -> list[Placed | None]:
    """The placed blocks of ``el`` (itself or inside it)."""
    return [p for p, (b, _) in zip(placed(pdf)[0], blocks(pdf)) if inside(b, el)]


# -- the checks, each over one PDF ----------------------------------------------------------

def split_elements(pdf: Path) -> list[str]:
    """Boxes, notices, tables, the QR code's caption and support entries that a page break cuts."""
    problems = []
    for el in kept_elements(document(pdf)):
        inner = [p for p in where(pdf, el) if p is not None]
        if inner and inner[0].page != inner[-1].last_page:
            problems.append(f"{name(pdf)}: <{el.tag} class='{el.get('class') or ''}'> '{describe(inner[0].text)}' "
                            f"begins on page {inner[0].page + 1} and ends on page {inner[-1].last_page + 1} "
                            f"('...{inner[-1].text[-30:]}')")
    return problems + placed(pdf)[1]


def is_heading(el) -> bool:
    """A heading, or a term of the glossary (which reads as one)."""
    return el.tag in HEADINGS or (el.tag == "dt" and any(has_class(a, "gp-glossary") for a in el.iterancestors()))


def stranded_headings(pdf: Path) -> list[str]:
    """Headings (and glossary terms) on another page than what follows them: a heading as the
    last line of a page, or alone on a page."""
    problems = []
    found = placed(pdf)[0]
    for here, after in zip(found, found[1:]):
        if here is None or after is None or not is_heading(here.el):
            continue
        if here.last_page != after.page:
            problems.append(f"{name(pdf)}: heading '{describe(here.text)}' is the last line of page "
                            f"{here.last_page + 1}; what follows it is on page {after.page + 1}")
    return problems + placed(pdf)[1]


def introduces(p) -> bool:
    """A paragraph right before a list, or a paragraph ending in a colon right before a table
    or a box: a lead-in line."""
    nxt = p.getnext()
    if p.tag != "p" or nxt is None:
        return False
    if nxt.tag in ("ul", "ol"):
        return True
    boxed = nxt.tag in ("table", "details") or has_class(nxt, "admonition")
    return boxed and p.text_content().rstrip().endswith((":", "\uff1a"))


def stranded_lead_ins(pdf: Path) -> list[str]:
    """A lead-in line on another page than the list, table or box it introduces."""
    problems = []
    found = placed(pdf)[0]
    for here, after in zip(found, found[1:]):
        if here is None or after is None or not introduces(here.el):
            continue
        if here.last_page != after.page:
            problems.append(f"{name(pdf)}: lead-in '{describe(here.text)}' ends page {here.last_page + 1}; "
                            f"the <{here.el.getnext().tag}> it introduces begins page {after.page + 1}")
    return problems + placed(pdf)[1]


def stranded_after_boxes(pdf: Path) -> list[str]:
    """The paragraph right after a box, a table or details, on another page than the box's end:
    it often closes the box ("Use the number your team gave you. Do not wait until your next
    appointment." after "When to call your care team"), and was left alone on a page."""
    problems = []
    for n, here in enumerate(placed(pdf)[0]):
        if here is None or here.el.tag != "p":
            continue
        box = here.el.getprevious()
        if box is None or not (box.tag in ("table", "details") or has_class(box, "admonition")):
            continue
        inner = [p for p in where(pdf, box) if p is not None]
        if inner and inner[-1].last_page != here.page:
            problems.append(f"{name(pdf)}: '{describe(here.text)}' begins page {here.page + 1}, away from the "
                            f"<{box.tag} class='{box.get('class') or ''}'> before it (ends page {inner[-1].last_page + 1})")
    return problems + placed(pdf)[1]


def lonely_qr_codes(pdf: Path) -> list[str]:
    """The QR code at the top of a page (nothing of its section before it on the page), or on
    another page than its caption."""
    doc, lay = document(pdf), layout(pdf)
    found = placed(pdf)[0]
    problems = []
    for img in doc.body.iter("img"):
        if not has_class(img, "gp-qr"):
            continue
        pages = [page for alt, page in lay.figures if alt == img.get("alt")]
        if len(pages) != 1:
            problems.append(f"{name(pdf)}: {len(pages)} figures have the QR code's alternative text")
            continue
        box = next(a for a in img.iterancestors() if has_class(a, "gp-online"))
        n = next(i for i, (el, _) in enumerate(blocks(pdf)) if inside(el, box))
        before, caption = found[n - 1], found[n]
        if before is not None and before.last_page != pages[0]:
            problems.append(f"{name(pdf)}: the QR code is alone at the top of page {pages[0] + 1} "
                            f"('{describe(before.text)}' is on page {before.last_page + 1})")
        if caption is not None and caption.page != pages[0]:
            problems.append(f"{name(pdf)}: the QR code is on page {pages[0] + 1}, its caption on page {caption.page + 1}")
    return problems + placed(pdf)[1]


def cover_problems(pdf: Path) -> list[str]:
    """The cover takes more than page 1: its last line is further on, or the contents do not
    begin page 2."""
    doc, lay = document(pdf), layout(pdf)
    problems = []
    cover = next(el for el in doc.body.iter("section") if has_class(el, "gp-cover"))
    inner = [p for p in where(pdf, cover) if p is not None]
    if inner and inner[-1].last_page != 0:
        problems.append(f"{name(pdf)}: the cover ends on page {inner[-1].last_page + 1} "
                        f"('...{inner[-1].text[-30:]}')")
    toc = lay.dests.get("gp-toc-title")
    if toc != 1:
        problems.append(f"{name(pdf)}: the contents begin on page {None if toc is None else toc + 1}, not page 2")
    return problems + placed(pdf)[1]


def small_safety_text(pdf: Path) -> list[str]:
    """Words of boxes, notices and tables set smaller than the body text."""
    lay = layout(pdf)
    problems = []
    for here in placed(pdf)[0]:
        if here is None:
            continue
        boxed = [a for a in (here.el, *here.el.iterancestors())
                 if a.tag in ("table", "details") or any(has_class(a, c) for c in AT_LEAST_BODY_SIZE)]
        if not boxed:
            continue
        whole = lay.find(here.text, here.first.start)
        sizes = whole.sizes if whole is not None else here.first.sizes + here.last.sizes
        if sizes and min(sizes) < lay.body_size * 0.99:
            problems.append(f"{name(pdf)}: '{describe(here.text)}' in <{boxed[-1].tag} class='{boxed[-1].get('class') or ''}'> "
                            f"is set at {min(sizes):.1f} pt, the body text at {lay.body_size:.1f} pt")
    return problems + placed(pdf)[1]


def over_all(pdfs: list[Path], check) -> list[str]:
    return [problem for pdf in pdfs for problem in check(pdf)]


# -- the tests ------------------------------------------------------------------------------

def test_every_pdf_is_checked(shipped_pdfs):
    """Each language has each variant of each of its guides, and each PDF has its print document."""
    variants = {re.sub(r"^.*\.(\w+(?:-\w+)*)\.pdf$", r"\1", p.name) for p in shipped_pdfs}
    assert variants == {"a4", "letter", "a4-large-print"}
    for pdf in shipped_pdfs:
        assert (pdf.parent / "print" / "index.html").is_file(), pdf
    assert {p.name.split(".")[1] for p in shipped_pdfs} == set(SHIPPED_LANGS)


def test_the_cover_is_one_page(shipped_pdfs):
    assert not over_all(shipped_pdfs, cover_problems)


def test_large_print_header_and_footer_scale_with_the_body_text(shipped_pdfs):
    problems = []
    for pdf in shipped_pdfs:
        lay = layout(pdf)
        assert lay.running_sizes, f"{name(pdf)}: no running header or footer found"
        if large_print(pdf) and min(lay.running_sizes) < 0.9 * lay.body_size:
            problems.append(f"{name(pdf)}: header/footer at {min(lay.running_sizes):.1f} pt, "
                            f"body text at {lay.body_size:.1f} pt")
    assert not problems


def test_large_print_body_text_is_16_pt_or_more(shipped_pdfs):
    assert all(layout(p).body_size >= 16 for p in shipped_pdfs if large_print(p))


def test_boxes_notices_and_tables_are_at_least_body_size(shipped_pdfs):
    assert not over_all(shipped_pdfs, small_safety_text)


def test_no_box_notice_or_table_is_cut_by_a_page_break(shipped_pdfs):
    assert not over_all(shipped_pdfs, split_elements)


def test_no_heading_is_the_last_line_of_a_page(shipped_pdfs):
    assert not over_all(shipped_pdfs, stranded_headings)


def test_a_lead_in_line_stays_with_its_list(shipped_pdfs):
    assert not over_all(shipped_pdfs, stranded_lead_ins)


def test_the_line_after_a_box_stays_with_it(shipped_pdfs):
    assert not over_all(shipped_pdfs, stranded_after_boxes)


def test_the_qr_code_stays_with_its_caption_and_the_text_before_it(shipped_pdfs):
    assert not over_all(shipped_pdfs, lonely_qr_codes)


# -- on screen ------------------------------------------------------------------------------

SCREEN_PAGES = ("guides/questions-for-your-care-team/01-getting-ready/",  # a table, a tip, the notices
                "guides/fatigue-during-treatment/01-what-is-fatigue/",    # "When to call your care team"
                "guides/fatigue-during-treatment/print/")                 # the whole guide, for printing

MEASURE = """() => {
  const body = document.querySelector('.md-content .md-typeset > p:not([class]), .gp-chapter > p:not([class])');
  const boxes = [...document.querySelectorAll('.admonition, details, table, .gp-notice, .gp-chapter__notice, .gp-cover__notice')];
  const texts = [];
  for (const box of boxes) {
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim() || !el.checkVisibility()) continue;
      texts.push({kind: box.tagName === 'TABLE' ? 'table' : box.className,
                  text: node.textContent.trim().slice(0, 40),
                  size: parseFloat(getComputedStyle(el).fontSize)});
    }
  }
  return {body: body ? parseFloat(getComputedStyle(body).fontSize) : null, texts};
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_boxes_notices_and_tables_are_at_least_body_size_on_screen(shipped_site, width):
    """Admonitions ("When to call your care team"), notices and tables: every piece of their text
    is at least the size of the page's body text, on a phone and a desktop, in English and Chinese."""
    problems, kinds = [], set()
    with serve(shipped_site, tuple(SHIPPED_LANGS)) as url, chromium() as browser:
        ctx = browser.new_context(viewport={"width": width, "height": 900})
        page = ctx.new_page()
        for lang in ("en", "zh"):
            for path in SCREEN_PAGES:
                page.goto(url + ("" if lang == "en" else f"{lang}/") + path)
                found = page.evaluate(MEASURE)
                assert found["body"] and found["texts"], (lang, path)
                for t in found["texts"]:
                    kinds.add("table" if t["kind"] == "table" else "notice" if "notice" in t["kind"] else "box")
                    if t["size"] < found["body"] - 0.01:
                        problems.append(f"{lang} {path} {width}px: '{t['text']}' in {t['kind']} at {t['size']} px, "
                                        f"body text at {found['body']} px")
        ctx.close()
    assert kinds == {"table", "notice", "box"}
    assert not problems
