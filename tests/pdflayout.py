"""Where things landed on the pages of a real PDF, for the print layout tests (issue #13).

* Every word of every page, with its box (``pdftotext -raw -bbox``) and its font size, read
  from the content stream with pikepdf (the text-showing operation whose baseline and start
  match the word's box). Text that WeasyPrint marks ``/Artifact`` is the running header and
  footer: its words are ``running`` and its sizes are :attr:`Layout.running_sizes`.
* The body text of all pages as one normalized string (:func:`norm`: no white space, hyphens,
  list markers or parenthesized insertions), each character knowing its word, so that the text
  of an element of the print document (the HTML the PDF is made from) can be found, in order,
  and its page and font sizes read: :meth:`Layout.find`.
* The page of a named destination (an ``id`` of the print document) and of each figure of the
  tag tree (with its alternative text).
"""

from __future__ import annotations

import math
import re
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from lxml import etree

_XHTML = "{http://www.w3.org/1999/xhtml}"
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


# -- normalized text ------------------------------------------------------------------------

_DROP = re.compile(r"[\s\u00ad\u2010\u2011\-\u2022\u25e6\u25aa\u2013]+")
_MARKER = re.compile(r"^(?:\d+[.)]|[\u2022\u25e6\u25aa\u2013-])$")
_PARENS = re.compile(r"[(（][^()（）]{0,300}[)）]")


def norm_word(word: str) -> str:
    """A word as it is compared: NFKC, case-folded, without hyphens and bullets; a list marker
    on its own ("3.", "•") is nothing, as the HTML has no text for it."""
    if _MARKER.match(word):
        return ""
    return _DROP.sub("", unicodedata.normalize("NFKC", word).casefold())


def drop_parens(text: str) -> str:
    """Without parenthesized groups: the PDF adds some of its own (the page of a link inside
    the guide, the address of a link to the web), so neither side keeps any."""
    return _PARENS.sub("", text)


def norm(text: str) -> str:
    """Text of the print document, normalized as the words of the PDF are."""
    return drop_parens("".join(norm_word(w) for w in text.split()))


# -- the content stream: text runs with their size and position -----------------------------

def _mul(a: tuple, b: tuple) -> tuple:
    """The affine matrix ``a`` then ``b`` (PDF order: a row vector times a, then b)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


@dataclass(frozen=True)
class Run:
    """One text-showing operation: where its baseline starts (pt from the top left of the page)
    and its font size in pt; ``running`` for the running header and footer."""

    x: float
    y: float
    size: float
    running: bool
    mcid: int | None = None
    """its marked content's id, which the tag tree refers to"""


def _runs(owner, resources, ctm: tuple, height: float, out: list[Run], marks: list, depth: int = 0) -> None:
    stack: list[tuple] = []
    tm = tlm = _IDENTITY
    size, leading = 0.0, 0.0
    for operands, operator in pikepdf.parse_content_stream(owner):
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else ctm
        elif op == "cm":
            ctm = _mul(tuple(float(v) for v in operands), ctm)
        elif op == "BT":
            tm = tlm = _IDENTITY
        elif op == "Tm":
            tm = tlm = tuple(float(v) for v in operands)
        elif op in ("Td", "TD"):
            tx, ty = (float(v) for v in operands)
            if op == "TD":
                leading = -ty
            tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, tx, ty), tlm)
        elif op == "TL":
            leading = float(operands[0])
        elif op == "T*":
            tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
        elif op == "Tf":
            size = float(operands[1])
        elif op == "BMC":
            marks.append(("/Artifact" if str(operands[0]) == "/Artifact" else None))
        elif op == "BDC":
            props = operands[1]
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            marks.append("/Artifact" if str(operands[0]) == "/Artifact" else (None if mcid is None else int(mcid)))
        elif op == "EMC":
            if marks:
                marks.pop()
        elif op in ("Tj", "TJ", "'", '"'):
            m = _mul(tm, ctm)
            mcid = next((mark for mark in reversed(marks) if isinstance(mark, int)), None)
            out.append(Run(m[4], height - m[5], size * math.hypot(m[2], m[3]), "/Artifact" in marks, mcid))  # running: an artifact
        elif op == "Do" and depth < 8:
            xobject = (resources.get("/XObject") or {}).get(str(operands[0])) if resources is not None else None
            if xobject is not None and xobject.get("/Subtype") == "/Form":
                matrix = tuple(float(v) for v in xobject.get("/Matrix", _IDENTITY))
                _runs(xobject, xobject.get("/Resources", resources), _mul(matrix, ctm), height, out, marks, depth + 1)


