"""``guidepress status``: what is missing or outdated, for every guide and language, how
complete each interface catalog is, and a readability figure for every page that exists in a
language (source pages included). The same data feeds the site's translation status page."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

from guidepress.text.markdown import parse, words
from guidepress.model.catalogs import completeness
from guidepress.model.errors import display_path
from guidepress.model.glossary import load_glossaries
from guidepress.model.project import Project
from guidepress.text.readability import ENGLISH_TARGET_GRADE, MIN_SENTENCES, MIN_WORDS, formula_name
from guidepress.text.readability_cache import FigureCache
from guidepress.model.safefiles import PAGE_RULE, read_text
from guidepress.model.translation import State

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
    readability: list[dict] = field(default_factory=list)
    """One entry per page file in each language: name, lang, page, state, path and the figure
    (``Readability.as_dict()``), in the order of the languages, then of the rows."""
    language_names: dict[str, str] = field(default_factory=dict)
    captions: dict[str, dict] = field(default_factory=dict)
    """Per translated language: the videos' captions in each state (as pages: reviewed, current,
    draft, outdated, fallback), counted over every guide's videos that have source captions."""
    glossaries: dict[str, dict] = field(default_factory=dict)
    """Per translated language: glossary terms ``translated``, ``outdated`` (the source entry
    changed since) and ``missing`` (readers see the source entry)."""


def _read(path, root) -> str:
    """A page's text, read as the build reads it (no link, UTF-8): a page that cannot be read
    stops ``status`` with its file:line (:class:`~guidepress.model.errors.ContentError`)."""
    return read_text(path, display_path(path, root), PAGE_RULE, root)


def _words(path, root) -> int:
    """Words a translator reads: the page's text, without link targets, anchors and markup."""
    page = parse(_read(path, root))
    return sum(words(item.value) for item in page.prose)


def _page_infos(project: Project, lang: str, site_pages: list[str]):
    """(name, page, info) for every guide page, then every site page, in ``lang``."""
    for guide in sorted(project.guides, key=lambda g: g.slug):
        for page in guide.pages:
            yield guide.slug, page, project.page(guide, page, lang)
    for rel in site_pages:
        yield "site pages", rel, project.site_page(rel, lang)


def _readability(project: Project, name: str, page: str, info, figures: FigureCache) -> dict:
    figure = figures.measure(_read(info.path, project.root), info.lang)  # reads only the body lines
    return {"name": name, "lang": info.lang, "page": page, "state": info.state.value,
            "path": display_path(info.path, project.root)} | figure.as_dict()


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
    source_words: dict = {}  # a source page is counted once, not once per language that lacks it

    def words_of_source(info) -> int:
        path = project.source_path(info)
        if path not in source_words:
            source_words[path] = _words(path, project.root)
        return source_words[path]

    for name, infos, lang in units:
        row = Row(name, lang, {c: 0 for c in COLUMNS})
        for page, info in infos:
            row.states[info.state.value] += 1
            row.pages[page] = info.state.value
            if info.state is State.FALLBACK:
                row.words_to_translate += words_of_source(info)
            elif info.state is State.OUTDATED:
                row.words_to_update += words_of_source(info)
        rows.append(row)
    rows.sort(key=lambda r: (r.name == "site pages", r.name, project.languages.index(r.lang)))
    figures = FigureCache(project.root)  # measured again only when a page changed
    readability = [_readability(project, name, page, info, figures) for lang in project.languages
                   for name, page, info in _page_infos(project, lang, site_pages)
                   if info.state is not State.FALLBACK and info.path.is_file()]
    figures.save()
    catalogs = {}
    for lang in project.languages:
        if lang == project.default_lang:
            continue
        path = project.locales_dir / lang / "LC_MESSAGES" / "messages.po"
        done, total = completeness(path, lang) if path.is_file() else (0, 0)
        catalogs[lang] = {"translated": done, "total": total,
                          "percent": round(100 * done / total) if total else 0}
    names = {lang: project.language_info[lang].name_in("en") for lang in project.languages}
    return Status(rows, catalogs, readability, names, _captions(project), _glossaries(project))


def _captions(project: Project) -> dict[str, dict]:
    out = {}
    for lang in project.languages:
        if lang == project.default_lang:
            continue
        counts = {c: 0 for c in COLUMNS}
        for guide in project.guides:
            for video in guide.videos:
                info = project.caption(guide, video.id, project.default_lang)
                if info.path is not None:  # a video with captions in the source language
                    counts[project.caption(guide, video.id, lang).state.value] += 1
        out[lang] = counts
    return out if any(sum(c.values()) for c in out.values()) else {}


