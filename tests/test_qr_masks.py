"""The fast mask choice (guidepress/patches/segno_masks.py) gives exactly what segno 1.6.6 gives:
the same mask, the same modules and the same SVG for real contents, and the same penalty score
as ``segno.encoder.evaluate_mask`` for any matrix, edge cases included.

Every comparison runs segno's own code (about 3 to 35 ms a code), hence the seeded samples."""

from __future__ import annotations

import random
import string

import pytest
import segno
from segno import encoder

from guidepress.patches import segno_masks

SVG = {"scale": 4, "border": 2, "dark": "#000", "light": "#fff"}
QR_SIZES = [21 + 4 * v for v in range(40)]
PATH_CHARS = string.ascii_letters + string.digits + "-_/.~%?=&" + "éèàçßøåñüö" + "ąłśżčřšžőű" + "αβγδλωжщыя" + "汉字中文指南"


@pytest.fixture(autouse=True)
def _installed_afterwards():
    yield
    assert segno_masks.install()


def _stock(content, **kwargs) -> segno.QRCode:
    segno_masks.uninstall()
    try:
        return segno.make(content, **kwargs)
    finally:
        segno_masks.install()


def _patched(content, **kwargs) -> segno.QRCode:
    assert segno_masks.install()
    return segno_masks.make_qr(content, **kwargs)


def _assert_same(content, **kwargs) -> segno.QRCode:
    theirs, mine = _stock(content, **kwargs), _patched(content, **kwargs)
    where = (content, kwargs)
    assert mine.mask == theirs.mask, where
    assert mine.matrix == theirs.matrix, where
    assert type(mine.matrix) is tuple and all(type(row) is bytearray for row in mine.matrix), where
    assert (mine.version, mine.error) == (theirs.version, theirs.error), where
    assert mine.svg_inline(**SVG) == theirs.svg_inline(**SVG), where
    return mine


def _url(rnd: random.Random, length: int) -> str:
    start = rnd.choice(["https://example.org/", "https://guides.example.net/fr/guides/", "http://ex.am/"])
    return (start + "".join(rnd.choice(PATH_CHARS) for _ in range(length)))[:length]


def test_same_codes_as_segno_for_urls():
    """450 seeded URLs of 10 to 300 characters (non-ASCII paths too), at all four error levels:
    versions 1 to 20 or so. The masks chosen must vary, or the comparison says little."""
    rnd = random.Random(20260)
    masks, versions = set(), set()
    for _ in range(450):
        code = _assert_same(_url(rnd, rnd.randint(10, 300)), error=rnd.choice("lmqh"))
        masks.add(code.mask)
        versions.add(code.version)
    assert masks == set(range(8)) and len(versions) > 12


def test_same_codes_as_segno_for_the_site_urls():
    for lang in ("en", "fr", "zh", "el"):
        for slug in ("some-guide-slug", "diabète-de-type-2", "après-l-opération"):
            _assert_same(f"https://example.org/{lang}/guides/{slug}/", error="m")


def test_same_codes_as_segno_for_forced_versions():
    """A sample of versions 1 to 20 asked for outright, short contents in big symbols among them."""
    rnd = random.Random(7)
    for version in range(1, 21):
        for _ in range(3):
            error = rnd.choice("lmqh")
            for length in (10, 40):
                try:
                    _assert_same(_url(rnd, length), error=error, version=version, boost_error=rnd.random() < 0.5)
                except segno.DataOverflowError:
                    pass


def test_micro_codes_and_a_given_mask_are_segnos_own():
    """Micro QR codes (M1 to M4) and a mask asked for are left to segno's function."""
    rnd = random.Random(3)
    versions = set()
    for _ in range(1000):
        content = rnd.choice([str(rnd.randint(0, 10 ** rnd.randint(1, 34))),
                              "".join(rnd.choice(string.ascii_uppercase + " $%*+-./:") for _ in range(rnd.randint(1, 21))),
                              "".join(rnd.choice(string.ascii_lowercase) for _ in range(rnd.randint(1, 15)))])
        versions.add(_assert_same(content, micro=True).version)
    assert versions == {"M1", "M2", "M3", "M4"}
    for mask in range(8):
        assert _assert_same("https://example.org/fr/guides/demo/", error="m", mask=mask).mask == mask


