"""``guides/<slug>/guide.yml``: the manifest of one guide, validated like MkDocs configuration.

The schema is a :class:`mkdocs.config.base.Config` subclass with a docstring per option (as
``mkdocs/config/defaults.py`` does); a loaded manifest is carried as small frozen dataclasses.
Every problem is reported at once, naming the file, the line and the field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from guidepress.model.datafile import read_yaml, validate_config
from guidepress.model.errors import ContentError, Finding, display_path
from guidepress.model.manifest_langs import main_lines, merge_lang_strings
from guidepress.model.roles import ROLES
from guidepress.model.videos import HOSTS, Video, build_videos

MANIFEST_NAME = "guide.yml"
STATUSES = ("example", "draft", "published")


class DateOption(c.BaseConfigOption[dt.date]):
    """A calendar date written as ``YYYY-MM-DD``."""

    def run_validation(self, value: object) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValidationError(f"{value!r} is not a date: write it as YYYY-MM-DD, for example 2026-05-31")


class LocalizedText(c.BaseConfigOption[dict]):
    """Text in several languages: a mapping ``{language code: text}``.

    A plain string is taken as the source language's text. Language codes are checked against
    the site's languages when the manifest is loaded.
    """

    def run_validation(self, value: object) -> dict:
        if isinstance(value, str):
            return {"": value.strip()}
        if not isinstance(value, dict) or not value:
            raise ValidationError("write one line per language, for example:  en: Managing fatigue")
        out = {}
        for key, text in value.items():
            if not isinstance(key, str) or not isinstance(text, str) or not text.strip():
                raise ValidationError(f"the entry {key!r} must be a language code followed by a non-empty text")
            out[key] = text.strip()
        return out


class PersonConfig(Config):
    name = c.Type(str)
    """The person's name as they agreed to have it shown."""
    role = c.Choice(tuple(ROLES))
    """What they brought to the guide: one of the roles in ``guidepress/model/roles.py``."""
    affiliation = c.Optional(c.Type(str))
    """Organisation, if they want it shown."""
    fictional = c.Type(bool, default=False)
    """``true`` for a made-up person of example content: readers see "(fictional)" after the name,
    in their own language (write the name without it)."""


class ReviewerConfig(PersonConfig):
    date = DateOption()
    """When they reviewed this version of the guide."""


class SourceConfig(Config):
    title = c.Type(str)
    """Title of the source (article, guideline, book)."""
    publisher = c.Optional(c.Type(str))
    """Who published it."""
    year = c.Optional(c.Type(int))
    """Year of publication."""
    url = c.Optional(c.Type(str))
    """Where to read it (shown as text; never fetched)."""


class FunderConfig(Config):
    name = LocalizedText()
    """Who paid for the guide ("None" is a valid answer): one name, or one line per language
    (``en: National Fund``, ``fr: Fonds national``); a language without its own shows the source's."""
    independence = LocalizedText()
    """The independence statement: what the funder could and could not influence."""


class VideoPersonConfig(PersonConfig):
    consent = c.Type(bool)
    """``true`` once the person has agreed to appear in the published video (record it; a person
    without recorded consent is an error of ``check`` and of the build)."""


class ExternalVideoConfig(Config):
    host = c.Choice(tuple(HOSTS))
    """``youtube``, ``vimeo`` or ``peertube``: readers are told which host a video loads from."""
    url = c.Type(str)
    """The video's page address on that host (https only), such as ``https://framatube.org/w/<id>``."""


class VideoSourceConfig(Config):
    """``file`` (and ``poster``), or ``external`` with the fields of :class:`ExternalVideoConfig`."""

    file = c.Optional(c.Type(str))
    """A video file in the guide's ``videos/`` folder (``videos/<id>.webm``), stored once for every language."""
    poster = c.Optional(c.Type(str))
    """Its poster image (``videos/<id>.jpg``): shown before playing, and in the PDF."""
    external = c.Optional(c.Type(dict))
    """Or a video on an external host: nothing is loaded from it until the reader presses a button."""


