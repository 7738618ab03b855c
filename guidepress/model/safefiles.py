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
  (``on_page_read_source``): the same checks, plus :mod:`guidepress.model.pagerules` (front matter
  MkDocs could not parse safely, nesting and paragraphs the Markdown reader could not read in
  reasonable time), before MkDocs parses it.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from guidepress.model import facts
from guidepress.model.errors import ContentError, Finding, display_path
from guidepress.model.pagerules import PAGE_RULE, front_matter_findings, markdown_cost_findings, nesting_findings

RULE = "symlink"
MAX_BYTES = 2 * 1024 * 1024
"""Largest file guidepress reads (a page of a patient guide is a few kilobytes)."""
LINK_FIX = "guidepress never follows links, so nothing outside the repository can be published"
_MAX_NUL_LINES = 5
ATTR = "guidepress_source"
"""Attribute of a MkDocs ``File`` that holds the real path of a guide page (set by the site's
bridge to mkdocs-static-i18n, read here so that every page is read through :func:`page_source`)."""
CONTENT = "guidepress_content"
"""Attribute of a MkDocs ``File`` whose text guidepress generated in memory."""


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


_SAFE_NAME = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_.-]*")
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
    every symbolic link (nothing else is read then); else return the unsafe names and the problems
    of every page that :func:`page_source` would refuse, all at once."""
    found = find_links(root, places)
    links = [f for f in found if f.rule == RULE]
    if links:
        raise ContentError(links)
    return found + [f for page in pages_under(page_folders) for f in page_findings(page, root)]


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
        text = _newlines(text)
    return text, findings


def _newlines(text: str) -> str:
    """Universal newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, where: str, rule: str, root: Path | None = None, limit: int = MAX_BYTES) -> str:
    """A content file's text (see :func:`read_bytes` and :func:`decode`); raises
    :class:`ContentError` with every problem, :class:`FileNotFoundError` when it is missing."""
    text, findings = decode(read_bytes(path, where, rule, root, limit), where, rule)
    if findings:
        raise ContentError(findings)
    assert text is not None  # decode gives the text whenever it finds no problem
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

def page_source(path: Path | str, root: Path | None) -> str:
    """The text of a Markdown page for MkDocs: no link, at most :data:`MAX_BYTES`, UTF-8 without
    NUL bytes, and front matter MkDocs can parse in linear time. Raises :class:`ContentError`
    with every problem of the page."""
    if root is not None:
        root = _root_of(path, root)
    where = _where(path, root)
    try:
        data = read_bytes(Path(path), where, PAGE_RULE, root)
    except FileNotFoundError:
        raise ContentError([Finding(where, None, PAGE_RULE, "this page does not exist")]) from None
    digest = hashlib.sha256(data).hexdigest()
    seen = (where, digest)
    if seen in _CLEAN_PAGES or (facts.in_use() and facts.kept(_CLEAN + where, digest) == (True, True)):
        _CLEAN_PAGES.add(seen)  # these very bytes passed every check below
        return _newlines(data.decode("utf-8")).removeprefix("\ufeff")
    text, findings = decode(data, where, PAGE_RULE)
    if text is not None:
        text = text.removeprefix("\ufeff")  # MkDocs reads pages as utf-8-sig
        findings += front_matter_findings(text, where) + nesting_findings(text, where)
        findings += markdown_cost_findings(text, where)
    if findings:
        raise ContentError(findings)
    assert text is not None  # decode gives the text whenever it finds no problem
    _CLEAN_PAGES.add(seen)
    if facts.in_use():
        facts.keep(_CLEAN + where, digest, True)
    return text


_CLEAN_PAGES: set[tuple[str, str]] = set()
"""(where, SHA-256 of the bytes) of the pages :func:`page_source` found nothing wrong with: the
build's first step checks every page before the language builds fork, and each language build
reads its pages again; checking the same bytes again (their front matter parsed as YAML among
others) cost 0.3 s of CPU in a cold build of the 18-language site. A build also keeps these
verdicts in the page facts store (:mod:`guidepress.model.facts`) for the next build and the
PDF step: the first step of a build where no page changed checks none again (0.3 s of the 864
pages' 0.35 s)."""
_CLEAN = "page_source clean\0"


def _where(path: Path | str, root: Path | None) -> str:
    """:func:`~guidepress.model.errors.display_path` by string operations (it runs for every page)."""
    path = os.path.abspath(path)
    if root is not None and _inside(path, str(root)) and os.sep == "/":
        return path[len(str(root).rstrip("/")) + 1:]
    return display_path(path, root)


_PAGE_VERDICTS: dict[tuple, list[Finding]] = {}


def page_findings(path: Path, root: Path | None) -> list[Finding]:
    """Every problem :func:`page_source` refuses, as findings (for ``check`` and the build's
    first step). Worked out again only when the file changed (its ``lstat``: a file replaced by a
    link or edited is read again): a build asks for every page in each process that loads the
    project (each language worker, the merge, the PDF step)."""
    try:
        st = os.lstat(path)
        key = (str(path), str(root), st.st_ino, st.st_mode, st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key is not None and key in _PAGE_VERDICTS:
        return list(_PAGE_VERDICTS[key])
    try:
        page_source(path, root)
        found: list[Finding] = []
    except ContentError as exc:
        found = exc.findings
    if key is not None:
        _PAGE_VERDICTS[key] = list(found)
    return found


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
    :mod:`guidepress.plugin.i18n_bridge` keeps); None for pages guidepress generates in memory."""
    if getattr(file, CONTENT, None) is not None:
        return None
    real = getattr(file, ATTR, None) or file.abs_src_path
    if real is None:
        return None
    return page_source(real, root)
