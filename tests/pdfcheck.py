"""Read real PDFs: structure with pikepdf, text with pdftotext."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pikepdf


def pdftext(path: Path, first: int | None = None, last: int | None = None) -> str:
    cmd = ["pdftotext", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    return subprocess.run(cmd + [str(path), "-"], capture_output=True, text=True, check=True).stdout


def outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    titles = []
    with pdf.open_outline() as outline:
        def walk(items):
            for item in items:
                titles.append(str(item.title))
                walk(item.children)
        walk(outline.root)
    return titles


def fonts(pdf: pikepdf.Pdf) -> list[dict]:
    """Every font used on every page: name, embedded, subset, ToUnicode."""
    found = {}
    for page in pdf.pages:
        for font in (page.Resources.get("/Font") or {}).values():
            base = str(font.get("/BaseFont"))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and font.get("/DescendantFonts") is not None:
                descriptor = font.DescendantFonts[0].get("/FontDescriptor")
            embedded = descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[base] = {"name": base, "embedded": embedded, "subset": base[1:8].endswith("+"),
                           "to_unicode": "/ToUnicode" in font}
    return list(found.values())


def struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    out = []
    stack = [pdf.Root.StructTreeRoot]
    seen = set()
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
            continue
        if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen and node.objgen != (0, 0):
            continue
        seen.add(node.objgen)
        if "/S" in node:
            out.append(node)
        kids = node.get("/K")
        if kids is not None:
            stack.append(kids)
    return out


def body_font_size_pt(pdf: pikepdf.Pdf) -> float:
    """The most used text size, in points (WeasyPrint writes sizes in CSS px, scaled by 0.75)."""
    sizes = Counter()
    for page in pdf.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "Tf":
                sizes[round(float(operands[1]), 1)] += 1
    return sizes.most_common(1)[0][0] * 0.75
