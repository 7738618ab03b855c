"""segno: the mask of a QR code chosen in a fraction of the time, with the same result.

A QR code's modules are XORed with one of eight masks, and segno tries each one and keeps the one
with the lowest penalty score. segno 1.6.6 does this module by module in Python: ``apply_mask``
calls two Python functions per module and mask, and ``mask_scores`` walks every module of every
masked matrix in a Python loop. A site build makes one QR code per guide and language. Profiled
on a cold build of the 18-language site (252 codes), ``find_and_apply_best_mask`` took 1.07 s of
the 1.34 s spent in ``segno.make``.

:func:`find_and_apply_best_mask` does the same work on whole rows and columns at once. For each
matrix size it keeps each mask's flips over the encoding region as one integer, with one byte per
module (:func:`_masks`). The rows of a matrix, joined by a byte that is never a module, are XORed
with that integer, and so are the columns. The scores come from that:

* N1, a run of five or more modules of one colour in a row or a column: shifts and ANDs of the
  row and column integers, then ``bit_count``;
* N2, a 2 by 2 block of one colour: shifts and XORs of the row integer, then ``bit_count``;
* N3, the finder-like pattern: segno's own ``find``-based search, including how it treats the
  edges, on the joined bytes, each match checked within its own row or column;
* N4, the share of dark modules: ``bytes.count``, then the same float and int arithmetic as segno.

The first mask with the lowest total wins (a strict less-than, as in segno), and the matrix
returned is segno's: a tuple of bytearrays. Micro QR codes, a mask asked for by the caller, and a
matrix that holds anything other than 0 and 1 are left to segno's own function.

Measured without a profiler (``timeit``, best of 5): the mask choice of a version 4 code (guide
URLs such as ``https://example.org/fr/guides/some-guide-slug/``) takes 0.28 ms instead of 2.8 ms,
of a version 10 code 0.77 ms instead of 8.4 ms; 252 ``segno.make(url, error="m")`` calls on such
URLs take 0.21 s instead of 0.84 s (what is left is segno's own encoding). The first code of each
size also works out its masks once (1.5 ms for version 4). ``tests/test_qr_masks.py`` compares
the mask, the matrix and the SVG with segno's own for some 1,500 contents (QR and Micro QR codes,
all four error levels, versions 1 to 20), and the score with ``evaluate_mask`` on 2,000 random and
edge-case matrices.

:func:`make_qr` is ``segno.make``; the first call installs the fast function in ``segno.encoder``
for good. It gives exactly segno's result, so no caller can tell the difference, and swapping it
around each call would not be safe if two threads made codes at once. On any segno version
other than the one in ``WRITTEN_FOR``, segno's own function is used (one warning says so).
"""

from __future__ import annotations

import functools

import segno
from segno import encoder

from guidepress.patches import written_for

WRITTEN_FOR = {"segno": "1.6.6"}

_stock_find_and_apply_best_mask = encoder.find_and_apply_best_mask

_GAP = b"\x02"
"""Joins rows (and columns): no run of one colour and no finder-like pattern goes across it."""
_FINDER_LIKE = bytes((1, 0, 1, 1, 1, 0, 1))


@functools.lru_cache(maxsize=64)
def _masks(size: int) -> tuple[tuple[tuple[int, int], ...], int, int]:
    """For a QR code of ``size`` by ``size`` modules: for each of segno's eight masks, the flips
    of the joined rows and of the joined columns as integers (one byte per module, 1 where the
    mask flips the module); then two selectors of modules (1 in their byte): those with a module
    before them in their row (or column), and those with one before them and one above them.

    The encoding region and the masks are segno's own (``make_matrix``, ``add_finder_patterns``,
    ``add_alignment_patterns``, ``get_data_mask_functions``), as in its ``find_and_apply_best_mask``."""
    function_matrix = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(function_matrix, size, size)
    encoder.add_alignment_patterns(function_matrix, size, size)
    function_matrix[-8][8] = 0x1
    masks = []
    for mask_pattern in encoder.get_data_mask_functions(False):
        flips = [bytes(int(function_matrix[i][j] > 0x1 and bool(mask_pattern(i, j))) for j in range(size))
                 for i in range(size)]
        raw = b"".join(flips)
        rows = b"\x00".join(flips)
        columns = b"\x00".join(raw[j::size] for j in range(size))
        masks.append((int.from_bytes(rows, "big"), int.from_bytes(columns, "big")))
    inner = b"\x00" + b"\x01" * (size - 1)
    after = b"\x00".join([inner] * size)
    below = b"\x00".join([bytes(size)] + [inner] * (size - 1))
    return tuple(masks), int.from_bytes(after, "big"), int.from_bytes(below, "big")


