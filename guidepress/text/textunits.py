"""The text a reader sees on a page, in units (headings, paragraphs, list items, table cells,
box and tab titles), and its sentences: what the readability formulas read.

Front matter, code, HTML tags, link targets, images, attribute lists and the ``!!! type``
markers are left out; a heading, a list item, a table cell or a paragraph ends a sentence even
without a full stop."""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from guidepress.text.markdown import _FENCE, Brackets, NextOf, Page, replace_spans
from guidepress.text.words import _characters, is_dense, _has_word, _spaced_words, word_list
from guidepress.model.yamlfile import YamlError, split_front_matter

_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_NOT_TABLE_RULE = re.compile(r"[^\s:|-]")
_HEADING_START = re.compile(r"\s{0,3}#{1,6}\s+")
_ADMONITION_START = re.compile(r"\s*(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*")
_TAB = re.compile(r'^\s*===\+?\s+"(.*)"\s*$')
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)]|:)\s+")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s")

# A page's lines are cleaned all at once, joined by line breaks: no pattern matches across one
# (negated sets exclude it, "$" is per line). Patterns start with a character, not a lookbehind or
# a repeat, so that a search skips to the next place where that character is: "\b" before h or w,
# "(?<!\S)" before ":" and "(?<!\w)" before "_" are written as a lookbehind after that character.
class _Scan:
    """A pattern whose regular expression retried from every start was quadratic on a long line
    (each failed start scanned to the end of the line), as a scanner with the same matches:
    ``find(text)`` gives (start, end, replacement-or-None) spans, None for the default replacement."""

    def __init__(self, find):
        self.find = find

    def sub(self, repl: str | None, text: str) -> str:
        """``text`` with each span found replaced by its own replacement, else ``repl`` (a scanner
        used without ``repl`` gives every span its own)."""
        spans: list[tuple[int, int, str]] = []
        for a, b, own in self.find(text):
            replacement = repl if own is None else own
            assert replacement is not None
            spans.append((a, b, replacement))
        return replace_spans(text, spans)


def _comments(text: str):
    """``<!--.*?-->`` (no match crosses a line break)."""
    i, end = 0, -2
    while (j := text.find("<!--", i)) >= 0:
        if end != -1 and end < j + 4:  # the next "-->" (cached: none after it is none after j)
            end = text.find("-->", j + 4)
        nl = text.find("\n", j)
        if end < 0 or 0 <= nl < end:  # no "-->" on this line: no later "<!--" of the line matches
            if nl < 0:
                return
            i = nl + 1
            continue
        yield j, end + 3, None
        i, end = end + 3, -2


def _closed(text: str, chars: str):
    """A function: the index of the closing character of ``chars`` (its first) found at or after a
    place before the next line break, or -1."""
    nxt = NextOf(text, chars + "\n")
    return lambda p: (q if (q := nxt(p)) < len(text) and text[q] == chars[0] else -1)


def _images(text: str):
    """``!\\[[^\\]\\n]*\\](?:\\([^)\\n]*\\)|\\[[^\\]\\n]*\\])``."""
    close, paren, i = _closed(text, "]"), _closed(text, ")"), 0
    while (j := text.find("![", i)) >= 0:
        e = close(j + 2)
        end = -1
        if e >= 0 and text.startswith("(", e + 1):
            end = paren(e + 2)
        elif e >= 0 and text.startswith("[", e + 1):
            end = close(e + 2)
        if end >= 0:
            yield j, end + 1, None
            i = end + 1
        else:
            i = j + 1


def _footnotes(text: str):
    """``\\[\\^[^\\]\\n]*\\]``."""
    close, i = _closed(text, "]"), 0
    while (j := text.find("[^", i)) >= 0:
        end = close(j + 2)
        if end >= 0:
            yield j, end + 1, None
            i = end + 1
        else:
            i = j + 1


