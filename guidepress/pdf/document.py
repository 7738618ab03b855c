"""The print-ready HTML document of one guide in one language.

Built during the MkDocs build from the pages' rendered HTML (the same HTML as the website), so
admonitions, tables and images look the same. It is published as the guide's "print the whole
guide" page and is the input of the PDF step.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import segno
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from guidepress.view.escaping import install_gettext, plain
from guidepress.model.files import cache_mac, write_cache
from guidepress.view.templates import use_bytecode_cache
from guidepress.view.reader import MACROS as READER_MACROS

TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = Path(__file__).parent / "print.css"


@dataclass(frozen=True)
class Chapter:
    """One page of the guide, rendered."""

    stem: str
    title: str
    html: str
    lang: str
    dir: str
    state: str
    source: str
    """The Markdown file shown, relative to the project (for error messages)."""


_ID = re.compile(r'(\sid=")([^"]+)(")')
_HREF = re.compile(r'(\shref=")([^"]*)(")')
_HEADING = re.compile(r"<(/?)h([1-6])\b", re.I)


def _demote(html: str) -> str:
    """h1 becomes h2 and so on: the guide's title is the document's only h1."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", html)


def chapter_id(stem: str, anchor: str | None = None) -> str:
    return f"p-{stem}" + (f"--{anchor}" if anchor else "")


def rewrite_chapter(html: str, stem: str, stems: set[str], page_url: str, site_url: str | None) -> str:
    """Make a page's HTML fit in the whole-guide document.

    Ids get the page's prefix; links to pages of the same guide become links inside the
    document; other relative links become absolute URLs of the website (printed after the link
    text), so that they still mean something on paper.
    """
    html = _ID.sub(lambda m: m.group(1) + chapter_id(stem, m.group(2)) + m.group(3), html)

    def href(m: re.Match) -> str:
        url = m.group(2)
        if url.startswith("#"):
            return m.group(1) + "#" + chapter_id(stem, url[1:]) + m.group(3)
        if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith("//"):
            return m.group(0)
        path, _, anchor = url.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_url.rstrip("/") + "/x"), path))
        other = posixpath.basename(target.rstrip("/"))
        if posixpath.dirname(target.rstrip("/")) == posixpath.dirname(page_url.rstrip("/")) and other in stems:
            return m.group(1) + "#" + chapter_id(other, anchor or None) + m.group(3)
        if site_url and not re.search(r"\.(svg|png|jpe?g|gif|webp|pdf)$", path, re.I):
            absolute = urljoin(site_url, target.lstrip("/") + ("/" if url.endswith("/") or not path else ""))
            return m.group(1) + absolute + (f"#{anchor}" if anchor else "") + m.group(3)
        return m.group(0)

    html = _HREF.sub(href, html)
    return _demote(html)


_QR_CACHE: list[Path | None] = [None]
_QR_PREFIX = "data:image/svg+xml;base64,"


def use_qr_cache(folder: Path | None) -> None:
    """Keep the QR codes in ``folder`` too (``None``: in memory only). Making one takes segno
    about 12 ms (it scores the eight masks), and a site build makes one per guide and language:
    108 on the 18-language benchmark, 1.3 s of CPU at every build."""
    _QR_CACHE[0] = folder


@functools.lru_cache(maxsize=1024)
def qr_data_uri(url: str) -> str:
    """An SVG QR code of ``url``, inline: nothing to fetch. On disk, each code's file is named
    by the URL and by the keyed hash of its content, which is checked before use: a damaged or
    foreign file (a QR code leads readers somewhere) is made again."""
    folder = _QR_CACHE[0]
    key = hashlib.sha256(f"segno {segno.__version__}\n{url}".encode("utf-8")).hexdigest()[:32]
    found = _read_qr(folder, key) if folder is not None else None
    if found is not None:
        return found
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")
    uri = _QR_PREFIX + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    if folder is not None:
        write_cache(folder / f"{key}-{_qr_digest(uri)}.txt", uri)
    return uri


def _qr_digest(uri: str) -> str:
    """Part of the file's name: the keyed hash of its content (:func:`guidepress.model.files.cache_mac`)."""
    return cache_mac(uri)[:32]


