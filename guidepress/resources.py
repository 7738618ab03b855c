"""Resources a page loads must come from inside the project: never from the network or from
elsewhere on the disk. Used by the build (site and print documents) and by the PDF renderer."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Attributes through which an element makes the browser (or WeasyPrint) fetch something.
_RESOURCE_ATTRS = re.compile(
    r"<(img|source|video|audio|track|iframe|object|embed|link|script|input|image|use)\b[^>]*?"
    r"\s(src|data|poster|href|xlink:href|srcset)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)",
    re.I | re.S,
)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^)'\"]+)\1\s*\)", re.I)
_STYLE_ATTR = re.compile(r"\sstyle\s*=\s*(\"[^\"]*\"|'[^']*')", re.I)
_OUTSIDE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)


@dataclass(frozen=True)
class ExternalResource:
    tag: str
    url: str


def is_outside(url: str) -> bool:
    """True for URLs that leave the project: any scheme (http, https, file, ftp...) or ``//host``,
    except ``data:`` URIs, which carry their content with them."""
    url = url.strip()
    return bool(_OUTSIDE.match(url)) and not url.lower().startswith("data:")


def external_resources(html: str) -> list[ExternalResource]:
    """Every resource in ``html`` that would be fetched from outside the project."""
    found = []
    for m in _RESOURCE_ATTRS.finditer(html):
        tag, attr, value = m.group(1).lower(), m.group(2).lower(), m.group(3).strip("\"'")
        if tag == "link" and attr == "href":
            rel = re.search(r"\srel\s*=\s*[\"']?([^\"'>\s]+)", m.group(0), re.I)
            if rel and rel.group(1).lower() in ("canonical", "alternate", "next", "prev"):
                continue  # navigation links, not fetched
        urls = [u.strip().split(" ")[0] for u in value.split(",")] if attr == "srcset" else [value]
        found += [ExternalResource(tag, u) for u in urls if is_outside(u)]
    for m in _STYLE_ATTR.finditer(html):
        found += [ExternalResource("style", u) for _, u in _CSS_URL.findall(m.group(1)) if is_outside(u)]
    for block in re.findall(r"<style\b[^>]*>(.*?)</style>", html, re.S | re.I):
        found += [ExternalResource("style", u) for _, u in _CSS_URL.findall(block) if is_outside(u)]
    return found


def line_of(text: str, needle: str) -> int | None:
    """1-based line of the first occurrence of ``needle`` in ``text``."""
    i = text.find(needle)
    return text.count("\n", 0, i) + 1 if i >= 0 else None
