"""Rules that compare a translated Markdown page with its source page, and rules for any page.

One rule, one function; each returns findings (``Finding``) and never raises.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from babel.core import get_global

from guidepress.model.errors import Finding
from guidepress.text.markdown import _HEADING_START, _ID_CHARS, Page, is_external, words

DENSE_SCRIPTS = {"Hans": 0.35, "Hant": 0.35, "Jpan": 0.45, "Kore": 0.6}
"""Expected length of a translation relative to an alphabetic source, by script (CLDR likely script)."""


def _first_line(items, default: int) -> int:
    return items[0].line if items else default


def closest_line(src: Page, tr: Page, src_line: int) -> int:
    """The translation's line that stands where ``src_line`` stands in the source: the line of
    text at the same position among the lines of text (the first body line when there is none),
    so that a finding about something missing still has a line to annotate."""
    src_lines = [i.line for i in src.prose if i.value.strip()]
    tr_lines = [i.line for i in tr.prose if i.value.strip()]
    if not tr_lines:
        return tr.body_start
    k = sum(1 for n in src_lines if n < src_line)
    share = k / len(src_lines) if src_lines else 0.0
    return tr_lines[min(len(tr_lines) - 1, int(share * len(tr_lines)))]


# -- structure ------------------------------------------------------------------------------

def check_structure(src: Page, tr: Page, where: str, source_name: str) -> list[Finding]:
    out = []
    src_levels = [(i.value[0], i.line) for i in src.headings]
    tr_levels = [(i.value[0], i.line) for i in tr.headings]
    for k, (a, b) in enumerate(zip(src_levels, tr_levels, strict=False)):  # up to the shorter list
        if a[0] != b[0]:
            out.append(Finding(where, b[1], "structure",
                               f"heading {k + 1} is level {b[0]} ({'#' * b[0]}) here but level {a[0]} ({'#' * a[0]}) "
                               f"in the {source_name} page (line {a[1]}): use the same level"))
            break
    if len(src_levels) != len(tr_levels):
        line = tr_levels[len(src_levels)][1] if len(tr_levels) > len(src_levels) else _first_line(tr.headings, tr.body_start)
        out.append(Finding(where, line, "structure",
                           f"this page has {len(tr_levels)} headings, the {source_name} page has {len(src_levels)}: "
                           f"translate every heading, and add none"))
    src_anchors = [i for i in src.headings if i.value[1]]
    tr_anchors = {i.value[1] for i in tr.headings if i.value[1]}
    for item in src_anchors:
        if item.value[1] not in tr_anchors:
            k = src.headings.index(item)  # the heading at the same place, or the closest line
            line = tr.headings[k].line if k < len(tr.headings) else closest_line(src, tr, item.line)
            out.append(Finding(where, line, "structure",
                               f"the {source_name} heading on line {item.line} has the anchor {{#{item.value[1]}}}; "
                               f"this page has no heading with it: add {{#{item.value[1]}}} at the end of the matching heading"))
    for item in tr.headings:
        if item.value[1] and item.value[1] not in {i.value[1] for i in src_anchors}:
            out.append(Finding(where, item.line, "structure",
                               f"the anchor {{#{item.value[1]}}} is not in the {source_name} page: keep anchors exactly as they are"))
    if [i.value for i in src.admonitions] != [i.value for i in tr.admonitions]:
        out.append(Finding(where, _first_line(tr.admonitions, tr.body_start), "structure",
                           f"the boxes (admonitions) differ from the {source_name} page: it has "
                           f"{_list([i.value for i in src.admonitions])}, this page has {_list([i.value for i in tr.admonitions])}. "
                           f"Keep each '!!! type' as it is and translate only its title"))
    if len(src.tabs) != len(tr.tabs):
        out.append(Finding(where, _first_line(tr.tabs, tr.body_start), "structure",
                           f"this page has {len(tr.tabs)} content tabs, the {source_name} page has {len(src.tabs)}"))
    src_cols = [i.value for i in src.tables]
    tr_cols = [i.value for i in tr.tables]
    if src_cols != tr_cols:
        out.append(Finding(where, _first_line(tr.tables, tr.body_start), "structure",
                           f"the tables differ from the {source_name} page: it has {_tables(src_cols)}, this page has "
                           f"{_tables(tr_cols)}. Keep the same columns and translate the cells"))
    out += _parity(src.images, tr.images, where, "structure", lambda n: closest_line(src, tr, n),
                   lambda t, _: f"the {source_name} page shows the image '{t}'; this page does not: keep the image "
                                f"and translate its alt text",
                   lambda t: f"the image '{t}' is not in the {source_name} page")
    return out


def _parity(src_items, tr_items, where: str, rule: str, place, missing, extra) -> list[Finding]:
    """Findings for values the source has and the translation lacks (``missing(value, source
    line)``, on the translation's line ``place(source line)``) and for values only the
    translation has (``extra(value)``, its line)."""
    src_count, tr_count = Counter(i.value for i in src_items), Counter(i.value for i in tr_items)
    out = []
    for v in sorted((src_count - tr_count).elements()):
        line = next(i.line for i in src_items if i.value == v)
        out.append(Finding(where, place(line), rule, missing(v, line)))
    out += [Finding(where, next(i.line for i in tr_items if i.value == v), rule, extra(v))
            for v in sorted((tr_count - src_count).elements())]
    return out


def _list(values: list) -> str:
    return ", ".join(values) if values else "none"


def _tables(cols: list[int]) -> str:
    if not cols:
        return "no table"
    return ", ".join(f"a table of {n} columns" for n in cols)


# -- links ----------------------------------------------------------------------------------

def check_link_parity(src: Page, tr: Page, where: str, source_name: str) -> list[Finding]:
    return _parity([i for i in src.links if not is_external(i.value)], [i for i in tr.links if not is_external(i.value)],
                   where, "links", lambda n: closest_line(src, tr, n),
                   lambda t, line: f'the {source_name} page links to "{t}" (its line {line}); this page has no link to it',
                   lambda t: f'this page links to "{t}"; the {source_name} page does not')


def _without_trailing_braces(text: str) -> str:
    """``re.sub(r"\\{[^}]*\\}\\s*$", "", text)`` in linear time (the regex retried every "{")."""
    t = text.rstrip()
    if not t.endswith("}"):
        return text
    b = t.find("{", t.rfind("}", 0, len(t) - 1) + 1, len(t) - 1)
    return text[:b] if b >= 0 else text


def _first_anchor(text: str) -> str | None:
    """The id of the first ``re.search(r"\\{[^}]*#([A-Za-z0-9_-]+)", text)``, in linear time."""
    i = 0
    while (b := text.find("{", i)) >= 0:
        end = text.find("}", b + 1)
        end = len(text) if end < 0 else end
        k = text.rfind("#", b + 1, end)
        while k >= 0 and not (k + 1 < end and text[k + 1] in _ID_CHARS):
            k = text.rfind("#", b + 1, k)
        if k >= 0:
            m = k + 1
            while m < end and text[m] in _ID_CHARS:
                m += 1
            return text[k + 1:m]
        i = end  # any other "{" before this "}" sees the same text, without a usable "#"
    return None


def _slug(text: str) -> str:
    text = _without_trailing_braces(text)
    text = unicodedata.normalize("NFKD", text)
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[\s-]+", "-", text)


def anchors_of(path: Path) -> set[str]:
    """The anchors of a Markdown page (none when it cannot be read: its own check says why)."""
    from guidepress.model.safefiles import PAGE_RULE, try_read_text
    from guidepress.text.markdown import parse

    text, _ = try_read_text(path, str(path), PAGE_RULE)
    if text is None:
        return set()
    page = parse(text)
    out = set()
    for _, line in page.body_lines:
        m = _HEADING_START.match(line)
        if m:
            title = line[m.end():].rstrip()  # ^#{1,6}\s+(.*?)\s*$, without its quadratic lazy repeat
            anchor = _first_anchor(title)
            out.add(anchor if anchor else _slug(title))
    return out


def check_links_resolve(page: Page, where: str, path: Path, fallback_dir: Path | None) -> list[Finding]:
    """Every relative link and image must point to a file that exists (in this language, or
    in the source language, which the site shows instead), and to an anchor that exists."""
    out = []
    for kind, items in (("link", page.links), ("image", page.images)):
        for item in items:
            target = item.value
            if not target or is_external(target) or target.startswith("#") and kind == "image":
                continue
            file_part, _, anchor = target.partition("#")
            candidates = [path] if not file_part else [(path.parent / file_part)]
            if file_part and fallback_dir is not None:
                candidates.append(fallback_dir / file_part)
            found = next((c for c in candidates if c.exists()), None)
            if found is None:
                out.append(Finding(where, item.line, "links",
                                   f"the {kind} '{target}' points to a file that does not exist: check the name and the folder"))
                continue
            if anchor and found.suffix == ".md" and anchor not in anchors_of(found):
                out.append(Finding(where, item.line, "links",
                                   f"the {kind} '{target}' points to the anchor #{anchor}, which {found.name} does not have"))
    return out


# -- numbers --------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f.,'’/-]\d+)*")


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)


def normalise_number(token: str) -> str:
    """Digits only, except a decimal separator (one '.' or ',' followed by 1-2 digits)."""
    m = re.fullmatch(r"(\d+)[.,](\d{1,2})", token)
    if m:
        return f"{m.group(1)}.{m.group(2)}"
    return re.sub(r"\D", "", token)


def numbers(page: Page) -> list[tuple[str, int]]:
    out = []
    for item in page.prose:
        line = re.sub(r"^\s*(?:\d+[.)]|[-*+])\s+", "", item.value)  # list markers are not numbers
        line = re.sub(r"^\s*#{1,6}\s+", "", line)
        for token in _NUMBER.findall(_ascii_digits(line)):
            out.append((normalise_number(token), item.line))
        for unit in re.findall(r"\d\s*(°C|°F|%)", _ascii_digits(line)):
            out.append((unit, item.line))
    return out


def check_numbers(src: Page, tr: Page, where: str, source_name: str) -> list[Finding]:
    src_nums, tr_nums = numbers(src), numbers(tr)
    missing = Counter(n for n, _ in src_nums) - Counter(n for n, _ in tr_nums)
    extra = Counter(n for n, _ in tr_nums) - Counter(n for n, _ in src_nums)
    out = []
    for value in sorted(missing.elements()):
        line = next(line for n, line in src_nums if n == value)
        out.append(Finding(where, closest_line(src, tr, line), "numbers",
                           f"'{value}' is on line {line} of the {source_name} page but not on this page: numbers, "
                           f"units and phone numbers must stay exactly the same"))
    for value in sorted(extra.elements()):
        line = next(line for n, line in tr_nums if n == value)
        out.append(Finding(where, line, "numbers",
                           f"'{value}' is not in the {source_name} page: check that no number, unit or phone number changed"))
    return out


# -- unsafe content -------------------------------------------------------------------------

def check_unsafe(text: str, where: str, markdown: tuple[list, dict]) -> list[Finding]:
    """Unsafe HTML, outside resources and unsafe CSS in a page: the page is rendered with the
    site's Markdown extensions (``markdown`` = extensions, their configs) and judged by
    :mod:`guidepress.safety`, exactly as the build judges it."""
    from guidepress.safety import markdown_findings

    return markdown_findings(text, where, *markdown)


# -- length ---------------------------------------------------------------------------------

def expected_ratio(lang: str) -> float:
    likely = get_global("likely_subtags").get(lang.split("_")[0], "")
    parts = likely.split("_")
    return DENSE_SCRIPTS.get(parts[1], 1.0) if len(parts) > 2 else 1.0


def check_length(src: Page, tr: Page, where: str, lang: str, source_name: str) -> list[Finding]:
    def size(p: Page) -> int:
        return sum(len(i.value.strip()) for i in p.prose)

    s, t = size(src), size(tr)
    if s < 200:
        return []
    ratio = t / s / expected_ratio(lang)
    if ratio < 0.5 or ratio > 2.0:
        return [Finding(where, closest_line(src, tr, 0), "length",
                        f"this page is {t / s:.0%} as long as the {source_name} page, far from what is usual for this "
                        f"language: check that nothing is missing or added", severity="warning")]
    return []


__all__ = ["check_structure", "check_link_parity", "check_links_resolve", "check_numbers", "check_unsafe",
           "check_length", "words"]
