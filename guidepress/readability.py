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
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from .checks.markdown import Page, parse

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

_INLINE = [
    (re.compile(r"<!--.*?-->"), " "),
    (re.compile(r"<(script|style)\b.*?(?:</\1>|$)", re.I), " "),
    (re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])"), " "),             # images: alt text is not shown
    (re.compile(r"\[\^[^\]]*\]"), " "),                                      # footnote references
    (re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\([^)]*\)"), r"\1"),        # [text](target "title")
    (re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\[[^\]]*\]"), r"\1"),       # [text][ref]
    (re.compile(r"\{:?\s*[#.:][^}]*\}"), " "),                               # attribute lists and anchors
    (re.compile(r"`[^`]*`"), " "),                                           # inline code
    (re.compile(r"<[^>]+>"), " "),                                           # HTML tags and autolinks
    (re.compile(r"\b(?:https?://|www\.)\S+"), " "),                          # bare addresses
    (re.compile(r"(?<!\S):[a-z0-9][a-z0-9_+-]*:(?!\S)"), " "),               # :icon-shortcodes:
    (re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|~~|==|\+\+"), ""),                  # emphasis and marks
]


def clean_inline(line: str) -> str:
    """The words a reader sees on one Markdown line."""
    for pattern, repl in _INLINE:
        line = pattern.sub(repl, line)
    line = re.sub(r"\s+", " ", html.unescape(line))
    return re.sub(r" (?=[.,;:!?)])", "", line)


@dataclass(frozen=True)
class Sentence:
    line: int
    """The line of the file where the sentence starts."""
    text: str
    words: int
    """Words in it (Chinese: characters)."""
    tokens: tuple[str, ...] = field(default=(), repr=False, compare=False)
    """The words themselves (``word_list``)."""


def text_units(page: Page) -> list[list[tuple[int, str]]]:
    """Blocks of visible text, each a list of (line, text): a heading, a list item, a table cell,
    a paragraph, a box or tab title. A block's end is a sentence end."""
    units: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []

    def flush():
        nonlocal current
        if current:
            units.append(current)
        current = []

    in_comment = False
    for n, raw in page.body_lines:
        if in_comment:
            if "-->" not in raw:
                continue
            raw, in_comment = raw.split("-->", 1)[1], False
        if "<!--" in raw and "-->" not in raw.split("<!--", 1)[1]:
            raw, in_comment = raw.split("<!--", 1)[0], True
        if not raw.strip() or _RULE.match(raw) or _REF_DEF.match(raw):
            flush()
            continue
        if _TABLE_ROW.match(raw):
            flush()
            if not _TABLE_RULE.match(raw):
                cells = re.split(r"(?<!\\)\|", raw.strip().strip("|"))
                units.extend([[(n, clean_inline(cell))] for cell in cells])
            continue
        title = next((m.group(1) for rx in (_HEADING, _ADMONITION, _TAB) if (m := rx.match(raw))), False)
        if title is not False:
            flush()
            if title:
                units.append([(n, clean_inline(title))])
            continue
        line = _QUOTE.sub("", raw)
        if _ITEM.match(line):
            flush()
            line = _ITEM.sub("", line, count=1)
        text = clean_inline(line).strip()
        if text:
            current.append((n, text))
        elif not current:
            continue
        else:
            flush()
    flush()
    return units


_ABBREVIATIONS = {
    "e.g", "i.e", "approx", "dr", "mr", "mrs", "ms", "prof", "st", "nr", "vs", "ca", "cf", "z.b", "d.h",
    "bzw", "ggf", "evtl", "u.a", "inkl", "bspw", "vgl", "p.ex", "mme", "mlle", "env", "cca", "sr", "sra",
    "dott", "sig", "tel", "jr", "t.ex", "bl.a", "fx",
}
"""Abbreviations that do not end a sentence even before a capital (titles, "e.g."). Others, such
as "etc.", end one unless the next word starts with a small letter."""
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)|[。！？]+[”’」』）)]*")


def _is_end(text: str, m: re.Match) -> bool:
    mark = m.group(0)
    if "!" in mark or "?" in mark or any(c in mark for c in "。！？"):
        return True
    if not mark.startswith((".", "…")):
        return False
    before = re.search(r"(\S+)$", text[:m.start()])
    token = before.group(1).lower().lstrip("(\"'“‘«[") if before else ""
    if mark.startswith(".") and (token in _ABBREVIATIONS or re.fullmatch(r"[^\W\d_]", token)
                                 or re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]", token)):
        return False
    after = text[m.end():].lstrip()
    return not (after and after[0].islower())


def sentences(page: Page | str, lang: str) -> list[Sentence]:
    """The sentences of a page (a parsed page or Markdown text), in order, with their lines."""
    if isinstance(page, str):
        page = parse(page)
    out = []
    for unit in text_units(page):
        text, starts = "", []
        for line, part in unit:
            starts.append((len(text), line))
            text += part + " "
        begin = 0
        for end in [m.end() for m in _END.finditer(text) if _is_end(text, m)] + [len(text)]:
            chunk = text[begin:end].strip()
            tokens = tuple(word_list(chunk, lang)) if chunk else ()
            count = _characters(chunk, lang) if tokens and _dense(lang) else len(tokens)
            if count:
                first = begin + len(text[begin:end]) - len(text[begin:end].lstrip())
                line = next(line for offset, line in reversed(starts) if offset <= first)
                out.append(Sentence(line, chunk, count, tokens))
            begin = end
    return out


