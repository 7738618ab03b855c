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

from .errors import ContentError, Finding, display_path
from .roles import ROLES
from .yamlfile import YamlError, load_yaml

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
    """What they brought to the guide: one of the roles in ``guidepress/roles.py``."""
    affiliation = c.Optional(c.Type(str))
    """Organisation, if they want it shown."""


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
    name = c.Type(str)
    """Who paid for the guide ("None" is a valid answer)."""
    independence = LocalizedText()
    """The independence statement: what the funder could and could not influence."""


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


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    affiliation: str | None = None


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
    funder_name: str
    independence: dict

    def text(self, field: str, lang: str, default_lang: str) -> str:
        """``title``, ``summary`` or ``independence`` in ``lang``, else the source language."""
        values = getattr(self, field)
        return values.get(lang) or values[default_lang]

    def page_path(self, lang: str, page: str) -> Path:
        return self.path / lang / page


_LIST_SCHEMAS = {"co_creators": PersonConfig, "reviewers": ReviewerConfig, "sources": SourceConfig}


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
            failed, warnings = cfg.validate()
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


def load_guide(guide_dir: Path, languages: list[str], default_lang: str, root: Path | None = None) -> Guide:
    """Load and validate ``guide_dir/guide.yml``; raise :class:`ContentError` listing every problem."""
    path = guide_dir / MANIFEST_NAME
    where = display_path(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Finding(display_path(guide_dir, root), None, "manifest",
                                    f"this guide folder has no {MANIFEST_NAME}: create one (guidepress new guide SLUG writes a template)")])
    except UnicodeDecodeError:
        raise ContentError([Finding(where, None, "manifest", "the file is not UTF-8 text: save it as UTF-8")])
    try:
        loaded = load_yaml(text)
    except YamlError as exc:
        raise ContentError([Finding(where, exc.line, "manifest", str(exc))])
    if not isinstance(loaded.data, dict):
        raise ContentError([Finding(where, 1, "manifest", "the manifest must be a set of 'key: value' lines")])

    cfg = GuideConfig(config_file_path=str(path))
    cfg.load_dict(loaded.data)
    failed, warnings = cfg.validate()
    findings = [f for key, err in failed for f in _locate(key, err, loaded, where)]
    for key, msg in warnings:
        if "Unrecognised configuration name" in str(msg):
            msg = f"unknown field: remove it or check its spelling (known fields: {', '.join(sorted(cfg._schema_keys))})"
        findings.append(Finding(where, loaded.line_of(key), "manifest", f"'{key}': {msg}"))
    if findings:
        raise ContentError(findings)

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

    title = localized("title", cfg.title)
    summary = localized("summary", cfg.summary)
    independence = localized("independence", cfg.funder.independence, ("funder",))
    pages = tuple(cfg.pages)
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
    if cfg.next_review < cfg.last_reviewed:
        findings.append(Finding(where, loaded.line_of("next_review"), "manifest", "'next_review' is before 'last_reviewed': check the dates"))
    if cfg.last_reviewed < cfg.published:
        findings.append(Finding(where, loaded.line_of("last_reviewed"), "manifest", "'last_reviewed' is before 'published': check the dates"))
    if findings:
        raise ContentError(findings)

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
        co_creators=tuple(Person(p.name, p.role, p.affiliation) for p in cfg.co_creators),
        reviewers=tuple(Reviewer(r.name, r.role, r.affiliation, r.date) for r in cfg.reviewers),
        sources=tuple(Source(s.title, s.publisher, s.year, s.url) for s in cfg.sources),
        funder_name=cfg.funder.name,
        independence=independence,
    )