class VideoConfig(Config):
    """One entry of ``videos:`` in ``guide.yml``."""

    id = c.Type(str)
    """The video's id (lowercase, digits, hyphens): pages show it with a line ``::video <id>``, and
    its captions are ``guides/<slug>/<lang>/videos/<id>.vtt``."""
    title = LocalizedText()
    """The video's title in the source language; translations go in ``<lang>/guide.yml``
    (``videos: {<id>: {title: ...}}``), like the guide's other strings."""
    duration = c.Type((int, str))
    """Length in seconds (``67``) or minutes and seconds (``"1:07"``)."""
    people = c.ListOfItems(c.SubConfig(VideoPersonConfig), default=[])
    """Who appears in the video: name, role (``guidepress/model/roles.py``) and ``consent: true``."""
    source = c.SubConfig(VideoSourceConfig)
    """Where the video is: ``file:`` (and ``poster:``) inside the guide, or ``external:``."""


class GuideConfig(Config):
    """Schema of ``guide.yml``."""

    title = LocalizedText()
    """The guide's title, per language; the source language is required."""
    summary = LocalizedText()
    """One or two sentences that say who the guide is for and what it covers, per language."""
    status = c.Choice(STATUSES)
    """``example`` (sample content, not advice), ``draft`` or ``published``."""
    version = c.Type(str)
    """Version of the content, such as "1.2". Write it in quotes."""
    published = DateOption()
    """Date this guide was first published."""
    last_reviewed = DateOption()
    """Date the content was last reviewed."""
    next_review = DateOption()
    """Date by which the content must be reviewed again."""
    pages = c.ListOfItems(c.Type(str))
    """Page files in reading order, such as ``01-what-is-fatigue.md``."""
    co_creators = c.ListOfItems(c.SubConfig(PersonConfig))
    """Everyone who wrote the guide, with their role."""
    reviewers = c.ListOfItems(c.SubConfig(ReviewerConfig), default=[])
    """Medical and plain-language reviewers of this version."""
    sources = c.ListOfItems(c.SubConfig(SourceConfig), default=[])
    """References the content rests on."""
    funder = c.SubConfig(FunderConfig)
    """Who funded the guide, and the independence statement."""
    videos = c.ListOfItems(c.SubConfig(VideoConfig), default=[])
    """The guide's videos (see :class:`VideoConfig`); a page shows one with a line ``::video <id>``."""


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    affiliation: str | None = None
    fictional: bool = False


@dataclass(frozen=True)
class Reviewer(Person):
    date: dt.date | None = None


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str | None = None
    year: int | None = None
    url: str | None = None


@dataclass(frozen=True)
class Guide:
    """A validated ``guide.yml`` plus where it lives."""

    slug: str
    path: Path
    title: dict
    summary: dict
    status: str
    version: str
    published: dt.date
    last_reviewed: dt.date
    next_review: dt.date
    pages: tuple[str, ...]
    co_creators: tuple[Person, ...]
    reviewers: tuple[Reviewer, ...]
    sources: tuple[Source, ...]
    funder_name: dict
    independence: dict
    videos: tuple[Video, ...] = ()

    def video(self, video_id: str) -> Video | None:
        return next((v for v in self.videos if v.id == video_id), None)

    def text(self, field: str, lang: str, default_lang: str) -> str:
        """``title``, ``summary``, ``funder_name`` or ``independence`` in ``lang``, else the source
        language."""
        values = getattr(self, field)
        return values.get(lang) or values[default_lang]

    def page_path(self, lang: str, page: str) -> Path:
        return self.path / lang / page


def _page_findings(pages: tuple, loaded, where: str, guide_dir: Path, default_lang: str,
                   root: Path | None) -> list[Finding]:
    """Problems of the ``pages`` list: empty, listed twice, not a file name, missing."""
    findings = []
    if not pages:
        findings.append(Finding(where, loaded.line_of("pages"), "manifest", "'pages' is empty: list the guide's pages in reading order"))
    seen = set()
    for i, page in enumerate(pages):
        line = loaded.line_of("pages", i)
        if page in seen:
            findings.append(Finding(where, line, "manifest", f"the page '{page}' is listed twice in 'pages'"))
        seen.add(page)
        if not page.endswith(".md") or "/" in page or "\\" in page:
            findings.append(Finding(where, line, "manifest", f"'{page}' is not a page file name: write names like 01-start.md"))
        elif not (guide_dir / default_lang / page).is_file():
            findings.append(Finding(where, line, "manifest",
                                    f"the page '{page}' does not exist in {display_path(guide_dir / default_lang, root)}/: create it or fix the name"))
    return findings


