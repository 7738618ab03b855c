"""Readability figures for editors: one number per page, with the language's own formula where
one exists, otherwise plain sentence length and the share of long words.

Every figure here is an estimate. Syllables are counted by vowel groups with a few rules per
language, not with a pronunciation dictionary; sentences are split at end punctuation with a
small list of abbreviations. The numbers are good for comparing pages and spotting the hard ones,
not for grading a text to a decimal. Thresholds for the plain-words bands come from the source
named next to each formula.

What is measured is what a reader sees: headings, paragraphs, list items, table cells, box
(admonition) and tab titles, link texts. Front matter, code, HTML tags, link targets, images,
attribute lists (``{#anchor .class}``) and the ``!!! type`` markers are left out. A heading, a
list item, a table cell or a paragraph ends a sentence even without a full stop.
"""

from __future__ import annotations

import html
import math
import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import repeat
from operator import add

from .checks.markdown import _FENCE, Page
from .yamlfile import YamlError, split_front_matter

MIN_SENTENCES = 3
MIN_WORDS = 30
"""Below either, a page is "too short to measure": a formula on two headings is noise."""

LONG_WORD = 6
"""A long word has more than this many letters (LIX, Wiener Sachtextformel, the fallback share)."""

ENGLISH_TARGET_GRADE = 9.0
"""``guidepress check`` warns when an English page reads above this Flesch-Kincaid grade."""

TOO_SHORT = "too short to measure"

# -- text units -----------------------------------------------------------------------------

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]*-[\s:|-]*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*\s*(?:"(.*)")?\s*$')
_TAB = re.compile(r'^\s*===\+?\s+"(.*)"\s*$')
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)]|:)\s+")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s")

# A page's lines are cleaned all at once, joined by line breaks: no pattern matches across one
# (negated sets exclude it, "$" is per line). Patterns start with a character, not a lookbehind or
# a repeat, so that a search skips to the next place where that character is: "\b" before h or w,
# "(?<!\S)" before ":" and "(?<!\w)" before "_" are written as a lookbehind after that character.
_INLINE = [
    (re.compile(r"<!--.*?-->"), " ", ("<!--",)),
    (re.compile(r"<(script|style)\b.*?(?:</\1>|$)", re.I | re.M), " ", ("<",)),
    (re.compile(r"!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])"), " ", ("![",)),       # images (alt text unseen)
    (re.compile(r"\[\^[^\]\n]*\]"), " ", ("[^",)),                                   # footnote references
    (re.compile(r"\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]\([^)\n]*\)"), r"\1", ("](",)),   # [text](target "title")
    (re.compile(r"\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]\[[^\]\n]*\]"), r"\1", ("][",)),  # [text][ref]
    (re.compile(r"\{:?[^\S\n]*[#.:][^}\n]*\}"), " ", ("{",)),                        # attribute lists and anchors
    (re.compile(r"`[^`\n]*`"), " ", ("`",)),                                         # inline code
    (re.compile(r"<[^>\n]+>"), " ", ("<",)),                                         # HTML tags and autolinks
    (re.compile(r"(?:h(?<!\wh)ttps?://|w(?<!\ww)ww\.)\S+"), " ", ("://", "www.")),    # bare addresses
    (re.compile(r":(?<!\S:)[a-z0-9][a-z0-9_+-]*:(?!\S)"), " ", (":",)),              # :icon-shortcodes:
    (re.compile(r"\*\**|_(?<!\w_)_*|__*(?!\w)|~~|==|\+\+"), "", ("*", "_", "~~", "==", "++")),  # emphasis, marks
]
"""(pattern, replacement, needles): every match of a pattern contains one of its needles, so a
pattern is skipped when the text, as the patterns before it left it, contains none of them."""
_SPACES = re.compile(r"\s+")
# A run of whitespace in a line other than a single space: the same result as \s+ for each line,
# but single spaces between words are not matched one by one.
_SPACES_IN_LINES = re.compile(r"[^\S\n](?:[^\S\n]+|(?<=[^\S \n]))")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" (?=[.,;:!?)])")


def clean_inline(line: str) -> str:
    """The words a reader sees on one Markdown line (without a line break)."""
    return _clean_lines([line])[0]


