"""Readability figures: each formula on a small text whose counts are worked out by hand in the
comments (not by calling the code), and the counting rules (sentences, words, syllables) on the
cases that trip up simple counters."""

from __future__ import annotations

import pytest

from guidepress.text.markdown import parse
from guidepress.commands.checks.readability import check_readability
from guidepress.text.readability import (TOO_SHORT, counts, longest_sentences, measure, sentences, syllables,
                                    word_list)

# -- one text per formula ---------------------------------------------------------------------

EN = ("Rest is important during treatment. Your energy may change from day to day. "
      "Gentle activity and regular rest can help you. Talk to your care team about how you feel each week.")
# S1 Rest1 is1 im-por-tant3 dur-ing2 treat-ment2                     5 words  9 syllables
# S2 Your1 en-er-gy3 may1 change1 from1 day1 to1 day1                8 words 10 syllables
# S3 Gen-tle2 ac-tiv-i-ty4 and1 reg-u-lar3 rest1 can1 help1 you1     8 words 14 syllables
# S4 Talk1 to1 your1 care1 team1 a-bout2 how1 you1 feel1 each1 week1 11 words 12 syllables
# 4 sentences, 32 words, 45 syllables
# FK = 0.39 * 32/4 + 11.8 * 45/32 - 15.59 = 3.12 + 16.59375 - 15.59 = 4.12375 -> 4.1 (under 6: very easy)

DE = ("Ruhe hilft dem müden Körper. Gehen Sie jeden Tag ein kleines Stück spazieren. "
      "Sprechen Sie mit Ihrem Behandlungsteam über Ihre Müdigkeit. "
      "Trinken Sie genug Wasser und essen Sie kleine Mahlzeiten.")
# S1 Ru-he2 hilft1 dem1 mü-den2 Kör-per2                                                5 words
# S2 Ge-hen2 Sie1 je-den2 Tag1 ein1 klei-nes2 Stück1 spa-zie-ren3                       8 words
# S3 Spre-chen2 Sie1 mit1 Ih-rem2 Be-hand-lungs-team4 ü-ber2 Ih-re2 Mü-dig-keit3        8 words
# S4 Trin-ken2 Sie1 ge-nug2 Was-ser2 und1 es-sen2 Sie1 klei-ne2 Mahl-zei-ten3           9 words
# 4 sentences, 30 words
# one syllable: hilft dem | Sie Tag ein Stück | Sie mit | Sie und Sie = 11 -> ES = 36.667 %
# three or more: spazieren Behandlungsteam Müdigkeit Mahlzeiten = 4 -> MS = 13.333 %
# more than 6 letters: kleines(7) spazieren(9) Sprechen(8) Behandlungsteam(15) Müdigkeit(9)
#   Trinken(7) Mahlzeiten(10) = 7 (Körper, Wasser, kleine have 6) -> IW = 23.333 %; SL = 7.5
# WSTF = 0.1935*13.333 + 0.1672*7.5 + 0.1297*23.333 - 0.0327*36.667 - 0.875
#      = 2.580 + 1.254 + 3.0263 - 1.199 - 0.875 = 4.7863 -> 4.8 (under 6: very easy)

FR = ("Le repos aide beaucoup votre corps. Marchez un peu chaque jour si vous le pouvez. "
      "Parlez de votre fatigue à votre équipe soignante. Buvez assez d'eau pendant toute la journée.")
# spoken syllables (silent final e, silent u in qu/gu, d'eau is one):
# S1 Le1 re-pos2 aide1 beau-coup2 votre1 corps1                             6 words  8
# S2 Mar-chez2 un1 peu1 chaque1 jour1 si1 vous1 le1 pou-vez2                9 words 11
# S3 Par-lez2 de1 votre1 fa-tigue2 à1 votre1 é-quipe2 soi-gnante2           8 words 12
# S4 Bu-vez2 as-sez2 d'eau1 pen-dant2 toute1 la1 jour-née2                  7 words 11
# 4 sentences, 30 words, 42 syllables
# KM = 207 - 1.015 * 30/4 - 73.6 * 42/30 = 207 - 7.6125 - 103.04 = 96.3475 -> 96.3 (90 and over: very easy)

ES = ("El descanso ayuda mucho a su cuerpo. Camine un poco cada día si usted puede. "
      "Hable con su equipo médico sobre el cansancio. Beba bastante agua durante todo el día.")
