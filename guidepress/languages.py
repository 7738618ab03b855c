"""Everything guidepress knows about a language comes from Babel (CLDR).

Languages are declared once, in ``mkdocs.yml`` (the ``i18n`` plugin's ``languages``). This
module never holds a hand-written table: native names, text direction, date formats and plural
rules are asked of Babel, so adding a language (right-to-left ones included) needs configuration
and content only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date


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
        name = self.locale.get_display_name(self.locale) or self.code
        return name[:1].upper() + name[1:]

    def name_in(self, other: str) -> str:
        """The language's name in another language (``fr`` named in ``de``: "Französisch")."""
        return self.locale.get_display_name(_parse(other)) or self.code

    @property
    def direction(self) -> str:
        """``"rtl"`` or ``"ltr"``."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    def format_date(self, value: dt.date, fmt: str = "long") -> str:
        return format_date(value, format=fmt, locale=self.locale)

    @property
    def html_lang(self) -> str:
        """BCP 47 tag for ``lang=`` attributes (``pt_BR`` becomes ``pt-BR``)."""
        return self.code.replace("_", "-")


@lru_cache(maxsize=None)
def _parse(code: str) -> Locale:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise UnknownLanguageError(
            f"unknown language code {code!r}: use a code that CLDR knows, such as 'fr', 'zh' or 'pt_BR'"
        ) from exc


def language(code: str) -> Language:
    """Return the :class:`Language` for ``code``, raising :class:`UnknownLanguageError`."""
    _parse(code)
    return Language(code)
