"""CSS in a page (``style`` attributes), judged on ``tinycss2``'s tokens, not on its text.

``tinycss2`` tokenizes as CSS Syntax Level 3 does, so escapes are decoded first (``u\\72l(``,
``\\75 rl(`` are ``url(``) and comments cannot split a name. Every URL the CSS could load
(``url()`` in either spelling, ``src()``, the strings in ``image-set()``, ``image()``,
``cross-fade()``, ``@import``) must stay inside the site; ``expression()``, ``behavior`` and
``-moz-binding`` (old ways to run script from CSS) and every at-rule are refused.

Properties are allow-listed: a guide needs alignment, spacing, sizes and simple text styles (and
Python-Markdown writes ``text-align`` for table columns). Positioning, ``content``, backgrounds,
filters and the like are left out: with them a page could draw over the site's own header and
warnings, or fetch images that the URL rules would then have to police property by property.
"""

from __future__ import annotations

import tinycss2

from guidepress.safety.urls import is_outside, shown

ALLOWED_PROPERTIES = frozenset("""
text-align vertical-align text-decoration text-decoration-line text-transform text-indent
font-weight font-style font-variant white-space word-break overflow-wrap hyphens
color background-color border-collapse list-style-type
width height min-width max-width min-height max-height
margin margin-top margin-right margin-bottom margin-left margin-inline-start margin-inline-end
padding padding-top padding-right padding-bottom padding-left padding-inline-start padding-inline-end
""".split())

_URL_FUNCTIONS = {"url", "src"}
_IMAGE_FUNCTIONS = {"image-set", "-webkit-image-set", "image", "cross-fade", "-webkit-cross-fade"}
_SCRIPT_NAMES = {"expression", "behavior", "-moz-binding"}


def url_problems(css: str | list, allow_data: bool = False, at_rules: bool = False) -> list[tuple[str, str, str]]:
    """(URL or name, rule, message) for each thing in ``css`` (text or tokens) that loads from outside the
    site or runs script; every at-rule too unless ``at_rules`` (then only ``@import``'s URL is
    judged). Walks nested blocks without recursion (any depth)."""
    out: list[tuple[str, str, str]] = []
    stack = [tinycss2.parse_component_value_list(css) if isinstance(css, str) else css]
    while stack:
        importing = False
        for token in stack.pop():
            kind = token.type
            if importing and kind == "string":
                _url(token.value, out, allow_data)
            if kind not in ("whitespace", "comment"):
                importing = kind == "at-keyword" and token.lower_value == "import"
            if kind == "url":
                _url(token.value, out, allow_data)
            elif kind == "at-keyword" and not at_rules:
                out.append((f"@{token.value}", "unsafe",
                            f"the CSS rule @{shown(token.value)} is not allowed in a guide: remove it"))
            elif kind == "ident" and token.lower_value in _SCRIPT_NAMES:
                out.append((token.value, "unsafe", f"the CSS '{shown(token.value)}' can run code: remove it"))
            elif kind == "function":
                name = token.lower_name
                if name in _SCRIPT_NAMES:
                    out.append((token.name, "unsafe", f"the CSS '{shown(token.name)}()' can run code: remove it"))
                if name in _URL_FUNCTIONS | _IMAGE_FUNCTIONS:
                    for arg in token.arguments:
                        if arg.type == "string":
                            _url(arg.value, out, allow_data)
                stack.append(token.arguments)
            elif kind in ("() block", "[] block", "{} block"):
                stack.append(token.content)
    return out


def _url(url: str, out: list, allow_data: bool) -> None:
    if is_outside(url, allow_data):
        out.append((url, "resources", outside_message(url, "style")))


def outside_message(url: str, tag: str) -> str:
    """The message for a resource from outside the site (the build's wording since the start)."""
    return (f"the page loads '{shown(url)}' ({tag}) from outside the project: readers' browsers would contact another "
            f"site. Copy the file into the project (images go in the guide's images/ folder) and link to it "
            f"with a relative path.")


def style_attribute_problems(css: str) -> list[tuple[str, str, str]]:
    """Everything wrong with a ``style`` attribute: URLs and script as in :func:`url_problems`,
    then every property not on :data:`ALLOWED_PROPERTIES`."""
    tokens = tinycss2.parse_component_value_list(css)
    out = url_problems(tokens)
    for item in tinycss2.parse_declaration_list(tokens, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration" and item.lower_name not in ALLOWED_PROPERTIES \
                and item.lower_name not in _SCRIPT_NAMES:
            out.append((item.name, "unsafe",
                        (f"the style property '{shown(item.name)}' is not allowed in a guide: only simple "
                         f"text, spacing and size properties are (e.g. text-align, width, margin)")))
    return out
