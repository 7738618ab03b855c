"""The print-ready HTML document of one guide in one language.

Built during the MkDocs build from the pages' rendered HTML (the same HTML as the website), so
admonitions, tables and images look the same. It is published as the guide's "print the whole
guide" page and is the input of the PDF step.
"""

from __future__ import annotations

import base64
import functools
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from guidepress.view.escaping import install_gettext, plain
from guidepress.patches.segno_masks import make_qr
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


def chapter_id(stem: str, anchor: str | None = None) -> str:
    return f"p-{stem}" + (f"--{anchor}" if anchor else "")


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)  # a URL's scheme (text, not HTML)
_LOCAL_FILE = re.compile(r"\.(svg|png|jpe?g|gif|webp|pdf)$", re.I)  # a URL path's extension


def _attribute(value: str, apostrophe: bool) -> str:
    """An attribute value in double quotes, as Python-Markdown writes it (and, with ``apostrophe``,
    as ``html.escape`` does: the glossary's term links)."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return value.replace("'", "&#x27;") if apostrophe else value


class _ChapterRewriter(HTMLParser):
    """Edits of a page's HTML, found by Python's HTML parser: each start tag with an ``id`` or an
    ``href`` to change is written again from its parsed attributes; a heading's level is changed
    in place (``<h2`` becomes ``<h3``, ``</h2>`` ``</h3>``); every other byte stays as it was."""

    def __init__(self, html: str, stem: str, href):
        super().__init__(convert_charrefs=True)
        self.html, self.stem, self.href = html, stem, href
        self.lines = [0]  # where each line starts: the parser counts lines by "\n" only
        for line in html.split("\n"):
            self.lines.append(self.lines[-1] + len(line) + 1)
        self.edits: list[tuple[int, int, str]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        level = _level(tag)
        changed = []
        for name, value in attrs:
            if name == "id" and value:
                value = chapter_id(self.stem, value)
            elif name == "href" and value is not None:
                value = self.href(value)
            changed.append((name, value))
        if changed != attrs:
            name = f"h{level}" if level else tag
            apostrophe = "&#x27;" in raw  # the tag was written so: write it the same way
            text = "".join(f" {k}" if v is None else f' {k}="{_attribute(v, apostrophe)}"' for k, v in changed)
            self.edits.append((start, start + len(raw), f"<{name}{text}{' /' if closed else ''}>"))
        elif level:
            self.edits.append((start + 2, start + 3, str(level)))

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, True)

    def handle_endtag(self, tag):
        level = _level(tag)
        if level:
            start = self._offset()
            self.edits.append((start + 3, start + 4, str(level)))

    def result(self) -> str:
        out, at = [], 0
        for start, end, text in self.edits:
            out += [self.html[at:start], text]
            at = end
        return "".join(out) + self.html[at:]


def _level(tag: str) -> int | None:
    """The new level of a heading: h1 becomes h2 and so on (the guide's title is the document's
    only h1); None for any other tag."""
    if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
        return min(int(tag[1]) + 1, 6)
    return None


def rewrite_chapter(html: str, stem: str, stems: set[str], page_url: str, site_url: str | None) -> str:
    """Make a page's HTML fit in the whole-guide document.

    Ids get the page's prefix; links to pages of the same guide become links inside the
    document; other relative links become absolute URLs of the website (printed after the link
    text), so that they still mean something on paper; headings go one level down.
    """

    def href(url: str) -> str:
        if url.startswith("#"):
            return "#" + chapter_id(stem, url[1:])
        if _SCHEME.match(url) or url.startswith("//"):
            return url
        path, _, anchor = url.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_url.rstrip("/") + "/x"), path))
        other = posixpath.basename(target.rstrip("/"))
        if posixpath.dirname(target.rstrip("/")) == posixpath.dirname(page_url.rstrip("/")) and other in stems:
            return "#" + chapter_id(other, anchor or None)
        if site_url and not _LOCAL_FILE.search(path):
            absolute = urljoin(site_url, target.lstrip("/") + ("/" if url.endswith("/") or not path else ""))
            return absolute + (f"#{anchor}" if anchor else "")
        return url

    rewriter = _ChapterRewriter(html, stem, href)
    rewriter.feed(html)
    rewriter.close()
    return rewriter.result()


_QR_PREFIX = "data:image/svg+xml;base64,"


@functools.lru_cache(maxsize=1024)
def qr_data_uri(url: str) -> str:
    """An SVG QR code of ``url``, inline: nothing to fetch. Making one takes about 1.2 ms (segno
    alone: 3 to 12 ms, most of it scoring the eight masks, see
    :mod:`guidepress.patches.segno_masks`); a site build makes one per guide and language (252
    on the 14-guide benchmark corpus), and a language build whose inputs did not change is
    copied from the site cache, QR codes and all. Keeping each code in a file of its own cost
    more than making it again (0.15 s of the 0.5 s of a cold build's codes)."""
    svg = make_qr(url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")
    return _QR_PREFIX + base64.b64encode(svg.encode("utf-8")).decode("ascii")


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
    parts = re.split(r"(%\(page\)s|%\(pages\)s)", template)  # a catalog message (text, not HTML)
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
