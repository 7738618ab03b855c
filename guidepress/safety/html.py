"""The allow-list for the HTML of a page, as ammonia/``nh3`` do it, but refusing instead of removing:
a guide is reviewed text, so a contributor is told what to change, and what is published is
exactly what was reviewed.

The lists cover what Python-Markdown and the extensions in ``mkdocs.yml`` write (admonition,
attr_list, md_in_html, def_list, tables, toc, pymdownx.details, pymdownx.superfences with its code
highlighting) and what authors reasonably write by hand. Everything else is refused: ``script``,
``iframe``, ``object``, ``embed``, ``base``, ``form`` and its controls, ``meta``, ``link``,
``style`` elements (a ``<style>`` styles the whole site, theme included), inline ``svg`` and
``math``, media elements; every ``on*`` attribute, ``srcdoc``, ``formaction``, ``background``,
``xlink:href`` and any attribute not listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from guidepress.safety import css, urls
from guidepress.safety.tokenizer import StartTag, Unfinished, preprocess, tokenize

TEXT = ("p br hr span div h1 h2 h3 h4 h5 h6 em strong b i u s small mark del ins sub sup abbr dfn cite q kbd "
        "code samp var pre blockquote wbr time bdi bdo ruby rt rp")
LISTS = "ul ol li dl dt dd"
TABLES = "table caption colgroup col thead tbody tfoot tr th td"
BLOCKS = "details summary figure figcaption section article aside header footer nav address main"
ALLOWED_ELEMENTS = frozenset(f"{TEXT} {LISTS} {TABLES} {BLOCKS} a img".split())

GLOBAL_ATTRIBUTES = frozenset("id class title lang dir role hidden translate style markdown".split())
"""``markdown`` is md_in_html's switch; where the extension leaves it, browsers ignore it."""
ELEMENT_ATTRIBUTES = {
    "a": {"href", "hreflang", "rel", "target", "download", "type"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers", "align"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr", "align"},
    "col": {"span"}, "colgroup": {"span"},
    "details": {"open"},
    "time": {"datetime"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "q": {"cite"}, "blockquote": {"cite"},
    "pre": {"data-linenos"}, "code": set(), "abbr": set(),
}
LINK_ATTRIBUTES = {"href", "cite"}
"""Attributes that navigate (or only name) a page: relative, http(s), mailto, tel."""

DANGEROUS = {"script", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "form", "meta",
             "link", "style", "svg", "math", "noscript", "template", "portal", "fencedframe"}


@dataclass(frozen=True)
class Problem:
    """One thing the browser must not get. ``offset`` is where its tag starts in the checked HTML;
    ``needles`` are texts to look for in the author's file (most precise first) to find its line."""
    offset: int
    message: str
    needles: tuple[str, ...]
    rule: str = "unsafe"
    """``unsafe`` (script, markup or a URL that is not allowed) or ``resources`` (a resource from
    outside the site)."""


def page_problems(html: str) -> list[Problem]:
    """Every problem in the HTML of a page's content, in document order."""
    html = preprocess(html)
    out: list[Problem] = []
    for token in tokenize(html):
        if isinstance(token, Unfinished):
            out.append(Problem(token.start, f"a {token.what} ('<!--') is never closed: close it with '-->' or "
                                            f"remove it", ("<!--",)))
            continue
        out += _tag_problems(token)
    return out


def _tag_problems(tag: StartTag) -> list[Problem]:
    where = (f"<{tag.name}",)
    name = urls.shown(tag.name, 40)
    if tag.name not in ALLOWED_ELEMENTS:
        if tag.name in DANGEROUS:
            message = f"raw <{name}> is not allowed in a guide: it can run code or load another site. Remove it"
        else:
            message = (f"the HTML element <{name}> is not allowed in a guide: use Markdown, or simple "
                       f"elements such as <span>, <div>, <details>, <figure>, <abbr>, <kbd>")
        return [Problem(tag.start, message, where)]
    out = []
    if tag.unfinished:
        out.append(Problem(tag.start, f"the tag <{name}> is never closed with '>': close it", where))
    for attr in tag.attributes:
        refused = _attribute_problem(tag.name, attr.name)
        if refused:
            out.append(Problem(tag.start, refused, (attr.name,) + where))
            continue
        out += [Problem(tag.start, m, (attr.raw, needle, attr.value, attr.name) + where, rule)
                for needle, rule, m in _value_problems(tag.name, attr.name, attr.value)]
    return out


def _attribute_problem(tag: str, name: str) -> str | None:
    if name.startswith("on"):
        return "an HTML event attribute (on...=) runs code: remove it"
    if name in GLOBAL_ATTRIBUTES or name in ELEMENT_ATTRIBUTES.get(tag, ()):
        return None
    if name.startswith(("aria-", "data-")) and len(name) > 5 and _is_plain_name(name):
        return None
    return (f"the attribute '{urls.shown(name, 40)}' is not allowed on <{tag}>: remove it (a guide may use id, class, "
            f"title, lang, dir, role, aria-*, data-* and the usual attributes of links, images and tables)")


def _is_plain_name(name: str) -> bool:
    return all(c.isascii() and (c.isalnum() or c in "-_.") for c in name)


def _value_problems(tag: str, name: str, value: str) -> list[tuple[str, str, str]]:
    """(text to find, rule, message) for an allowed attribute whose value is not."""
    if name in LINK_ATTRIBUTES:
        problem = urls.link_problem(value)
        return [(value, "unsafe", problem)] if problem else []
    if tag == "img" and name in ("src", "srcset"):
        found = urls.srcset_urls(value) if name == "srcset" else [value]
        return [(u, "resources", _data_message(u) if urls.scheme_of(urls.normalise(u)) == "data"
                 else css.outside_message(u, tag)) for u in found if urls.is_outside(u)]
    if name == "style":
        return css.style_attribute_problems(value)
    return []


def _data_message(url: str) -> str:
    return (f"the image '{urls.shown(url, 40)}' is written into the page (a data: URL): save it as a file in the "
            f"guide's images/ folder and link to it with a relative path")


# -- whole documents (the print document of the PDF step) ------------------------------------

_RESOURCE_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "xlink:href", "lowsrc", "dynsrc",
                        "imagesrcset", "action", "formaction", "codebase", "archive", "longdesc", "manifest"}
