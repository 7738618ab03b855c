"""``guidepress status``: what is missing or outdated, for every guide and language, and how
complete each interface catalog is. The same data feeds the site's translation status page."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from .checks.markdown import parse, words
from .checks.po import completeness
from .project import Project
from .translation import State

COLUMNS = ("reviewed", "current", "draft", "outdated", "fallback")


@dataclass
class Row:
    """One guide (or the site pages) in one language."""

    name: str
    lang: str
    states: dict[str, int] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    words_to_translate: int = 0
    words_to_update: int = 0


@dataclass
class Status:
    rows: list[Row]
    catalogs: dict[str, dict]


def _words(path) -> int:
    """Words a translator reads: the page's text, without link targets, anchors and markup."""
    page = parse(path.read_text(encoding="utf-8"))
    return sum(words(item.value) for item in page.prose)


def collect(project: Project) -> Status:
    rows = []
    units = [(g.slug, [(p, project.page(g, p, lang)) for p in g.pages], lang) for g in project.guides
             for lang in project.languages if lang != project.default_lang]
    site_pages = []
    if project.docs_dir and (project.docs_dir / project.default_lang).is_dir():
        src = project.docs_dir / project.default_lang
        site_pages = sorted(p.relative_to(src).as_posix() for p in src.rglob("*.md"))
    units += [("site pages", [(rel, project.site_page(rel, lang)) for rel in site_pages], lang)
              for lang in project.languages if lang != project.default_lang]
    for name, infos, lang in units:
        row = Row(name, lang, {c: 0 for c in COLUMNS})
        for page, info in infos:
            row.states[info.state.value] += 1
            row.pages[page] = info.state.value
            if info.state is State.FALLBACK:
                row.words_to_translate += _words(project.source_path(info))
            elif info.state is State.OUTDATED:
                row.words_to_update += _words(project.source_path(info))
        rows.append(row)
    rows.sort(key=lambda r: (r.name == "site pages", r.name, project.languages.index(r.lang)))
    catalogs = {}
    for lang in project.languages:
        if lang == project.default_lang:
            continue
        path = project.locales_dir / lang / "LC_MESSAGES" / "messages.po"
        done, total = completeness(path, lang) if path.is_file() else (0, 0)
        catalogs[lang] = {"translated": done, "total": total,
                          "percent": round(100 * done / total) if total else 0}
    return Status(rows, catalogs)


def _table(headers: list[str], rows: list[list], markdown: bool) -> str:
    cells = [[str(c) for c in r] for r in rows]
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in cells])
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:<{w}}}" if i < 2 else f"{{:>{w}}}" for i, w in enumerate(widths))
    return "\n".join([fmt.format(*headers), fmt.format(*("-" * w for w in widths))] + [fmt.format(*r) for r in cells])


def render(status: Status, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"pages": [asdict(r) for r in status.rows], "catalogs": status.catalogs},
                          ensure_ascii=False, indent=2)
    md = fmt == "markdown"
    headers = ["guide", "language", *COLUMNS, "words to translate", "words to update"]
    pages = _table(headers, [[r.name, r.lang, *(r.states[c] for c in COLUMNS), r.words_to_translate, r.words_to_update]
                             for r in status.rows], md)
    catalogs = _table(["language", "interface strings translated", "complete"],
                      [[lang, f"{c['translated']}/{c['total']}", f"{c['percent']}%"] for lang, c in status.catalogs.items()], md)
    if md:
        return (f"## Pages\n\nStates: reviewed, current (translated, not reviewed), draft, outdated (the source "
                f"changed since), fallback (not translated: readers see the source).\n\n{pages}\n\n"
                f"## Interface strings\n\n{catalogs}\n")
    return f"{pages}\n\n{catalogs}"