def _glossaries(project: Project) -> dict[str, dict]:
    glossaries, _ = load_glossaries(project.locales_dir, project.languages, project.default_lang, project.root)
    source = glossaries.get(project.default_lang)
    if source is None:
        return {}
    out = {}
    for lang in project.languages:
        if lang == project.default_lang:
            continue
        own = glossaries.get(lang)
        translated = [t for t in source.terms if own is not None and own.get(t.id) is not None]
        outdated = len(own.outdated) if own is not None else 0
        out[lang] = {"translated": len(translated) - outdated, "outdated": outdated,
                     "missing": len(source.terms) - len(translated)}
    return out


def _table(headers: list[str], rows: list[list], markdown: bool, left: int = 2) -> str:
    """A table in Markdown or aligned text (the first ``left`` columns to the left)."""
    cells = [[str(c) for c in r] for r in rows]
    if markdown:  # cells are text: the site's status page renders this Markdown
        cells = [[_md_text(c) for c in r] for r in cells]
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in cells])
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:<{w}}}" if i < left else f"{{:>{w}}}" for i, w in enumerate(widths))
    return "\n".join([fmt.format(*headers), fmt.format(*("-" * w for w in widths))] + [fmt.format(*r) for r in cells])


def _md_text(value: str) -> str:
    """``value`` as literal text in a Markdown table cell: HTML escaped, Markdown's own marks
    (and the cell separator) backslash-escaped."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+!|])", r"\\\1", value)


def render(status: Status, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"pages": [asdict(r) for r in status.rows], "catalogs": status.catalogs,
                           "captions": status.captions,
                           "glossaries": status.glossaries, "readability": status.readability},
                          ensure_ascii=False, indent=2)
    md = fmt == "markdown"
    headers = ["guide", "language", *COLUMNS, "words to translate", "words to update"]
    pages = _table(headers, [[r.name, r.lang, *(r.states[c] for c in COLUMNS), r.words_to_translate, r.words_to_update]
                             for r in status.rows], md)
    catalogs = _table(["language", "interface strings translated", "complete"],
                      [[lang, f"{c['translated']}/{c['total']}", f"{c['percent']}%"] for lang, c in status.catalogs.items()], md)
    glossary = _table(["language", "glossary terms translated", "outdated", "not translated"],
                      [[lang, g["translated"], g["outdated"], g["missing"]] for lang, g in status.glossaries.items()], md,
                      left=1)
    captions = _table(["captions", *COLUMNS], [[lang, *(c[k] for k in COLUMNS)] for lang, c in status.captions.items()],
                      md, left=1)
    if md:
        return (f"## Pages\n\nStates: reviewed, current (translated, not reviewed), draft, outdated (the source "
                f"changed since), fallback (not translated: readers see the source).\n\n{pages}\n\n"
                f"## Interface strings\n\n{catalogs}\n\n"
                + (f"## Video captions\n\nPer language, the captions of the guides' videos in each state (as "
                   f"pages).\n\n{captions}\n\n" if status.captions else "")
                + (f"## Glossary\n\nOutdated: the source entry changed since the term was translated. Not "
                   f"translated: readers see the source entry.\n\n{glossary}\n\n" if status.glossaries else "")
                + _readability_markdown(status))
    readability = _table(["language", "guide", "page", "formula", "figure", "band", "sentences", "words"],
                         [[e["lang"], e["name"], e["page"], e["formula"], e["summary"], e["band"] or "",
                           e["sentences"], e["words"]] for e in status.readability], False, left=6)
    return "\n\n".join([pages, catalogs, *([captions] if status.captions else []),
                        *([glossary] if status.glossaries else []), readability])


def _readability_markdown(status: Status) -> str:
    """One section per language: its formula and what the numbers mean, then a row per page."""
    out = [("## Readability\n\nOne figure per page that exists in a language, with the language's own formula "
           "where there is one, otherwise the mean sentence length and the share of long words (more than six "
           "letters). They are estimates from sentence and word length: use them to find the hard pages, then "
           f"read those pages. Pages with fewer than {MIN_SENTENCES} sentences or {MIN_WORDS} words are too short "
           "to measure.\n")]
    langs = list(dict.fromkeys(e["lang"] for e in status.readability))
    for lang in langs:
        entries = [e for e in status.readability if e["lang"] == lang]
        name = status.language_names.get(lang, lang)
        formula = formula_name(lang)
        about = (f"{formula}: {entries[0]['scale']}." if formula != "sentence length"
                 else f"No readability formula is used for {name}: {entries[0]['scale']}.")
        if formula == "Flesch-Kincaid grade":
            about += f" `guidepress check` warns when a page is above grade {ENGLISH_TARGET_GRADE:g}."
        banded = formula != "sentence length"  # no agreed bands for sentence length alone: no empty column
        rows = [[e["name"], e["page"], e["summary"], *([e["band"] or ""] if banded else []), e["sentences"], e["words"]]
                for e in entries]
        headers = ["guide", "page", "figure", *(["band"] if banded else []), "sentences", "words"]
        out.append(f"### {name} ({lang})\n\n{about}\n\n" + _table(headers, rows, True) + "\n")
    return "\n".join(out)
