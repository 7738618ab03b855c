"""Readability figures compared with the figures the code gave before it was made faster: a fixed
set of texts made here from a seeded random generator (pages in 18 languages with headings,
lists, tables, boxes, links, code, abbreviations, numbers) and hand-written edge cases, each
measured in every language, and the syllables of a few thousand words.

``tests/fixtures/readability-golden.json`` holds the figures, not the texts: the texts are made
again here, the same each time. Figures that are long lists (sentences, words) are kept as a
digest. A change to the counting rules changes these figures on purpose; then write the file again
with ``python tests/test_readability_golden.py --write`` and check the differences some other way
(``tests/test_readability.py`` works its figures out by hand)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import sys
from pathlib import Path

import pytest

from guidepress.text import readability, textunits, words

GOLDEN = Path(__file__).parent / "fixtures" / "readability-golden.json"

LANGS = "en fr de es it pt nl pl ro el cs hu bg hr sv da fi zh".split()
OTHER_TAGS = ["en-GB", "pt_BR", "zh-Hans", "xx"]
"""Language tags that are not a plain base: the base decides, an unknown one falls back."""

VOCABULARY = {
    "en": "rest is important during treatment your energy may change from day to day gentle activity "
          "regular help talk care team about feel each week table people free made jumped wanted boxes "
          "wishes yes you yellow whole places called needed the medicine doctor appointment",
    "fr": "le repos aide beaucoup votre corps marchez un peu chaque jour si vous pouvez quand guerre "
          "places naïf être été où déjà médecin hôpital eau d'eau l'été aujourd'hui",
    "de": "Ruhe hilft dem müden Körper gehen Sie jeden Tag ein kleines Stück spazieren sprechen mit "
          "Ihrem Behandlungsteam über Müdigkeit trinken genug Wasser essen Mahlzeiten Straße",
    "es": "el descanso ayuda mucho a su cuerpo camine un poco cada día si puede muy hoy rey leer país "
          "médico aéreo búho pingüino",
    "it": "il riposo aiuta molto il vostro corpo camminate un po' ogni giorno se potete perché città "
          "medico più",
    "pt": "o descanso ajuda muito o seu corpo caminhe um pouco todos os dias se puder não ação médico",
    "nl": "rust helpt uw lichaam veel loop elke dag een stukje als het kan naïef geïnteresseerd ijs "
          "bijna leer arts ziekenhuis",
    "pl": "odpoczynek bardzo pomaga twojemu ciału spaceruj codziennie trochę jeśli możesz lekarz źle",
    "ro": "odihna ajută mult corpul dumneavoastră mergeți puțin în fiecare zi dacă puteți",
    "el": "η ξεκούραση βοηθά πολύ το σώμα σας περπατήστε λίγο κάθε μέρα αν μπορείτε γιατρός ΣΟΦΊΑ",
    "cs": "odpočinek velmi pomáhá vašemu tělu choďte každý den trochu na procházku příliš žluťoučký kůň",
    "hu": "a pihenés sokat segít a testének sétáljon minden nap egy kicsit ha tud orvos",
    "bg": "почивката помага много на тялото ви разхождайте се малко всеки ден ако можете лекар",
    "hr": "odmor mnogo pomaže vašem tijelu šetajte malo svaki dan ako možete liječnik",
    "sv": "vila hjälper kroppen mycket gå en liten promenad varje dag om du kan läkare sjukhus",
    "da": "hvile hjælper kroppen meget gå en lille tur hver dag hvis du kan læge sygehus",
    "fi": "lepo auttaa kehoa paljon kävele vähän joka päivä jos voit lääkäri sairaala",
    "zh": "我们 今天 去 医院 看 医生 然后 回家 休息 你好 很好 这是 测试 药物 每天 三次 喝水 睡觉",
}
SYLLABLES = {
    "en": "ba cle do fi gor ker lin mel mo na pen po rit ro san sha stra ten thar ti ve wi al lu",
    "de": "ber bau dor ei fa ge hal ke kräf lich ner ob pfe rei schä sten tü ün wa zu ßen ung",
    "fr": "ai beau chai dé eau gue in ju lé mé oi qu re sé té ui vé xe ë ï",
    "el": "βα δε ζω θα κα λά μέ νο ξε πο ρα στο τη φι χή ψυ ού ει ος",
    "bg": "ба ве го да же зи ка ло ме на по ра си та фу ця ъ ю я",
    "cs": "bě ča dě hu ko lí mů ně pa ří so ťa vy zá že ů",
    "zh": "医 院 生 病 药 水 天 家 人 大 小 好 看 说 去 来",
}
PUNCTUATION = ["", "", "", "", ",", ".", ".", "!", "?", ";", ":", "...", "…", '."', ")", "。", "'s", "-19"]
ABBREVIATIONS = ["e.g.", "i.e.", "Dr.", "Mr.", "etc.", "z.B.", "p.ex.", "vs.", "J.", "U.S.A.", "3.5", "38°C",
                 "(approx.", "«St.", "2nd", "COVID-19", "co-op", "l'eau", "don't", "x_y", "1.", "A."]

EDGE_CASES = [
    "", "---\ntitle: x\n---\n", "---\ntitle: x\n---", "# A\n## B\n### C ###\n",
    "- one\n- two\n  continued\n* three\n1. four\n2) five\n",
    "| a | b |\n|---|:--|\n| Hello there. Dr. Who | e.g. this one |\n| x \\| y | z |\n",
    '!!! note "Take care."\n    Drink water. Rest well.\n\n??? tip\n    Hidden.\n\n=== "Tab one"\n    Text.\n',
    "```\ncode here. Not counted.\n```\nAfter code. Yes.\n~~~\nmore\n~~~\n",
    '<div class="x">\n<p>Some html. Really.</p>\n</div>\n<!-- comment. -->\nText <!-- multi\nline --> after.\n',
    " ".join(["word"] * 500) + ".",
    ("It costs 3.5 mg at 38°C, e.g. twice a day; i.e. often. Mr. Smith and Dr. Jones... went home! Really?! "
     "Yes... no. U.S.A. is far. J. R. R. Tolkien wrote."),
    "Well-known co-operation isn't easy, don't you think? l'eau d'une ‘quote’ «guillemets» — dash – en. Wait…What.",
    "Η ασθένεια είναι σοβαρή. Πάρτε το φάρμακο! Τι κάνετε; Ναι.",
    "Болестта е сериозна. Вземете лекарството! Какво правите? Да.",
    "Nemoc je vážná. Užívejte lék třikrát denně! Co děláte? Ano, příliš žluťoučký kůň.",
    "我们今天去医院看医生，然后回家休息。你好吗？很好！这是 COVID-19 的测试。",
    "Mixed 中文 text and Ελληνικά and кирилица. Next sentence。Another one！",
    "Line one.\r\nLine two\r\n\r\nPara two.\r\n",
    "Tab\tseparated\twords here.\tAnother\t\tone.\n\n\tIndented code block? Maybe.\n",
    ('[Link text](http://x.y "title") and ![img](a.png) and [ref][r] and [^1] foot. {#id .cls} `code` <b>bold</b> '
     "https://example.com www.x.org :smile: **bold** __under__ snake_case_word ~~strike~~ ==mark== ++ins++.\n\n"
     "[r]: http://z\n"),
    "&amp; &lt;tag&gt; &nbsp;non&nbsp;breaking&#10;line. Caf&eacute; ol&eacute;.",
    "> Quoted text here. And more.\n> > Nested quote.\n\n***\n---\n___\n",
    "Ends without stop\nNext line without\n\nNew para",
    "1.5 2.0 3,000 100% — 42. 7th grade. 2nd place!",
    ("Naïf geïnteresseerd. Día leer país. Quand guerre chaque places. Muy hoy rey. "
     "Yes you yellow table people free made jumped wanted boxes wishes."),
    "ALL CAPS SENTENCE HERE. ΣΟΦΊΑ ΟΔΌΣ. MIXED Case Words. İstanbul İ. Ĳssel ﬁne ß.",
    "word " * 2000,
    "\u00a0nbsp\u2003em space\u200bzero width. Next\u2028line sep.",
    "Hello...world. Hello . world . (Yes.) \"Quoted.\" Next 'single.' [brackets.] Fin.",
    "x" * 3000 + ". " + "y" * 10,
    "---\nbad: [yaml\n---\nBody after bad front matter. Two. Three.",
    "# Heading with `code` and [link](x)\n\nPara with *emph* and _emph_ and a_b_c.\n",
    "123 456. 789! 000?",
    "e.g. Something. etc. lower case. etc. Upper case. approx. 3. vs. Them.",
]


def _word(rng: random.Random, lang: str) -> str:
    """A word of the language's list, or one made of its syllables (as in the benchmark corpus)."""
    if lang in SYLLABLES and rng.random() < 0.5:
        word = "".join(rng.choice(SYLLABLES[lang].split()) for _ in range(rng.randint(1, 4)))
    else:
        word = rng.choice(VOCABULARY[lang].split())
    return word.capitalize() if rng.random() < 0.1 else word