def _clean_lines(lines: list[str]) -> list[str]:
    """``clean_inline`` of each line (none with a line break), all at once."""
    text = "\n".join(lines)
    for pattern, repl, needles in _INLINE:
        for needle in needles:
            if needle in text:
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
            if not _TABLE_RULE.match(raw):
                cells = _CELL_SEPARATOR.split(raw.strip().strip("|"))
                pieces += cells
                steps.append((_CELLS, n, len(cells)))
            continue
        m = first in "#!?=" and (_HEADING.match(raw) or _ADMONITION.match(raw) or _TAB.match(raw))
        if m:
            steps.append((_FLUSH,))
            title = m.group(1)
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
    if not token.isprintable():                          # the space is the only printable space
        token = _LAST_RUN.search(text, start, end)
        token = token.group(0) if token else ""
    token = token.lower().lstrip("(\"'“‘«[")
    if mark.startswith(".") and (token in _ABBREVIATIONS or len(token) == 1 and _ONE_LETTER.fullmatch(token)
                                 or "." in token and _INITIALS.fullmatch(token)):
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
    dense = _dense(lang)
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
    if _dense(lang):
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


# -- words, letters, syllables --------------------------------------------------------------

@lru_cache(maxsize=None)
def _base(lang: str) -> str:
    return re.split(r"[-_]", lang)[0].lower()


def _dense(lang: str) -> bool:
    """Written without spaces between words: segment with jieba and count characters."""
    return _base(lang) == "zh"