def _number_tree(tree, key: int):
    if "/Nums" in tree:
        items = list(tree.Nums)
        for k, v in zip(items[::2], items[1::2]):
            if int(k) == key:
                return v
    for kid in tree.get("/Kids", []):
        limits = kid.get("/Limits")
        if limits is None or int(limits[0]) <= key <= int(limits[1]):
            found = _number_tree(kid, key)
            if found is not None:
                return found
    return None


def _running_mcids(pdf: pikepdf.Pdf, page) -> set[int]:
    """The marked content of a page that is a running header or footer: WeasyPrint tags the
    text of a page-margin box as a Span in a NonStruct right under the Document (nothing of
    the document's own content is tagged like that)."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/StructParents" not in page or "/ParentTree" not in root:
        return set()
    parents = _number_tree(root.ParentTree, int(page.StructParents))
    running = set()
    for mcid, element in enumerate(parents or []):
        if not isinstance(element, pikepdf.Dictionary):
            continue
        chain = []
        while isinstance(element, pikepdf.Dictionary) and "/S" in element and len(chain) < 4:
            chain.append(str(element.S))
            element = element.get("/P")
        if chain == ["/Span", "/NonStruct", "/Document"]:
            running.add(mcid)
    return running


def text_runs(pdf: pikepdf.Pdf) -> list[list[Run]]:
    """The text runs of each page; the running header and footer are marked ``running``,
    whether they are tagged as artifacts or (as WeasyPrint 70 does) as loose spans."""
    pages = []
    for page in pdf.pages:
        box = [float(v) for v in page.mediabox]
        runs: list[Run] = []
        _runs(page, page.get("/Resources"), _IDENTITY, box[3] - box[1], runs, [])
        running = _running_mcids(pdf, page)
        pages.append([Run(r.x, r.y, r.size, r.running or r.mcid in running, r.mcid) for r in runs])
    return pages


# -- words ----------------------------------------------------------------------------------

@dataclass
class Word:
    page: int
    """0-based"""
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float | None
    """font size in pt (None: no run found for it)"""
    running: bool
    """part of the running header or footer"""


def _words(path: Path) -> tuple[list[list[Word]], list[tuple[float, float]]]:
    # -raw: in the order of the content stream, which is the document's (the lines of the
    # cells of a table row are not interleaved)
    out = subprocess.run(["pdftotext", "-raw", "-bbox", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, check=True).stdout
    root = etree.fromstring(out, parser=etree.XMLParser(recover=True, huge_tree=True))
    pages, sizes = [], []
    for n, page in enumerate(root.iter(f"{_XHTML}page")):
        sizes.append((float(page.get("width")), float(page.get("height"))))
        pages.append([Word(n, w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                           float(w.get("yMax")), None, False) for w in page.iter(f"{_XHTML}word")])
    return pages, sizes


def _attach_sizes(words: list[Word], runs: list[Run]) -> None:
    """The size of each word: the run whose baseline is inside the word's box and which starts
    at or before it (the nearest); a word beside a running run is running text."""
    for word in words:
        slack = (word.y1 - word.y0) * 0.1
        inline = [r for r in runs if word.y0 - slack <= r.y <= word.y1 + slack]
        before = [r for r in inline if r.x <= word.x0 + 0.5]
        if before:
            run = max(before, key=lambda r: (r.x, -abs(r.y - word.y1)))
            word.size, word.running = run.size, run.running
        elif inline:
            word.running = any(r.running for r in inline)


# -- the layout of one PDF ------------------------------------------------------------------

@dataclass(frozen=True)
class Found:
    start: int
    end: int
    pages: tuple[int, ...]
    """the pages (0-based) its characters are on, in order, without repeats"""
    sizes: tuple[float, ...]
    """font sizes of its words"""


class Layout:
    def __init__(self, path: Path):
        self.path = path
        pages, self.page_sizes = _words(path)
        with pikepdf.open(path) as pdf:
            runs = text_runs(pdf)
            self.running_sizes = sorted({round(r.size, 2) for page in runs for r in page if r.running})
            self.dests = _dests(pdf)
            self.figures = _figures(pdf)
        self.words: list[Word] = []
        chars: list[str] = []
        owner: list[int] = []
        for n, words in enumerate(pages):
            _attach_sizes(words, runs[n] if n < len(runs) else [])
            page_chars: list[str] = []
            page_owner: list[int] = []
            for word in words:
                if word.running:
                    continue
                self.words.append(word)
                for ch in norm_word(word.text):
                    page_chars.append(ch)
                    page_owner.append(len(self.words) - 1)
            text = "".join(page_chars)
            keep = [True] * len(text)
            for m in _PARENS.finditer(text):  # per page, as :func:`norm` does per element
                keep[m.start():m.end()] = [False] * (m.end() - m.start())
            chars += [c for c, k in zip(page_chars, keep) if k]
            owner += [o for o, k in zip(page_owner, keep) if k]
        self.text = "".join(chars)
        self.owner = owner
        self.pages = len(pages)
        sized = Counter(round(w.size, 1) for w in self.words if w.size)
        self.body_size = sized.most_common(1)[0][0] if sized else 0.0
        """the most common size of the body text, in pt"""

    def find(self, fragment: str, start: int = 0) -> Found | None:
        """Where the normalized ``fragment`` is first found at or after ``start``."""
        if not fragment:
            return None
        at = self.text.find(fragment, start)
        if at < 0:
            return None
        words = [self.words[i] for i in dict.fromkeys(self.owner[at:at + len(fragment)])]
        pages = tuple(dict.fromkeys(w.page for w in words))
        return Found(at, at + len(fragment), pages, tuple(w.size for w in words if w.size))

    def find_before(self, fragment: str, end: int) -> Found | None:
        """Where the normalized ``fragment`` is last found before ``end``."""
        at = self.text.rfind(fragment, 0, end) if fragment else -1
        return None if at < 0 else self.find(fragment, at)

    def page_words(self, page: int) -> list[Word]:
        return [w for w in self.words if w.page == page]


def _dests(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Named destinations (the ids of the print document) and their page (0-based)."""
    pages = {p.objgen: n for n, p in enumerate(pdf.pages)}
    found: dict[str, int] = {}
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return found

    def walk(node):
        if "/Names" in node:
            items = list(node.Names)
            for name, dest in zip(items[::2], items[1::2]):
                if isinstance(dest, pikepdf.Dictionary):
                    dest = dest.D
                found[str(name)] = pages.get(dest[0].objgen, -1)
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(names.Dests)
    return found


def _figures(pdf: pikepdf.Pdf) -> list[tuple[str, int]]:
    """Each /Figure of the tag tree: its alternative text and page (0-based)."""
    pages = {p.objgen: n for n, p in enumerate(pdf.pages)}
    out, stack, seen = [], [pdf.Root.StructTreeRoot.get("/K")], set()
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
            continue
        if not isinstance(node, pikepdf.Dictionary) or (node.is_indirect and node.objgen in seen):
            continue
        if node.is_indirect:
            seen.add(node.objgen)
        if node.get("/S") == "/Figure":
            page = node.get("/Pg")
            out.append((str(node.get("/Alt", "")), pages.get(page.objgen, -1) if page is not None else -1))
        kids = node.get("/K")
        if kids is not None and "/S" in node:
            stack.append(kids)
    return out