# S1 El1 des-can-so3 a-yu-da3 mu-cho2 a1 su1 cuer-po2                  7 words 13
# S2 Ca-mi-ne3 un1 po-co2 ca-da2 dí-a2 si1 us-ted2 pue-de2             8 words 15
# S3 Ha-ble2 con1 su1 e-qui-po3 mé-di-co3 so-bre2 el1 can-san-cio3     8 words 16
# S4 Be-ba2 bas-tan-te3 a-gua2 du-ran-te3 to-do2 el1 dí-a2             7 words 15
# 4 sentences, 30 words, 59 syllables; P = 100 * 59/30 = 196.667 syllables per 100 words;
# F = 30/4 = 7.5 words per sentence
# FH = 206.84 - 0.60 * 196.667 - 1.02 * 7.5 = 206.84 - 118 - 7.65 = 81.19 -> 81.2 (80-90: easy)
# (the misprinted form, F = sentences per 100 words = 13.333, would give 75.24)

IT = ("Il riposo aiuta il corpo. Cammini un poco ogni giorno se può. Parli con i suoi medici della stanchezza. "
      "Beva molta acqua durante tutta la giornata. Chieda aiuto quando serve.")
# letters: S1 Il2 riposo6 aiuta5 il2 corpo5 = 20 (5 words)
#          S2 Cammini7 un2 poco4 ogni4 giorno6 se2 può3 = 28 (7 words)
#          S3 Parli5 con3 i1 suoi4 medici6 della5 stanchezza10 = 34 (7 words)
#          S4 Beva4 molta5 acqua5 durante7 tutta5 la2 giornata8 = 36 (7 words)
#          S5 Chieda6 aiuto5 quando6 serve5 = 22 (4 words)
# 5 sentences, 30 words, 140 letters
# Gulpease = 89 + (300*5 - 10*140)/30 = 89 + 100/30 = 92.333 -> 92.3 (80 and over: easy)

NL = ("Rust helpt uw lichaam. Wandel elke dag een stukje als het kan. Praat met uw zorgteam over uw vermoeidheid. "
      "Drink genoeg water en eet kleine maaltijden. Vraag om hulp als u dat nodig hebt.")
# S1 Rust1 helpt1 uw1 li-chaam2                                        4 words  5
# S2 Wan-del2 el-ke2 dag1 een1 stuk-je2 als1 het1 kan1                 8 words 11
# S3 Praat1 met1 uw1 zorg-team2 o-ver2 uw1 ver-moeid-heid3             7 words 11
# S4 Drink1 ge-noeg2 wa-ter2 en1 eet1 klei-ne2 maal-tij-den3           7 words 12
# S5 Vraag1 om1 hulp1 als1 u1 dat1 no-dig2 hebt1                       8 words  9
# 5 sentences, 34 words, 48 syllables
# Douma = 206.835 - 0.93 * 34/5 - 77 * 48/34 = 206.835 - 6.324 - 108.7059 = 91.8051 -> 91.8 (90 and over: very easy)

SV = ("Vila hjälper kroppen. Gå en kort promenad varje dag om du kan. Prata med ditt vårdteam om din trötthet. "
      "Drick mycket vatten och ät små måltider. Be om hjälp när du behöver det.")
# words: 3 + 9 + 7 + 7 + 7 = 33 in 5 sentences
# more than 6 letters: hjälper(7) kroppen(7) promenad(8) vårdteam(8) trötthet(8) måltider(8) behöver(7) = 7
#   (mycket and vatten have 6)
# LIX = 33/5 + 100 * 7/33 = 6.6 + 21.212 = 27.812 -> 27.8 (under 30: very easy)

PL = ("Odpoczynek pomaga ciału. Spaceruj trochę każdego dnia, jeśli możesz. Porozmawiaj z lekarzem o zmęczeniu. "
      "Pij dużo wody przez cały dzień. Jedz małe posiłki kilka razy dziennie. Proś o pomoc, gdy jej potrzebujesz.")
# words: 3 + 6 + 5 + 6 + 6 + 6 = 32 in 6 sentences -> 5.333 words per sentence -> 5.3
# more than 6 letters: Odpoczynek Spaceruj każdego Porozmawiaj lekarzem zmęczeniu posiłki dziennie
#   potrzebujesz = 9 -> 100 * 9/32 = 28.125 % -> 28.1


