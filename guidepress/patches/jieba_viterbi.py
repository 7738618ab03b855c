"""jieba: Chinese segmented in less time, with the same words.

Both Material's search plugin (``_segment_chinese``) and the readability figures
(``guidepress.text.words``) cut Chinese text with ``jieba.cut`` and its HMM on. jieba 0.42.1 cuts a
run of Han characters in three steps: ``Tokenizer.get_DAG`` lists the dictionary words that start
at each character, ``Tokenizer.calc`` picks the likeliest route through them, and the characters
left alone between two words go to the HMM of ``jieba.finalseg``, whose ``viterbi`` tags them
B, M, E or S (begin, middle, end of a word, single). Profiled on a cold build of the 18-language
site, ``viterbi`` was the function with the most time of its own after Markdown (1.5 s of some
36 s), ``get_DAG`` had 0.64 s and ``calc`` 0.23 s. The stock ``viterbi`` copies each state's whole
path at each character (``path[state] + [y]``, quadratic in the length of a run) and builds a
dictionary, a list and tuples per character; ``calc`` calls ``max`` on a generator of tuples for
each character, even where only one word starts there.

:func:`viterbi` does the same arithmetic on four floats: for each state, the two sums
``(V[t-1][y0] + trans_p[y0].get(y, MIN_FLOAT)) + em_p`` of jieba (added in that order, so the
same floats), the same choice on a tie (``max`` over ``(prob, y0)`` tuples: the greater letter;
and ``S`` over ``E`` at the end), and one backpointer code per character instead of the copied
paths, followed back once at the end. The eight transition constants are read from ``trans_p`` at
each call, with jieba's ``PrevStatus``. Anything else (states other than ``"BMES"``, a changed
``PrevStatus``, an ``obs`` that is not a string of two characters or more, tables it cannot read)
goes to jieba's own function, which raises what it raises (``IndexError`` for an empty ``obs``).

:func:`calc` is ``Tokenizer.calc``: the same expression
``log(FREQ.get(word) or 1) - logtotal + route[x + 1][0]``, one tuple where one word starts, a
loop with ``max``'s choice (the greater value, and on a tie the greater ``x``) where several do.
``Tokenizer.get_DAG`` is left alone: written the same way, it gained 5 to 9 % (4.9 ms to 4.5 ms
on the text below), not worth a second copy of it.

Measured without a profiler (``timeit``, best of 5), on the Chinese text of the repository's
guides and pages (351 sentences, 6,300 Han characters in 1,316 runs): the 337 ``viterbi`` calls
that ``jieba.lcut`` makes take 0.77 ms instead of 2.4 ms (most runs it gets are two or three
characters long, so the cost of a call dominates), ``calc`` on the 1,316 runs 5.9 ms instead of
8.7 ms, and ``jieba.lcut`` on the whole text 19 ms instead of 24 ms (17 ms instead of 20 ms with
the HMM off). On a run of characters the dictionary does not know, ``viterbi`` takes 0.008 ms
instead of 0.071 ms for 20 characters, 0.040 ms instead of 0.44 ms for 100, 0.19 ms instead of
3.3 ms for 500.

``tests/test_jieba_viterbi.py`` compares ``viterbi`` (the path, and the probability to the last
bit) with jieba's on some 3,000 seeded strings: sentences, common and rare Han characters,
characters jieba's tables lack, repeated characters, mixed scripts. Ties are the rule there, not
the exception: next to a character the tables lack, the sums are dominated by ``MIN_FLOAT``
(-3.14e100) and come out equal, in two comparisons out of three on these strings; small
tables of round numbers make more. ``calc``'s routes are compared on such strings and on
small dictionaries where most routes are worth the same, and ``jieba.lcut`` (HMM on and off),
``lcut_for_search``, ``tokenize`` and ``posseg`` give the same words with the patch installed
and not.

:func:`install` puts both into jieba for good (``jieba.finalseg.__cut`` looks ``viterbi`` up at
each call, ``Tokenizer`` methods are looked up on the class); they give exactly jieba's result,
so no caller can tell. ``jieba.calc``, bound to jieba's default tokenizer at its import, stays
jieba's own. On any jieba version other than the one in ``WRITTEN_FOR``, jieba's own functions are
used (one warning says so). Importing this module imports jieba (0.15 s, its dictionary is
loaded on the first cut): import it where jieba is needed.
"""

from __future__ import annotations

from math import log

import jieba
from jieba import finalseg

from guidepress.patches import written_for

WRITTEN_FOR = {"jieba": "0.42.1"}

_stock_viterbi = finalseg.viterbi
_stock_calc = jieba.Tokenizer.calc

_PREV_STATUS = {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}
"""jieba's ``finalseg.PrevStatus``: the states each state can follow, which :func:`viterbi` is
written for."""

