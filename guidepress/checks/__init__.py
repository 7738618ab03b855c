"""``guidepress check``: every problem in the content at once, as ``path:line: [rule] message``.

Rules (one function each, in ``rules``, ``po``, ``schema`` and ``readability``): manifest and front-matter schema,
structure parity with the source, links, numbers, unsafe content, gettext catalogs; warnings for
outdated translations and unusual lengths, and for English pages above reading grade 9.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import ContentError, Finding, display_path
from ..project import Project
from ..safefiles import find_links, page_source
from ..safety.files import project_file_findings
from ..translation import State
from . import po, rules
from . import data
from .markdown import parse
from .readability import check_readability
from .schema import check_orphans, check_unknown_folders

RULES = ("symlink", "names", "page", "manifest", "front-matter", "languages", "orphan", "structure", "links", "numbers",
         "unsafe", "po", "outdated", "length", "resources", "readability")
RULES += data.RULES  # glossaries and support organisations (locales/)


def _page_pairs(project: Project):
    """(translated or source path, source path, lang, guide-or-None, fallback dir) for every page."""
    for guide in project.guides:
        for name in guide.pages:
            source = guide.page_path(project.default_lang, name)
            for lang in project.languages:
                path = guide.page_path(lang, name)
                if path.is_file():
                    yield path, source, lang, guide, name
    if project.docs_dir and (project.docs_dir / project.default_lang).is_dir():
        src_root = project.docs_dir / project.default_lang
        for source in sorted(src_root.rglob("*.md")):
            rel = source.relative_to(src_root).as_posix()
            for lang in project.languages:
                path = project.docs_dir / lang / rel
                if path.is_file():
                    yield path, source, lang, None, rel


def markdown_config(project: Project) -> tuple[list, dict]:
    """The Markdown extensions (and their configs) of the project's ``mkdocs.yml``, for checking
    pages as the build renders them (``guidepress check`` passes those of its ``-f`` file)."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(project.root / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs or {})


def _translation_findings(project: Project, guide, name: str, lang: str) -> list[Finding]:
    """The problems of a translated page's front matter (the rest of what it holds is reported
    with them, even when the page cannot be checked further)."""
    if lang == project.default_lang:
        return []
    try:
        project.page(guide, name, lang) if guide is not None else project.site_page(name, lang)
    except ContentError as exc:
        return exc.findings
    return []


def check_page(project: Project, path: Path, source: Path, lang: str, guide, name: str,
               markdown: tuple[list, dict] | None = None) -> list[Finding]:
    where = display_path(path, project.root)
    source_name = project.language_info[project.default_lang].name_in("en")
    try:  # the build's own reading: no link, size limit, UTF-8, no NUL, front matter without aliases
        text = page_source(path, project.root)
    except ContentError as exc:
        return exc.findings + _translation_findings(project, guide, name, lang)
    page = parse(text)
    fallback_dir = source.parent if lang != project.default_lang else None
    markdown = markdown or markdown_config(project)
    findings = rules.check_unsafe(text, where, markdown) + rules.check_links_resolve(page, where, path, fallback_dir)
    findings += check_readability(page, where, lang)
    if lang == project.default_lang:
        return findings
    try:
        info = project.page(guide, name, lang) if guide is not None else project.site_page(name, lang)
    except ContentError as exc:
        return findings + exc.findings
    try:
        src = parse(page_source(source, project.root))
    except ContentError:
        return findings  # reported when the source page itself is checked
    findings += rules.check_structure(src, page, where, source_name)
    findings += rules.check_link_parity(src, page, where, source_name)
    findings += rules.check_numbers(src, page, where, source_name)
    findings += rules.check_length(src, page, where, lang, source_name)
    if info.state is State.OUTDATED:
        recorded = info.meta.source_hash if info.meta else None
        findings.append(Finding(where, 1, "outdated",
                                (f"the {source_name} page changed since this translation was made"
                                 if recorded else "this translation does not record which source version it was made from")
                                + f": update it, then run 'guidepress mark-current {where}'"
                                + (f" (see what changed: guidepress diff {lang} {where})" if recorded else ""),
                                severity="warning"))
    return findings


def run_checks(project: Project, paths: list[Path] | None = None,
               markdown: tuple[list, dict] | None = None) -> list[Finding]:
    """Every finding for the whole project, or only for ``paths`` (files or folders).
    ``markdown``: the site's Markdown extensions and configs (default: read from mkdocs.yml)."""
    wanted = None
    if paths:
        wanted = set()
        for p in paths:
            p = p.resolve()
            wanted.update(x.resolve() for x in p.rglob("*")) if p.is_dir() else wanted.add(p)

    def selected(path: Path) -> bool:
        return wanted is None or path.resolve() in wanted

    findings: list[Finding] = []
    findings += [f for f in find_links(project.places_root or project.root, project.places)
                 if selected(project.root / f.path)]
    findings += [f for f in check_unknown_folders(project) if wanted is None or selected(project.root / f.path)]
    findings += [f for f in check_orphans(project) if selected(project.root / f.path)]
    pairs = [pair for pair in _page_pairs(project) if selected(pair[0])]
    if pairs and markdown is None:
        markdown = markdown_config(project)
    for path, source, lang, guide, name in pairs:
        findings += check_page(project, path, source, lang, guide, name, markdown)
    findings += project_file_findings(project, selected)  # content file types, SVG images
    for lang in project.languages:
        catalog = project.locales_dir / lang / "LC_MESSAGES" / "messages.po"
        if (catalog.is_file() or catalog.is_symlink()) and selected(catalog):
            findings += po.check_po(catalog, display_path(catalog, project.root), lang, project.root)
    findings += data.check_data(project, selected)
    return sorted(set(findings), key=lambda f: (f.path, f.line or 0, f.rule, f.message))


def format_findings(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([{"path": f.path, "line": f.line, "rule": f.rule, "severity": f.severity,
                            "message": f.message} for f in findings], ensure_ascii=False, indent=2)
    if fmt == "github":
        def esc(text: str) -> str:
            return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return "\n".join(f"::{f.severity} file={f.path}{f',line={f.line}' if f.line else ''},title={f.rule}::{esc(f.message)}"
                         for f in findings)
    lines = [str(f) if f.severity == "error" else str(f).replace(f"[{f.rule}] ", f"[{f.rule}] warning: ", 1)
             for f in findings]
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    lines.append(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}")
    return "\n".join(lines)