# -- words, letters, syllables --------------------------------------------------------------

def _base(lang: str) -> str:
    return re.split(r"[-_]", lang)[0].lower()


def _dense(lang: str) -> bool:
    """Written without spaces between words: segment with jieba and count characters."""
    return _base(lang) == "zh"


def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")


def word_list(text: str, lang: str) -> list[str]:
    """The words of ``text``: runs between spaces with at least one letter, not starting with a
    digit (so "38°C" and "1.5" are numbers, not words). Chinese is segmented with jieba."""
    if _dense(lang):
        return [w for w in _jieba().lcut(text) if any(ch.isalpha() for ch in w)]
    out = []
    for token in text.split():
        token = _EDGE_PUNCTUATION.sub("", token)
        if token and not token[0].isdigit() and any(ch.isalpha() for ch in token):
            out.append(token)
    return out


def letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


def _characters(text: str, lang: str) -> int:
    """Chinese sentence length: Han characters, plus one for each word in another script."""
    return len(_CJK_CHAR.findall(text)) + len(word_list(_CJK_CHAR.sub(" ", text), "und"))


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


_HYPHEN = re.compile(r"[-'’]")
_FR_SILENT_U = re.compile(r"qu|gu(?=[eéèêi])")
_FR_SILENT_E = re.compile(r"(?<=[^aeiouyéèêàâîïôûù])es?$")
_EN_VOWELS = re.compile(r"[aeiouy]+")
_EN_ES = re.compile(r"[^aeiouy]es$")
_EN_ES_SPOKEN = re.compile(r"(?:[sxzcg]|ch|sh)es$")
_EN_ED = re.compile(r"[^aeiouy]ed$")
_EN_LE = re.compile(r"[^aeiouy]le$")


@lru_cache(maxsize=65536)
def syllables(word: str, lang: str) -> int:
    """Estimated syllables of one word: groups of vowels, with a few rules per language (English
    silent -e, -es, -ed; French silent final -e/-es; Spanish hiatus; Dutch ij and diaeresis).
    At least one for any word; a part without a vowel (the d' of d'eau) adds none."""
    base = _base(lang)
    parts = [p for p in _HYPHEN.split(word.lower()) if p]
    if base == "en":
        return max(sum(_syllables_en(p) for p in parts), 1)
    vowels = VOWELS.get(base, _DEFAULT_VOWELS)
    total = 0
    for w in parts:
        w = "".join(ch for ch in w if ch.isalpha())
        if base == "fr":
            w = _FR_SILENT_U.sub(lambda m: m.group(0)[0], w)     # the u of qu, gue, gui is silent
            w = _FR_SILENT_E.sub("", w)                           # chaque, places: silent final e
        if base == "nl":
            w = w.replace("ij", "i")
        if base == "es" and w.endswith("y"):
            w = w[:-1] + "i"
        count, prev = 0, ""
        for ch in w:
            if ch in vowels:
                if not prev:
                    count += 1
                elif ch in _DIAERESIS.get(base, ""):
                    count += 1
                elif base == "es" and prev in _STRONG_ES and ch in _STRONG_ES:
                    count += 1                                   # hiatus: le-er, dí-a
                prev = ch
            else:
                prev = ""
        total += count
    return max(total, 1)


def _syllables_en(w: str) -> int:
    w = "".join(ch for ch in w if ch.isalpha())
    if not _EN_VOWELS.search(w):
        return 0                                     # the t of don't
    if len(w) <= 3:
        return 1
    if _EN_ES.search(w) and not _EN_ES_SPOKEN.search(w):
        w = w[:-2]                                   # makes, types (but boxes, wishes, places)
    elif _EN_ED.search(w) and not w.endswith(("ted", "ded")):
        w = w[:-2]                                   # jumped, called (but wanted, needed)
    elif w.endswith("e") and not w.endswith(("ee", "ye")) and not _EN_LE.search(w):
        w = w[:-1]                                   # make, whole (but table, people, free)
    if w.startswith("y"):
        w = w[1:]                                    # yes, you: a consonant here
    return max(len(_EN_VOWELS.findall(w)), 1)


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
    words = [w for s in sents for w in s.tokens]
    if _dense(lang):
        chars = sum(s.words for s in sents)
        return {"sentences": len(sents), "words": len(words), "characters": chars}
    sylls = [syllables(w, lang) for w in words]
    return {"sentences": len(sents), "words": len(words), "syllables": sum(sylls),
            "letters": sum(letters(w) for w in words),
            "long_words": sum(letters(w) > LONG_WORD for w in words),
            "monosyllables": sum(n == 1 for n in sylls), "polysyllables": sum(n >= 3 for n in sylls)}


def measure(page: Page | str, lang: str) -> Readability:
    """The readability figure of a page (parsed, or Markdown text) in language ``lang``."""
    sents = sentences(page, lang)
    c = counts(sents, lang)
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
