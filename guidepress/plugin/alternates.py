"""Language alternates of a page, written in the sitemap (absolute hreflang links with
``x-default``; not in each page's head, where Material would fetch a sitemap per alternate),
listing a page only in the languages where it really exists (never a fallback copy)."""

from __future__ import annotations

from html import escape
from urllib.parse import urljoin


def absolute(site_url: str | None, url: str) -> str:
    """``url`` (site-root-relative) as an absolute URL, or a root-relative path without site_url."""
    url = "" if url in (".", "./") else url
    return urljoin(site_url, url) if site_url else "/" + url.lstrip("/")


def sitemap(entries: list[tuple[str, dict[str, str]]], default_lang: str) -> str:
    """``sitemap.xml`` with one ``<url>`` per existing page and its alternates."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for loc, alternates in sorted(entries):
        out.append(f"  <url>\n    <loc>{escape(loc)}</loc>")
        for lang, url in alternates.items():
            out.append(f'    <xhtml:link rel="alternate" hreflang="{lang.replace("_", "-")}" href="{escape(url)}"/>')
        if default_lang in alternates:
            out.append(f'    <xhtml:link rel="alternate" hreflang="x-default" href="{escape(alternates[default_lang])}"/>')
        out.append("  </url>")
    out.append("</urlset>")
    return "\n".join(out) + "\n"
