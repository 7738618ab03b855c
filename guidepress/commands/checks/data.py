"""Rules for the data files under ``locales/``: the glossaries (``glossary``) and the support
organisations (``support``), plus the markers that place their lists on the site pages."""

from __future__ import annotations

from pathlib import Path

from guidepress.model import glossary, support
from guidepress.pdf import reference
from guidepress.model.errors import Finding, display_path
from guidepress.model.project import Project
from guidepress.model.safefiles import try_read_text

RULES = (glossary.RULE, support.RULE)


def check_data(project: Project, selected) -> list[Finding]:
    """Every finding about the glossaries and the support file (only those of the selected files),
    and about the list markers of the site pages."""
    out = [f for f in reference.findings(project) if selected(project.root / f.path)]
    return out + check_markers(project, selected)


def check_markers(project: Project, selected) -> list[Finding]:
    """A translated site page must keep the marker line where the list goes, as its source has it."""
    if project.docs_dir is None or not (project.docs_dir / project.default_lang).is_dir():
        return []
    out = []
    source_root = project.docs_dir / project.default_lang
    for source in sorted(source_root.rglob("*.md")):
        text, _ = try_read_text(source, "", "page", project.root)  # problems: reported by the page rules
        if text is None:
            continue
        markers = [m for m in (glossary.MARKER, support.MARKER) if m in text]
        if not markers:
            continue
        rel = source.relative_to(source_root)
        for lang in project.languages:
            path: Path = project.docs_dir / lang / rel
            if lang == project.default_lang or not path.is_file() or not selected(path):
                continue
            page, _ = try_read_text(path, "", "page", project.root)
            if page is None:
                continue
            for marker in markers:
                if marker not in page:
                    is_glossary = marker == glossary.MARKER
                    what = "glossary" if is_glossary else "list of support organisations"
                    out.append(Finding(display_path(path, project.root), None, glossary.RULE if is_glossary else support.RULE,
                                       f"the line {marker} is missing: the {what} appears there on the "
                                       f"{display_path(source, project.root)} page. Copy that line to the same place"))
    return out