def _date_findings(cfg: GuideConfig, bad: set, loaded, where: str) -> list[Finding]:
    """The dates' order, and no date of something done (publication, reviews) in the future."""
    findings = []
    if not bad & {"next_review", "last_reviewed"} and cfg.next_review < cfg.last_reviewed:
        findings.append(Finding(where, loaded.line_of("next_review"), "manifest", "'next_review' is before 'last_reviewed': check the dates"))
    if not bad & {"last_reviewed", "published"} and cfg.last_reviewed < cfg.published:
        findings.append(Finding(where, loaded.line_of("last_reviewed"), "manifest", "'last_reviewed' is before 'published': check the dates"))
    dates: list[tuple[str, tuple[str | int, ...], dt.date]] = [
        (field, (field,), getattr(cfg, field)) for field in ("published", "last_reviewed") if field not in bad]
    if "reviewers" not in bad:
        dates += [(f"'reviewers' item {i + 1}, 'date'", ("reviewers", i, "date"), r.date)
                  for i, r in enumerate(cfg.reviewers)]
    for label, path, value in dates:
        label = label if label.startswith("'reviewers'") else f"'{label}'"
        found = future_date_finding(where, loaded.line_of(*path), label, value)
        if found:
            findings.append(found)
    return findings


_LIST_SCHEMAS = {"co_creators": PersonConfig, "reviewers": ReviewerConfig, "sources": SourceConfig,
                 "videos": VideoConfig}


def _plain(message: str) -> str:
    message = str(message)
    if message.startswith("Required configuration not provided"):
        return "this field is missing: add it (see CONTRIBUTING.md, 'The guide manifest')"
    return message


def _locate(key: str, err, loaded, where: str) -> list[Finding]:
    """Findings for one failed top-level field, pointing inside lists of people or sources."""
    data = loaded.data or {}
    schema = _LIST_SCHEMAS.get(key)
    if schema is not None and isinstance(data.get(key), list):
        out = []
        for i, item in enumerate(data[key]):
            if not isinstance(item, dict):
                out.append(Finding(where, loaded.line_of(key, i), "manifest",
                                   f"'{key}' item {i + 1} must be a set of 'field: value' lines"))
                continue
            cfg = schema()
            cfg.load_dict(item)
            failed, warnings = validate_config(cfg)
            for sub, sub_err in failed:
                out.append(Finding(where, loaded.line_of(key, i, sub), "manifest",
                                   f"'{key}' item {i + 1}, '{sub}': {_plain(sub_err)}"))
            for sub, _ in warnings:
                out.append(Finding(where, loaded.line_of(key, i, sub), "manifest",
                                   f"'{key}' item {i + 1}: unknown field '{sub}': remove it or check its spelling"))
        if out:
            return out
    line = loaded.line_of(key) if key in data else None
    return [Finding(where, line, "manifest", f"'{key}': {_plain(err)}")]


def future_date_finding(where: str, line: int | None, label: str, value: dt.date, rule: str = "manifest",
                        today: dt.date | None = None) -> Finding | None:
    """A date that records something done (publication, review) cannot be after today; one day
    of slack allows for time zones."""
    today = today or dt.date.today()
    if value > today + dt.timedelta(days=1):
        return Finding(where, line, rule, f"{label} ({value.isoformat()}) is in the future: write the day it "
                                          f"actually happened")
    return None


