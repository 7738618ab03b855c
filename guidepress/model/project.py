"""The project model: languages, guides and every page's translation state.

The MkDocs plugin, the CLI, ``status`` and ``check`` build the same :class:`Project`.
"""

from __future__ import annotations


import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from guidepress.model.errors import ContentError, Finding, display_path
from guidepress.model.facts import by_file as _by_file
from guidepress.model.languages import Language, UnknownLanguageError, language
from guidepress.model.manifest import MANIFEST_NAME, Guide, load_guide
from guidepress.model.safefiles import PAGE_RULE, links_above, read_text
from guidepress.model.translation import (State, TranslationMeta, is_untranslated_copy, page_state, read_translation_meta, source_hash,
                          text_lines)
from guidepress.model.videos import VIDEOS_DIR, CAPTIONS_RULE, caption_hash, caption_meta, caption_path, read_cues

IMAGES_DIR = "images"
# VIDEOS_DIR (guidepress.model.videos): a guide's video files and posters, stored once for every language
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""A guide folder's name, which is the guide's address (the same rule as ``scaffold.SLUG``)."""


@dataclass(frozen=True)
class PageInfo:
    """One page of one guide in one language."""

    guide: Guide | None
    """None for a site page (``docs/<lang>/...``)."""
    page: str
    lang: str
    state: State
    path: Path | None
    """The file shown: the translation, or the source page for a fallback (None only for the
    captions of a video that has none, :meth:`Project.caption`)."""
    meta: TranslationMeta | None
    """The translation's front matter (None for the source, a missing page or an untranslated copy)."""

    @property
    def is_fallback(self) -> bool:
        return self.state is State.FALLBACK


@dataclass
class Project:
    root: Path
    guides_dir: Path
    locales_dir: Path
    languages: tuple[str, ...]
    default_lang: str
    docs_dir: Path
    guides: tuple[Guide, ...] = field(default=())
    places: tuple = ()
    """What :func:`guidepress.model.safefiles.find_links` scans, as written in the configuration (not
    resolved, so that a linked folder is seen as a link)."""
    places_root: Path | None = None
    """The root as written (``root`` has its links resolved)."""
    _pages: dict = field(default_factory=dict, repr=False)
    _guide_languages: dict = field(default_factory=dict, repr=False)

    @cached_property
    def language_info(self) -> dict[str, Language]:
        return {code: language(code) for code in self.languages}

    def guide(self, slug: str) -> Guide:
        for g in self.guides:
            if g.slug == slug:
                return g
        raise KeyError(slug)

    def page(self, guide: Guide, page: str, lang: str) -> PageInfo:
        key = (guide.slug, page, lang)
        if key not in self._pages:
            self._pages[key] = self._page(guide, page, lang)
        return self._pages[key]

    def site_page(self, rel: str, lang: str) -> PageInfo:
        """A site page ``docs/<lang>/<rel>`` (home, glossary...)."""
        key = ("", rel, lang)
        if key not in self._pages:
            self._pages[key] = self._state(None, rel, lang, self.docs_dir / self.default_lang / rel,
                                           self.docs_dir / lang / rel)
        return self._pages[key]

    def _page(self, guide: Guide, page: str, lang: str) -> PageInfo:
        return self._state(guide, page, lang, guide.page_path(self.default_lang, page), guide.page_path(lang, page))

    def _state(self, guide: Guide | None, page: str, lang: str, source: Path, path: Path) -> PageInfo:
        if lang == self.default_lang:
            return PageInfo(guide, page, lang, State.SOURCE, source, None)
        if not path.is_file():
            return PageInfo(guide, page, lang, State.FALLBACK, source, None)
        meta = _by_file(path, read_translation_meta, path, display_path(path, self.root), self.root)
        current = _by_file(source, _hash_of, source, self.root) if source.is_file() else None
        copy = source.is_file() and is_untranslated_copy(_lines(_by_file(source, _line_digests, source, self.root)),
                                                         _lines(_by_file(path, _line_digests, path, self.root)))
        state = page_state(meta, True, current, False, untranslated=copy)
        # an untranslated copy credits no one: no translation of it is published
        return PageInfo(guide, page, lang, state, path, None if copy else meta)

    def caption(self, guide: Guide, video_id: str, lang: str) -> PageInfo:
        """The captions of one video in one language, with the same state model as a page
        (``page`` is ``videos/<id>.vtt``; ``path`` is None when the video has no captions at all)."""
        key = (guide.slug, f"{VIDEOS_DIR}/{video_id}.vtt", lang)
        if key not in self._pages:
            source, path = caption_path(guide.path, self.default_lang, video_id), caption_path(guide.path, lang, video_id)
            if not source.is_file():
                info = PageInfo(guide, key[1], lang, State.SOURCE if lang == self.default_lang else State.FALLBACK,
                                None, None)
            elif lang == self.default_lang:
                info = PageInfo(guide, key[1], lang, State.SOURCE, source, None)
            elif not path.is_file():
                info = PageInfo(guide, key[1], lang, State.FALLBACK, source, None)
            else:
                text = _by_file(path, _caption_text, path, self.root)
                src_text = _by_file(source, _caption_text, source, self.root)
                meta = caption_meta(text)
                copy = is_untranslated_copy(_cue_lines(src_text), _cue_lines(text))
                state = page_state(meta, True, caption_hash(src_text), False, untranslated=copy)
                info = PageInfo(guide, key[1], lang, state, source if copy else path, None if copy else meta)
            self._pages[key] = info
        return self._pages[key]

    def source_path(self, info: PageInfo) -> Path:
        if info.guide is None:
            return self.docs_dir / self.default_lang / info.page
        return info.guide.page_path(self.default_lang, info.page)

    def guide_languages(self, guide: Guide) -> list[str]:
        """Languages in which at least one page of the guide is translated (source first): an
        untranslated copy of a source page does not count."""
        cache = self._guide_languages
        if guide.slug not in cache:
            cache[guide.slug] = [lang for lang in self.languages if lang == self.default_lang
                                 or any(self._translated(guide, p, lang) for p in guide.pages)]
        return list(cache[guide.slug])

    def _translated(self, guide: Guide, page: str, lang: str) -> bool:
        """The page exists in ``lang`` and is not a fallback (a page whose front matter cannot be
        read counts as there: its check says why)."""
        if not guide.page_path(lang, page).is_file():
            return False
        try:
            return self.page(guide, page, lang).state is not State.FALLBACK
        except ContentError:
            return True