_RESOURCE_HREF = {"link", "image", "use", "feimage", "script", "base"}


def resource_problems(html: str) -> list[Problem]:
    """For a whole document made by the build (theme and page content): every URL it would load
    from outside the site (``data:`` allowed), in any element, attribute, ``style`` or ``<style>``,
    and every ``<script>``."""
    html = preprocess(html)
    out: list[Problem] = []
    for tag in tokenize(html):
        if isinstance(tag, Unfinished):
            continue
        where = (f"<{tag.name}",)
        if tag.name == "script":
            out.append(Problem(tag.start, "raw <script> is not allowed in a guide: it can run code or load "
                                          "another site. Remove it", where))
        if tag.name == "style" and tag.content:
            out += [Problem(tag.start, _pdf(u, "style") if r == "resources" else m, (u,) + where, r)
                    for u, r, m in css.url_problems(tag.content, allow_data=True, at_rules=True)]
        for attr in tag.attributes:
            found: list[str] = []
            if attr.name in _RESOURCE_ATTRIBUTES or (attr.name == "href" and tag.name in _RESOURCE_HREF):
                found = urls.srcset_urls(attr.value) if attr.name.endswith("srcset") else [attr.value]
            if tag.name == "link" and attr.name == "href" and _navigation_link(tag):
                found = []
            out += [Problem(tag.start, _pdf(u, tag.name), (u,) + where, "resources")
                    for u in found if urls.is_outside(u, allow_data=True)]
            if attr.name == "style":
                out += [Problem(tag.start, _pdf(u, "style") if r == "resources" else m, (u,) + where, r)
                        for u, r, m in css.url_problems(attr.value, allow_data=True, at_rules=True)]
    return out


def _pdf(url: str, tag: str) -> str:
    return (f"'{urls.shown(url)}' ({tag}) is outside the project: the PDF would need the network or another "
            f"part of the disk. Copy the file into the project and link to it with a relative path.")


def _navigation_link(tag: StartTag) -> bool:
    rel = (tag.get("rel") or "").lower().split()
    return bool(rel) and all(r in ("canonical", "alternate", "next", "prev", "author", "help", "license")
                             for r in rel)
