"""The site navigation rendered once per section, not once per page (#16).

Material renders the whole navigation into every page (``partials/nav-item.html``), so a
language's navigation cost grows with the square of its pages. A section that does not hold the
page being rendered (not *active*) renders the same HTML for every page from which the links to
its pages are the same: nothing in it is marked, and its links are relative to the page. The
theme's ``render`` macro (``overrides/partials/nav-item.html``, see tests/material_overrides.py)
asks :class:`NavMemo` for such a section; it renders it with Material's macro the first time and
gives the same HTML to every later page whose relative links to the section's pages (MkDocs'
``url`` filter, the same function) are the same. The key holds the section itself (kept alive
with its HTML, so that another object cannot take its ``id``), its place in the navigation
(``path``, ``level``, whether the parent is active) and those links. One memo per language
build (the plugin's ``on_env``): titles and pages differ between languages.
"""

from __future__ import annotations

from mkdocs.utils import normalize_url


class NavMemo:
    def __init__(self) -> None:
        self._html: dict[tuple, tuple[object, str]] = {}
        self._urls: dict[int, tuple[object, tuple[str, ...]]] = {}

    def _section_urls(self, section) -> tuple[str, ...]:
        """The URLs of every page and link in ``section``, in order."""
        known = self._urls.get(id(section))
        if known is None or known[0] is not section:
            urls: list[str] = []
            todo = [section]
            while todo:
                item = todo.pop()
                url = getattr(item, "url", None)
                if url is not None:
                    urls.append(str(url))
                todo.extend(reversed(getattr(item, "children", None) or []))
            known = self._urls[id(section)] = (section, tuple(urls))
        return known[1]

    def __call__(self, section, path, level, parent, page, base_url, render):
        links = tuple(normalize_url(url, page=page, base=base_url) for url in self._section_urls(section))
        parent_active = bool(getattr(parent, "active", False)) if parent is not None and not _undefined(parent) else None
        key = (id(section), str(path), level, parent_active, links)
        known = self._html.get(key)
        if known is not None and known[0] is section:
            return known[1]
        html = render(section, path, level, parent)
        self._html[key] = (section, html)
        return html


def _undefined(value) -> bool:
    import jinja2

    return isinstance(value, jinja2.Undefined)
