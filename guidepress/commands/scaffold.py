"""``guidepress new``: scaffold a guide, or a translation of a guide or of the site pages;
``guidepress mark-current``: record that a translation matches the current source."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from guidepress.model.errors import display_path
from guidepress.model.manifest import MANIFEST_NAME
from guidepress.model.project import IMAGES_DIR, Project
from guidepress.model.safefiles import PAGE_RULE, read_text
from guidepress.model.translation import PLACEHOLDER_TRANSLATOR, source_hash
from guidepress.model.videos import (CAPTIONS_RULE, HASH_NOTE, STATUS_NOTE, VIDEOS_DIR, caption_hash, caption_path,
                                     split_header, with_source_hash)
from guidepress.model.yamlfile import split_front_matter

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

GUIDE_TEMPLATE = """\
# Manifest of the guide "{slug}". Field reference: CONTRIBUTING.md ("The guide manifest").
status: draft
version: "0.1"
published: {today}
last_reviewed: {today}
next_review: {next_year}
title:
  {lang}: {title}
summary:
  {lang}: One or two sentences saying who this guide is for and what it covers.
pages:
  - 01-introduction.md
co_creators:
  - name: Your name
    role: patient-expert
reviewers: []
sources: []
funder:
  name: No external funding
  independence:
    {lang}: No funder had any say in what this guide says.
"""

PAGE_TEMPLATE = """\
# {title}

Write the first page here: short sentences and everyday words.

## What this guide covers {{#what-this-guide-covers}}

- First point
- Second point
"""


class ScaffoldError(Exception):
    pass


def new_guide(project: Project, slug: str, title: str | None = None) -> list[Path]:
    if not SLUG.match(slug):
        raise ScaffoldError(f"'{slug}' is not a valid guide name: use lowercase letters, digits and hyphens, like fatigue-at-home")
    folder = project.guides_dir / slug
    if folder.exists():
        raise ScaffoldError(f"{display_path(folder, project.root)} already exists: choose another name")
    title = title or slug.replace("-", " ").capitalize()
    today = dt.date.today()
    src = folder / project.default_lang
    src.mkdir(parents=True)
    (folder / IMAGES_DIR).mkdir()
    manifest = folder / MANIFEST_NAME
    manifest.write_text(GUIDE_TEMPLATE.format(slug=slug, today=today, next_year=today.replace(year=today.year + 1),
                                              lang=project.default_lang, title=title), encoding="utf-8")
    page = src / "01-introduction.md"
    page.write_text(PAGE_TEMPLATE.format(title=title), encoding="utf-8")
    return [manifest, page]


def translation_header(source_text: str) -> str:
    return ("---\ntranslation:\n"
            f"  source_hash: {source_hash(source_text)}\n"
            "  status: draft\n"
            "  translators:\n"
            f"    - name: {PLACEHOLDER_TRANSLATOR}\n"
            "  reviews: []\n---\n\n")


def _check_lang(project: Project, lang: str) -> None:
    if lang not in project.languages:
        raise ScaffoldError(f"'{lang}' is not one of the site's languages ({' '.join(project.languages)}): "
                            "add it to the i18n plugin's languages in mkdocs.yml first")
    if lang == project.default_lang:
        raise ScaffoldError(f"'{lang}' is the source language: there is nothing to translate into it")


def _copy_for_translation(pairs: list[tuple[Path, Path]]) -> list[Path]:
    created = []
    for source, target in pairs:
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".vtt":  # captions: the same cues to translate, the source hash recorded
            target.write_text(caption_copy(read_text(source, display_path(source, None), CAPTIONS_RULE)), encoding="utf-8")
            created.append(target)
            continue
        text = read_text(source, display_path(source, None), PAGE_RULE)
        _, body, _ = split_front_matter(text)
        target.write_text(translation_header(text) + body.lstrip("\n"), encoding="utf-8")
        created.append(target)
    return created


def _chosen(pairs: dict[str, tuple[Path, Path]], names: list[str] | None, every: bool, command: str) -> list[tuple[Path, Path]]:
    """The (source, target) pairs of the pages named (a page is named as in the manifest, or by
    its path, or without ``.md``), of every page with ``every``; with neither, an error that
    lists the pages not yet translated and how to ask for them. A copy is the source's text
    until it is translated: the site, ``status`` and ``check`` treat it as a fallback."""
    if every:
        return list(pairs.values())
    if not names:
        todo = [name for name, (_, target) in pairs.items() if not target.exists()]
        if not todo:
            return []
        raise ScaffoldError("name the pages you will translate (a page you do not translate stays in the source "
                            f"language, marked as not translated yet): {command} {' '.join(todo[:3])}"
                            f"{' ...' if len(todo) > 3 else ''}\n  not translated yet: {', '.join(todo)}"
                            "\n  (--all copies every one; each copy counts as not translated until its text is)")
    chosen, unknown = [], []
    for name in names:
        key = _page_key(name, pairs)
        if key is None:
            unknown.append(name)
        elif pairs[key] not in chosen:
            chosen.append(pairs[key])
    if unknown:
        raise ScaffoldError(f"no such page: {', '.join(unknown)} (pages: {', '.join(pairs)})")
    return chosen


def _page_key(name: str, pairs: dict[str, tuple[Path, Path]]) -> str | None:
    """The page ``name`` stands for: ``02-pacing.md``, ``02-pacing`` or a path ending in either."""
    name = name.replace("\\", "/")
    for key in sorted(pairs, key=len, reverse=True):  # about/index.md before index.md
        for form in (key, key.removesuffix(".md")):
            if name == form or name.endswith("/" + form):
                return key
    return None


def new_translation(project: Project, slug: str, lang: str, pages: list[str] | None = None,
                    every: bool = False) -> list[Path]:
    """Copy the source pages ``pages`` of guide ``slug`` (or all with ``every``) into
    ``guides/slug/lang/``; pages already there are left as they are."""
    _check_lang(project, lang)
    try:
        guide = project.guide(slug)
    except KeyError:
        raise ScaffoldError(f"there is no guide '{slug}' (guides: {', '.join(g.slug for g in project.guides)})") from None
    pairs = {p: (guide.page_path(project.default_lang, p), guide.page_path(lang, p)) for p in guide.pages}
    for video in guide.videos:  # captions to translate: named videos/<id>.vtt, or with --all
        source = caption_path(guide.path, project.default_lang, video.id)
        if source.is_file():
            pairs[f"{VIDEOS_DIR}/{video.id}.vtt"] = (source, caption_path(guide.path, lang, video.id))
    return _copy_for_translation(_chosen(pairs, pages, every, f"guidepress new translation {slug} {lang}"))


def new_site_translation(project: Project, docs_dir: Path, lang: str, pages: list[str] | None = None,
                         every: bool = False) -> list[Path]:
    """Copy the source language's site pages ``pages`` (``docs/<source>/``; all with ``every``)
    into ``docs/<lang>/``."""
    _check_lang(project, lang)
    src = docs_dir / project.default_lang
    pairs = {p.relative_to(src).as_posix(): (p, docs_dir / lang / p.relative_to(src)) for p in sorted(src.rglob("*.md"))}
    return _copy_for_translation(_chosen(pairs, pages, every, f"guidepress new site {lang}"))


def caption_copy(text: str) -> str:
    """A caption file to translate: the source's cues, its source hash and a draft status recorded."""
    notes, cues = split_header(text)
    return (f"WEBVTT\n\n{HASH_NOTE} {caption_hash(text)}\n\n{STATUS_NOTE} draft\n\n"
            "NOTE Translate the text of each cue; keep its times and its numbers (see TRANSLATING.md).\n\n" + cues)