_DIGEST = 8


def _line_digests(path: Path, root: Path) -> bytes:
    """The page's lines of text (:func:`~guidepress.model.translation.text_lines`) as what
    :func:`~guidepress.model.translation.is_untranslated_copy` compares, their equality: an 8-byte
    hash of each, end to end in one object. Every page's lines, kept for the whole build (and
    inherited by every worker) were 85 MB of strings on the 7,200-page corpus; these are 2.5 MB."""
    import hashlib

    lines = text_lines(read_text(path, display_path(path, root), PAGE_RULE, root))
    return b"".join(hashlib.blake2b(line.encode("utf-8"), digest_size=_DIGEST).digest() for line in lines)


def _lines(digests: bytes) -> tuple[bytes, ...]:
    return tuple(digests[i:i + _DIGEST] for i in range(0, len(digests), _DIGEST))


def _caption_text(path: Path, root: Path) -> str:
    return read_text(path, display_path(path, root), CAPTIONS_RULE, root)


def _cue_lines(text: str) -> tuple[str, ...]:
    return tuple(" ".join(line.split()) for cue in read_cues(text) for line in cue.lines if any(c.isalpha() for c in line))


def _hash_of(path: Path, root: Path) -> str:
    return source_hash(read_text(path, display_path(path, root), PAGE_RULE, root))


def _guide_folders(gdir: Path, root: Path, findings: list[Finding]) -> list[Path]:
    """The guide folders under ``gdir``; a folder whose name is not a valid guide name is a
    finding instead of vanishing from the site. Folders starting with "." or "_" that hold no
    guide.yml (editor and system folders, guides parked aside) are left alone; links are skipped
    (:func:`~guidepress.model.safefiles.find_links` reports them, and the build refuses them)."""
    out: list[Path] = []
    if not gdir.is_dir():
        return out
    for sub in sorted(gdir.iterdir()):
        if sub.is_symlink() or not sub.is_dir():
            continue
        if SLUG.match(sub.name):
            out.append(sub)
        elif not sub.name.startswith((".", "_")) or os.path.lexists(sub / MANIFEST_NAME):
            findings.append(Finding(display_path(sub, root), None, "manifest",
                                    f"'{sub.name}' is not a valid guide folder name (it is the guide's address): "
                                    f"use lowercase letters, digits and hyphens, like fatigue-at-home"))
    return out


def load_project(root: Path, languages: list[str], default_lang: str,
                 guides_dir: str = "guides", locales_dir: str = "locales", docs_dir: str = "docs",
                 errors: list[Finding] | None = None, theme_dir: str | None = None,
                 config_file: str | None = None) -> Project:
    """Validate the languages and every manifest; raise :class:`ContentError` with all findings,
    or, when ``errors`` is a list, add them to it and return the project without the bad guides."""
    places_root = Path(os.path.abspath(root))
    places = tuple(p for p in (config_file, places_root / docs_dir, places_root / guides_dir,
                               places_root / locales_dir, theme_dir) if p)
    root = root.resolve()
    findings: list[Finding] = []
    for code in languages:
        try:
            language(code)
        except UnknownLanguageError as exc:
            findings.append(Finding("mkdocs.yml", None, "languages", str(exc)))
    if default_lang not in languages:
        findings.append(Finding("mkdocs.yml", None, "languages",
                                f"the default language '{default_lang}' is not in the list of languages"))
    gdir = (root / guides_dir).resolve()
    guides = []
    linked = links_above(Path(os.path.abspath(places_root / guides_dir)), places_root)
    findings += linked  # a linked guides/ folder: nothing is read through it
    if not linked:
        for sub in _guide_folders(gdir, root, findings):
            try:
                guide = load_guide(sub, list(languages), default_lang, root)
            except ContentError as exc:
                findings.extend(exc.findings)
                continue
            for child in sorted(sub.iterdir()):
                if child.is_dir() and not child.is_symlink() and child.name not in (IMAGES_DIR, VIDEOS_DIR) and child.name not in languages:
                    findings.append(Finding(display_path(child, root), None, "languages",
                                            f"'{child.name}' is not one of the site's languages ({' '.join(languages)}): "
                                            f"rename the folder, or add the language to the i18n plugin's languages in mkdocs.yml"))
            guides.append(guide)
    if findings and errors is None:
        raise ContentError(findings)
    if errors is not None:
        errors.extend(findings)
    return Project(root=root, guides_dir=gdir, locales_dir=(root / locales_dir).resolve(),
                   languages=tuple(languages), default_lang=default_lang, guides=tuple(guides),
                   docs_dir=(root / docs_dir).resolve(), places=places,
                   places_root=places_root)


def manifest_paths(project: Project) -> list[Path]:
    return [g.path / MANIFEST_NAME for g in project.guides]
