"""``guidepress check``: every problem in the content at once, as ``path:line: [rule] message``.

Rules (one function each, in ``rules``, ``po``, ``schema`` and ``readability``): manifest and front-matter schema,
structure parity with the source, links, numbers, unsafe content, gettext catalogs; warnings for
outdated translations (their parity findings become warnings too: only a translation that claims
to match its source has errors), untranslated copies, the scaffold's placeholder translator,
glossary terms a translation does not use (``terms``), unusual lengths, and English pages above
reading grade 9. A check of some paths runs the same rules and then keeps the findings about them.
"""

from __future__ import annotations

import json
from pathlib import Path

from guidepress.model.errors import ContentError, Finding, display_path
from guidepress.model.project import Project
from guidepress.model.safefiles import find_links, page_source
from guidepress.safety.files import project_file_findings
from guidepress.model.translation import PLACEHOLDER_TRANSLATOR, State, is_placeholder, read_translation_meta
from guidepress.commands.checks import po, rules
from guidepress.commands.checks import data
from guidepress.commands.checks import captions
from guidepress.commands.checks.terms import RULE as TERMS_RULE, check_terms
from guidepress.text.markdown import parse
from guidepress.commands.checks.readability import check_readability
from guidepress.commands.checks.schema import check_orphans, check_sources, check_unknown_folders

RULES: tuple[str, ...] = (
    "symlink", "names", "page", "manifest", "front-matter", "languages", "orphan", "structure", "links", "numbers",
    "unsafe", "po", "outdated", "length", "resources", "readability", "untranslated", "translators", TERMS_RULE)
RULES += data.RULES  # glossaries and support organisations (locales/)
RULES += captions.RULES  # videos and their captions (guides/<slug>/<lang>/videos/*.vtt)


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
    findings += _placeholder_translators(page, where, path, project.root)
    if info.state is State.FALLBACK:  # an untranslated copy: nothing of it is a translation yet
        return findings + [Finding(where, _first_text_line(page), "untranslated",
                                   f"this page is still the {source_name} page's text, so readers are shown it as "
                                   f"not translated yet: translate it, or delete the file until you do",
                                   severity="warning")]
    try:
        src = parse(page_source(source, project.root))
    except ContentError:
        return findings  # reported when the source page itself is checked
    parity = rules.check_structure(src, page, where, source_name)
    parity += rules.check_link_parity(src, page, where, source_name)
    parity += rules.check_numbers(src, page, where, source_name)
    parity += rules.check_length(src, page, where, lang, source_name)
    findings += check_terms(project, src, page, where, lang, source_name)
    if info.state is not State.OUTDATED:
        return findings + parity
    # made from an earlier source: differences from the current source are what updating it fixes
    recorded = info.meta.source_hash if info.meta else None
    findings += [Finding(f.path, f.line, f.rule, f"outdated page, to update: {f.message}", severity="warning")
                 for f in parity]
    findings.append(Finding(where, 1, "outdated",
                            (f"the {source_name} page changed since this translation was made"
                             if recorded else "this translation does not record which source version it was made from")
                            + f": update it, then run 'guidepress mark-current {where}'"
                            + (f" (see what changed: guidepress diff {lang} {where})" if recorded else "")
                            + (f"; until then it differs from the current {source_name} page in "
                               f"{len(parity)} place{'s' if len(parity) != 1 else ''} (the warnings marked 'outdated page')" if parity else ""),
                            severity="warning"))
    return findings


def _first_text_line(page) -> int:
    """The line of the page's first line of text (its first body line when it has none)."""
    return next((i.line for i in page.prose if i.value.strip()), page.body_start)


def _placeholder_translators(page, where: str, path: Path, root: Path) -> list[Finding]:
    """A warning while ``translators`` still holds the name the scaffold wrote (an untranslated
    copy too: the project credits no one for it, but the name is still to be written)."""
    try:
        meta = read_translation_meta(path, where, root)
    except ContentError:
        return []  # reported with the page's front matter
    placeholder = PLACEHOLDER_TRANSLATOR.casefold()
    if meta is None or not any(is_placeholder(name) for name in meta.translators):
        return []
    line = next((n for n, text in enumerate(page.text.split("\n"), 1)
                 if text.strip().startswith("- name:") and placeholder in text.casefold()), 1)
    return [Finding(where, line, "translators",
                    f"'{PLACEHOLDER_TRANSLATOR}' is the placeholder 'guidepress new' writes: put the name of each "
                    f"translator, as they want it shown, under 'translation: translators:'", severity="warning")]


