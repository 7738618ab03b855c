"""An HTML tokenizer that follows the WHATWG tokenization rules for the states that decide where a
tag starts and ends and what its attributes are, and reports where each tag is in the input.

Why not a library: ``tinyhtml5`` (and ``html5lib``, which it comes from) build attribute values and
comments by repeated string concatenation inside lists and dicts, which is quadratic on a long
attribute full of ``&`` or a long attribute name (1 MB takes hours), and neither gives offsets.
Python's ``html.parser`` is not conformant (it parses ``</`` and comments differently from browsers).
``tests/test_hostile_html.py`` compares this tokenizer with ``tinyhtml5`` on tricky inputs.

What is followed exactly: the data state; tag open / end tag open; tag name; the attribute states
(names lower-cased, the first of duplicate attributes wins, values with character references
decoded as in an attribute, including the legacy rule for references without ``;``); self-closing;
comments (``<!-->``, ``<!--->``, ``-->``, ``--!>``); markup declarations, DOCTYPE, CDATA outside
foreign content and processing instructions (bogus comments that end at the first ``>``).
Input is pre-processed as browsers do (CR LF and CR become LF, NUL in names and values becomes
U+FFFD). After the start tag of an element whose content the browser does not parse as HTML
(``script``, ``style``, ``textarea``, ``title``, ``xmp``, ``iframe``, ``noembed``, ``noframes``,
``noscript``, ``plaintext``), the content is skipped up to the matching end tag: all of these are
refused by the allow-list anyway. Text and end tags are not reported (they cannot run or load
anything); a tag or comment cut off by the end of the input is reported with ``unfinished``
(a page is a fragment of a larger document: the browser would read on into the theme's markup).

Every step looks at each character a bounded number of times: linear in the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.entities import html5 as _ENTITIES

_WS = "\t\n\f "
_ALPHA = re.compile(r"[A-Za-z]")
_TAG_NAME_END = re.compile(r"[\t\n\f />]")
_ATTR_NAME_END = re.compile(r"[\t\n\f />=]")
_UNQUOTED_END = re.compile(r"[\t\n\f >]")
_NOT_WS = re.compile(r"[^\t\n\f ]")
_ALNUM_RUN = re.compile(r"[A-Za-z0-9]{1,40}")
_HEX_RUN = re.compile(r"[0-9A-Fa-f]+")
_DEC_RUN = re.compile(r"[0-9]+")
_COMMENT_END = re.compile(r"--!?>")
_RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"}
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_MAX_ENTITY = 32  # the longest name in the table ("CounterClockwiseContourIntegral;")

# code points 0x80-0x9F named by a numeric reference are read as windows-1252 (WHATWG table)
_C1 = dict(zip(range(0x80, 0xA0), "\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d"
                                  "\u017d\x8f\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a"
                                  "\u0153\x9d\u017e\u0178", strict=True))


@dataclass
class Attribute:
    name: str
    value: str
    raw: str
    """The value as written (before character references were decoded)."""


@dataclass
class StartTag:
    name: str
    start: int
    """Offset of ``<`` in the (pre-processed) input."""
    end: int
    attributes: list[Attribute] = field(default_factory=list)
    unfinished: bool = False
    content: str | None = None
    """For raw-text elements (``style``, ``script`` ...): the text up to the end tag."""

    def get(self, name: str) -> str | None:
        return next((a.value for a in self.attributes if a.name == name), None)


@dataclass
class Unfinished:
    """A comment or markup declaration that the end of the input cut off."""
    start: int
    what: str


def preprocess(text: str) -> str:
    """Newlines as the browser sees them (same length per line, so lines keep their numbers)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def lower(text: str) -> str:
    """ASCII lower case (``str.lower`` may change the length of non-ASCII text)."""
    return text.translate(_LOWER)


def tokenize(text: str):
    """Yield a :class:`StartTag` for every start tag of ``text`` (already pre-processed) and an
    :class:`Unfinished` for a comment cut off by the end of the input."""
    i, n = 0, len(text)
    while True:
        j = text.find("<", i)
        if j < 0 or j + 1 >= n:
            return
        c = text[j + 1]
        if _ALPHA.match(c):
            tag = _start_tag(text, j)
            i = tag.end
            if tag.name in _RAW_TEXT and not tag.unfinished:
                i = _skip_raw_text(text, tag)
            yield tag
            if tag.name == "plaintext":
                return
        elif c == "/":
            if j + 2 >= n:
                return
            if _ALPHA.match(text[j + 2]):
                i = _start_tag(text, j + 1).end  # an end tag: its attributes are dropped
            elif text[j + 2] == ">":
                i = j + 3
            else:
                i = _bogus_comment(text, j + 2)
        elif c == "!":
            if text.startswith("--", j + 2):
                i = _comment(text, j + 4)
                if i < 0:
                    yield Unfinished(j, "comment")
                    return
            else:
                i = _bogus_comment(text, j + 2)
        elif c == "?":
            i = _bogus_comment(text, j + 1)
        else:
            i = j + 1
        if i < 0:
            yield Unfinished(j, "markup declaration")
            return


