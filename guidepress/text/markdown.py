"""A line-based reading of a Markdown page: what translations must keep from their source.

Fenced code is skipped; every item keeps its line number in the file (front matter included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from guidepress.model.yamlfile import YamlError, split_front_matter

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING_START = re.compile(r"#{1,6}\s+")  # then the text, without the spaces at its end
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s+([\w-]+)")
_TAB = re.compile(r'^\s*===\+?\s+"')
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_HTML_SRC = re.compile(r"""\s(src|href)\s*=\s*["']([^"']+)["']""", re.I)


T = TypeVar("T")


@dataclass(frozen=True)
class Item(Generic[T]):
    line: int
    value: T


@dataclass
class Page:
    """What matters in one Markdown page for the checks."""

    text: str
    body_start: int
    headings: list[Item[tuple[int, str | None]]] = field(default_factory=list)
    """(level, anchor or None)"""
    admonitions: list[Item[str]] = field(default_factory=list)
    tabs: list[Item[str]] = field(default_factory=list)
    tables: list[Item[int]] = field(default_factory=list)
    """column count of each table"""
    images: list[Item[str]] = field(default_factory=list)
    """image targets"""
    links: list[Item[str]] = field(default_factory=list)
    """link targets (not images)"""
    prose: list[Item[str]] = field(default_factory=list)
    """lines of text, without link targets and anchors (for numbers)"""
    body_lines: list[tuple[int, str]] = field(default_factory=list)


def _columns(row: str) -> int:
    cells = row.strip().strip("|")
    return len(re.split(r"(?<!\\)\|", cells))


def parse(text: str) -> Page:
    try:
        _, body, start = split_front_matter(text)
    except YamlError:
        body, start = text, 1
    page = Page(text=text, body_start=start)
    in_fence = False
    table_start = None
    for offset, line in enumerate(body.split("\n")):
        n = start + offset
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        page.body_lines.append((n, line))
        if _TABLE_ROW.match(line):
            if table_start is None:
                table_start = n
                page.tables.append(Item(n, _columns(line)))
        else:
            table_start = None
        m = _HEADING_START.match(line)
        if m:
            anchor = heading_anchor(line[m.end():].rstrip())
            page.headings.append(Item(n, (len(m.group().rstrip()), anchor[2] if anchor else None)))
        m = _ADMONITION.match(line)
        if m:
            page.admonitions.append(Item(n, m.group(2).lower()))
        if _TAB.match(line):
            page.tabs.append(Item(n, "tab"))
        links = Brackets(line).links()
        for _, _, bang, _, target in links:
            (page.images if bang else page.links).append(Item(n, target))
        for attr, target in _HTML_SRC.findall(line):
            (page.images if attr.lower() == "src" else page.links).append(Item(n, target))
        prose = replace_spans(line, [(start, end, text) for start, end, _, text, _ in links])
        anchor = heading_anchor(prose)
        prose = prose[:anchor[0]] if anchor else prose
        prose = re.sub(r"<(script|style)\b.*?(</\1>|$)", " ", prose, flags=re.I)
        prose = strip_tags(prose)
        prose = re.sub(r"`[^`]*`", " ", prose)
        page.prose.append(Item(n, prose))
    return page


# -- linear scanners --------------------------------------------------------------------------
# What the former regular expressions matched, found in time linear in the line: a pattern such as
# \[((?:[^\[\]]|\[[^\]]*\])*)\]\(... retried from every "[" scans to the end of the line each
# time (20 KB of "[a](" took 16 s). Each scanner below looks at a character a bounded number of
# times (memoised positions, cached "next character of a set").

class NextOf:
    """The first index at or after ``p`` of a character of a set (``len(text)`` if none), with
    the last answer cached: asking again from a place before that answer costs nothing."""

    def __init__(self, text: str, chars: str, pattern: str | None = None):
        self.text, self.pattern = text, re.compile(pattern or "[" + re.escape(chars) + "]")
        self.asked, self.found = 1, 0  # an empty interval

    def __call__(self, p: int) -> int:
        if not (self.asked <= p <= self.found):
            m = self.pattern.search(self.text, p)
            self.asked, self.found = p, (m.start() if m else len(self.text))
        return self.found


_WS = re.compile(r"\s*")


def _after_spaces(text: str, p: int) -> int:
    """The index after the run of white space at ``p`` (the pattern matches everywhere: a run may be empty)."""
    m = _WS.match(text, p)
    assert m is not None
    return m.end()

_SPACE = re.compile(r"\s")


class Brackets:
    """Markdown links and images in one line (or in lines joined by "\\n", which no match
    crosses): the matches of ``(!?)\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]`` followed by an
    inline target, a reference or nothing, in linear time."""

    def __init__(self, text: str):
        self.text = text
        self.close = NextOf(text, "]\n")
        self.bracket = NextOf(text, "[]\n")
        self.target_end = NextOf(text, "", r"[)\s>]")
        self.quote = NextOf(text, '"')
        self.memo: dict[int, int] = {}
        self.tails: dict[int, int] = {}

    def text_end(self, p: int) -> int:
        """Index of the "]" that ends link text starting at ``p``, or -1 (memoised)."""
        text, n, visited, end = self.text, len(self.text), [], -1
        while True:
            if p in self.memo:
                end = self.memo[p]
                break
            visited.append(p)
            if p >= n or text[p] == "\n":
                break
            if text[p] == "]":
                end = p
                break
            if text[p] == "[":
                q = self.close(p + 1)  # a bracketed part: anything but "]" up to "]"
                if q >= n or text[q] != "]":
                    break
                p = q + 1
            else:
                p = self.bracket(p)
        for v in visited:
            self.memo[v] = end
        return end

    def links(self) -> list[tuple[int, int, str, str, str]]:
        """(start, end, "!" or "", text, target) of each ``[text](target "title")``."""
        return self._find(self._inline_target)

    def spans(self, after, bang: bool = True) -> list[tuple[int, int, str, str, str]]:
        """The same with ``after(text, index after "]")`` giving the end of what follows "]", or -1;
        without ``bang``, a "!" before "[" is not part of the match."""
        return self._find(lambda e: (after(self.text, e + 1), ""), bang)

    def _find(self, after, with_bang: bool = True) -> list[tuple[int, int, str, str, str]]:
        text, i = self.text, 0
        out: list[tuple[int, int, str, str, str]] = []
        seen: dict[int, tuple[int, str | None]] = {}
        while True:
            j = text.find("[", i)
            if j < 0:
                return out
            bang = with_bang and j - 1 >= i and text[j - 1] == "!"
            e = self.text_end(j + 1)
            if e >= 0 and e not in seen:
                seen[e] = after(e)
            end, target = seen.get(e, (-1, None)) if e >= 0 else (-1, None)
            if end < 0:
                i = j + 1
                continue
            assert target is not None  # a match has its target ("" for none): None comes only with -1
            out.append((j - 1 if bang else j, end, "!" if bang else "", text[j + 1:e], target))
            i = end

    def _inline_target(self, e: int) -> tuple[int, str | None]:
        """After the "]" at ``e``: ``\\(\\s*<?([^)\\s>]*)>?(?:\\s+"[^"]*")?\\s*\\)``, as the
        regular expression matched it (its backtracking can only give back the spaces after "(")."""
        text = self.text
        if not text.startswith("(", e + 1):
            return -1, None
        k = e + 2
        p = _after_spaces(text, k)
        for skip_lt in ((True, False) if text.startswith("<", p) else (False,)):
            q = p + 1 if skip_lt else p
            t_end = self.target_end(q)  # [^)\s>]*
            end = self._tail(t_end + 1 if text.startswith(">", t_end) else t_end)
            if end >= 0:
                return end, text[q:t_end]
        if p > k:
            end = self._title_close(k)
            if end >= 0:
                return end, ""
        return -1, None

    def _tail(self, p: int) -> int:
        """End of ``(?:\\s+"[^"]*")?\\s*\\)`` at ``p``, or -1 (memoised: many links may share it)."""
        if p not in self.tails:
            end = self._title_close(p)
            if end < 0:
                q = _after_spaces(self.text, p)
                end = q + 1 if self.text.startswith(")", q) else -1
            self.tails[p] = end
        return self.tails[p]

    def _title_close(self, p: int) -> int:
        """End of ``\\s+"[^"]*"\\s*\\)`` at ``p``, or -1."""
        text = self.text
        if not _SPACE.match(text, p):
            return -1
        q = _after_spaces(text, p)
        if not text.startswith('"', q):
            return -1
        close = self.quote(q + 1)
        if close >= len(text):
            return -1
        q = _after_spaces(text, close + 1)
        return q + 1 if text.startswith(")", q) else -1


