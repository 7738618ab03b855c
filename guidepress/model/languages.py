"""Everything guidepress knows about a language comes from Babel (CLDR).

Languages are declared once, in ``mkdocs.yml`` (the ``i18n`` plugin's ``languages``). This
module never holds a hand-written table: native names, text direction, date formats and plural
rules are asked of Babel, so adding a language (right-to-left ones included) needs configuration
and content only.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel import __version__ as BABEL_VERSION
from babel.dates import format_date

from guidepress.model.files import write_cache


class UnknownLanguageError(ValueError):
    """A language code that Babel/CLDR does not know."""


@dataclass(frozen=True)
class Language:
    """One locale of the site, described by CLDR."""

    code: str

    @property
    def locale(self) -> Locale:
        return _parse(self.code)

    @property
    def native_name(self) -> str:
        """The language's name in itself, capitalised as a menu entry ("Français")."""
        known = _NATIVE_NAMES.get(self.code)
        if known is None:
            name = self.locale.get_display_name(self.locale) or self.code
            known = _NATIVE_NAMES[self.code] = name[:1].upper() + name[1:]
        return known

    def name_in(self, other: str) -> str:
        """The language's name in another language (``fr`` named in ``de``: "Französisch")."""
        return self.locale.get_display_name(_parse(other)) or self.code

    @property
    def direction(self) -> str:
        """``"rtl"`` or ``"ltr"``."""
        return _direction(self.code)

    def format_date(self, value: dt.date, fmt: str = "long") -> str:
        return format_date(value, format=fmt, locale=self.locale)

    @property
    def html_lang(self) -> str:
        """BCP 47 tag for ``lang=`` attributes (``pt_BR`` becomes ``pt-BR``)."""
        return self.code.replace("_", "-")


@cache
def _direction(code: str) -> str:
    return "rtl" if _parse(code).character_order == "right-to-left" else "ltr"


@cache
def _parse(code: str) -> Locale:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise UnknownLanguageError(
            f"unknown language code {code!r}: use a code that CLDR knows, such as 'fr', 'zh' or 'pt_BR'"
        ) from exc


_NATIVE_NAMES: dict[str, str] = {}


def native_names(codes: list[str], cache_file: Path | None = None) -> dict[str, str]:
    """The native name of each of ``codes``, as :attr:`Language.native_name` gives it.

    To name a language, Babel loads all of its CLDR data: 0.28 s for the 19 languages of the
    site, at the start of every command, for a few words. The names are therefore kept in
    ``cache_file`` (JSON, valid for one Babel version); a missing, unreadable or stale file is
    only slower."""
    cached: dict[str, str] = {}
    if cache_file is not None:
        try:
            data = json.loads(cache_file.read_text(encoding="utf-8"))
            if data.get("babel") == BABEL_VERSION and isinstance(data.get("names"), dict):
                cached = {k: v for k, v in data["names"].items() if isinstance(v, str) and v.strip()}
        except (OSError, ValueError, AttributeError):
            pass
    _NATIVE_NAMES.update({code: cached[code] for code in codes if code in cached})
    names = {code: language(code).native_name for code in codes}
    if cache_file is not None and any(code not in cached for code in codes):
        write_cache(cache_file, json.dumps({"babel": BABEL_VERSION, "names": cached | names},
                                           ensure_ascii=False, indent=1, sort_keys=True))
    return names


def language(code: str) -> Language:
    """Return the :class:`Language` for ``code``, raising :class:`UnknownLanguageError`."""
    _parse(code)
    return Language(code)
