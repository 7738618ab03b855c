"""``guidepress status --lang LANG``: one language's pages that need work, by name, each with
the command to run.

A page is listed when it is outdated (the source changed since it was translated), missing (no
file: readers see the source), a fallback (a file that still holds the source's text: readers
see the source) or a draft. Outdated pages that record the source version they were translated
from get the ``guidepress diff`` command that shows what changed; every page that has a file
gets the ``guidepress mark-current`` command to run once it matches its source again.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from guidepress.model.errors import display_path
from guidepress.model.project import Project
from guidepress.commands.scaffold import ScaffoldError
from guidepress.view.status import _table
from guidepress.model.translation import State

KINDS = ("outdated", "missing", "fallback", "draft")
"""The kinds of page listed, in this order."""

WHAT = {
    "outdated": "the source changed since this page was translated: see what changed, update the page",
    "missing": "not translated: readers see the source page",
    "fallback": "the file still holds the source's text: translate it (readers see the source page until then)",
    "draft": "translated, marked as a draft: finish it, then set 'status: translated'",
}


class UnknownLanguage(ScaffoldError):
    """A language that is not one of the site's translated languages."""


@dataclass
class Todo:
    """One page of one language that needs work."""

    lang: str
    kind: str
    page: str
    """``guide/page.md`` for a guide page, ``page.md`` (its path under docs/<lang>/) for a site page."""
    path: str
    """The translation's file (to create, for a missing page)."""
    diff: str | None
    mark_current: str | None
    create: str | None
    what: str


def _kind(info, target) -> str | None:
    """outdated, draft, fallback (an untranslated copy: a file of its own), missing, or None."""
    if info.state is State.OUTDATED:
        return "outdated"
    if info.state is State.DRAFT:
        return "draft"
    if info.state is State.FALLBACK:
        return "fallback" if target.is_file() else "missing"
    return None


def _site_pages(project: Project) -> list[str]:
    src = project.docs_dir / project.default_lang if project.docs_dir else None
    if src is None or not src.is_dir():
        return []
    return sorted(p.relative_to(src).as_posix() for p in src.rglob("*.md"))


def _target(project: Project, guide, page: str, lang: str) -> Path:
    if guide is not None:
        return guide.page_path(lang, page)
    assert project.docs_dir is not None  # site pages are listed only from a docs folder (_site_pages)
    return project.docs_dir / lang / page


def _todo(project: Project, guide, page: str, info, lang: str) -> Todo | None:
    target = _target(project, guide, page, lang)
    kind = _kind(info, target)
    if kind is None:
        return None
    name = f"{guide.slug}/{page}" if guide is not None else page
    path = display_path(target, project.root)
    has_hash = info.meta is not None and bool(info.meta.source_hash)
    create = None
    if kind == "missing":
        create = (f"guidepress new translation {guide.slug} {lang} {page}" if guide is not None
                  else f"guidepress new site {lang} {page}")
    return Todo(lang=lang, kind=kind, page=name, path=path,
                diff=f"guidepress diff {lang} {name}" if kind == "outdated" and has_hash else None,
                mark_current=None if kind == "missing" else f"guidepress mark-current {path}",
                create=create, what=WHAT[kind])


def language_todos(project: Project, lang: str) -> list[Todo]:
    """The pages of ``lang`` that need work, outdated first, then missing, fallback and draft;
    guide pages (in guide and reading order) before site pages."""
    if lang not in project.languages or lang == project.default_lang:
        raise UnknownLanguage(f"'{lang}' is not a translated language of this site: use one of "
                              f"{' '.join(code for code in project.languages if code != project.default_lang)}")
    todos = []
    for guide in sorted(project.guides, key=lambda g: g.slug):
        todos += [_todo(project, guide, page, project.page(guide, page, lang), lang) for page in guide.pages]
    todos += [_todo(project, None, rel, project.site_page(rel, lang), lang) for rel in _site_pages(project)]
    return sorted((t for t in todos if t is not None), key=lambda t: KINDS.index(t.kind))


def render_todos(project: Project, langs: list[str], fmt: str) -> str:
    """The pages to work on in each of ``langs``, as a table, Markdown or JSON."""
    todos = {lang: language_todos(project, lang) for lang in langs}
    if fmt == "json":
        return json.dumps({lang: [asdict(t) for t in items] for lang, items in todos.items()},
                          ensure_ascii=False, indent=2)
    md = fmt == "markdown"
    out = []
    for lang, items in todos.items():
        name = project.language_info[lang].name_in("en")
        counts = ", ".join(f"{sum(t.kind == k for t in items)} {k}" for k in KINDS)
        title = f"## {name} ({lang})" if md else f"{name} ({lang}): {counts}"
        if not items:
            out.append(f"{title}\n\nNothing to do: every page is translated and current.")
            continue
        diffs = any(t.diff for t in items)  # the column only when there is something to see
        rows = [[t.kind, t.page, *([t.diff or ""] if diffs else []), t.create or t.mark_current or ""] for t in items]
        headers = ["state", "page", *(["see what changed"] if diffs else []), "then run"]
        legend = "\n".join(f"{'- ' if md else '  '}{k}: {WHAT[k]}" for k in KINDS if any(t.kind == k for t in items))
        out.append(f"{title}\n\n" + (f"{counts}.\n\n" if md else "") + f"{legend}\n\n"
                   + "\n".join(line.rstrip() for line in _table(headers, rows, md, left=4).split("\n")))
    return "\n\n".join(out)
