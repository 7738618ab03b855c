"""URLs as a browser reads them, and which ones a guide may use.

* A link (``<a href>``) may be relative, ``http``, ``https``, ``mailto`` or ``tel``.
* A resource (an image, CSS ``url()``, ``image-set()``, ``@import``...) must stay inside the site:
  no scheme at all and no ``//host``.

Before judging, a URL is normalised as the WHATWG URL parser does: leading and trailing C0
controls and spaces are stripped, tab, CR and LF are removed anywhere, and ``\\`` is read as ``/``
(for http(s) pages, which is what a relative URL resolves against). Character references were
already decoded by the tokenizer. So ``\\\\host``, ``/\\host``, `` //host``, ``java&#x09;script:``
and ``https&#58;//host`` are all seen for what they are.
"""

from __future__ import annotations

import re

NAVIGATION_SCHEMES = ("http", "https", "mailto", "tel")
_STRIP = "".join(chr(c) for c in range(0x21))
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SRCSET_SPACE = "\t\n\f\r "


def normalise(url: str) -> str:
    """``url`` as the browser's URL parser sees it before resolving it."""
    url = url.strip(_STRIP)
    for ch in "\t\n\r":
        url = url.replace(ch, "")
    return url.replace("\\", "/")


def scheme_of(url: str) -> str | None:
    """The scheme (lower case) of a normalised URL, or None for a relative URL."""
    m = _SCHEME.match(url)
    return m.group()[:-1].lower() if m else None


def link_problem(url: str) -> str | None:
    """Why ``url`` may not be the target of a link, or None."""
    scheme = scheme_of(normalise(url))
    if scheme is None or scheme in NAVIGATION_SCHEMES:
        return None
    if scheme in ("javascript", "vbscript", "data"):
        return "a javascript: (or script) URL runs code: use a normal link"
    return (f"the link '{shown(url)}' uses '{shown(scheme)}:': a link may only be relative or start with "
            f"http:, https:, mailto: or tel:")


def is_outside(url: str, allow_data: bool = False) -> bool:
    """True when loading ``url`` leaves the site: any scheme, or ``//host`` (``data:`` only when
    ``allow_data``)."""
    url = normalise(url)
    scheme = scheme_of(url)
    if scheme is not None:
        return not (allow_data and scheme == "data")
    return url.startswith("//")


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` value, split as the WHATWG "parse a srcset attribute" algorithm does."""
    urls, i, n = [], 0, len(value)
    while i < n:
        while i < n and (value[i] in _SRCSET_SPACE or value[i] == ","):
            i += 1
        start = i
        while i < n and value[i] not in _SRCSET_SPACE:
            i += 1
        url = value[start:i]
        if not url:
            break
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        depth = 0  # descriptors: up to a comma outside parentheses
        while i < n and not (value[i] == "," and depth == 0):
            depth += value[i] == "("
            depth -= value[i] == ")" and depth > 0
            i += 1
    return urls


def shown(text: str, limit: int = 80) -> str:
    """``text`` for a one-line message: control and invisible characters written as escapes,
    cut after ``limit`` characters."""
    cut = text[:limit]
    out = "".join(c if c.isprintable() else (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
                  for c in cut)
    return out + ("…" if len(text) > limit else "")
