"""Reading project files as untrusted input: no symbolic link, a size limit, UTF-8 only.

Every file of a pull request may come from a stranger, and CI builds it with secrets in its
environment. A symbolic link in the content (``docs/en/leak.txt -> /proc/self/environ``) would
publish whatever it points at, so guidepress follows none:

* :func:`find_links` walks the content folders once (``os.scandir``, never following a link) and
  names every link, file or folder; ``guidepress check`` reports them, and the plugin's
  ``on_config`` stops the build with the same messages before MkDocs reads or copies anything
  (:func:`guard_build`, which also reads every page once, so that all their problems are told
  together with those of the manifests).
* :func:`read_text` is how guidepress reads a content file: it refuses a link (the file itself,
  opened with ``O_NOFOLLOW``, and every folder between the project root and it), a file larger
  than :data:`MAX_BYTES`, text that is not UTF-8 (naming the line of the first bad byte) and NUL
  bytes (naming their lines), all at once.
* :func:`page_source` is what MkDocs gets instead of opening a page itself
  (``on_page_read_source``): the same checks, plus the front matter's YAML refused when it has
  anchors, aliases, deep nesting or a key written twice, before MkDocs parses it.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from mkdocs.utils.meta import YAML_RE

from .errors import ContentError, Finding, display_path
from .yamlfile import YamlError, load_yaml

RULE = "symlink"
MAX_BYTES = 2 * 1024 * 1024
"""Largest file guidepress reads (a page of a patient guide is a few kilobytes)."""
LINK_FIX = "guidepress never follows links, so nothing outside the repository can be published"
_MAX_NUL_LINES = 5


def link_finding(path: Path | str, root: Path | None, is_dir: bool | None = None) -> Finding:
    """The one message for a symbolic link (the same in ``check`` and in the build)."""
    if is_dir is None:
        is_dir = os.path.isdir(path)  # what it points at; the link itself is never read
    what = "folder" if is_dir else "file"
    return Finding(display_path(path, root), None, RULE,
                   f"this {what} is a symbolic link: replace it with the {what} itself ({LINK_FIX})")


def links_above(place: Path | str, root: Path | str) -> list[Finding]:
    """Links among the folders between ``root`` and ``place`` (``place`` included); both are
    absolute paths, not resolved. One ``lstat`` per folder (string operations: this runs for
    every file read)."""
    place, root = os.path.abspath(place), os.path.abspath(root)
    if not _inside(place, root):  # outside the project (a theme folder given by absolute path): itself only
        return [link_finding(place, Path(root))] if os.path.islink(place) else []
    current = root
    for part in place[len(root):].split(os.sep):
        if part:
            current = os.path.join(current, part)
            if os.path.islink(current):
                return [link_finding(current, Path(root))]
    return []


def _inside(path: str, root: str) -> bool:
    """Whether the absolute ``path`` is ``root`` or inside it."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def find_links(root: Path, places: Iterable[Path | str | None]) -> list[Finding]:
    """Every symbolic link at or under each of ``places`` (folders or files), and in the folders
    that lead to them from ``root``, and every name there that is not a safe file name
    (:data:`_SAFE_NAME`): one linear walk that never follows a link."""
    root = Path(os.path.abspath(root))
    out: list[Finding] = []
    seen: set[str] = set()
    for place in places:
        if place is None:
            continue
        place = Path(os.path.abspath(place))
        above = links_above(place, root)
        if above:
            out.extend(f for f in above if f not in out)
            continue
        stack = [str(place)] if os.path.isdir(place) else []
        while stack:
            folder = stack.pop()
            if folder in seen:
                continue
            seen.add(folder)
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if not _SAFE_NAME.fullmatch(entry.name):
                    out.append(name_finding(entry.path, root))
                if entry.is_symlink():
                    out.append(link_finding(entry.path, root))
                elif entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
    return sorted(out, key=lambda f: f.path)


_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
"""File and folder names in the content: they become web addresses, titles and table cells."""


def name_finding(path: Path | str, root: Path | None) -> Finding:
    name = os.path.basename(path)
    return Finding(display_path(path, root), None, "names",
                   f"the name {name[:80]!r} has characters that a web address or a page cannot carry safely: "
                   f"rename it with letters a-z, digits, '-', '_' and '.' only (for example '{_safe_name(name)}')")