def _read_qr(folder: Path, key: str) -> str | None:
    """The kept QR code of ``key`` when its content matches the hash in its name and is an SVG
    data URI; damaged or stale files of the key are deleted."""
    try:
        candidates = sorted(folder.glob(f"{key}-*.txt"))
    except OSError:
        return None
    for path in candidates:
        try:
            uri = path.read_text(encoding="ascii")
            if (path.stem == f"{key}-{_qr_digest(uri)}" and uri.startswith(_QR_PREFIX)
                    and base64.b64decode(uri[len(_QR_PREFIX):], validate=True).startswith(b"<svg")):
                return uri
        except (OSError, ValueError):
            pass
        try:
            path.unlink()
        except OSError:
            pass
    return None


_CSS_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": " "}


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that stays inside its ``<style>`` element: ``<`` and ``>``
    (``</style>``) and control characters become CSS escapes (``\\3c ``), which print as
    themselves."""
    out = []
    for ch in str(text):
        if ch in _CSS_ESCAPES:
            out.append(_CSS_ESCAPES[ch])
        elif ch in "<>&" or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):x} ")  # the space ends the escape and is not printed
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def page_counter_css(template: str) -> str:
    """CSS ``content`` for "Page X of Y" in the reader's language, from a gettext message
    holding ``%(page)s`` and ``%(pages)s``."""
    parts = re.split(r"(%\(page\)s|%\(pages\)s)", template)
    out = []
    for part in parts:
        if part == "%(page)s":
            out.append("counter(page)")
        elif part == "%(pages)s":
            out.append("counter(pages)")
        elif part:
            out.append(css_string(part))
    return " ".join(out)


def environment(translations, templates: Path = TEMPLATES, lang: str | None = None) -> Environment:
    """A Jinja environment for guidepress's own templates in ``templates``, with the language's
    gettext catalog (strings it lacks marked English in a page in ``lang``) and compiled templates
    shared (bytecode cache)."""
    env = Environment(loader=FileSystemLoader([str(templates), str(READER_MACROS)]),  # the site's reader macros too
                      autoescape=True, extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    install_gettext(env, translations, lang)  # a translated string is text, never markup
    env.filters["url"] = str  # the reader view's links: printed documents are given absolute URLs
    return use_bytecode_cache(env)  # compiled once for every guide and language


def render_document(*, translations, guide: dict, chapters: list[Chapter], lang: dict, source_lang: dict,
                    online_url: str, site_name: str, notices: list[dict], back_matter: dict | None = None,
                    csp: str = "", translators: list[str] | None = None) -> str:
    """The whole-guide HTML; ``guide`` is the reader view's trust panel with each chapter's notice
    (:func:`guidepress.view.reader.trust`), ``notices`` the cover's
    (:func:`guidepress.view.reader.document_notices`); ``back_matter`` holds the rendered glossary and support list
    (:func:`guidepress.pdf.reference.back_matter`); ``csp`` is the Content-Security-Policy the page
    declares for browsers (the plugin option ``content_security_policy``; WeasyPrint ignores it);
    ``translators``: who translated the pages printed in ``lang``."""
    env = environment(translations, lang=lang.get("html_lang") or lang.get("code"))
    gettext = translations.gettext
    # The stylesheet is inlined: the document stands alone, and WeasyPrint resolves
    # target-counter(attr(href)) against the document only for inline styles.
    stylesheet = Markup(STYLESHEET.read_text(encoding="utf-8"))
    return env.get_template("print.html").render(
        guide=guide, chapters=[{**c.__dict__, "id": chapter_id(c.stem), "html": Markup(c.html)} for c in chapters],
        lang=lang, source_lang=source_lang, online_url=online_url, qr=qr_data_uri(online_url),
        stylesheet=stylesheet, site_name=site_name, notices=notices, back=back_matter or {}, csp=csp,
        translators=translators or [],
        page_counter=Markup(page_counter_css(gettext("Page %(page)s of %(pages)s"))),
        running_title=Markup(css_string(plain(guide["title"]))),  # escaped text in the context
    )
