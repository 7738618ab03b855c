"""Schema rules beyond the manifest: folders of unknown languages, orphan translations."""

from __future__ import annotations

from guidepress.model.datafile import read_yaml
from guidepress.model.errors import Finding, display_path
from guidepress.model.manifest import MANIFEST_NAME
from guidepress.model.project import Project


def check_unknown_folders(project: Project) -> list[Finding]:
    out = []
    for base, what in ((project.docs_dir, "site pages"), (project.locales_dir, "catalogs")):
        if base is None or not base.is_dir():
            continue
        for child in sorted(p for p in base.iterdir() if p.is_dir()):
            if child.name not in project.languages and child.name not in ("assets", "images", "stylesheets", "javascripts"):
                out.append(Finding(display_path(child, project.root), None, "languages",
                                   f"'{child.name}' is not one of the site's languages ({' '.join(project.languages)}): "
                                   f"rename the folder of {what}, or add the language to mkdocs.yml"))
    return out


def check_orphans(project: Project) -> list[Finding]:
    """Translated pages whose source page does not exist (or is not in the guide's manifest)."""
    out = []
    for guide in project.guides:
        for lang in project.languages:
            if lang == project.default_lang or not (guide.path / lang).is_dir():
                continue
            for path in sorted((guide.path / lang).rglob("*.md")):
                name = path.relative_to(guide.path / lang).as_posix()
                if name not in guide.pages:
                    out.append(Finding(display_path(path, project.root), 1, "orphan",
                                       f"there is no source page '{name}' in the guide's manifest (pages: "
                                       f"{', '.join(guide.pages)}): rename this file to match, or remove it"))
    if project.docs_dir and project.docs_dir.is_dir():
        src = project.docs_dir / project.default_lang
        for lang in project.languages:
            if lang == project.default_lang or not (project.docs_dir / lang).is_dir():
                continue
            for path in sorted((project.docs_dir / lang).rglob("*.md")):
                rel = path.relative_to(project.docs_dir / lang)
                if not (src / rel).is_file():
                    out.append(Finding(display_path(path, project.root), 1, "orphan",
                                       f"there is no source page {display_path(src / rel, project.root)}: rename this "
                                       f"file to match a source page, or remove it"))
    return out


def check_sources(project: Project) -> list[Finding]:
    """A published guide names the sources it rests on (issue #13): readers are told "No sources
    listed" otherwise, which a published guide must not say."""
    out = []
    for guide in project.guides:
        if guide.status != "published" or guide.sources:
            continue
        path = guide.path / MANIFEST_NAME
        where = display_path(path, project.root)
        loaded, _ = read_yaml(path, where, "manifest", project.root)
        data = loaded.data if loaded is not None and isinstance(loaded.data, dict) else {}
        line = loaded.line_of("sources" if "sources" in data else "status") if loaded is not None else None
        out.append(Finding(where, line, "manifest",
                           "a published guide must list its sources: add each guideline or article the guide "
                           "rests on under 'sources' (title, publisher, year, url), or set 'status: draft' until it has them"))
    return out