_BACK = {state: tuple(alternative if code & bit else first for code in range(16))
         for state, first, alternative, bit in (("B", "E", "S", 1), ("M", "M", "B", 2),
                                                ("S", "S", "E", 4), ("E", "B", "M", 8))}
"""For a state at one character and the backpointer code of that character, the state at the
character before: one bit per state, set when the second of its two possible states won."""


def viterbi(obs, states, start_p, trans_p, emit_p):
    """jieba's ``finalseg.viterbi``: the same ``(prob, path)`` for the same arguments."""
    if states != "BMES" or type(obs) is not str or len(obs) < 2 or finalseg.PrevStatus != _PREV_STATUS:
        return _stock_viterbi(obs, states, start_p, trans_p, emit_p)
    low = finalseg.MIN_FLOAT
    try:
        to_b, to_m, to_s, to_e = trans_p["B"], trans_p["M"], trans_p["S"], trans_p["E"]
        e_b, s_b = to_e.get("B", low), to_s.get("B", low)
        m_m, b_m = to_m.get("M", low), to_b.get("M", low)
        s_s, e_s = to_s.get("S", low), to_e.get("S", low)
        b_e, m_e = to_b.get("E", low), to_m.get("E", low)
        emit_b, emit_m = emit_p["B"].get, emit_p["M"].get
        emit_s, emit_e = emit_p["S"].get, emit_p["E"].get
        first = obs[0]
        v_b = start_p["B"] + emit_b(first, low)
        v_m = start_p["M"] + emit_m(first, low)
        v_s = start_p["S"] + emit_s(first, low)
        v_e = start_p["E"] + emit_e(first, low)
    except Exception:  # tables it cannot read: jieba's function raises (or copes) its own way
        return _stock_viterbi(obs, states, start_p, trans_p, emit_p)
    codes: list[int] = []
    push = codes.append
    for char in obs[1:]:
        # B after E or S; M after M or B; S after S or E; E after B or M. ``max`` of jieba's
        # ``(prob, y0)`` tuples keeps the first unless the second is greater: on equal
        # probabilities, the greater letter (S over E, M over B; M over B, S over E).
        em = emit_b(char, low)
        x = v_e + e_b + em
        y = v_s + s_b + em
        if y >= x:
            new_b = y
            code = 1
        else:
            new_b = x
            code = 0
        em = emit_m(char, low)
        x = v_m + m_m + em
        y = v_b + b_m + em
        if y > x:
            new_m = y
            code |= 2
        else:
            new_m = x
        em = emit_s(char, low)
        x = v_s + s_s + em
        y = v_e + e_s + em
        if y > x:
            new_s = y
            code |= 4
        else:
            new_s = x
        em = emit_e(char, low)
        x = v_b + b_e + em
        y = v_m + m_e + em
        if y >= x:
            v_e = y
            code |= 8
        else:
            v_e = x
        v_b = new_b
        v_m = new_m
        v_s = new_s
        push(code)
    if v_s >= v_e:  # max((V[-1][y], y) for y in "ES")
        prob, state = v_s, "S"
    else:
        prob, state = v_e, "E"
    path = [state]
    for code in reversed(codes):
        state = _BACK[state][code]
        path.append(state)
    path.reverse()
    return prob, path


viterbi.guidepress_original = _stock_viterbi  # type: ignore[attr-defined]


def calc(self, sentence, DAG, route):
    """jieba's ``Tokenizer.calc``: the same ``route`` (the same tuples, filled in the same order)."""
    N = len(sentence)
    route[N] = (0, 0)
    logtotal = log(self.total)
    get = self.FREQ.get
    for idx in range(N - 1, -1, -1):
        ends = DAG[idx]
        if type(ends) is not list or not ends:  # never from get_DAG: jieba's own expression
            route[idx] = max((log(get(sentence[idx:x + 1]) or 1) - logtotal + route[x + 1][0], x) for x in ends)
            continue
        best_x = ends[0]
        best = log(get(sentence[idx:best_x + 1]) or 1) - logtotal + route[best_x + 1][0]
        if len(ends) > 1:
            for x in ends[1:]:
                value = log(get(sentence[idx:x + 1]) or 1) - logtotal + route[x + 1][0]
                if value > best or (value == best and x > best_x):  # max over (value, x) tuples
                    best = value
                    best_x = x
        route[idx] = (best, best_x)


calc.guidepress_original = _stock_calc  # type: ignore[attr-defined]


def installed() -> bool:
    return finalseg.viterbi is viterbi and jieba.Tokenizer.calc is calc


def install() -> bool:
    """Segment the fast way from now on (idempotent); True when active."""
    if installed():
        return True
    if not written_for("jieba viterbi", WRITTEN_FOR):
        return False
    finalseg.viterbi = viterbi
    jieba.Tokenizer.calc = calc
    return True


def uninstall() -> None:
    """Back to jieba on its own (for the tests that compare both)."""
    finalseg.viterbi = _stock_viterbi
    jieba.Tokenizer.calc = _stock_calc
