"""Words, letters and syllables of a text, per language: what the readability formulas count.

Words are split at spaces and punctuation, or by jieba for Chinese; syllables are counted by
vowel groups with a few rules per language (see :mod:`guidepress.text.readability` for what the
figures are good for)."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import repeat
from operator import add

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")


@cache
def _base(lang: str) -> str:
    return re.split(r"[-_]", lang)[0].lower()


def is_dense(lang: str) -> bool:
    """Written without spaces between words: segment with jieba and count characters."""
    return _base(lang) == "zh"


@cache
def segmenter():
    """jieba, imported on the first Chinese text (its dictionary loads on the first cut, or with
    :func:`load_dictionary`)."""
    import logging

    import jieba

    from guidepress.patches import jieba_viterbi

    jieba.setLogLevel(logging.WARNING)
    jieba_viterbi.install()  # the same words in less time, for Material's search too
    return jieba


DICTIONARY_COPY = "jieba-dictionary-{version}-{digest}.pickle"
"""The copy of jieba's dictionary that :func:`load_dictionary` keeps in the user's cache folder."""


def load_dictionary() -> None:
    """jieba's dictionary in memory now, as its first cut would load it, from a copy kept in
    the user's cache folder (:func:`guidepress.model.files.user_cache_dir`), made on first use.

    jieba keeps its dictionary (498,000 words and prefixes) in its own cache with ``marshal``,
    which takes 0.62 s to load; the same dictionary as a pickle loads in 0.2 s. The build loads
    it before its language builds fork, while nothing else runs. A pickle runs code as it loads,
    so the copy holds the keyed hash of its bytes (:func:`guidepress.model.files.cache_mac`) and
    is loaded only when that matches; its name holds jieba's version and the identity of the
    dictionary file it was made from. Anything else (another dictionary, no cache folder, a
    damaged copy) leaves jieba to load its dictionary its own way."""
    import hashlib
    import os
    import pickle

    from guidepress.model.files import cache_mac, same_mac, user_cache_dir, write_cache

    jieba = segmenter()
    tokenizer = jieba.dt
    if tokenizer.initialized:
        return
    source = os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
    try:
        if tokenizer.dictionary != jieba.DEFAULT_DICT or tokenizer.cache_file or tokenizer.tmp_dir:
            raise OSError("not jieba's own dictionary")
        st = os.stat(source)
        identity = f"{source}\0{st.st_size}\0{st.st_mtime_ns}".encode()
        path = user_cache_dir() / DICTIONARY_COPY.format(
            version=jieba.__version__, digest=hashlib.sha256(identity).hexdigest()[:16])
    except (OSError, RuntimeError, KeyError):
        tokenizer.initialize()
        return
    try:
        data = path.read_bytes()
        mac, _, body = data.partition(b"\n")
        if same_mac(mac.decode("ascii", "replace"), cache_mac(body)):
            freq, total = pickle.loads(body)  # signed with this machine's key: checked above
            if isinstance(freq, dict) and isinstance(total, int) and freq:
                tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
                return
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, TypeError):
        pass
    tokenizer.initialize()
    body = pickle.dumps((tokenizer.FREQ, tokenizer.total), protocol=pickle.HIGHEST_PROTOCOL)
    write_cache(path, cache_mac(body).encode("ascii") + b"\n" + body)


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
    if is_dense(lang):
        return [w for w in segmenter().lcut(text) if any(map(str.isalpha, w))]
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


@cache
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
        known.update(zip(new, _count_syllables(new, base), strict=True))
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
        for i, n in zip(owners, _part_syllables("\n".join(parts), base), strict=True):
            totals[i] += n
    return [n or 1 for n in totals]


def _part_syllables(text: str, base: str) -> list[int]:
    """Syllables of each part of a word, one part per line of ``text`` (small letters only; a
    part without a vowel has none)."""
    if base == "en":
        counts = _count_groups(VOWELS["en"], _EN_VOWELS, _EN_FIRST_Y.sub("", _EN_SILENT_END.sub("", text)))
        # no vowel: none; up to three letters: one; else the vowel groups left, at least one
        return [(1 if len(p) <= 3 else n) if n else (1 if _EN_VOWELS.search(p) else 0)
                for p, n in zip(text.split("\n"), counts, strict=True)]
    if base == "fr":
        text = _FR_SILENT_E.sub("", _FR_SILENT_U.sub("", text))
    elif base == "nl":
        text = text.replace("ij", "i")
    elif base == "es":
        text = _ES_FINAL_Y.sub("i", text)
    group, extra = _vowel_patterns(base)
    counts = _count_groups(VOWELS.get(base, _DEFAULT_VOWELS), group, text)    # one per group of vowels
    if extra is None:
        return counts
    return list(map(add, counts, _count_in_lines(extra, text)))   # naïf, geïnteresseerd; le-er, dí-a


@cache
def _group_table(vowels: str) -> bytes:
    """A ``bytes.translate`` table for Latin-1 text: each of ``vowels`` to "a", a line break kept,
    any other character to "b"."""
    return bytes(ord("a") if chr(i) in vowels else i if i == ord("\n") else ord("b") for i in range(256))


def _count_groups(vowels: str, group: re.Pattern, text: str) -> list[int]:
    """``_count_in_lines(group, text)`` for ``group`` the pattern ``[vowels]+``. Text that Latin-1
    holds (most English, German, Spanish, Dutch) is counted as bytes: the vowels as "a", the other
    letters as "b", a group is a "ba" once each line starts with "b". That is 1.1 ms instead of
    3.5 ms for 8,300 words; a regular expression stops at each group."""
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        return _count_in_lines(group, text)
    lines = (b"b" + data.translate(_group_table(vowels)).replace(b"\n", b"\nb")).split(b"\n")
    return list(map(bytes.count, lines, repeat(b"ba")))


def _count_in_lines(pattern: re.Pattern, text: str) -> list[int]:
    """How many times ``pattern`` matches in each line of ``text`` (letters only)."""
    return list(map(str.count, pattern.sub("\x01", text).split("\n"), repeat("\x01")))
