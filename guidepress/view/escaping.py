"""Every string from content is text, escaped where it is written.

Manifests, front matter, catalogs and data may come from anyone (``SECURITY.md``). guidepress's
own templates render with autoescape on; MkDocs' theme environment has autoescape off and
Material prints ``page.title``, ``page.meta.*`` and nav titles as they are. So:

* strings guidepress hands to the theme (page titles, front-matter values, nav section titles)
  become :class:`~markupsafe.Markup` holding the *escaped* text: printed raw by the theme they
  show as text, and an autoescaping template does not escape them twice;
* the gettext callables of every guidepress template escape the translated string itself (Jinja's
  newstyle gettext trusts a msgstr as markup under autoescape and escapes only its variables);
* ``striptags`` returns escaped text (Jinja's unescapes entities, so ``&lt;/title&gt;`` in a page
  title would become a real tag in the theme's ``<title>``).

:func:`escape` replaces ``&``, ``<``, ``>`` and ``"``: enough in text and in double-quoted
attribute values, the only places guidepress's templates and Material's put a value (no single-
quoted or unquoted attribute takes one), so an apostrophe stays an apostrophe.
"""

from __future__ import annotations

import html
import unicodedata
from pathlib import Path
from typing import Any

from markupsafe import Markup

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;"})


def escape(value: Any) -> Markup:
    """``value`` (a string) as HTML text, marked safe; Markup is kept as it is."""
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    return Markup(str(value).translate(_ESCAPES))


def text(value: Any) -> Markup:
    """``value`` as text in HTML: escaped, marked safe so that it is never escaped twice."""
    return escape("" if value is None else value)


def plain(value: Any) -> str:
    """The text of ``value``: Markup unescaped, anything else as a string (for CSS, PDF metadata)."""
    if hasattr(value, "__html__"):
        return Markup(value.__html__()).unescape()
    return "" if value is None else str(value)


def html_text(value: str) -> Markup:
    """A title MkDocs took from a rendered heading (tags stripped, entities kept) as escaped text."""
    if isinstance(value, Markup):
        return value
    return escape(html.unescape(value))


def striptags(value: Any) -> Markup:
    """Jinja's ``striptags`` without turning entities back into markup: the text, escaped."""
    if hasattr(value, "__html__"):
        value = value.__html__()
    return escape(Markup(str(value)).striptags())