@pytest.mark.parametrize("lang, text, formula, value, band, n_sentences, n_words", [
    ("en", EN, "Flesch-Kincaid grade", 4.1, "very easy", 4, 32),
    ("de", DE, "Wiener Sachtextformel", 4.8, "very easy", 4, 30),
    ("fr", FR, "Kandel-Moles", 96.3, "very easy", 4, 30),
    ("es", ES, "Fernández-Huerta", 81.2, "easy", 4, 30),
    ("it", IT, "Gulpease", 92.3, "easy", 5, 30),
    ("nl", NL, "Flesch-Douma", 91.8, "very easy", 5, 34),
    ("sv", SV, "LIX", 27.8, "very easy", 5, 33),
    ("da", SV, "LIX", 27.8, "very easy", 5, 33),  # the same formula; no letter-specific rules
])
def test_each_formula_on_a_text_counted_by_hand(lang, text, formula, value, band, n_sentences, n_words):
    figure = measure(text, lang)
    assert (figure.formula, figure.value, figure.band) == (formula, value, band)
    assert (figure.sentences, figure.words, figure.too_short) == (n_sentences, n_words, False)


def test_the_counts_behind_the_hand_computed_figures():
    assert {k: counts(sentences(EN, "en"), "en")[k] for k in ("sentences", "words", "syllables")} == \
        {"sentences": 4, "words": 32, "syllables": 45}
    de = counts(sentences(DE, "de"), "de")
    assert (de["monosyllables"], de["polysyllables"], de["long_words"]) == (11, 4, 7)
    assert counts(sentences(FR, "fr"), "fr")["syllables"] == 42
    assert counts(sentences(ES, "es"), "es")["syllables"] == 59
    assert counts(sentences(IT, "it"), "it")["letters"] == 140
    assert counts(sentences(NL, "nl"), "nl")["syllables"] == 48
    assert counts(sentences(SV, "sv"), "sv")["long_words"] == 7


def test_other_languages_get_sentence_length_and_long_words_not_a_formula():
    figure = measure(PL, "pl")
    assert (figure.formula, figure.value, figure.band) == ("sentence length", 5.3, None)
    assert (figure.mean_sentence_length, figure.long_word_share) == (5.3, 28.1)
    assert figure.short == "5.3 words/sentence, 28% long words"


def test_chinese_sentence_length_is_in_characters():
    # 休息对身体有好处 (8) 每天散步一会儿 (7) 如果累了，请告诉医生 (9, the comma is not a character):
    # 24 characters in 3 sentences; four times over: 96 characters in 12 sentences = 8.0 per sentence
    text = "休息对身体有好处。每天散步一会儿！如果累了，请告诉医生。" * 4
    assert [s.words for s in sentences(text, "zh")][:3] == [8, 7, 9]
    figure = measure(text, "zh")
    assert (figure.formula, figure.value, figure.long_word_share, figure.sentences) == ("sentence length", 8.0, None, 12)
    assert figure.short == "8.0 characters/sentence"
    assert "休息" in word_list("休息对身体有好处", "zh")  # jieba segments words


def test_a_short_page_is_too_short_to_measure_rather_than_a_number():
    figure = measure("# Home\n\nWelcome. This is a very long and complicated introductory sentence.\n", "en")
    assert figure.too_short and figure.value is None and figure.band is None
    assert figure.short == TOO_SHORT
    # three sentences but under 30 words: still too short
    assert measure("One. Two. Three.", "en").too_short


# -- counting rules -------------------------------------------------------------------------

def test_abbreviations_and_decimal_numbers_do_not_end_sentences():
    text = "Eat something first, e.g. toast or soup. Dr. Patel can tell you more. Take 2.5 ml at 8 a.m. every day."
    assert [s.text for s in sentences(text, "en")] == [
        "Eat something first, e.g. toast or soup.", "Dr. Patel can tell you more.", "Take 2.5 ml at 8 a.m. every day."]
    assert [s.text for s in sentences("Nehmen Sie z. B. Tee. Dann ruhen Sie.", "de")] == [
        "Nehmen Sie z. B. Tee.", "Dann ruhen Sie."]
    assert [s.text for s in sentences("Say no. Then rest. Bring soup, etc. Then sleep. Tea, etc. and rest.", "en")] == [
        "Say no.", "Then rest.", "Bring soup, etc.", "Then sleep.", "Tea, etc. and rest."]
    assert len(sentences("Really? Yes! Fine… Go on.", "en")) == 4
    assert len(sentences("Rest a little; then walk.", "en")) == 1  # a semicolon does not end a sentence