def _links(opening: str):
    """``\\[((?:[^\\[\\]\\n]|\\[[^\\]\\n]*\\])*)\\]`` then ``(...)`` or ``[...]``, replaced by the text."""
    def find(text: str):
        closing = _closed(text, ")" if opening == "(" else "]")

        def after(t: str, k: int) -> int:
            end = closing(k + 1) if t.startswith(opening, k) else -1
            return end + 1 if end >= 0 else -1
        return [(a, b, t) for a, b, _, t, _ in Brackets(text).spans(after, bang=False)]
    return find


def _attribute_lists(text: str):
    """``\\{:?[^\\S\\n]*[#.:][^}\\n]*\\}``."""
    close, i = _closed(text, "}"), 0
    while (j := text.find("{", i)) >= 0:
        p = j + 2 if text.startswith(":", j + 1) else j + 1
        spaces = _HSPACE.match(text, p)
        assert spaces is not None  # [^\S\n]* matches everywhere, even nothing
        p = spaces.end()
        ok = text.startswith(("#", ".", ":"), p) or text.startswith(":", j + 1)
        end = close(p + 1 if text.startswith(("#", ".", ":"), p) else j + 2) if ok else -1
        if end >= 0:
            yield j, end + 1, None
            i = end + 1
        else:
            i = j + 1


def _tags(text: str):
    """``<[^>\\n]+>``."""
    nxt, n, i = NextOf(text, ">\n"), len(text), 0
    while (j := text.find("<", i)) >= 0:
        r = nxt(j + 1)
        if r >= n:
            return
        if text[r] == ">" and r > j + 1:
            yield j, r + 1, None
            i = r + 1
        else:
            i = r if text[r] == "\n" else j + 1


_HSPACE = re.compile(r"[^\S\n]*")
_WORD_CHAR = re.compile(r"\w")


def _emphasis(m: re.Match) -> str:
    """``\\*\\**|_(?<!\\w_)_*|__*(?!\\w)|~~|==|\\+\\+`` removed, found as ``_+``: a run of "_" was
    removed unless it has a word character on both sides (the old alternatives retried every "_"
    of such a run to its end)."""
    text, a, b = m.string, m.start(), m.end()
    if text[a] == "_" and a > 0 and b < len(text) and _WORD_CHAR.match(text[a - 1]) and _WORD_CHAR.match(text[b]):
        return m.group()
    return ""


_INLINE: list[tuple[_Scan | re.Pattern[str], str | Callable[[re.Match[str]], str] | None, tuple[str, ...]]] = [
    (_Scan(_comments), " ", ("<!--",)),
    (re.compile(r"<(script|style)\b.*?(?:</\1>|$)", re.I | re.M), " ", ("<",)),
    (_Scan(_images), " ", ("![",)),                                                  # images (alt text unseen)
    (_Scan(_footnotes), " ", ("[^",)),                                               # footnote references
    (_Scan(_links("(")), None, ("](",)),                                             # [text](target "title")
    (_Scan(_links("[")), None, ("][",)),                                             # [text][ref]
    (_Scan(_attribute_lists), " ", ("{",)),                                          # attribute lists and anchors
    (re.compile(r"`[^`\n]*`"), " ", ("`",)),                                         # inline code
    (_Scan(_tags), " ", ("<",)),                                                     # HTML tags and autolinks
    (re.compile(r"(?:h(?<!\wh)ttps?://|w(?<!\ww)ww\.)\S+"), " ", ("://", "www.")),    # bare addresses
    (re.compile(r":(?<!\S:)[a-z0-9][a-z0-9_+-]*:(?!\S)"), " ", (":",)),              # :icon-shortcodes:
    (re.compile(r"\*\**|_+|~~|==|\+\+"), _emphasis, ("*", "_", "~~", "==", "++")),      # emphasis, marks
]
"""(pattern, replacement, needles): every match of a pattern contains one of its needles, so a
pattern is skipped when the text, as the patterns before it left it, contains none of them."""
_SPACES = re.compile(r"\s+")
# A run of whitespace in a line other than a single space: the same result as \s+ for each line,
# but single spaces between words are not matched one by one.
_SPACES_IN_LINES = re.compile(r"[^\S\n](?:[^\S\n]+|(?<=[^\S \n]))")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" (?=[.,;:!?)])")


