"""A line-based reading of a Markdown page: what translations must keep from their source.

Fenced code is skipped; every item keeps its line number in the file (front matter included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..yamlfile import YamlError, split_front_matter

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ANCHOR = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s+([\w-]+)")
_TAB = re.compile(r'^\s*===\+?\s+"')
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_SRC = re.compile(r"""\s(src|href)\s*=\s*["']([^"']+)["']""", re.I)


@dataclass(frozen=True)
class Item:
    line: int
    value: object


@dataclass
class Page:
    """What matters in one Markdown page for the checks."""

    text: str
    body_start: int
    headings: list[Item] = field(default_factory=list)
    """(level, anchor or None)"""
    admonitions: list[Item] = field(default_factory=list)
    tabs: list[Item] = field(default_factory=list)
    tables: list[Item] = field(default_factory=list)
    """column count of each table"""
    images: list[Item] = field(default_factory=list)
    """image targets"""
    links: list[Item] = field(default_factory=list)
    """link targets (not images)"""
    prose: list[Item] = field(default_factory=list)
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
        m = _HEADING.match(line)
        if m:
            anchor = _ANCHOR.search(m.group(2))
            page.headings.append(Item(n, (len(m.group(1)), anchor.group(1) if anchor else None)))
        m = _ADMONITION.match(line)
        if m:
            page.admonitions.append(Item(n, m.group(2).lower()))
        if _TAB.match(line):
            page.tabs.append(Item(n, "tab"))
        for bang, _, target in _LINK.findall(line):
            (page.images if bang else page.links).append(Item(n, target))
        for attr, target in _HTML_SRC.findall(line):
            (page.images if attr.lower() == "src" else page.links).append(Item(n, target))
        prose = _LINK.sub(lambda m: m.group(2), line)
        prose = _ANCHOR.sub("", prose)
        prose = re.sub(r"<(script|style)\b.*?(</\1>|$)", " ", prose, flags=re.I)
        prose = re.sub(r"<[^>]+>", " ", prose)
        prose = re.sub(r"`[^`]*`", " ", prose)
        page.prose.append(Item(n, prose))
    return page


def is_external(target: str) -> bool:
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", target, re.I))


def words(text: str) -> int:
    """Words for translators: CJK characters count one each."""
    cjk = len(re.findall(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]", text))
    latin = len(re.findall(r"[^\W\d_][\w'’-]*", re.sub(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]", " ", text)))
    return cjk + latin