def outdated_by(project: Project, source: Path, skip=lambda path: False) -> list[Finding]:
    """For a source page: one note per translation its current text makes outdated (except those
    ``skip(path)`` is true of), with the command that shows the translator what changed."""
    where = display_path(source, project.root)
    out = []
    for guide in project.guides:
        for name in guide.pages:
            if guide.page_path(project.default_lang, name).resolve() == source.resolve():
                out += _outdated_notes(project, where, skip, [(lang, guide.page_path(lang, name), lambda lang, n=name, g=guide:
                                                          project.page(g, n, lang)) for lang in project.languages])
    if project.docs_dir and source.resolve().is_relative_to((project.docs_dir / project.default_lang).resolve()):
        rel = source.resolve().relative_to((project.docs_dir / project.default_lang).resolve()).as_posix()
        out += _outdated_notes(project, where, skip, [(lang, project.docs_dir / lang / rel, lambda lang, r=rel:
                                                  project.site_page(r, lang)) for lang in project.languages])
    return out


def _outdated_notes(project: Project, where: str, skip, candidates) -> list[Finding]:
    """The notes of :func:`outdated_by` for (lang, path, page info of lang) candidates."""
    out = []
    for lang, path, info_of in candidates:
        if lang == project.default_lang or not path.is_file() or skip(path):
            continue
        try:
            state = info_of(lang).state
        except ContentError:
            continue  # reported when that page is checked
        if state is State.OUTDATED:
            shown = display_path(path, project.root)
            out.append(Finding(where, 1, "outdated",
                               f"the translation {shown} was made from another version of this page: its translators "
                               f"see what changed with 'guidepress diff {lang} {shown}'", severity="warning"))
    return out


def selection(paths: list[Path] | None):
    """``selected(path)``: whether a finding about ``path`` concerns the files or folders asked
    for: it is one of them or inside one, or it is a folder holding one (a finding about a folder,
    such as a folder of an unknown language, applies to every file in it). Without ``paths``,
    everything. The same rules run whichever way a file is named; only their findings are chosen."""
    if not paths:
        return lambda path: True
    wanted = [p.resolve() for p in paths]

    def selected(path: Path) -> bool:
        path = path.resolve()
        return any(path == w or path.is_relative_to(w) or w.is_relative_to(path) and path.is_dir() for w in wanted)
    return selected


def run_checks(project: Project, paths: list[Path] | None = None,
               markdown: tuple[list, dict] | None = None) -> list[Finding]:
    """Every finding for the whole project, or only for ``paths`` (files or folders).
    ``markdown``: the site's Markdown extensions and configs (default: read from mkdocs.yml)."""
    selected = selection(paths)
    findings: list[Finding] = []
    findings += [f for f in find_links(project.places_root or project.root, project.places)
                 if selected(project.root / f.path)]
    findings += [f for f in check_unknown_folders(project) if selected(project.root / f.path)]
    findings += [f for f in check_orphans(project) if selected(project.root / f.path)]
    findings += [f for f in check_sources(project) if selected(project.root / f.path)]
    pairs = [pair for pair in _page_pairs(project) if selected(pair[0])]
    if pairs and markdown is None:
        markdown = markdown_config(project)
    for path, source, lang, guide, name in pairs:
        findings += check_page(project, path, source, lang, guide, name, markdown)
        if paths and lang == project.default_lang:  # an editor's check of a source page
            findings += outdated_by(project, path, skip=selected)  # those checked here say it themselves
    findings += project_file_findings(project, selected)  # content file types, SVG images
    for lang in project.languages:
        catalog = project.locales_dir / lang / "LC_MESSAGES" / "messages.po"
        if (catalog.is_file() or catalog.is_symlink()) and selected(catalog):
            findings += po.check_po(catalog, display_path(catalog, project.root), lang, project.root)
    findings += data.check_data(project, selected)
    findings += captions.check_videos(project, selected)
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
