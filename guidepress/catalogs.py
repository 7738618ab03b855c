"""Interface strings: gettext catalogs under ``locales/``, compiled in memory at build time.

``locales/<lang>/LC_MESSAGES/messages.po`` is read with Babel and turned into a
:class:`babel.support.Translations` without writing any ``.mo`` file. A missing catalog, or a
missing or fuzzy entry, falls back to the English message.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from .errors import ContentError, Finding, display_path

DOMAIN = "messages"


def catalog_path(locales_dir: Path, lang: str) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=64)
def _load(path: Path, mtime_ns: int, lang: str) -> Translations:
    try:
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang.replace("-", "_"), abort_invalid=True)
    except PoFileError as exc:
        raise ContentError([Finding(str(path), getattr(exc, "lineno", None), "po",
                                    f"this catalog cannot be read ({exc}); fix the line or run 'msgfmt --check' on it")]) from exc
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def translations(locales_dir: Path, lang: str, root: Path | None = None) -> NullTranslations:
    """The interface translations for ``lang`` (English messages when there is no catalog)."""
    path = catalog_path(locales_dir, lang)
    if not path.is_file():
        return NullTranslations()
    try:
        return _load(path, path.stat().st_mtime_ns, lang)
    except ContentError as exc:
        raise ContentError([Finding(display_path(f.path, root), f.line, f.rule, f.message) for f in exc.findings]) from None