def replace_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, replacement) span replaced (spans in order, not overlapping)."""
    if not spans:
        return text
    out, last = [], 0
    for start, end, repl in spans:
        out += [text[last:start], repl]
        last = end
    out.append(text[last:])
    return "".join(out)


_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def heading_anchor(text: str) -> tuple[int, int, str] | None:
    """(start, end, id) of ``{... #id ...}`` at the end of ``text`` (spaces after it allowed): the
    first match of ``\\{[^}]*#([A-Za-z0-9_-]+)[^}]*\\}\\s*$``, found in linear time."""
    t = text.rstrip()
    if not t.endswith("}"):
        return None
    e = len(t) - 1
    b = t.find("{", t.rfind("}", 0, e) + 1, e)
    if b < 0:
        return None
    k = t.rfind("#", b + 1, e)
    while k >= 0 and not (k + 1 < e and t[k + 1] in _ID_CHARS):
        k = t.rfind("#", b + 1, k)
    if k < 0:
        return None
    m = k + 1
    while m < e and t[m] in _ID_CHARS:
        m += 1
    return b, len(text), t[k + 1:m]


def strip_tags(text: str, repl: str = " ") -> str:
    """``re.sub(r"<[^>]+>", repl, text)`` in linear time: no match can end after the last ">"."""
    last = text.rfind(">")
    if last < 0:
        return text
    return re.sub(r"<[^>]+>", repl, text[:last + 1]) + text[last + 1:]


def is_external(target: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", target, re.I))


def words(text: str) -> int:
    """Words for translators: CJK characters count one each."""
    cjk = len(re.findall(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]", text))
    latin = len(re.findall(r"[^\W\d_][\w'’-]*", re.sub(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]", " ", text)))
    return cjk + latin
