"""SVG images, judged before they are published: an SVG opened on its own is a document of the
site, so a ``<script>`` in it would run with the site's origin.

The file is parsed as XML by expat with namespaces; a DOCTYPE (and so any entity declaration) is
refused before anything is expanded, so entity tricks ("billion laughs", external entities) never
run. Elements and attributes are allow-listed (drawing, text, gradients, clipping, simple filters);
``script``, ``foreignObject``, ``image``, ``a``, ``style``, animation elements (they can rewrite
``href``), ``feImage``, processing instructions (``<?xml-stylesheet?>``), every ``on*``
attribute, any ``href``/``xlink:href`` other than ``#id`` and any CSS ``url()`` other than
``url(#id)`` are refused. Elements and attributes of the editors'
metadata namespaces (Inkscape, Sodipodi, RDF, Dublin Core, Creative Commons) are allowed: they are
never rendered nor run. A bad SVG is refused, never silently cleaned.
"""

from __future__ import annotations

from pathlib import Path
from xml.parsers import expat

import tinycss2

from guidepress.model.errors import Finding
from guidepress.safety.urls import shown

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
EDITOR_NAMESPACES = {
    "http://www.inkscape.org/namespaces/inkscape", "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/",
    "http://creativecommons.org/ns#", "http://web.resource.org/cc/",
}

ELEMENTS = frozenset("""
svg g defs title desc metadata symbol use switch path rect circle ellipse line polyline polygon text tspan
linearGradient radialGradient stop clipPath mask pattern marker
filter feGaussianBlur feOffset feBlend feColorMatrix feFlood feComposite feMerge feMergeNode feDropShadow
""".split())
ATTRIBUTES = frozenset("""
id class viewBox width height x y x1 y1 x2 y2 cx cy r rx ry fx fy fr d points pathLength transform
preserveAspectRatio version baseProfile role lang tabindex focusable
fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-dasharray
stroke-dashoffset stroke-opacity stroke-miterlimit opacity visibility display color overflow
clip-path clip-rule clipPathUnits mask maskUnits maskContentUnits
offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod
patternUnits patternContentUnits patternTransform
markerWidth markerHeight refX refY orient markerUnits marker-start marker-mid marker-end
dx dy rotate textLength lengthAdjust text-anchor dominant-baseline alignment-baseline baseline-shift
font-family font-size font-weight font-style font-variant letter-spacing word-spacing text-decoration
writing-mode direction unicode-bidi
filter filterUnits primitiveUnits stdDeviation in in2 result mode values type operator k1 k2 k3 k4
flood-color flood-opacity style href
""".split())
_FRAGMENT_ONLY = "url(#...)"


def svg_problems(data: bytes) -> list[tuple[int | None, str]]:
    """(line, message) for everything an SVG file may not contain; empty when it is fine."""
    out: list[tuple[int | None, str]] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    class Refused(Exception):
        pass

    def doctype(*_):
        out.append((parser.CurrentLineNumber, ("the SVG has a DOCTYPE: remove it (SVG files need none, and "
                                               "entities in it are not allowed)")))
        raise Refused

    def start(name, attrs):
        line = parser.CurrentLineNumber
        ns, _, local = name.rpartition(" ")
        if ns in EDITOR_NAMESPACES:
            return
        if ns != SVG_NS or local not in ELEMENTS:
            label = local if ns in (SVG_NS, "") else f"{local} (namespace {ns})"
            out.append((line, (f"the SVG element <{shown(label)}> is not allowed: it can run code, load another "
                               f"file or is not needed for a drawing. Remove it")))
            return
        for key, value in attrs.items():
            message = _attribute_problem(local, key, value)
            if message:
                out.append((line, message))

    def instruction(target, _data):
        out.append((parser.CurrentLineNumber, (f"the SVG has a processing instruction <?{shown(target)} ...?>: "
                                               f"remove it (an xml-stylesheet one loads another file)")))

    parser.ProcessingInstructionHandler = instruction
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except Refused:
        pass
    except expat.ExpatError as exc:
        out.append((exc.lineno, (f"the SVG is not well-formed XML ({expat.ErrorString(exc.code)}): "
                                 f"save it again from the drawing program")))
    return out


def _attribute_problem(element: str, key: str, value: str) -> str | None:
    ns, _, local = key.rpartition(" ")
    if ns in EDITOR_NAMESPACES or (ns == XML_NS and local in ("lang", "space")):
        return None
    if local.lower().startswith("on"):
        return f"the SVG attribute '{shown(local)}' on <{element}> runs code: remove it"
    if ns not in ("", XLINK_NS) or (ns == XLINK_NS and local != "href"):
        return f"the SVG attribute '{shown(local)}' (namespace {shown(ns)}) on <{element}> is not allowed: remove it"
    if local == "href":
        if not value.strip().startswith("#"):
            return (f"the SVG <{element}> points to '{shown(value)}': an SVG may only point inside itself "
                    f"('#id'). Draw the shape in the file instead")
        return None
    if local not in ATTRIBUTES and not local.startswith(("aria-", "data-")):
        return f"the SVG attribute '{shown(local)}' on <{element}> is not allowed: remove it"
    if local == "style" or "url" in value.lower() or "\\" in value:
        return _css_problem(element, local, value)
    return None


def _css_problem(element: str, attribute: str, value: str) -> str | None:
    stack = [tinycss2.parse_component_value_list(value)]
    while stack:
        for token in stack.pop():
            if token.type == "url" and not token.value.strip().startswith("#"):
                return f"the SVG <{element}> {attribute} loads '{shown(token.value)}': only {_FRAGMENT_ONLY} is allowed"
            if token.type == "at-keyword":
                return f"the SVG <{element}> {attribute} has @{shown(token.value)}: remove it"
            if token.type == "function":
                if token.lower_name in ("url", "src", "image", "image-set", "expression", "cross-fade"):
                    target = next((a.value for a in token.arguments if a.type == "string"), "")
                    if token.lower_name != "url" or not target.strip().startswith("#"):
                        return (f"the SVG <{element}> {attribute} uses {shown(token.name)}(): only {_FRAGMENT_ONLY} "
                                f"is allowed")
                stack.append(token.arguments)
            elif token.type in ("() block", "[] block", "{} block"):
                stack.append(token.content)
            elif token.type == "ident" and token.lower_value in ("behavior", "-moz-binding"):
                return f"the SVG <{element}> {attribute} uses '{shown(token.value)}': remove it"
    return None


def svg_findings(path: Path, where: str, rule: str = "unsafe") -> list[Finding]:
    """Findings for the SVG file at ``path``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [Finding(where, None, rule, f"the SVG cannot be read ({exc.strerror})")]
    return [Finding(where, line, rule, message) for line, message in svg_problems(data)]
