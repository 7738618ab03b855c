"""Which files a contributor may add as content, and the SVG check on each SVG among them.

MkDocs publishes every file of ``docs/`` as it is, and guidepress publishes every file of
``guides/<slug>/images/``: an ``.html`` (or ``.xhtml``, ``.xml``, ``.svgz``, ``.js``, ``.css``)
file there would be a page or script of the site that nobody's Markdown produced. So content has
an allow-list of types:

* ``guides/<slug>/images/``: images only (png, jpg, jpeg, gif, webp, avif, svg);
* ``docs/``: Markdown pages, the same images, and PDF documents (inert for the browser, which
  shows them in its own viewer).

Files MkDocs leaves out (names starting with ``.``, ``exclude_docs``) are not published and are not
judged. Every SVG is judged by :mod:`.svg`.
"""

from __future__ import annotations

import os
from pathlib import Path

from guidepress.model.errors import Finding, display_path
from guidepress.model.safefiles import ATTR, CONTENT
from guidepress.safety.svg import svg_findings
from guidepress.safety.urls import shown

RULE = "unsafe"
IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"})
DOCS_TYPES = IMAGE_TYPES | {".md", ".pdf"}


def content_file_findings(path: Path, root: Path | None, images_only: bool) -> list[Finding]:
    """Findings for one content file that would be published (type, then SVG content)."""
    where = display_path(path, root)
    allowed = IMAGE_TYPES if images_only else DOCS_TYPES
    suffix = path.suffix.lower()
    if suffix not in allowed:
        kinds = "images (" if images_only else "Markdown pages, PDF files and images ("
        return [Finding(where, None, RULE,
                        f"a '{shown(suffix or path.name)}' file cannot be published as content: only {kinds}"
                        f"{', '.join(sorted(t[1:] for t in IMAGE_TYPES))}) may be added here. Remove it")]
    if suffix == ".svg":
        return svg_findings(path, where, RULE)
    return []


def project_file_findings(project, selected=lambda path: True) -> list[Finding]:
    """Findings for every content file of the project (for ``guidepress check``): each guide's
    ``images/`` folder and ``docs/`` (without the files MkDocs leaves out: names starting with '.')."""
    from guidepress.model.project import IMAGES_DIR

    out: list[Finding] = []
    for guide in project.guides:
        images = guide.path / IMAGES_DIR
        if images.is_dir():
            out += [f for p in sorted(images.rglob("*")) if p.is_file() and selected(p)
                    for f in content_file_findings(p, project.root, images_only=True)]
    docs = project.docs_dir
    if docs is not None and docs.is_dir():
        for p in sorted(docs.rglob("*")):
            rel = p.relative_to(docs).parts
            if p.is_file() and not any(part.startswith(".") for part in rel) and selected(p):
                out += content_file_findings(p, project.root, images_only=False)
    return out


def published_file_findings(files, docs_dir: str, image_dirs: list[Path], root: Path | None) -> list[Finding]:
    """Findings for the files a build will publish (MkDocs ``Files``) that come from ``docs_dir``
    or from a guide's images folder. Theme files and generated pages are not content."""
    docs = os.path.join(os.path.abspath(docs_dir), "")
    images = [os.path.join(os.path.abspath(d), "") for d in image_dirs]
    out: list[Finding] = []
    for f in files:
        src = getattr(f, ATTR, None) or f.abs_src_path  # a guide file: the real file
        if not src or f.inclusion.is_excluded() or getattr(f, CONTENT, None) is not None:
            continue
        path = os.path.abspath(src)
        in_images = any(path.startswith(d) for d in images)
        if in_images or path.startswith(docs):
            out += content_file_findings(Path(src), root, images_only=in_images)
    return out
