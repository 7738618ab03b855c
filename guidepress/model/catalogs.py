"""Interface strings: gettext catalogs under ``locales/``, compiled in memory at build time.

``locales/<lang>/LC_MESSAGES/messages.po`` is read with Babel and turned into a
:class:`babel.support.Translations` without writing any ``.mo`` file. A missing catalog, or a
missing or fuzzy entry, falls back to the English message.

:func:`load_catalog` is the one reading of a catalog, for the build and for ``guidepress check``
(which adds its own rules): the file is read by :mod:`guidepress.model.safefiles` (no link, size limit,
UTF-8, no NUL byte), every line must be a keyword and a quoted string (Babel would silently cut
an unterminated string), the header must declare UTF-8, and a translation may not add markup
(``<``, ``>``, ``&name;``) that its English message does not have. Each problem stops the build
with ``file:line: [po] ...``.

A translation whose placeholders differ from its English message (``%(data)s`` for
``%(date)s``, a dropped ``%(pages)s``, a lone ``%``) is never formatted: :func:`format_findings`
names it, ``guidepress check`` reports it as an error, and the build uses the English message
for that entry and warns once with ``file:line`` (a typo in one string does not block a release).
"""

from __future__ import annotations

import io
import logging
import re
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from guidepress.model.errors import ContentError, Finding, display_path
from guidepress.model.safefiles import read_text

DOMAIN = "messages"
RULE = "po"
SYNTAX_MESSAGE = ("this line is not a keyword (msgid, msgstr...) followed by text in double quotes, nor a "
                  "continuation line \"...\": is a closing quote missing? (write \\\" for a quote inside)")
_LINE = re.compile(r'^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+)?"(?:[^"\\]|\\.)*"\s*$')
_CHARSET = re.compile(r'^"Content-Type:[^"\n]*?charset=([^"\s;\\]*)', re.I | re.M)
_MARKUP = re.compile(r"[<>]|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")
# not under "mkdocs": a catalog entry the build replaces by English is reported, but does not
# abort a strict build (a typo in one string does not block a release; `check` fails on it)
log = logging.getLogger("guidepress.model.catalogs")


def placeholders(text: str) -> list[str]:
    """The placeholders of a message, sorted: ``%(name)s``, ``%s``, ``{name}``."""
    return sorted(m.group(0) for m in _PLACEHOLDER.finditer(text or ""))


def catalog_path(locales_dir: Path, lang: str) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _syntax(text: str, where: str) -> list[Finding]:
    """Lines that are neither blank, a comment, nor a keyword or continuation with a quoted
    string (one linear pass; the regular expression has no ambiguous repetition)."""
    out = []
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not _LINE.match(line):
            out.append(Finding(where, number, RULE, SYNTAX_MESSAGE))
    return out


def _charset(text: str, where: str) -> list[Finding]:
    """The header must declare UTF-8 (the file is read as UTF-8 whatever it says)."""
    m = _CHARSET.search(text)
    if m is None or m.group(1).lower().replace("_", "-") in ("utf-8", "utf8"):
        return []
    line = text.count("\n", 0, m.start()) + 1
    return [Finding(where, line, RULE, f"the header declares charset={m.group(1)}: save the file as UTF-8 and "
                                       f"set charset=UTF-8 in this line")]


def _markup(catalog: Catalog, where: str) -> list[Finding]:
    """Translations are text: no ``<``, ``>`` or character reference the English message lacks."""
    out = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        allowed = {m.group(0) for text in ids for m in _MARKUP.finditer(text or "")}
        added = sorted({m.group(0) for text in strings for m in _MARKUP.finditer(text or "")} - allowed)
        if added:
            out.append(Finding(where, message.lineno, RULE,
                               f"the translation of \"{ids[0]}\" has markup the English does not have "
                               f"({' '.join(added)}): a translation is plain text, remove it"))
    return out


def _strings(message) -> tuple[tuple, tuple]:
    """(ids, strings) of a message, singular or plural, as tuples."""
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return tuple(ids), tuple(strings)


def _formats(text: str, names: list[str]) -> bool:
    """Whether ``text`` can be %-formatted with the placeholders ``names`` (Jinja's gettext
    always formats, even without variables)."""
    values = {re.sub(r"^%\((\w+)\).*$", r"\1", name): 1 for name in names if name.startswith("%(")}
    try:
        text % values
    except (KeyError, ValueError, TypeError, IndexError):
        return False
    return True


def format_problem(ids: tuple, text: str) -> str | None:
    """Why the translation ``text`` of the message ``ids`` cannot be formatted as the English is,
    or None: the one placeholder rule of ``check`` and of the build."""
    english = ids[-1] if len(ids) > 1 else ids[0]
    expected, found = placeholders(english), placeholders(text)
    if found != expected and not (len(ids) > 1 and found == placeholders(ids[0])):
        return (f"the translation of \"{ids[0]}\" has the placeholders {found or 'none'} but the English has "
                f"{expected or 'none'}: keep each %(name)s exactly as in the English")
    if _formats(english, expected) and not _formats(text, expected):
        return (f"the translation of \"{ids[0]}\" has a % that is not a placeholder: write %% for a percent "
                f"sign and keep each %(name)s exactly as in the English")
    return None