def _title_line(raw: str) -> str | None:
    """The title of a heading, box (``!!! type "title"``) or tab line ("" when it has none), None
    for another line. The heading and box patterns were written as regular expressions whose lazy
    or nested repeats were quadratic on long lines; these give the same titles in linear time."""
    m = _HEADING_START.match(raw)  # ^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$
    if m:
        return raw[m.end():].rstrip().rstrip("#").rstrip()
    m = _ADMONITION_START.match(raw)  # then \s*(?:"(.*)")?\s*$
    if m:
        rest = raw[m.end():].strip()
        if not rest:
            return ""
        if len(rest) >= 2 and rest[0] == '"' and rest[-1] == '"':
            return rest[1:-1]
    m = _TAB.match(raw)
    return m.group(1) if m else None


def clean_inline(line: str) -> str:
    """The words a reader sees on one Markdown line (without a line break)."""
    return _clean_lines([line])[0]


def _clean_lines(lines: list[str]) -> list[str]:
    """``clean_inline`` of each line (none with a line break), all at once."""
    text = "\n".join(lines)
    for pattern, repl, needles in _INLINE:
        for needle in needles:
            if needle in text:
                if isinstance(pattern, _Scan):
                    assert repl is None or isinstance(repl, str)  # a scanner's replacement is text
                    text = pattern.sub(repl, text)
                else:
                    assert repl is not None  # a regular expression always comes with its replacement
                    text = pattern.sub(repl, text)
                break
    if "&" in text:                  # a character reference may stand for a line break: line by line
        out = []
        for line in text.split("\n"):
            line = html.unescape(line)
            if "  " in line or not line.isprintable():
                line = _SPACES.sub(" ", line)
            out.append(_SPACE_BEFORE_PUNCTUATION.sub("", line))
        return out
    # a run of whitespace becomes one space; the space is the only printable whitespace character
    if not text.replace("\n", " ").isprintable():
        text = _SPACES_IN_LINES.sub(" ", text)
    else:
        while "  " in text:
            text = text.replace("  ", " ")
    return _SPACE_BEFORE_PUNCTUATION.sub("", text).split("\n")


@dataclass(frozen=True)
class Sentence:
    line: int
    """The line of the file where the sentence starts."""
    text: str
    words: int
    """Words in it (Chinese: characters)."""
    tokens: tuple[str, ...] = field(default=(), repr=False, compare=False)
    """The words themselves (``word_list``)."""


def _body_lines(text: str) -> list[tuple[int, str]]:
    """``parse(text).body_lines`` (the lines after the front matter, outside fenced code, with
    their numbers in the file) without the rest of what ``parse`` collects for the checks."""
    try:
        _, body, start = split_front_matter(text)
    except YamlError:
        body, start = text, 1
    lines, in_fence = [], False
    for offset, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            lines.append((start + offset, line))
    return lines


_FLUSH, _CELLS, _TITLE, _LINE = range(4)
"""What a line is to ``text_units``: the end of a block, table cells, a title, a line of text."""