def _safe_name(name: str) -> str:
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "file"
    suffix = re.sub(r"[^A-Za-z0-9]+", "", suffix)
    return stem + (dot + suffix if suffix else "")


def content_places(docs_dir, guides_dir, locales_dir, theme_dir=None, config_file=None) -> list:
    """The folders and files whose links :func:`find_links` looks for: ``mkdocs.yml``, the pages,
    the guides, the catalogs and data, the theme's templates."""
    return [p for p in (config_file, docs_dir, guides_dir, locales_dir, theme_dir) if p]


def unsafe_content(root: Path, places: list, page_folders: list) -> list[Finding]:
    """For the build, before MkDocs reads or copies anything: raise :class:`ContentError` naming
    every symbolic link (nothing else is read then); else return the problems of every page that
    :func:`page_source` would refuse, all at once."""
    found = find_links(root, places)
    if found:
        raise ContentError(found)
    return [f for page in pages_under(page_folders) for f in page_findings(page, root)]


# -- reading one file -------------------------------------------------------------------------

def _root_of(path: Path | str, root: Path | str) -> Path:
    """``root`` as written, or with its links resolved, whichever ``path`` is inside (the project
    model resolves the root; MkDocs' configuration does not)."""
    path, root = os.path.abspath(path), os.path.abspath(root)
    if not _inside(path, root):
        real = os.path.realpath(root)
        if _inside(path, real):
            return Path(real)
    return Path(root)