def test_numbers_are_not_words():
    assert word_list("Call 0800 123 456 if it is 38°C or 1.5 litres, about 20%.", "en") == \
        ["Call", "if", "it", "is", "or", "litres", "about"]
    assert word_list("COVID-19 and don't", "en") == ["COVID-19", "and", "don't"]


def test_only_text_a_reader_sees_counts():
    page = """---
title: Front matter is not read
---

# Plan your day {#plan-your-day .wide}

See [the other page](02-other.md#energy-and-very-long-targets) <span class="x">now</span>.

![A long description of an image that is not shown](images/x.svg)

!!! warning "When to call"
    Call your team.

```text
Code is not read at all.
```

| Item | Why it helps |
| --- | --- |
| A notebook | You can write answers down. |

- first item
- second item
  goes on here
1. numbered item

Term
:   Its definition.
"""
    got = [(s.line, s.text) for s in sentences(parse(page), "en")]
    assert got == [
        (5, "Plan your day"),
        (7, "See the other page now."),
        (11, "When to call"),
        (12, "Call your team."),
        (18, "Item"), (18, "Why it helps"),
        (20, "A notebook"), (20, "You can write answers down."),
        (22, "first item"), (23, "second item goes on here"), (25, "numbered item"),
        (27, "Term"), (28, "Its definition."),
    ]


@pytest.mark.parametrize("word, lang, expected", [
    ("make", "en", 1), ("table", "en", 2), ("people", "en", 2), ("free", "en", 1), ("jumped", "en", 1),
    ("wanted", "en", 2), ("boxes", "en", 2), ("makes", "en", 1), ("yes", "en", 1), ("energy", "en", 3),
    ("don't", "en", 1), ("a", "en", 1),
    ("Müdigkeit", "de", 3), ("Behandlungsteam", "de", 4),
    ("chaque", "fr", 1), ("fatigue", "fr", 2), ("naïf", "fr", 2), ("d'eau", "fr", 1), ("journée", "fr", 2),
    ("día", "es", 2), ("leer", "es", 2), ("cuerpo", "es", 2), ("muy", "es", 1),
    ("bijvoorbeeld", "nl", 3), ("geïnteresseerd", "nl", 5),
    ("prst", "hr", 1),  # no vowel letter: still one syllable
])
def test_syllable_estimates(word, lang, expected):
    assert syllables(word, lang) == expected


def test_longest_sentences_with_their_lines():
    text = "# Title\n\nShort one.\n\nThis sentence is quite a lot longer than the first.\nA middle sized sentence here.\n"
    assert [(s.line, s.words) for s in longest_sentences(text, "en", 2)] == [(5, 10), (6, 5)]


def test_the_check_warns_only_above_grade_nine_and_only_for_english():
    hard = ("Consistent monitoring of your body temperature, preferably at approximately the same times every "
            "morning and evening, enables healthcare professionals to identify potential infections considerably "
            "earlier. Contact your team immediately. Record every measurement in a dedicated notebook, including "
            "accompanying symptoms.")
    assert measure(hard, "en").value > 9
    (finding,) = check_readability(parse(hard), "x.md", "en")
    assert (finding.rule, finding.severity, finding.line) == ("readability", "warning", 1)
    assert "shorter sentences and everyday words lower the grade" in finding.message
    assert check_readability(parse(hard), "x.md", "fr") == []
    assert check_readability(parse(EN), "x.md", "en") == []


@pytest.mark.parametrize("lang, value, band", [
    # limits belong to the harder side for grades (9.9 standard, 10.0 fairly difficult) and to the
    # easier side for ease scores (60.0 standard, 59.9 fairly difficult)
    ("en", 9.9, "standard"), ("en", 10.0, "fairly difficult"), ("en", 17.0, "very difficult"), ("en", -2.0, "very easy"),
    ("fr", 60.0, "standard"), ("fr", 59.9, "fairly difficult"), ("fr", 12.0, "very difficult"),
    ("nl", 44.9, "difficult"), ("it", 39.9, "very difficult"), ("sv", 60.0, "very difficult"), ("de", 7.9, "easy"),
])
def test_band_limits(lang, value, band):
    from guidepress.text.readability import FORMULAS, _band

    _, _, _, bands, higher_is_easier = FORMULAS[lang]
    assert _band(value, bands, higher_is_easier) == band