@lru_cache(maxsize=None)
def _jieba():
    """jieba, imported on the first Chinese text (its dictionary loads on the first cut)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")


def _word(token: str) -> str:
    """``token`` without punctuation at its ends if it is a word, else ""."""
    end = token[-1]
    if token[:-1].isalpha() and not (end.isalnum() or end == "_"):    # "word," "word.": letters and
        return token[:-1]                                               # one \W (not alphanumeric, not _)
    token = _EDGE_PUNCTUATION.sub("", token)
    return token if token and not token[0].isdigit() and any(map(str.isalpha, token)) else ""


def word_list(text: str, lang: str) -> list[str]:
    """The words of ``text``: runs between spaces with at least one letter, not starting with a
    digit (so "38°C" and "1.5" are numbers, not words). Chinese is segmented with jieba."""
    if _dense(lang):
        return [w for w in _jieba().lcut(text) if any(map(str.isalpha, w))]
    return _spaced_words(text)


def _has_word(text: str) -> bool:
    """Whether ``_spaced_words(text)`` has any word."""
    first = text.split(None, 1)
    if first and first[0].isalpha():          # most sentences start with a word
        return True
    for token in text.split():
        if token.isalpha() or _word(token):
            return True
    return False


def _spaced_words(text: str) -> list[str]:
    """``word_list`` of a language with spaces between words."""
    # a run of letters only is a word as it is (no letter is a digit); others go through _word
    return [w for token in text.split() if (w := token if token.isalpha() else _word(token))]


def letters(word: str) -> int:
    return len(word) if word.isalpha() else sum(map(str.isalpha, word))


def _characters(text: str, lang: str) -> int:
    """Chinese sentence length: Han characters, plus one for each word in another script."""
    rest, han = _CJK_CHAR.subn(" ", text)
    return han + len(_spaced_words(rest))


_LATIN_VOWELS = "aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœăąęěīōūůőűǎǐǒǔ"
VOWELS = {
    "en": "aeiouy",
    "de": "aeiouyäöü",
    "fr": "aeiouyàâäéèêëîïôöùûüÿœæ",
    "es": "aeiouáéíóúü",
    "it": "aeiouàèéìíîòóù",
    "pt": "aeiouáàâãéêíóôõú",
    "nl": "aeiouyáéèëíïóöúü",
    "pl": "aeiouyąęó",
    "ro": "aeiouăâî",
    "cs": "aeiouyáéěíóúůý",
    "hu": "aeiouáéíóöőúüű",
    "hr": "aeiou",
    "sv": "aeiouyåäö",
    "da": "aeiouyæøå",
    "fi": "aeiouyäö",
    "el": "αεηιουωάέήίόύώϊϋΐΰ",
    "bg": "аеиоуъюяѝ",
}
"""Letters that make a syllable's nucleus, per language; others use every Latin, Greek and
Cyrillic vowel."""
_DEFAULT_VOWELS = _LATIN_VOWELS + VOWELS["el"] + VOWELS["bg"] + "эыёє"
_DIAERESIS = {"nl": "ëïüöä", "fr": "ëïü"}
"""Vowels that start a new syllable after another vowel (naïf, geïnteresseerd)."""
_STRONG_ES = set("aeoáéóíú")


@lru_cache(maxsize=None)
def _vowel_patterns(base: str) -> tuple[re.Pattern, re.Pattern | None]:
    """(a group of vowels, a vowel that adds a syllable right after another vowel) for ``base``:
    a diaeresis vowel (Dutch, French) or, in Spanish, a strong vowel after a strong vowel (hiatus)."""
    vowels = VOWELS.get(base, _DEFAULT_VOWELS)
    group = re.compile(f"[{re.escape(vowels)}]+")
    if base == "es":
        strong = re.escape("".join(sorted(_STRONG_ES & set(vowels))))
        return group, re.compile(f"(?<=[{strong}])[{strong}]")
    diaeresis = "".join(ch for ch in _DIAERESIS.get(base, "") if ch in vowels)
    if not diaeresis:
        return group, None
    return group, re.compile(f"(?<=[{re.escape(vowels)}])[{re.escape(diaeresis)}]")


# The rules work on many words at once, one per line (small letters only): no pattern matches a
# line break, "$" is the end of each word and "^" its start. Each pattern starts with a letter
# rather than a lookbehind, so that a search skips to the places where that letter is.
_HYPHEN = re.compile(r"[-'’]")
_FR_SILENT_U = re.compile(r"u(?:(?<=qu)|(?<=gu)(?=[eéèêi]))")                      # quand, guerre
_FR_SILENT_E = re.compile(r"e(?<=[^aeiouyéèêàâîïôûù\n]e)s?$", re.M)                 # chaque, places
_ES_FINAL_Y = re.compile(r"y$", re.M)                                               # muy: a vowel
_EN_VOWELS = re.compile(r"[aeiouy]+")
_EN_SILENT_END = re.compile(
    r"e(?:(?<=[^aeiouy\n]e)(?<![sxzcg]e)(?<!che)(?<!she)s"   # makes, types (but boxes, wishes, places)
    r"|(?<=[^aeiouy\n]e)(?<![td]e)d"                          # jumped, called (but wanted, needed)
    r"|(?<!ee)(?<!ye)(?<![^aeiouy\n]le))$", re.M)             # make, whole (but table, people, free)
_EN_FIRST_Y = re.compile(r"^y", re.M)                                               # yes, you: a consonant


@lru_cache(maxsize=65536)
def syllables(word: str, lang: str) -> int:
    """Estimated syllables of one word: groups of vowels, with a few rules per language (English
    silent -e, -es, -ed; French silent final -e/-es; Spanish hiatus; Dutch ij and diaeresis).
    At least one for any word; a part without a vowel (the d' of d'eau) adds none."""
    return _count_syllables([word], _base(lang))[0]


_KNOWN_SYLLABLES: dict[str, dict[str, int]] = {}
"""Language -> word -> ``syllables``, kept for the next pages: most words come back."""
_KNOWN_LIMIT = 1 << 17
"""Above this many words in all languages, the words known start again (it only saves time)."""


def _syllable_counts(words: list[str], lang: str) -> list[int]:
    """``syllables`` of each word, the same numbers, each new word counted once."""
    base = _base(lang)
    known = _KNOWN_SYLLABLES.setdefault(base, {})
    new = [w for w in dict.fromkeys(words) if w not in known]
    if new:
        if sum(map(len, _KNOWN_SYLLABLES.values())) + len(new) > _KNOWN_LIMIT:
            for table in _KNOWN_SYLLABLES.values():
                table.clear()
            new = list(dict.fromkeys(words))
        known.update(zip(new, _count_syllables(new, base)))
    return list(map(known.__getitem__, words))


def _count_syllables(words: list[str], base: str) -> list[int]:
    """``syllables`` of each word in language ``base``, all at once."""
    # small letters for all words at once: a line break is neither cased nor case-ignorable, so
    # each word gets the same letters as alone (the final-sigma rule stops at it)
    text = "\n".join(words).lower()
    if text.replace("\n", "").isalpha() and text.count("\n") == len(words) - 1:
        return [n or 1 for n in _part_syllables(text, base)]     # one part each, letters only
    parts, owners = [], []                       # the parts between hyphens and apostrophes,
    for i, w in enumerate(map(str.lower, words)):  # each with its letters only
        for part in [w] if w.isalpha() else [p for p in _HYPHEN.split(w) if p]:
            parts.append(part if part.isalpha() else "".join(filter(str.isalpha, part)))
            owners.append(i)
    totals = [0] * len(words)
    if parts:
        for i, n in zip(owners, _part_syllables("\n".join(parts), base)):
            totals[i] += n
    return [n or 1 for n in totals]


def _part_syllables(text: str, base: str) -> list[int]:
    """Syllables of each part of a word, one part per line of ``text`` (small letters only; a
    part without a vowel has none)."""
    if base == "en":
        counts = _count_in_lines(_EN_VOWELS, _EN_FIRST_Y.sub("", _EN_SILENT_END.sub("", text)))
        # no vowel: none; up to three letters: one; else the vowel groups left, at least one
        return [(1 if len(p) <= 3 else n) if n else (1 if _EN_VOWELS.search(p) else 0)
                for p, n in zip(text.split("\n"), counts)]
    if base == "fr":
        text = _FR_SILENT_E.sub("", _FR_SILENT_U.sub("", text))
    elif base == "nl":
        text = text.replace("ij", "i")
    elif base == "es":
        text = _ES_FINAL_Y.sub("i", text)
    group, extra = _vowel_patterns(base)
    counts = _count_in_lines(group, text)                          # one per group of vowels
    if extra is None:
        return counts
    return list(map(add, counts, _count_in_lines(extra, text)))   # naïf, geïnteresseerd; le-er, dí-a


def _count_in_lines(pattern: re.Pattern, text: str) -> list[int]:
    """How many times ``pattern`` matches in each line of ``text`` (letters only)."""
    return list(map(str.count, pattern.sub("\x01", text).split("\n"), repeat("\x01")))


# -- figures --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Readability:
    """One page's readability figure."""

    lang: str
    formula: str
    """The formula's name, or "sentence length" where the language has none here."""
    value: float | None
    """Rounded to one decimal; None when the page is too short to measure."""
    scale: str
    """What the number means, e.g. "US school grade, lower is easier"."""
    band: str | None
    """Plain words for editors (e.g. "easy", "standard", "difficult"); None when too short or
    when the language has no formula (there is no agreed scale for sentence length alone)."""
    sentences: int
    words: int
    mean_sentence_length: float
    """Words per sentence (Chinese: characters per sentence), one decimal."""
    long_word_share: float | None
    """Percent of words longer than six letters, one decimal; None for Chinese."""
    too_short: bool = False

    @property
    def short(self) -> str:
        """The figure in a few words, for tables: "grade 6.2", "ease 71.3", "LIX 38.0"."""
        if self.too_short:
            return TOO_SHORT
        if self.formula == "sentence length":
            unit = "characters" if self.long_word_share is None else "words"
            extra = "" if self.long_word_share is None else f", {self.long_word_share:.0f}% long words"
            return f"{self.value:.1f} {unit}/sentence{extra}"
        return f"{_PREFIX[self.formula]} {self.value:.1f}"

    def as_dict(self) -> dict:
        return asdict(self) | {"summary": self.short}