def _bogus_comment(text: str, i: int) -> int:
    k = text.find(">", i)
    return k + 1 if k >= 0 else -1


def _comment(text: str, i: int) -> int:
    """End of a comment whose ``<!--`` ends before ``i``; -1 when the input ends first."""
    if text.startswith(">", i):
        return i + 1
    if text.startswith("->", i):
        return i + 2
    m = _COMMENT_END.search(text, i)
    return m.end() if m else -1


def _skip_raw_text(text: str, tag: StartTag) -> int:
    end = re.compile(r"</" + tag.name + r"[\t\n\f />]", re.I).search(text, tag.end)
    if end is None:
        tag.content = text[tag.end:]
        tag.unfinished = True
        return len(text)
    tag.content = text[tag.end:end.start()]
    return end.start()


def _start_tag(text: str, j: int) -> StartTag:
    """The tag whose ``<`` is at ``j`` (for an end tag, its ``/``): tag name state and after."""
    n = len(text)
    m = _TAG_NAME_END.search(text, j + 1)
    k = m.start() if m else n
    tag = StartTag(lower(text[j + 1:k]).replace("\0", "\ufffd"), j, k)
    i = k
    while True:
        m = _NOT_WS.search(text, i)  # before attribute name
        if m is None:
            return _cut(tag, n)
        i = m.start()
        c = text[i]
        if c == ">":
            tag.end = i + 1
            return tag
        if c == "/":
            i += 1  # self-closing start tag state: anything but ">" is read as an attribute
            continue
        # attribute name state ("=" as the first character is part of the name)
        m = _ATTR_NAME_END.search(text, i + 1)
        k = m.start() if m else n
        attr = Attribute(lower(text[i:k]).replace("\0", "\ufffd"), "", "")
        tag.attributes.append(attr)
        m = _NOT_WS.search(text, k)  # after attribute name
        if m is None:
            return _cut(tag, n)
        i = m.start()
        if text[i] != "=":
            continue
        m = _NOT_WS.search(text, i + 1)  # before attribute value
        if m is None:
            return _cut(tag, n)
        i = m.start()
        q = text[i]
        if q == ">":
            tag.end = i + 1
            return tag
        if q in "\"'":
            k = text.find(q, i + 1)
            if k < 0:
                return _cut(tag, n)
            attr.raw = text[i + 1:k]
            attr.value = decode_attribute(attr.raw)
            i = k + 1  # after attribute value (quoted): anything else starts the next attribute
        else:
            m = _UNQUOTED_END.search(text, i)
            k = m.start() if m else n
            if m is None:
                return _cut(tag, n)
            attr.raw = text[i:k]
            attr.value = decode_attribute(attr.raw)
            i = k


def _cut(tag: StartTag, n: int) -> StartTag:
    tag.end, tag.unfinished = n, True
    return tag


def decode_attribute(raw: str) -> str:
    """Character references decoded as in an attribute value; NUL becomes U+FFFD."""
    if "&" not in raw:
        return raw.replace("\0", "\ufffd")
    out, i = [], 0
    while True:
        j = raw.find("&", i)
        if j < 0:
            out.append(raw[i:])
            break
        out.append(raw[i:j])
        text, i = _reference(raw, j + 1)
        out.append(text)
    return "".join(out).replace("\0", "\ufffd")


def _reference(raw: str, i: int) -> tuple[str, int]:
    """The text for a reference whose ``&`` is just before ``i``, and where to go on."""
    if raw.startswith("#", i):
        hexa = raw.startswith(("x", "X"), i + 1)
        start = i + 2 if hexa else i + 1
        m = (_HEX_RUN if hexa else _DEC_RUN).match(raw, start)
        if m is None:
            return "&", i  # no digits: the text stays as it is
        end = m.end() + (1 if raw.startswith(";", m.end()) else 0)
        digits = m.group().lstrip("0") or "0"
        code = int(digits, 16 if hexa else 10) if len(digits) <= 8 else 0x110000
        return _code_point(code), end
    m = _ALNUM_RUN.match(raw, i)
    if m is None:
        return "&", i
    candidate = raw[i:i + _MAX_ENTITY]
    for size in range(len(candidate), 0, -1):
        name = candidate[:size]
        if name in _ENTITIES:
            after = raw[i + size:i + size + 1]
            if not name.endswith(";") and (after == "=" or after.isascii() and after.isalnum()):
                return "&" + name, i + size  # legacy rule: not a reference inside an attribute
            return _ENTITIES[name], i + size
    return "&", i


def _code_point(code: int) -> str:
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return _C1.get(code, chr(code))