def _runs_row(rnd: random.Random, size: int) -> bytearray:
    """Runs of random lengths (long ones too)."""
    row = bytearray()
    bit = rnd.randint(0, 1)
    while len(row) < size:
        row += bytes([bit]) * rnd.choice([1, 1, 2, 3, 4, 5, 6, 7, 9, 15, size])
        bit ^= 1
    return row[:size]


TOKENS = [b"\x01\x00\x01\x01\x01\x00\x01", b"\x00\x00\x00\x00", b"\x01", b"\x00", b"\x00\x00", b"\x01\x01\x01",
          b"\x01\x00\x01\x01\x01\x00\x01\x01\x01\x00\x01",  # two finder-like patterns overlapping by three
          b"\x01\x00\x01\x01\x01\x00\x01\x00\x01\x01\x01\x00\x01",  # by one
          b"\x00\x00\x00\x00\x01\x00\x01\x01\x01\x00\x01\x00\x00\x00\x00"]


def _token_row(rnd: random.Random, size: int) -> bytearray:
    """Finder-like patterns among light areas of every width, at every place (the edges too)."""
    row = bytearray()
    if rnd.random() < 0.3:  # a pattern that ends exactly at the edge
        tail = bytes(TOKENS[0])
        while len(row) < size - len(tail):
            row += rnd.choice(TOKENS)
        return (row[:size - len(tail)] + tail)[-size:]
    while len(row) < size:
        row += rnd.choice(TOKENS)
    return row[:size]


def _matrices(rnd: random.Random, count: int, sizes: list[int]):
    for n in range(count):
        size = rnd.choice(sizes)
        kind = n % 4
        if kind == 0:
            density = rnd.choice([0.02, 0.2, 0.5, 0.8, 0.98])
            rows = [bytearray(int(rnd.random() < density) for _ in range(size)) for _ in range(size)]
        elif kind == 1:
            rows = [_runs_row(rnd, size) for _ in range(size)]
        else:
            rows = [_token_row(rnd, size) for _ in range(size)]
        if kind == 3:  # the patterns in the columns too
            rows = [bytearray(column) for column in zip(*rows, strict=True)]
            for i in rnd.sample(range(size), size // 3):
                rows[i] = _token_row(rnd, size)
        yield tuple(rows)


def test_same_score_as_segno_on_any_matrix():
    rnd = random.Random(11)
    sizes = QR_SIZES[:10] + [97, 177]
    special = [tuple(bytearray([bit]) * size for _ in range(size)) for size in (21, 25, 177) for bit in (0, 1)]
    special += [tuple(bytearray([(i + j) & 1 for j in range(size)]) for i in range(size)) for size in (21, 45)]
    special += [tuple(bytearray([i & 1]) * size for i in range(size)) for size in (21, 45)]
    scores = set()
    for matrix in special + list(_matrices(rnd, 1600, sizes)):
        size = len(matrix)
        expected = encoder.evaluate_mask(matrix, size, size)
        assert segno_masks.penalty(matrix) == expected, (size, [bytes(row) for row in matrix])
        scores.add(expected)
    assert len(scores) > 1000


def test_same_mask_and_matrix_as_segno_on_any_matrix():
    """segno's ``find_and_apply_best_mask`` and the fast one on the same random matrices before
    masking, reserved areas and all: the same mask and the same modules."""
    rnd = random.Random(5)
    for matrix in _matrices(rnd, 400, QR_SIZES[:6]):
        size = len(matrix)
        theirs = segno_masks._stock_find_and_apply_best_mask(tuple(row[:] for row in matrix), size, size)
        given = tuple(row[:] for row in matrix)
        mine = segno_masks.find_and_apply_best_mask(given, size, size)
        assert mine[0] == theirs[0] and mine[1] == theirs[1] and type(mine[1]) is tuple, size
        assert given == matrix  # like segno's: the matrix it is given is not changed


def test_a_matrix_with_unset_modules_is_left_to_segno():
    matrix = encoder.make_matrix(25, 25)  # 0x2 where nothing is placed yet
    theirs = segno_masks._stock_find_and_apply_best_mask(tuple(row[:] for row in matrix), 25, 25)
    assert segno_masks.find_and_apply_best_mask(tuple(row[:] for row in matrix), 25, 25) == theirs