def read_bytes(path: Path, where: str, rule: str, root: Path | None = None, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file that is not a link and not reached through one.

    Raises :class:`FileNotFoundError` when it does not exist, :class:`ContentError` otherwise."""
    path = Path(path)
    if root is not None:
        root = _root_of(path, root)
        if not _inside(os.path.abspath(path), str(root)):
            raise ContentError([Finding(where, None, RULE, "this file is outside the project (reached through a "
                                                           f"symbolic link?): {LINK_FIX}")])
        above = links_above(path, root)
        if above:
            raise ContentError(above)
    if os.path.islink(path):  # O_NOFOLLOW refuses it too, where the system has it
        raise ContentError([link_finding(path, root)])
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if os.path.islink(path):
            raise ContentError([link_finding(path, root)]) from None
        raise ContentError([Finding(where, None, rule, f"this file cannot be read ({exc.strerror})")]) from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ContentError([Finding(where, None, rule, "this is not a regular file: replace it with a text file")])
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ContentError([Finding(where, None, rule,
                                    f"this file is {info.st_size / 1024 / 1024:.1f} MB; guidepress reads files of at "
                                    f"most {limit / 1024 / 1024:.0f} MB: split it into smaller files")])
    return data


def decode(data: bytes, where: str, rule: str) -> tuple[str | None, list[Finding]]:
    """UTF-8 text with universal newlines (None when it is not UTF-8), and the findings that say
    why it cannot be used: the line of the first byte that is not UTF-8, the lines holding NUL
    bytes."""
    findings: list[Finding] = []
    text = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        findings.append(Finding(where, line, rule,
                                f"this file is not UTF-8 text (byte 0x{data[exc.start]:02X} on this line is not "
                                f"UTF-8; was it saved as Latin-1 or Windows-1252?): save it as UTF-8"))
    nul = data.find(b"\0")
    lines: list[int] = []
    while nul != -1 and len(lines) < _MAX_NUL_LINES:
        line = data.count(b"\n", 0, nul) + 1
        lines.append(line)
        end = data.find(b"\n", nul)
        nul = -1 if end == -1 else data.find(b"\0", end)
    for line in lines:
        findings.append(Finding(where, line, rule,
                                "this line holds a NUL byte (\\0), which text never has: remove it "
                                "(was a binary file saved under this name?)"))
    if text is not None:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, findings


def read_text(path: Path, where: str, rule: str, root: Path | None = None, limit: int = MAX_BYTES) -> str:
    """A content file's text (see :func:`read_bytes` and :func:`decode`); raises
    :class:`ContentError` with every problem, :class:`FileNotFoundError` when it is missing."""
    text, findings = decode(read_bytes(path, where, rule, root, limit), where, rule)
    if findings:
        raise ContentError(findings)
    return text


def try_read_text(path: Path, where: str, rule: str, root: Path | None = None) -> tuple[str | None, list[Finding]]:
    """:func:`read_text` that returns its findings instead of raising them."""
    try:
        return read_text(path, where, rule, root), []
    except ContentError as exc:
        return None, exc.findings
    except FileNotFoundError:
        return None, [Finding(where, None, rule, "this file does not exist")]


# -- pages ------------------------------------------------------------------------------------

PAGE_RULE = "page"


MAX_INDENT = 160
"""Deepest indentation of a page line, in columns (a tab counts 4): 40 levels of lists or boxes."""
MAX_HTML_DEPTH = 100
"""Deepest nesting of HTML block elements written in a page."""
_HTML_BLOCK = re.compile(r"<(/?)(?:div|details|section|aside|blockquote|figure|ul|ol|li|table|dl)\b[^>]*?(/?)>", re.I)


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
            if m.group(2):
                continue  # <div/>
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


def page_source(path: Path | str, root: Path | None) -> str:
    """The text of a Markdown page for MkDocs: no link, at most :data:`MAX_BYTES`, UTF-8 without
    NUL bytes, and front matter MkDocs can parse in linear time. Raises :class:`ContentError`
    with every problem of the page."""
    if root is not None:
        root = _root_of(path, root)
    where = _where(path, root)
    try:
        text, findings = decode(read_bytes(Path(path), where, PAGE_RULE, root), where, PAGE_RULE)
    except FileNotFoundError:
        raise ContentError([Finding(where, None, PAGE_RULE, "this page does not exist")]) from None
    if text is not None:
        text = text.removeprefix("\ufeff")  # MkDocs reads pages as utf-8-sig
        findings += front_matter_findings(text, where) + nesting_findings(text, where) + markdown_cost_findings(text, where)
    if findings:
        raise ContentError(findings)
    return text


def _where(path: Path | str, root: Path | None) -> str:
    """:func:`~guidepress.errors.display_path` by string operations (it runs for every page)."""
    path = os.path.abspath(path)
    if root is not None and _inside(path, str(root)) and os.sep == "/":
        return path[len(str(root).rstrip("/")) + 1:]
    return display_path(path, root)


def page_findings(path: Path, root: Path | None) -> list[Finding]:
    """Every problem :func:`page_source` refuses, as findings (for ``check``)."""
    try:
        page_source(path, root)
    except ContentError as exc:
        return exc.findings
    return []


def pages_under(folders: Iterable[Path | None]) -> list[Path]:
    """Every ``.md`` file under ``folders``, without following links."""
    out = []
    for folder in folders:
        if folder is None or not os.path.isdir(folder) or os.path.islink(folder):
            continue
        stack = [str(folder)]
        while stack:
            current = stack.pop()
            try:
                entries = list(os.scandir(current))
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.name.endswith(".md") and entry.is_file(follow_symlinks=False):
                    out.append(Path(entry.path))
    return sorted(out)


def guard_build(config, guides_dir: str, locales_dir: str) -> list[Finding]:
    """The build's first step (the plugin's ``on_config``): :func:`unsafe_content` for the
    project of the MkDocs ``config`` (raises for links, returns the pages' problems)."""
    root = Path(os.path.abspath(config.config_file_path)).parent
    guides, locales = root / guides_dir, root / locales_dir
    theme_dir = getattr(config.theme, "custom_dir", None)
    places = content_places(config.docs_dir, guides, locales, theme_dir, config.config_file_path)
    return unsafe_content(root, places, [Path(config.docs_dir), guides])


def file_source(file, root: Path | None) -> str | None:
    """The text MkDocs should use for the page of ``file`` (``on_page_read_source``), read by
    :func:`page_source` from the real file (guide pages are virtual files whose real path
    :mod:`guidepress.i18n_bridge` keeps); None for pages guidepress generates in memory."""
    from . import i18n_bridge

    if getattr(file, i18n_bridge.CONTENT, None) is not None:
        return None
    real = getattr(file, i18n_bridge.ATTR, None) or file.abs_src_path
    if real is None:
        return None
    return page_source(real, root)
