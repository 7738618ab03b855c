"""What the theme says from mkdocs.yml, in the reader's language, and the navigation's order.

* The light/dark toggle's label (``theme.palette[].toggle.name``, English in mkdocs.yml): the
  catalog's "Switch to dark mode" / "Switch to light mode", chosen by the scheme it switches to.
* The meta description: when mkdocs.yml gives no ``site_description``, the catalog's description
  of a guidepress site in the language being built (a project may still give one per language
  with mkdocs-static-i18n's ``languages[].site_description``).
* The navigation after the guides: the site's own content first, then the pages about the site
  (accessibility statement, privacy, translation status), whatever their names' alphabetical
  order.
* The navigation titles shown in the source language (a guide whose title is not translated, a
  fallback page) carry the source language's ``lang`` and ``dir`` (``gp_lang``, ``gp_dir``:
  read by overrides/partials/nav-item.html).
"""

from __future__ import annotations

from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

from guidepress.model.roles import N_
from guidepress.patches import static_i18n
from guidepress.view import escaping

TOGGLE_NAMES = {"slate": N_("Switch to dark mode"), "default": N_("Switch to light mode")}
"""The toggle's label by the scheme the toggle switches to (Material: the next palette's)."""

DESCRIPTION = N_("Patient guides co-created with patients, caregivers and clinicians.")

CONTENT_ORDER = ("how-guides-are-made.md", "glossary.md", "find-support.md")
"""Site pages in this order right after the guides (others follow, in MkDocs's order)."""
SITE_INFO_ORDER = ("accessibility.md", "privacy.md", "translation-status.md")
"""Pages about the site itself: last, in this order."""


def translate_palette(config, gettext) -> None:
    """Give every palette toggle its label in the catalog's language (escaped: the theme prints
    it raw in an attribute)."""
    palette = config.theme.get("palette")
    if not isinstance(palette, list) or len(palette) < 2:
        return
    for i, option in enumerate(palette):
        target = palette[(i + 1) % len(palette)]
        toggle = option.get("toggle") if isinstance(option, dict) else None
        scheme = target.get("scheme") if isinstance(target, dict) else None
        message = TOGGLE_NAMES.get(scheme) if isinstance(scheme, str) else None
        if isinstance(toggle, dict) and message:
            toggle["name"] = escaping.text(gettext(message))


def describe_site(config, gettext) -> None:
    """The site's description in the catalog's language (escaped: the theme prints it raw)."""
    config.site_description = escaping.text(gettext(DESCRIPTION))


def _name(item) -> str | None:
    if isinstance(item, Page) and item.file is not None:
        uri = static_i18n.source_uri(item.file)
        return uri.rsplit("/", 1)[-1]
    return None


def order_after_guides(items: list) -> list:
    """The navigation items after the home page and the guides, in reading order: the site's
    content (:data:`CONTENT_ORDER` first), then the pages about the site (:data:`SITE_INFO_ORDER`).
    Stable otherwise."""
    def key(pair):
        position, item = pair
        name = _name(item)
        if name in CONTENT_ORDER:
            return (0, CONTENT_ORDER.index(name), position)
        if name in SITE_INFO_ORDER:
            return (2, SITE_INFO_ORDER.index(name), position)
        return (1, 0, position)
    return [item for _, item in sorted(enumerate(items), key=key)]


def mark_language(item, lang_ctx: dict) -> None:
    """Mark a navigation item (section or page) as titled in ``lang_ctx``'s language."""
    if isinstance(item, (Section, Page)):
        # attributes of guidepress's own on MkDocs' navigation objects, read by nav-item.html
        setattr(item, "gp_lang", lang_ctx["html_lang"])  # noqa: B010 -- not an attribute MkDocs declares
        setattr(item, "gp_dir", lang_ctx["dir"])  # noqa: B010