_PREFIX = {"Flesch-Kincaid grade": "grade", "Wiener Sachtextformel": "grade", "Kandel-Moles": "ease",
           "Fernández-Huerta": "ease", "Flesch-Douma": "ease", "Gulpease": "Gulpease", "LIX": "LIX"}


def _band(value: float, bands: tuple[tuple[float, str], ...], higher_is_easier: bool) -> str:
    """The first band whose limit the value is below (for ease scores: at or above). Each table
    ends with an open limit, so every value has a band."""
    return next(name for limit, name in bands if (value >= limit if higher_is_easier else value < limit))


# Flesch's reading-ease table (Flesch 1948; as printed with Flesch-Kincaid, e.g. the koRpus and
# Wikipedia tables): 90-100 very easy (5th grade), 80-90 easy (6th), 70-80 fairly easy (7th),
# 60-70 standard (8th-9th), 50-60 fairly difficult (10th-12th), 30-50 difficult (college),
# 0-30 very difficult (graduate). The grade bands below are the same table read by grade.
_FLESCH_EASE = ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "standard"),
                (50, "fairly difficult"), (30, "difficult"), (-math.inf, "very difficult"))
_FLESCH_GRADE = ((6, "very easy"), (7, "easy"), (8, "fairly easy"), (10, "standard"),
                 (13, "fairly difficult"), (17, "difficult"), (math.inf, "very difficult"))
