"""What a page may ask of the Markdown reader and of the theme, checked on its text before either
sees it (:func:`guidepress.model.safefiles.page_source`, so in ``check`` and in the build alike):

* :func:`nesting_findings`: lists, quotes, boxes and HTML blocks nested so deep that
  Python-Markdown would exhaust the stack;
* :func:`markdown_cost_findings`: paragraphs on which Python-Markdown's reading is quadratic
  (it tries every ``[`` and ``<`` against the rest of the paragraph);
* :func:`front_matter_findings`: front matter MkDocs would parse with anchors, aliases, deep
  nesting or a key written twice, a ``template:`` (which chooses the theme's template) and an
  ``icon:`` that is not one of the theme's icons.

Every function is linear in the page and returns findings; none raises.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from mkdocs.utils.meta import YAML_RE

from guidepress.model.errors import Finding
from guidepress.model.yamlfile import YamlError, load_yaml

PAGE_RULE = "page"



MAX_INDENT = 160
"""Deepest indentation of a page line, in columns (a tab counts 4): 40 levels of lists or boxes."""
MAX_HTML_DEPTH = 100
"""Deepest nesting of HTML block elements written in a page."""
_HTML_BLOCK = re.compile(r"<(/?)(?:div|details|section|aside|blockquote|figure|ul|ol|li|table|dl)\b", re.I)


def nesting_findings(text: str, where: str) -> list[Finding]:
    """Lists, quotes and boxes nested so deep that the Markdown reader would exhaust Python's
    stack (a RecursionError from about 250 levels of list): refused before it reads the page,
    with the line where the limit is passed. Linear in the page."""
    out: list[Finding] = []
    depth = 0
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" \t>")
        indent = len(line[:len(line) - len(stripped)].expandtabs(4))
        if indent > MAX_INDENT and stripped:
            out.append(Finding(where, number, PAGE_RULE,
                               f"this line is indented {indent} columns: lists, quotes and boxes nested this deep "
                               f"cannot be read (at most {MAX_INDENT} columns, about {MAX_INDENT // 4} levels)"))
            break
        for m in _HTML_BLOCK.finditer(line):
            depth += -1 if m.group(1) else 1
            if depth > MAX_HTML_DEPTH:
                out.append(Finding(where, number, PAGE_RULE,
                                   f"HTML elements are nested more than {MAX_HTML_DEPTH} deep here: the page cannot be "
                                   f"read. Close them, or write the page without so many levels"))
                return out
    return out


BLOCK_COST = 2_000_000
"""Most work one paragraph may ask of the Markdown reader: its openers (``[`` and ``<``) times its
length. Python-Markdown tries every opener against the rest of the paragraph, so a paragraph
of 20,000 ``[`` took 57 s; at this budget no paragraph takes more than about a third of a second,
while a paragraph of 2,000 characters may still hold 1,000 links."""
PAGE_COST = 20_000_000
"""The same, summed over a page's paragraphs (a few seconds at most)."""
_BLOCK_START = re.compile(r"\s*(?:[-*+]\s|\d{1,9}[.)]\s|\||#|!!!|\?\?\?|```|~~~|</?[A-Za-z])")


def markdown_cost_findings(text: str, where: str) -> list[Finding]:
    """Paragraphs whose reading would be quadratic in practice: refused before the Markdown
    reader sees them, naming their first line. List items, table rows, headings, boxes and HTML
    blocks start a new paragraph here, as they are read separately. Linear in the page."""
    out: list[Finding] = []
    total = 0
    start, length, openers = 0, 0, 0

    def close(end: int) -> None:
        nonlocal total
        cost = openers * length
        total += cost
        if cost > BLOCK_COST:
            out.append(Finding(where, start, PAGE_RULE,
                               f"this paragraph (lines {start}-{end}) has {openers} links, images or tags in {length} "
                               f"characters: that is too much work to read. Split it into shorter paragraphs, or "
                               f"remove the unmatched '[' and '<'"))

    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or _BLOCK_START.match(line):
            if length:
                close(number - 1)
            start, length, openers = number, 0, 0
            if not line.strip():
                continue
        if not length:
            start = number
        length += len(line) + 1
        openers += line.count("[") + line.count("<")
    if length:
        close(text.count("\n") + 1)
    if not out and total > PAGE_COST:
        out.append(Finding(where, None, PAGE_RULE,
                           "this page has so many links, images and tags in long paragraphs that it is too much work "
                           "to read: split it into several pages, or its paragraphs into shorter ones"))
    return out


REFUSED_KEYS = {
    "template": "a page cannot choose its theme template (with 'redirect.html' its 'location' would "
                "send readers anywhere, even to a javascript: address): remove the line",
}
"""Front-matter keys a content page may not set: they change what the theme does, not what it shows."""


def front_matter_findings(text: str, where: str) -> list[Finding]:
    """Problems of the YAML front matter as MkDocs finds it (``mkdocs.utils.meta``): anchors,
    aliases, nesting, keys written twice, and keys of :data:`REFUSED_KEYS`. Other YAML mistakes
    are left to the rules that read the front matter (MkDocs itself ignores front matter it
    cannot parse)."""
    m = YAML_RE.match(text)
    if not m:
        return []
    try:
        loaded = load_yaml(m.group(1), line_offset=1)
    except YamlError as exc:
        if exc.loaded is None and not exc.problems[0][1].startswith(("YAML anchors", "this YAML is nested")):
            return []  # not valid YAML: MkDocs shows it as text; translation pages report it
        return [Finding(where, line, "front-matter", message) for line, message in exc.problems]
    if not isinstance(loaded.data, dict):
        return []
    out = [Finding(where, loaded.line_of(key), "front-matter", f"'{key}': {why}")
           for key, why in REFUSED_KEYS.items() if key in loaded.data]
    if "icon" in loaded.data and not is_theme_icon(loaded.data["icon"]):
        out.append(Finding(where, loaded.line_of("icon"), "front-matter",
                           f"'icon': {str(loaded.data['icon'])[:80]!r} is not one of the theme's icons (such as "
                           f"'material/heart-outline'): correct the name or remove the line"))
    return out


_ICON_NAME = re.compile(r"[a-z0-9-]+(?:/[a-z0-9-]+)+")


@lru_cache(maxsize=1)
def _icons_dir() -> Path:
    import material

    return Path(material.__file__).parent / "templates" / ".icons"


def is_theme_icon(value: object) -> bool:
    """Material includes ``.icons/<icon>.svg`` for a page's ``icon:``: a name that is not one of
    its icons stopped the build with a traceback (and ``..`` in it reached for other templates)."""
    return isinstance(value, str) and bool(_ICON_NAME.fullmatch(value)) and (_icons_dir() / f"{value}.svg").is_file()