def _sentence(rng: random.Random, lang: str) -> str:
    words_ = []
    for _ in range(rng.randint(1, 40)):
        words_.append(_word(rng, lang) + rng.choice(PUNCTUATION))
        if rng.random() < 0.04:
            words_.append(rng.choice(ABBREVIATIONS))
        if rng.random() < 0.03:
            words_.append(rng.choice(["[a link](x.md)", "`code`", "**bold**", "<b>x</b>", "{#anchor}", "&amp;",
                                      "![img](a.png)", ":icon:", "https://x.org/a.b"]))
    sep = "" if lang == "zh" else " "
    end = "。" if lang == "zh" else rng.choice([".", ".", ".", "!", "?", "", "...", ".)"])
    return sep.join(words_).capitalize() + end


def _page(rng: random.Random, lang: str) -> str:
    """A page of Markdown blocks in ``lang``."""
    lines = ["---", f"title: {_word(rng, lang)}", "---", ""] if rng.random() < 0.5 else []
    for _ in range(rng.randint(1, 25)):
        kind = rng.random()
        if kind < 0.4:
            lines.append(" ".join(_sentence(rng, lang) for _ in range(rng.randint(1, 6))))
        elif kind < 0.5:
            lines.append("#" * rng.randint(1, 4) + " " + _sentence(rng, lang).rstrip(".!?。"))
        elif kind < 0.6:
            lines += [rng.choice(["- ", "* ", "1. "]) + _sentence(rng, lang) for _ in range(rng.randint(1, 5))]
        elif kind < 0.7:
            lines += ["| " + " | ".join(_word(rng, lang) for _ in range(3)) + " |", "|---|:--|--:|"]
            lines += ["| " + " | ".join(_sentence(rng, lang) for _ in range(3)) + " |" for _ in range(rng.randint(1, 3))]
        elif kind < 0.8:
            lines += [f'!!! {rng.choice(["note", "warning", "tip"])} "{_sentence(rng, lang)}"',
                      "    " + _sentence(rng, lang)]
        elif kind < 0.85:
            lines += ["```", _sentence(rng, lang), "```"]
        elif kind < 0.9:
            lines += ["> " + _sentence(rng, lang), "> " + _sentence(rng, lang)]
        else:
            lines.append(_sentence(rng, lang) + "\n" + _sentence(rng, lang))
        lines.append("")
    text = "\n".join(lines)
    return text.replace("\n", "\r\n") if rng.random() < 0.05 else text