def text_units(page: Page | str) -> list[list[tuple[int, str]]]:
    """Blocks of visible text, each a list of (line, text): a heading, a list item, a table cell,
    a paragraph, a box or tab title. A block's end is a sentence end. ``page`` is a parsed page
    or Markdown text."""
    # first what each line is, with the text to clean; then, cleaned all at once, the blocks
    steps: list[tuple] = []          # (_FLUSH,) (_CELLS, line, count) (_TITLE, line) (_LINE, line, item)
    pieces: list[str] = []
    in_comment = False
    for n, raw in (_body_lines(page) if isinstance(page, str) else page.body_lines):
        if in_comment:
            if "-->" not in raw:
                continue
            raw, in_comment = raw.split("-->", 1)[1], False
        if "<!--" in raw and "-->" not in raw.split("<!--", 1)[1]:
            raw, in_comment = raw.split("<!--", 1)[0], True
        stripped = raw.lstrip()
        if not stripped:
            steps.append((_FLUSH,))
            continue
        first = stripped[0]      # each pattern below needs its own first character after spaces
        if first in "-*_" and _RULE.match(raw) or first == "[" and _REF_DEF.match(raw):
            steps.append((_FLUSH,))
            continue
        if first == "|" and _TABLE_ROW.match(raw):
            steps.append((_FLUSH,))
            if not ("-" in raw and not _NOT_TABLE_RULE.search(raw)):  # not a |---|:--| line
                cells = _CELL_SEPARATOR.split(raw.strip().strip("|"))
                pieces += cells
                steps.append((_CELLS, n, len(cells)))
            continue
        title = _title_line(raw) if first in "#!?=" else None
        if title is not None:
            steps.append((_FLUSH,))
            if title:
                pieces.append(title)
                steps.append((_TITLE, n))
            continue
        line = _QUOTE.sub("", raw) if first == ">" else raw
        item = bool(_ITEM.match(line))
        pieces.append(_ITEM.sub("", line, count=1) if item else line)
        steps.append((_LINE, n, item))

    units: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    cleaned = iter(_clean_lines(pieces))
    for step in steps:
        kind = step[0]
        if kind == _LINE:
            if step[2] and current:                       # a list item starts a block
                units.append(current)
                current = []
            text = next(cleaned).strip()
            if text:
                current.append((step[1], text))
            elif current:
                units.append(current)
                current = []
        elif current:                                      # the other steps end the block
            units.append(current)
            current = []
        if kind == _CELLS:
            units.extend([[(step[1], next(cleaned))] for _ in range(step[2])])
        elif kind == _TITLE:
            units.append([(step[1], next(cleaned))])
    if current:
        units.append(current)
    return units


_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")

_ABBREVIATIONS = {
    "e.g", "i.e", "approx", "dr", "mr", "mrs", "ms", "prof", "st", "nr", "vs", "ca", "cf", "z.b", "d.h",
    "bzw", "ggf", "evtl", "u.a", "inkl", "bspw", "vgl", "p.ex", "mme", "mlle", "env", "cca", "sr", "sra",
    "dott", "sig", "tel", "jr", "t.ex", "bl.a", "fx",
}
"""Abbreviations that do not end a sentence even before a capital (titles, "e.g."). Others, such
as "etc.", end one unless the next word starts with a small letter."""
# End punctuation, [.!?…]+["'”’»)\]]*(?=\s|$)|[。！？]+[”’」』）)]*, written to start with one
# set of characters: the search then skips to the next candidate instead of trying both branches
# at every character.
_END = re.compile(r"[.!?…。！？](?:(?<=[.!?…])[.!?…]*[\"'”’»)\]]*(?=\s|$)"
                  r"|(?<=[。！？])[。！？]*[”’」』）)]*)")
_ONE_LETTER = re.compile(r"[^\W\d_]")
_LAST_RUN = re.compile(r"\S+$")
_NOT_SPACE = re.compile(r"\S")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