def _escaped(value: Any) -> Any:
    """Strings (also inside lists and mappings) escaped; other values as they are."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


def page_as_text(page, root: Path | None = None) -> None:
    """Make what the theme prints of ``page`` text: its front-matter values and its title.
    (Keys a page may not set at all, such as ``template``, are refused when the page is read:
    :func:`guidepress.model.safefiles.front_matter_findings`.)

    Call after the page is rendered (its title may come from its first heading). Idempotent."""
    title = page.title
    from_meta = "title" in page.meta
    explicit = "title" in vars(page)  # given by the nav configuration: plain text
    for key, value in list(page.meta.items()):
        page.meta[key] = _escaped(value)
    if title is None:
        return
    if from_meta:
        page.title = page.meta["title"] = text(title)
    elif explicit:
        page.title = text(title)
    else:  # from the first heading (HTML text) or the file name
        page.title = html_text(title)


SOURCE_MESSAGES_LANG = "en"
"""The language of every msgid (the English interface strings)."""


def direction(value: Any) -> str | None:
    """``"ltr"`` or ``"rtl"`` from the first strong character of ``value`` (as ``dir="auto"``
    decides), ``None`` when it has none (digits, punctuation)."""
    for ch in plain(value):
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def bdi(value: Any) -> Markup:
    """``value`` isolated from the sentence around it: ``<bdi dir="...">`` with the direction of
    its first strong character. Browsers isolate ``<bdi>``; WeasyPrint lays out each inline box on
    its own but does not read ``dir="auto"``, hence the explicit ``dir``."""
    if value is None or value == "":
        return text(value)
    found = direction(value)
    return Markup(f'<bdi dir="{found}">{text(value)}</bdi>') if found else Markup(f"<bdi>{text(value)}</bdi>")


def catalog_language(translations) -> str | None:
    """The language of a gettext catalog (its ``Language`` header); ``None`` when unknown (no
    catalog at all: then callers pass the page's language)."""
    try:
        return translations.info().get("language") or None
    except AttributeError:
        return None


def falls_back(translations, message: str | tuple, context: str | None = None, lang: str | None = None) -> bool:
    """True when ``translations`` would answer ``message`` with the English msgid itself in a
    page of another language ``lang`` (default: the catalog's): no catalog, or the message is
    missing, empty or fuzzy."""
    lang = lang or catalog_language(translations)
    if not lang or lang.replace("_", "-").split("-")[0].lower() == SOURCE_MESSAGES_LANG:
        return False
    key = message if context is None else f"{context}\x04{message}"
    return key not in getattr(translations, "_catalog", {})


def in_english(value: Markup) -> Markup:
    """An interface string that fell back to English, marked as such in a page of another
    language and direction (an element with ``lang`` and ``dir`` isolates in both renderers)."""
    return Markup(f'<span lang="{SOURCE_MESSAGES_LANG}" dir="ltr">{value}</span>')


def ui_text(translations, lang: str | None, message: str, **values: Any) -> Markup:
    """A translated interface sentence for Python code, in a page in ``lang``: escaped, its
    inserted values in :func:`bdi`, marked English when the catalog lacks it (as ``_()`` is)."""
    found = escape(translations.gettext(message))
    if values:
        found = found % {k: bdi(v) for k, v in values.items()}
    return in_english(found) if falls_back(translations, message, lang=lang) else found


class _Escaping:
    """gettext callables returning the translated string escaped (as Markup, so that Jinja's
    newstyle gettext then formats it with escaped variables). A message the catalog lacks comes
    back marked ``<span lang="en" dir="ltr">`` (:func:`in_english`): use ``| striptags`` where
    the string goes into an attribute."""

    def __init__(self, translations, lang: str | None = None):
        self.translations, self.lang = translations, lang

    def _mark(self, value: str, message, context: str | None = None) -> Markup:
        found = escape(value)
        return in_english(found) if falls_back(self.translations, message, context, self.lang) else found

    def gettext(self, message: str) -> Markup:
        return self._mark(self.translations.gettext(message), message)

    def ngettext(self, singular: str, plural: str, n: int) -> Markup:
        return self._mark(self.translations.ngettext(singular, plural, n), (singular, 0))

    def pgettext(self, context: str, message: str) -> Markup:
        return self._mark(self.translations.pgettext(context, message), message, context)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> Markup:
        return self._mark(self.translations.npgettext(context, singular, plural, n), (singular, 0), context)


def install_gettext(env, translations, lang: str | None = None) -> None:
    """``env.install_gettext_translations(translations, newstyle=True)`` with every translated
    string escaped: a catalog cannot put markup into a page. Also the ``bdi`` filter, for the
    values inserted into translated sentences (names, dates, language names). ``lang``: the
    pages' language (default: the catalog's ``Language`` header)."""
    wrapped = _Escaping(translations, lang)
    env.install_gettext_callables(wrapped.gettext, wrapped.ngettext, newstyle=True,
                                  pgettext=wrapped.pgettext, npgettext=wrapped.npgettext)
    env.filters["bdi"] = bdi


def theme_env(env, translations, lang: str | None = None) -> None:
    """The theme's environment: escaping gettext for guidepress's overrides, a ``striptags`` that
    keeps text text."""
    install_gettext(env, translations, lang)
    env.filters["striptags"] = striptags


__all__ = ["escape", "text", "plain", "html_text", "striptags", "page_as_text", "direction", "bdi",
           "catalog_language", "falls_back", "in_english", "ui_text", "install_gettext", "theme_env"]