def cases() -> list[tuple[str, str, str]]:
    """(name, text, language) of every text measured, the same each time."""
    out = [(f"edge{k}", text, lang) for k, text in enumerate(EDGE_CASES) for lang in LANGS + OTHER_TAGS]
    rng = random.Random(20240611)
    for lang in LANGS:
        for k in range(12):
            out.append((f"page-{lang}-{k}", _page(rng, lang), lang))
    return out


def syllable_words() -> dict[str, list[str]]:
    rng = random.Random(7)
    extra = ["", "a", "d'eau", "co-op", "38°C", "l'été", "x-y-z", "ΣΟΦΊΑ", "naïf", "NAÏF", "Ĳssel", "İstanbul",
             "ß", "ﬁne", "‘quote’", "don’t", "'''", "-", "table", "people", "wanted", "boxes", "yes", "the"]
    return {lang: [_word(rng, lang if lang in VOCABULARY else "en") for _ in range(250)] + extra
            for lang in LANGS + ["en-US", "xx"]}


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode()).hexdigest()[:12]


def _rows(sents) -> list:
    return [[s.line, s.text, s.words, list(s.tokens)] for s in sents]


def figures(name: str, text: str, lang: str) -> dict:
    """What is compared for one text: the figure in full, the rest as digests."""
    figure = readability.measure(text, lang)
    sents = readability.sentences(text, lang)
    c = readability.counts(sents, lang)
    fields = dataclasses.asdict(figure)
    names = [fields.pop(key) for key in ("lang", "formula", "scale")]   # (the same for many texts)
    out = {"measure": list(fields.values()) + [_digest(names + [figure.short])],
           "counts": list(c.values()) + [_digest(list(c))],
           "sentences": _digest(_rows(sents)),
           "longest": _digest(_rows(readability.longest_sentences(text, lang))),
           "words": _digest(readability.word_list(text, lang))}
    if lang == "en":            # (the text units do not depend on the language)
        out["units"] = _digest(textunits.text_units(text))
    return out