def _runs(modules: int, after: int) -> int:
    """N1 of joined rows (or columns): each run of ``n`` >= 5 modules of one colour scores ``n - 2``.

    ``same`` marks each module that has the colour of the one before it in its row, ``five`` each
    module that ends five of one colour: a run of ``n`` has ``n - 4`` of those, and one that
    starts it (the module before it does not end five)."""
    same = after & ~(modules ^ (modules >> 8))
    five = same & (same >> 8) & (same >> 16) & (same >> 24)
    return five.bit_count() + 2 * (five & ~(five >> 8)).bit_count()


def _finder_like(seq: bytes, size: int) -> int:
    """N3 as segno's ``n3_pattern_occurrences`` counts it, on each ``size``-module sequence of
    ``seq`` (joined by one byte): 40 for a 1:1:3:1:1 pattern at either end of the sequence, or
    with no dark module in the (up to) four modules before it, or in the (up to) four after;
    after such a pattern the search goes on behind it, otherwise from its fourth module."""
    stride = size + 1
    count = 0
    find = seq.find
    idx = find(_FINDER_LIKE)
    while idx != -1:
        start = idx - idx % stride
        local = idx - start
        offset = idx + 7
        if local in (0, size - 7) \
                or not any(seq[start + max(local - 4, 0):idx]) \
                or not any(seq[offset:start + min(local + 11, size)]):
            count += 40
        else:
            offset = idx + 4
        idx = find(_FINDER_LIKE, offset)
    return count


def _score(rows: int, columns: int, size: int, after: int, below: int) -> int:
    """The penalty score of a masked matrix (segno's ``evaluate_mask``), from its joined rows and
    columns: ``after`` selects the modules that have one before them in their row, ``below`` those
    that also have one above them."""
    length = size * (size + 1) - 1
    row_bytes = rows.to_bytes(length, "big")
    n1 = _runs(rows, after) + _runs(columns, after)
    vertical = rows ^ (rows >> (8 * (size + 1)))  # 0 where a module has the colour of the one above
    different = (vertical | (vertical >> 8) | (rows ^ (rows >> 8))) & below
    n2 = 3 * ((size - 1) ** 2 - different.bit_count())
    n3 = _finder_like(row_bytes, size) + _finder_like(columns.to_bytes(length, "big"), size)
    percent = float(row_bytes.count(1)) / (size ** 2)
    n4 = 10 * int(abs(percent * 100 - 50) / 5)
    return n1 + n2 + n3 + n4


def penalty(matrix) -> int:
    """The penalty score of a square matrix of 0s and 1s, as segno's ``evaluate_mask`` gives it."""
    size = len(matrix)
    _, after, below = _masks(size)
    raw = b"".join(matrix)
    return _score(int.from_bytes(_GAP.join(matrix), "big"),
                  int.from_bytes(_GAP.join(raw[j::size] for j in range(size)), "big"), size, after, below)


def find_and_apply_best_mask(matrix, width, height, proposed_mask=None):
    """segno's ``find_and_apply_best_mask`` (``segno.encoder``): the same ``(mask, matrix)``."""
    if proposed_mask is not None or width != height or width < 21 or len(matrix) != height:
        return _stock_find_and_apply_best_mask(matrix, width, height, proposed_mask)
    size = width
    raw = b"".join(matrix)
    if len(raw) != size * size or raw.translate(None, b"\x00\x01"):
        return _stock_find_and_apply_best_mask(matrix, width, height, proposed_mask)
    masks, after, below = _masks(size)
    rows = int.from_bytes(_GAP.join(matrix), "big")
    columns = int.from_bytes(_GAP.join(raw[j::size] for j in range(size)), "big")
    best_score = -1
    best_pattern = 0
    for mask_number, (row_flips, column_flips) in enumerate(masks):
        score = _score(rows ^ row_flips, columns ^ column_flips, size, after, below)
        if best_score < 0 or score < best_score:
            best_score, best_pattern = score, mask_number
    best = (rows ^ masks[best_pattern][0]).to_bytes(size * (size + 1) - 1, "big")
    return best_pattern, tuple(bytearray(best[i:i + size]) for i in range(0, len(best), size + 1))


find_and_apply_best_mask.guidepress_original = _stock_find_and_apply_best_mask  # type: ignore[attr-defined]


def installed() -> bool:
    return encoder.find_and_apply_best_mask is find_and_apply_best_mask


def install() -> bool:
    """Choose masks the fast way from now on (idempotent); True when active."""
    if installed():
        return True
    if not written_for("segno masks", WRITTEN_FOR):
        return False
    encoder.find_and_apply_best_mask = find_and_apply_best_mask
    return True


def uninstall() -> None:
    """Back to segno on its own (for the tests that compare both)."""
    encoder.find_and_apply_best_mask = _stock_find_and_apply_best_mask


def make_qr(content, **kwargs) -> segno.QRCode:
    """``segno.make(content, **kwargs)``, with masks chosen by :func:`find_and_apply_best_mask`
    when the installed segno is the one it was written for."""
    install()
    return segno.make(content, **kwargs)