def _is_end(text: str, m: re.Match, stop: int) -> bool:
    """Whether the mark ``m`` in ``text`` ends a sentence; the mark's text unit ends at ``stop``."""
    mark = m.group(0)
    if mark != ".":                                      # (most marks are a full stop alone)
        if "!" in mark or "?" in mark or "。" in mark or "！" in mark or "？" in mark:
            return True
        if not mark.startswith((".", "…")):
            return False
    end = m.start()
    start = text.rfind(" ", 0, end) + 1
    token = text[start:end]                              # the run of non-space before the mark
    if token.isalpha() and len(token) > 1:   # most marks follow a word of letters: printable, with
        abbreviation = token.lower() in _ABBREVIATIONS  # no quote to strip, not a letter or initials
    else:
        if not token.isprintable():                      # the space is the only printable space
            last = _LAST_RUN.search(text, start, end)
            token = last.group(0) if last else ""
        token = token.lower().lstrip("(\"'“‘«[")
        abbreviation = bool(token in _ABBREVIATIONS or len(token) == 1 and _ONE_LETTER.fullmatch(token)
                            or "." in token and _INITIALS.fullmatch(token))
    if abbreviation and mark.startswith("."):
        return False
    end = m.end()
    if end + 1 < stop and text[end] == " " and not text[end + 1].isspace():
        return not text[end + 1].islower()               # (most marks: a space, then a word)
    after = _NOT_SPACE.search(text, end, stop)
    return not (after and after.group(0).islower())


def _text_and_ends(page: Page | str) -> tuple[str, list[tuple[list[int], list[int], int]], list[int]]:
    """(text, units, ends): the text units in one text, each unit's parts separated by a space
    and followed by one; for each unit, where its parts start in the text, their lines and where
    the unit ends; and where each sentence ends, in order (a unit's end is a sentence end)."""
    parts: list[str] = []
    units = []
    position = 0
    for unit in text_units(page):
        offsets, lines = [], []
        for line, part in unit:
            offsets.append(position)
            lines.append(line)
            position += len(part) + 1
        parts += [part for _, part in unit]
        units.append((offsets, lines, position))
    text = " ".join(parts) + " " if parts else ""
    ends = []
    u, stop = 0, units[0][2] if units else 0
    for m in _END.finditer(text):        # no mark contains a space, so none spans two units
        start = m.start()
        while stop <= start:
            ends.append(stop)
            u += 1
            stop = units[u][2]
        if _is_end(text, m, stop):
            ends.append(m.end())
    ends += [unit[2] for unit in units[u:]]
    return text, units, ends


def _sentence_rows(page: Page | str, lang: str) -> list[tuple[int, str, int, tuple[str, ...]]]:
    """``sentences`` as tuples (line, text, words, tokens)."""
    dense = is_dense(lang)
    out = []
    text, units, ends = _text_and_ends(page)
    begin, u = 0, 0
    for end in ends:
        segment = text[begin:end]
        chunk = segment.strip()
        if chunk:
            tokens = tuple(word_list(chunk, lang) if dense else _spaced_words(chunk))
            count = _characters(chunk, lang) if tokens and dense else len(tokens)
            if count:
                offsets, lines, _ = units[u]
                first = begin + len(segment) - len(segment.lstrip())
                out.append((lines[bisect_right(offsets, first) - 1], chunk, count, tokens))
        if end == units[u][2]:
            u += 1
        begin = end
    return out


def sentences(page: Page | str, lang: str) -> list[Sentence]:
    """The sentences of a page (a parsed page or Markdown text), in order, with their lines."""
    return [Sentence(*row) for row in _sentence_rows(page, lang)]


def _page_words(page: Page | str, lang: str) -> tuple[list[str], int, int]:
    """(the words of all sentences, the number of sentences, the sum of their lengths): what
    ``counts`` needs of ``sentences``, without making them one by one where words are spaced."""
    if is_dense(lang):
        rows = _sentence_rows(page, lang)
        return [w for row in rows for w in row[3]], len(rows), sum(row[2] for row in rows)
    text, _, ends = _text_and_ends(page)
    n_sentences, begin = 0, 0
    for end in ends:
        if _has_word(text[begin:end]):
            n_sentences += 1
        begin = end
    if "。" in text or "！" in text or "？" in text:   # a Chinese full stop may end a sentence inside a word
        words, begin = [], 0
        for end in ends:
            words += _spaced_words(text[begin:end])
            begin = end
    else:                   # every sentence ends before a space: no word is in two of them
        words = _spaced_words(text)
    return words, n_sentences, len(words)
