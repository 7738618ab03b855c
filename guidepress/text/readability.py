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

import math
from dataclasses import asdict, dataclass

from guidepress.text.markdown import Page
# the text units and sentences (textunits.py), and the words and syllables (words.py), that the
# formulas count; sentences, syllables and word_list are also used from here
from guidepress.text.textunits import Sentence, _page_words, sentences, text_units  # noqa: F401
from guidepress.text.words import _base, is_dense, _syllable_counts, letters, syllables, word_list  # noqa: F401

MIN_SENTENCES = 3
MIN_WORDS = 30
"""Below either, a page is "too short to measure": a formula on two headings is noise."""

LONG_WORD = 6
"""A long word has more than this many letters (LIX, Wiener Sachtextformel, the fallback share)."""

ENGLISH_TARGET_GRADE = 9.0
"""``guidepress check`` warns when an English page reads above this Flesch-Kincaid grade."""

TOO_SHORT = "too short to measure"

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


_READ_SYLLABLES = {"en", "de", "fr", "es", "nl"}
"""The languages whose formula reads syllables (``syllables``, ``monosyllables`` or
``polysyllables``): ``measure`` counts them only there. Elsewhere they were half the time of
measuring a page: the 108 pages (1,800 words each) of the 12 other Latin, Greek and Cyrillic
languages of the benchmark corpus took 0.24 s with them, 0.12 s without. A formula that reads
them without its language here fails with a KeyError, not with a wrong figure."""


def counts(sents: list[Sentence], lang: str) -> dict:
    """Sentences, words, syllables, letters, long, one-syllable and 3+-syllable words."""
    return _counts([w for s in sents for w in s.tokens], len(sents), sum(s.words for s in sents), lang)


def _counts(words: list[str], n_sentences: int, length: int, lang: str, with_syllables: bool = True) -> dict:
    """``counts`` from the words of the sentences, their number and the sum of their lengths
    (words; Chinese: characters); without the syllable counts unless ``with_syllables``."""
    if is_dense(lang):
        return {"sentences": n_sentences, "words": len(words), "characters": length}
    joined = "".join(words)
    if joined.isalpha():                                  # (most pages: words of letters only)
        lens = list(map(len, words))
        total = len(joined)
    else:
        lens = list(map(letters, words))
        total = sum(lens)
    long_words = len([n for n in lens if n > LONG_WORD])
    if not with_syllables:
        return {"sentences": n_sentences, "words": len(words), "letters": total, "long_words": long_words}
    sylls = _syllable_counts(words, lang)
    return {"sentences": n_sentences, "words": len(words), "syllables": sum(sylls), "letters": total,
            "long_words": long_words, "monosyllables": sylls.count(1), "polysyllables": len([n for n in sylls if n >= 3])}


def measure(page: Page | str, lang: str) -> Readability:
    """The readability figure of a page (parsed, or Markdown text) in language ``lang``."""
    c = _counts(*_page_words(page, lang), lang, with_syllables=_base(lang) in _READ_SYLLABLES)
    dense = is_dense(lang)
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
    assert bands is not None  # every formula of FORMULAS has its bands
    value = round(func(c), 1)
    return Readability(value=value, band=_band(value, bands, easier_up), **common)


def longest_sentences(page: Page | str, lang: str, n: int = 3) -> list[Sentence]:
    """The ``n`` longest sentences, longest first (earlier first on a tie)."""
    return sorted(sentences(page, lang), key=lambda s: (-s.words, s.line))[:n]