def _read_manifest(path: Path, guide_dir: Path, where: str, root: Path | None) -> tuple:
    """The loaded YAML and the findings so far (keys written twice); raises :class:`ContentError`
    when the file cannot be read at all."""
    try:
        loaded, findings = read_yaml(path, where, "manifest", root)
    except FileNotFoundError:
        raise ContentError([Finding(display_path(guide_dir, root), None, "manifest",
                                    f"this guide folder has no {MANIFEST_NAME}: create one (guidepress new guide SLUG writes a template)")]) from None
    if loaded is None:
        raise ContentError(findings)
    if not isinstance(loaded.data, dict):
        raise ContentError(findings + [Finding(where, 1, "manifest", "the manifest must be a set of 'key: value' lines")])
    return loaded, findings


def load_guide(guide_dir: Path, languages: list[str], default_lang: str, root: Path | None = None) -> Guide:
    """Load and validate ``guide_dir/guide.yml``; raise :class:`ContentError` listing every problem."""
    path = guide_dir / MANIFEST_NAME
    where = display_path(path, root)
    loaded, findings = _read_manifest(path, guide_dir, where, root)

    cfg = GuideConfig(config_file_path=str(path))
    cfg.load_dict(loaded.data)
    failed, warnings = validate_config(cfg)
    bad = {key for key, _ in failed}
    findings += [f for key, err in failed for f in _locate(key, err, loaded, where)]
    for key, msg in warnings:
        if "Unrecognised configuration name" in str(msg):
            msg = f"unknown field: remove it or check its spelling (known fields: {', '.join(sorted(cfg._schema_keys))})"
        findings.append(Finding(where, loaded.line_of(key), "manifest", f"'{key}': {msg}"))

    def localized(field: str, value: dict, parent: tuple = ()) -> dict:
        out = {}
        for code, text in value.items():
            code = code or default_lang
            if code not in languages:
                findings.append(Finding(where, loaded.line_of(*parent, field, code), "manifest",
                                        f"'{field}' has text for the unknown language '{code}': "
                                        f"use one of the site's languages ({' '.join(languages)})"))
            out[code] = text
        if default_lang not in out:
            findings.append(Finding(where, loaded.line_of(*parent, field), "manifest",
                                    f"'{field}' has no text in the source language '{default_lang}': add a line '{default_lang}: ...'"))
        return out

    title = localized("title", cfg.title) if "title" not in bad else {}
    summary = localized("summary", cfg.summary) if "summary" not in bad else {}
    independence = localized("independence", cfg.funder.independence, ("funder",)) if "funder" not in bad else {}
    funder_name = localized("name", cfg.funder.name, ("funder",)) if "funder" not in bad else {}
    pages = tuple(cfg.pages) if "pages" not in bad else ()
    if "pages" not in bad:
        findings += _page_findings(pages, loaded, where, guide_dir, default_lang, root)
    findings += _date_findings(cfg, bad, loaded, where)
    videos, video_titles, problems = ((), {}, []) if "videos" in bad else \
        build_videos(cfg.videos, loaded, where, guide_dir, default_lang, languages, root)
    findings += problems
    # each language's strings may live in its own folder: guides/<slug>/<lang>/guide.yml
    findings += merge_lang_strings(guide_dir, languages, {"title": title, "summary": summary, "funder_name": funder_name,
                                                          "independence": independence, "videos": video_titles},
                                   main_lines(loaded, default_lang), where, root)
    if findings:
        raise ContentError(sorted(findings, key=lambda f: (f.path != where, f.path, f.line or 0)))

    return Guide(
        slug=guide_dir.name,
        path=guide_dir,
        title=title,
        summary=summary,
        status=cfg.status,
        version=cfg.version,
        published=cfg.published,
        last_reviewed=cfg.last_reviewed,
        next_review=cfg.next_review,
        pages=pages,
        co_creators=tuple(Person(p.name, p.role, p.affiliation, p.fictional) for p in cfg.co_creators),
        reviewers=tuple(Reviewer(r.name, r.role, r.affiliation, r.fictional, r.date) for r in cfg.reviewers),
        sources=tuple(Source(s.title, s.publisher, s.year, s.url) for s in cfg.sources),
        funder_name=funder_name,
        independence=independence,
        videos=videos,
    )