# Wiener Sachtextformel, Bamberger & Vanecek (1984): a school grade from 4 (very easy) to 15
# (very difficult); bands as commonly printed with it: 4-5 very easy, 6-7 easy, 8-10 standard,
# 11-12 difficult, 13-15 very difficult.
_WSTF_GRADE = ((6, "very easy"), (8, "easy"), (11, "standard"), (13, "difficult"), (math.inf, "very difficult"))
# Flesch-Douma (Douma 1960, norm table as quoted in Taal en Tongval / dbnl): 90-100 very easy,
# 80-90 easy, 70-80 fairly easy, 60-70 standard, 45-60 fairly difficult, 30-45 difficult, 0-30 very difficult.
_DOUMA_EASE = ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "standard"),
               (45, "fairly difficult"), (30, "difficult"), (-math.inf, "very difficult"))
# Gulpease (Lucisano & Piemontese 1988): below 80 is hard for readers with primary schooling,
# below 60 for readers with lower-secondary schooling, below 40 for readers with upper-secondary.
_GULPEASE = ((80, "easy"), (60, "standard"), (40, "difficult"), (-math.inf, "very difficult"))
# LIX (Björnsson 1968; the Swedish table as printed by lix.se): under 30 very easy (children's
# books), 30-40 easy (fiction, popular magazines), 40-50 standard (newspapers), 50-60 difficult
# (official texts), 60 and over very difficult.
_LIX = ((30, "very easy"), (40, "easy"), (50, "standard"), (60, "difficult"), (math.inf, "very difficult"))


def _flesch_kincaid(c: dict) -> float:
    # Kincaid et al. (1975), Flesch-Kincaid grade level: 0.39 ASL + 11.8 ASW - 15.59
    # (the same constants as koRpus' flesch.kincaid and the flesch-kincaid package).
    return 0.39 * c["words"] / c["sentences"] + 11.8 * c["syllables"] / c["words"] - 15.59


def _wiener(c: dict) -> float:
    # Erste Wiener Sachtextformel, Bamberger & Vanecek (1984), de.wikipedia "Lesbarkeitsindex":
    # 0.1935 MS + 0.1672 SL + 0.1297 IW - 0.0327 ES - 0.875, with MS % words of 3+ syllables,
    # SL mean sentence length, IW % words longer than 6 letters, ES % one-syllable words.
    w = c["words"]
    return (0.1935 * 100 * c["polysyllables"] / w + 0.1672 * w / c["sentences"]
            + 0.1297 * 100 * c["long_words"] / w - 0.0327 * 100 * c["monosyllables"] / w - 0.875)


def _kandel_moles(c: dict) -> float:
    # Kandel & Moles (1958), French adaptation of Flesch's reading ease:
    # 207 - 1.015 (words/sentences) - 73.6 (syllables/words) (as in koRpus' "fr" preset and the
    # formulas collected in YoastSEO.js issue 267).
    return 207 - 1.015 * c["words"] / c["sentences"] - 73.6 * c["syllables"] / c["words"]


def _fernandez_huerta(c: dict) -> float:
    # Fernández Huerta (1959): L = 206.84 - 0.60 P - 1.02 F, P syllables per 100 words. F is the
    # mean number of WORDS PER SENTENCE: the formula is often printed with F as sentences per 100
    # words, which makes shorter sentences score harder; Gwillim Law (2011) traced that error and
    # legible.es ("Lecturabilidad de Fernández Huerta") prints the corrected form used here.
    return 206.84 - 0.60 * 100 * c["syllables"] / c["words"] - 1.02 * c["words"] / c["sentences"]


def _gulpease(c: dict) -> float:
    # Gulpease index, Lucisano & Piemontese (1988), it.wikipedia "Indice Gulpease" (as in textstat):
    # 89 + (300 * sentences - 10 * letters) / words.
    return 89 + (300 * c["sentences"] - 10 * c["letters"]) / c["words"]