def compute() -> dict:
    syllables = {}
    for lang, ws in syllable_words().items():
        syllables[lang] = {"one": [words.syllables(w, lang) for w in ws],
                           "batch": words._syllable_counts(ws, lang), "letters": [words.letters(w) for w in ws if w]}
    return {"texts": {f"{name}/{lang}": figures(name, text, lang) for name, text, lang in cases()},
            "syllables": syllables}


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_texts_measure_as_before(golden):
    expected = golden["texts"]
    got = {f"{name}/{lang}": figures(name, text, lang) for name, text, lang in cases()}
    assert set(got) == set(expected)
    # JSON keeps a float exactly (its repr): equal means the same figure to the last bit
    different = [key for key in expected if got[key] != expected[key]]
    assert not different, (len(different), different[:5], [(got[k], expected[k]) for k in different[:2]])


def test_syllables_as_before(golden):
    words._KNOWN_SYLLABLES.clear()       # counted afresh, not from another test's words
    got = compute()["syllables"]
    assert got == golden["syllables"]


def test_measure_counts_syllables_where_a_formula_reads_them():
    """``measure`` leaves the syllables out for a language whose formula does not read them: every
    formula that reads them is in ``_READ_SYLLABLES``."""
    c = readability.counts(readability.sentences(EDGE_CASES[10], "en"), "en")
    for base, (_, func, *_rest) in readability.FORMULAS.items():
        if base not in readability._READ_SYLLABLES:
            func({k: v for k, v in c.items() if "syllables" not in k})   # no KeyError


def test_vowel_groups_as_bytes_as_with_the_pattern():
    """The vowel groups counted as Latin-1 bytes are those the pattern finds, line by line; other
    text goes to the pattern."""
    rng = random.Random(3)
    for base in ("en", "de", "fr", "es", "nl", "cs", "el", "xx"):
        vowels = words.VOWELS.get(base, words._DEFAULT_VOWELS)
        group = words._vowel_patterns(base)[0]
        letters = "bcdfghklmnprstwxzßçñ" + vowels[:12] + ("œčя" if base == "cs" else "")
        for _ in range(50):
            text = "\n".join("".join(rng.choice(letters) for _ in range(rng.randint(0, 12)))
                             for _ in range(rng.randint(1, 30)))
            assert words._count_groups(vowels, group, text) == words._count_in_lines(group, text)


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    GOLDEN.write_text(json.dumps(compute(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN} ({GOLDEN.stat().st_size} bytes)")