def mark_caption_current(path: Path, source: Path) -> str:
    """``mark-current`` of a caption file: its ``NOTE guidepress source-hash`` is the source's now."""
    text = read_text(path, display_path(path, None), CAPTIONS_RULE)
    new_hash = caption_hash(read_text(source, display_path(source, None), CAPTIONS_RULE))
    path.write_text(with_source_hash(text, new_hash), encoding="utf-8")
    return new_hash


_HASH_LINE = re.compile(r"^(  source_hash:[ \t]*).*$", re.M)


def mark_current(path: Path, source: Path) -> str:
    """Write the current source hash into ``path``'s translation front matter; return it.
    Both files are read as the build reads them: never through a link, so nothing is written
    through one either."""
    text = read_text(path, display_path(path, None), PAGE_RULE)
    new_hash = source_hash(read_text(source, display_path(source, None), PAGE_RULE))
    fm, body, _ = split_front_matter(text)
    if fm is None:
        fm, body = "", text
    lines = fm.split("\n") if fm else []
    if not any(line.startswith("translation:") for line in lines):
        lines += ["translation:", f"  source_hash: {new_hash}", "  status: draft"]
    elif _HASH_LINE.search(fm):
        # the translation block's own source_hash (two spaces in); reviews' hashes stay as they are
        lines = _HASH_LINE.sub(lambda m: m.group(1) + new_hash, fm, count=1).split("\n")
    else:
        i = next(i for i, line in enumerate(lines) if line.startswith("translation:"))
        lines.insert(i + 1, f"  source_hash: {new_hash}")
    path.write_text("---\n" + "\n".join(lines) + "\n---\n" + body, encoding="utf-8")
    return new_hash