def _douma(c: dict) -> float:
    # Flesch-Douma (Douma 1960): 206.84 - 0.77 (syllables per 100 words) - 0.93 (words/sentences),
    # i.e. 206.835 - 0.93 ASL - 77 ASW (koRpus' "nl" preset; dbnl, Taal en Tongval 1977).
    return 206.835 - 0.93 * c["words"] / c["sentences"] - 77 * c["syllables"] / c["words"]


def _lix(c: dict) -> float:
    # LIX, Björnsson (1968): words/sentences + 100 * (words longer than 6 letters)/words.
    return c["words"] / c["sentences"] + 100 * c["long_words"] / c["words"]


FORMULAS = {
    "en": ("Flesch-Kincaid grade", _flesch_kincaid, "US school grade, lower is easier", _FLESCH_GRADE, False),
    "de": ("Wiener Sachtextformel", _wiener, "school grade (4-15), lower is easier", _WSTF_GRADE, False),
    "fr": ("Kandel-Moles", _kandel_moles, "ease 0-100, higher is easier", _FLESCH_EASE, True),
    "es": ("Fernández-Huerta", _fernandez_huerta, "ease 0-100, higher is easier", _FLESCH_EASE, True),
    "it": ("Gulpease", _gulpease, "Gulpease 0-100, higher is easier", _GULPEASE, True),
    "nl": ("Flesch-Douma", _douma, "ease 0-100, higher is easier", _DOUMA_EASE, True),
    "sv": ("LIX", _lix, "LIX, lower is easier", _LIX, False),
    "da": ("LIX", _lix, "LIX, lower is easier", _LIX, False),
}
"""Language -> (name, function of the counts, scale, bands, higher is easier). Any other language
gets sentence length and the share of long words: no formula is invented for it."""


def formula_name(lang: str) -> str:
    """The name of the formula used for ``lang``, or "sentence length"."""
    return FORMULAS[_base(lang)][0] if _base(lang) in FORMULAS else "sentence length"


def counts(sents: list[Sentence], lang: str) -> dict:
    """Sentences, words, syllables, letters, long, one-syllable and 3+-syllable words."""
    return _counts([w for s in sents for w in s.tokens], len(sents), sum(s.words for s in sents), lang)


def _counts(words: list[str], n_sentences: int, length: int, lang: str) -> dict:
    """``counts`` from the words of the sentences, their number and the sum of their lengths
    (words; Chinese: characters)."""
    if _dense(lang):
        return {"sentences": n_sentences, "words": len(words), "characters": length}
    sylls = _syllable_counts(words, lang)
    lens = list(map(len, words)) if "".join(words).isalpha() else list(map(letters, words))
    return {"sentences": n_sentences, "words": len(words), "syllables": sum(sylls), "letters": sum(lens),
            "long_words": len([n for n in lens if n > LONG_WORD]),
            "monosyllables": sylls.count(1), "polysyllables": len([n for n in sylls if n >= 3])}


def measure(page: Page | str, lang: str) -> Readability:
    """The readability figure of a page (parsed, or Markdown text) in language ``lang``."""
    c = _counts(*_page_words(page, lang), lang)
    dense = _dense(lang)
    n_sent, n_words = c["sentences"], c["words"]
    per_sentence = round((c["characters"] if dense else n_words) / n_sent, 1) if n_sent else 0.0
    long_share = None if dense else (round(100 * c["long_words"] / n_words, 1) if n_words else 0.0)
    name, func, scale, bands, easier_up = FORMULAS.get(
        _base(lang), ("sentence length", None,
                      "characters per sentence" if dense else "words per sentence; share of words over 6 letters",
                      None, False))
    common = dict(lang=lang, formula=name, scale=scale, sentences=n_sent, words=n_words,
                  mean_sentence_length=per_sentence, long_word_share=long_share)
    if n_sent < MIN_SENTENCES or n_words < MIN_WORDS:
        return Readability(value=None, band=None, too_short=True, **common)
    if func is None:
        return Readability(value=per_sentence, band=None, **common)
    value = round(func(c), 1)
    return Readability(value=value, band=_band(value, bands, easier_up), **common)


def longest_sentences(page: Page | str, lang: str, n: int = 3) -> list[Sentence]:
    """The ``n`` longest sentences, longest first (earlier first on a tie)."""
    return sorted(sentences(page, lang), key=lambda s: (-s.words, s.line))[:n]
