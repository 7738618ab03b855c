"""Interface strings: gettext catalogs under ``locales/``, compiled in memory at build time.

``locales/<lang>/LC_MESSAGES/messages.po`` is read with Babel and turned into a
:class:`babel.support.Translations` without writing any ``.mo`` file. A missing catalog, or a
missing or fuzzy entry, falls back to the English message.

:func:`load_catalog` is the one reading of a catalog, for the build and for ``guidepress check``
(which adds its own rules): the file is read by :mod:`guidepress.safefiles` (no link, size limit,
UTF-8, no NUL byte), every line must be a keyword and a quoted string (Babel would silently cut
an unterminated string), the header must declare UTF-8, and a translation may not add markup
(``<``, ``>``, ``&name;``) that its English message does not have. Each problem stops the build
with ``file:line: [po] ...``.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from .errors import ContentError, Finding, display_path
from .safefiles import read_text

DOMAIN = "messages"
RULE = "po"
SYNTAX_MESSAGE = ("this line is not a keyword (msgid, msgstr...) followed by text in double quotes, nor a "
                  "continuation line \"...\": is a closing quote missing? (write \\\" for a quote inside)")
_LINE = re.compile(r'^\s*(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+)?"(?:[^"\\]|\\.)*"\s*$')
_CHARSET = re.compile(r'^"Content-Type:[^"\n]*?charset=([^"\s;\\]*)', re.I | re.M)
_MARKUP = re.compile(r"[<>]|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


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
    return catalog, findings + _plural_forms(catalog, text, where) + _markup(catalog, where)


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
def _load(path: Path, mtime_ns: int, lang: str, root: Path | None) -> Translations:
    catalog, findings = load_catalog(path, display_path(path, root), lang, root)
    errors = [f for f in findings if f.severity == "error"]
    if errors or catalog is None:
        raise ContentError(errors)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def translations(locales_dir: Path, lang: str, root: Path | None = None) -> NullTranslations:
    """The interface translations for ``lang`` (English messages when there is no catalog)."""
    path = catalog_path(locales_dir, lang)
    if not path.is_file() and not path.is_symlink():
        return NullTranslations()
    return _load(path, path.lstat().st_mtime_ns, lang, root)
