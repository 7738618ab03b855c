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
import re
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
    :func:`guidepress.safefiles.front_matter_findings`.)

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


class _Escaping:
    """gettext callables returning the translated string escaped (as Markup, so that Jinja's
    newstyle gettext then formats it with escaped variables)."""

    def __init__(self, translations):
        self.translations = translations

    def gettext(self, message: str) -> Markup:
        return escape(self.translations.gettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> Markup:
        return escape(self.translations.ngettext(singular, plural, n))

    def pgettext(self, context: str, message: str) -> Markup:
        return escape(self.translations.pgettext(context, message))

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> Markup:
        return escape(self.translations.npgettext(context, singular, plural, n))


def install_gettext(env, translations) -> None:
    """``env.install_gettext_translations(translations, newstyle=True)`` with every translated
    string escaped: a catalog cannot put markup into a page."""
    wrapped = _Escaping(translations)
    env.install_gettext_callables(wrapped.gettext, wrapped.ngettext, newstyle=True,
                                  pgettext=wrapped.pgettext, npgettext=wrapped.npgettext)


def theme_env(env, translations) -> None:
    """The theme's environment: escaping gettext for guidepress's overrides, a ``striptags`` that
    keeps text text."""
    install_gettext(env, translations)
    env.filters["striptags"] = striptags


__all__ = ["escape", "text", "plain", "html_text", "striptags", "page_as_text",
           "install_gettext", "theme_env"]
