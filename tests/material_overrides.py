"""The theme templates guidepress copies from Material for MkDocs into overrides/ and the few
changes it makes to each (nothing else differs). ``python tests/material_overrides.py`` writes the
copies from the installed Material; tests/test_web_quality.py checks that each copy is Material's
file with exactly these changes, and fails when Material is not the version they were made for."""

from __future__ import annotations

import sys
from pathlib import Path

MATERIAL_VERSION = "9.8.1"
ROOT = Path(__file__).resolve().parent.parent
OVERRIDES = ROOT / "overrides"

# (Material's text, guidepress's text): each must occur in Material's file exactly once.
CHANGES: dict[str, list[tuple[str, str]]] = {
    # 1. No <link rel="alternate" hreflang> in <head>: Material's language selector fetches
    #    <alternate>/sitemap.xml for every such link on every page load (a 404 for each page URL,
    #    a request to the production host from any other address). The alternates are in
    #    sitemap.xml (one <xhtml:link> per language, as search engines read them), and the
    #    language menu's links already point to the same page in each language.
    # 2. No autocomplete="off" on the drawer and search checkboxes (not allowed on a checkbox);
    #    assets/javascripts/md-content.js unchecks them before Material's script starts instead,
    #    so a page restored from history never opens with the drawer or search open.
    "base.html": [
        ('      {% if config.extra.alternate is iterable %}\n'
         '        {% for alt in config.extra.alternate %}\n'
         '          <link rel="alternate" href="{{ alt.link | url }}" hreflang="{{ alt.lang | d(lang.t(\'language\')) }}">\n'
         '        {% endfor %}\n'
         '      {% endif %}\n', ""),
        ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
        ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
        # 3. The page's language, direction and search base are guidepress's (issue #15: written by
        #    the template, not patched into the built page): ``lang`` is the language's BCP 47 tag
        #    from Babel (Material's is its interface language, which may be a stand-in), ``dir`` is
        #    set on <html> and <body> alike, ``data-gp-table-label`` names scrollable tables
        #    (guidepress.js), and search looks in the language's own index
        #    (``gp_document``: guidepress.plugin.plugin, on_env; without the plugin, Material's own).
        ('<html lang="{{ lang.t(\'language\') }}" class="no-js">',
         '{% if gp_document is defined %}<html class="no-js" lang="{{ gp_document.lang | e }}" '
         'dir="{{ gp_document.dir | e }}" data-gp-table-label="{{ gp_document.table_label | e }}">'
         '{% else %}<html lang="{{ lang.t(\'language\') }}" class="no-js">{% endif %}'),
        ('{% set direction = config.theme.direction or lang.t("direction") %}',
         '{% set direction = gp_document.dir if gp_document is defined else config.theme.direction or lang.t("direction") %}'),
        ('"base": base_url,', '"base": gp_document.search_base(base_url) if gp_document is defined else base_url,'),
    ],
    # A section's label gets no tabindex="" (not a number): the attribute only when it has a value.
    "partials/nav-item.html": [
        ('<label class="md-nav__link" for="{{ path }}" id="{{ path }}_label" tabindex="{{ tabindex }}">',
         '<label class="md-nav__link" for="{{ path }}" id="{{ path }}_label"'
         '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>'),
        ('<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label" tabindex="{{ tabindex }}">',
         '<label class="md-nav__link {{ class }}" for="{{ path }}" id="{{ path }}_label"'
         '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>'),
        # A title shown in another language than the page's (an untranslated guide's title, a
        # fallback page's: guidepress.plugin.localize sets gp_lang) says so (issue #13).
        ('  {% else %}\n    {{ nav_item.title }}\n  {% endif %}',
         '  {% elif nav_item.gp_lang %}\n    <span lang="{{ nav_item.gp_lang }}" dir="{{ nav_item.gp_dir }}">{{ nav_item.title }}</span>\n'
         '  {% else %}\n    {{ nav_item.title }}\n  {% endif %}'),
        # A section that does not hold the page (not active) renders the same for every page
        # whose links to its pages are the same: gp_nav_memo (guidepress.view.navmemo) keeps
        # its HTML, so the navigation is not rendered again for every page of a language (#16:
        # it grew with the square of the pages). Material's macro is render_uncached.
        ('{% macro render(nav_item, path, level, parent) %}',
         '{% macro render_uncached(nav_item, path, level, parent) %}'),
        ('        {{ render_content(nav_item) }}\n      </a>\n    </li>\n  {% endif %}\n{% endmacro %}\n',
         '        {{ render_content(nav_item) }}\n      </a>\n    </li>\n  {% endif %}\n{% endmacro %}\n'
         '{% macro render(nav_item, path, level, parent) %}'
         '{% if gp_nav_memo is defined and nav_item.children and not nav_item.active %}'
         '{{ gp_nav_memo(nav_item, path, level, parent, page, base_url, render_uncached) }}'
         '{% else %}{{ render_uncached(nav_item, path, level, parent) }}{% endif %}{% endmacro %}\n'),
    ],
    # The previous/next links under a page and the header's page title: a title shown in another
    # language than the page's (a fallback page's) says so, as in the navigation (issue #13).
    "partials/footer.html": [
        ('<div class="md-ellipsis">\n                {{ page.previous_page.title }}',
         '<div class="md-ellipsis"{% if page.previous_page.gp_lang %} lang="{{ page.previous_page.gp_lang }}"'
         ' dir="{{ page.previous_page.gp_dir }}"{% endif %}>\n                {{ page.previous_page.title }}'),
        ('<div class="md-ellipsis">\n                {{ page.next_page.title }}',
         '<div class="md-ellipsis"{% if page.next_page.gp_lang %} lang="{{ page.next_page.gp_lang }}"'
         ' dir="{{ page.next_page.gp_dir }}"{% endif %}>\n                {{ page.next_page.title }}'),
    ],
    "partials/header.html": [
        ('<span class="md-ellipsis">\n            {% if page.meta and page.meta.title %}',
         '<span class="md-ellipsis"{% if page.gp_lang %} lang="{{ page.gp_lang }}" dir="{{ page.gp_dir }}"{% endif %}>\n'
         '            {% if page.meta and page.meta.title %}'),
    ],
    # The table of contents' title points at the "__toc" toggle only where the navigation has
    # one (a page that is not in the navigation has none).
    "partials/toc.html": [
        ('<label class="md-nav__title" for="__toc">',
         '<label class="md-nav__title"{% if nav and page in nav.pages %} for="__toc"{% endif %}>'),
    ],
    # The search dialog has a name (Material's own word for "Search", in the page's language).
    "partials/search.html": [
        ('<div class="md-search" data-md-component="search" role="dialog">',
         '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">'),
    ],
}

GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"


NOTES = {
    "base.html": "no <link rel=\"alternate\" hreflang> in <head> (Material's language selector would fetch\n"
                 "    <alternate>/sitemap.xml for each; the alternates are in sitemap.xml), no autocomplete on the\n"
                 "    two checkboxes (md-content.js unchecks them instead), the page's lang, dir and search base\n"
                 "    from guidepress (gp_document)",
    "partials/nav-item.html": "no empty tabindex=\"\" on a section's label, lang and dir on a title in another language, "
                              "a section without the page rendered once (gp_nav_memo)",
    "partials/footer.html": "lang and dir on a previous or next page's title in another language",
    "partials/header.html": "lang and dir on the page's title in another language",
    "partials/toc.html": "the title's for=\"__toc\" only where the navigation has that toggle",
    "partials/search.html": "the search dialog is named (aria-label)",
}


def header(name: str) -> str:
    return (f"{{#- guidepress: Material for MkDocs {MATERIAL_VERSION}'s {name}, unchanged but for: {NOTES[name]}.\n"
            f"    Written by tests/material_overrides.py (which says why); tests/test_web_quality.py fails\n"
            f"    when Material's file is no longer the one copied. -#}}\n")


def material_file(name: str) -> Path:
    import material

    return Path(material.__file__).parent / "templates" / name


def expected(name: str) -> str:
    """Material's ``name`` with guidepress's changes: what overrides/``name`` must contain."""
    text = material_file(name).read_text(encoding="utf-8")
    if not text.startswith(GENERATED):
        raise ValueError(f"Material's {name} does not start with its usual header")
    text = text[len(GENERATED):]
    for old, new in CHANGES[name]:
        count = text.count(old)
        if count != 1:
            raise ValueError(f"Material's {name} has {count} copies of {old[:70]!r}: redo the override")
        text = text.replace(old, new)
    return header(name) + text


def main() -> int:
    import material

    if material.__version__ != MATERIAL_VERSION:
        print(f"Material is {material.__version__}, the changes were made for {MATERIAL_VERSION}", file=sys.stderr)
        return 1
    for name in CHANGES:
        target = OVERRIDES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(expected(name), encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