def _msgstr_line(lines: list[str], lineno: int | None, index: int) -> int | None:
    """The line of the ``index``-th ``msgstr`` of the entry whose ``msgid`` is on ``lineno``."""
    if not lineno:
        return lineno
    seen = 0
    for number in range(lineno, min(len(lines), lineno + 200) + 1):
        if lines[number - 1].lstrip().startswith("msgstr"):
            if seen == index:
                return number
            seen += 1
        elif number > lineno and not lines[number - 1].strip():
            break
    return lineno


def format_findings(catalog: Catalog, text: str, where: str) -> list[tuple[Finding, Message]]:
    """Each translation that cannot be formatted as its English message, with the message (one
    finding per entry, on its ``msgstr`` line)."""
    lines = text.split("\n")
    out: list[tuple[Finding, Message]] = []
    for message in catalog:
        if not message.id:
            continue
        ids, strings = _strings(message)
        for index, string in enumerate(strings):
            problem = format_problem(ids, string) if string else None
            if problem:
                out.append((Finding(where, _msgstr_line(lines, message.lineno, index), RULE, problem), message))
                break
    return out


def load_catalog(path: Path, where: str, lang: str, root: Path | None = None) -> tuple[Catalog | None, list[Finding]]:
    """The parsed catalog (None when it cannot be parsed) and every problem the build refuses."""
    try:
        text = read_text(path, where, RULE, root)
    except ContentError as exc:
        return None, exc.findings
    findings = _syntax(text, where) + _charset(text, where)
    try:
        catalog = read_po(io.StringIO(text), locale=lang.replace("-", "_"), abort_invalid=True)
    except PoFileError as exc:
        return None, findings + [Finding(where, getattr(exc, "lineno", None), RULE,
                                         f"the catalog cannot be read: {exc}. Check quotes (write \\\" inside a "
                                         f"string) and the msgid/msgstr pairs")]
    except (ValueError, LookupError, IndexError, TypeError) as exc:
        return None, findings + [Finding(where, None, RULE, f"the catalog cannot be read ({exc}): check it "
                                                            f"with 'msgfmt --check'")]
    formats = [f for f, _ in format_findings(catalog, text, where)]
    return catalog, findings + _plural_forms(catalog, text, where) + _markup(catalog, where) + formats


def _plural_forms(catalog: Catalog, text: str, where: str) -> list[Finding]:
    """The ``Plural-Forms`` expression must be one gettext can evaluate (it refuses one nested
    too deeply, or with anything but ``n``, numbers and operators)."""
    import gettext

    try:
        gettext.c2py(catalog.plural_expr)
    except (ValueError, SyntaxError, RecursionError) as exc:
        m = re.search(r'^"Plural-Forms:', text, re.M)
        line = text.count("\n", 0, m.start()) + 1 if m else None
        return [Finding(where, line, RULE, f"the Plural-Forms header cannot be used ({exc}): write it as "
                                           f"'make catalogs' does (from CLDR), for example "
                                           f"'nplurals=2; plural=(n != 1);'")]
    return []


@lru_cache(maxsize=64)
def _load(path: Path, mtime_ns: int, lang: str, root: Path | None) -> tuple[Translations, tuple[Finding, ...]]:
    """The compiled catalog and the entries left out of it: a translation that cannot be
    formatted is dropped (readers see the English message); every other problem stops the build."""
    where = display_path(path, root)
    catalog, findings = load_catalog(path, where, lang, root)
    broken: list[tuple[Finding, Message]] = []
    if catalog is not None:
        broken = format_findings(catalog, read_text(path, where, RULE, root), where)
        for _, message in broken:
            catalog.delete(message.id, message.context)
        skipped = {str(f) for f, _ in broken}
        findings = [f for f in findings if str(f) not in skipped]
    errors = [f for f in findings if f.severity == "error"]
    if errors or catalog is None:
        raise ContentError(errors)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN), tuple(f for f, _ in broken)


_warned: set[str] = set()


def translations(locales_dir: Path, lang: str, root: Path | None = None, warn: bool = True) -> NullTranslations:
    """The interface translations for ``lang`` (English messages when there is no catalog).
    Each entry left out is warned about once per process (``warn=False``: not at all, for a
    step that follows the site build, which has said it already)."""
    path = catalog_path(locales_dir, lang)
    if not path.is_file() and not path.is_symlink():
        return NullTranslations()
    loaded, broken = _load(path, path.lstat().st_mtime_ns, lang, root)
    for finding in broken:
        if warn and str(finding) not in _warned:
            _warned.add(str(finding))
            log.warning(f"{finding} (until it is fixed, the build uses the English text of this entry)")
    return loaded

def completeness(path: Path, lang: str) -> tuple[int, int]:
    """(translated, total) messages of a catalog; fuzzy entries, and entries whose placeholders
    differ from the English (the build shows the English), do not count as translated (a
    catalog that cannot be read counts as empty: ``check`` and the build say why)."""
    catalog, _ = load_catalog(path, str(path), lang)
    total = translated = 0
    for message in catalog or ():
        if not message.id:
            continue
        total += 1
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        if all(strings) and not message.fuzzy and not any(format_problem(tuple(ids), t) for t in strings if t):
            translated += 1  # an entry the build cannot format shows the English: not translated
    return translated, total
