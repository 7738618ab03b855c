"""Translation metadata and the one place that decides a page's translation state.

A translated page records in its front matter the hash of the normalised source page it was
translated from (a content hash, not a git commit: it works inside one pull request and without
history), its status, its translators and its reviews::

    ---
    translation:
      source_hash: sha256:0123abcd...
      status: draft            # draft | translated | reviewed
      translators:
        - name: Ana Example
      reviews:
        - name: Dr Example
          role: oncologist
          date: 2026-10-01
          source_hash: sha256:0123abcd...
    ---

The site banners, the PDFs, ``status`` and ``check`` all call :func:`page_state`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from guidepress.model.datafile import validate_config
from guidepress.model.errors import ContentError, Finding
from guidepress.model.manifest import DateOption, future_date_finding
from guidepress.model.safefiles import PAGE_RULE, read_text
from guidepress.model.roles import ROLES
from guidepress.model.yamlfile import YamlError, load_yaml, split_front_matter

HASH_PREFIX = "sha256:"
TRANSLATION_STATUSES = ("draft", "translated", "reviewed")
PLACEHOLDER_TRANSLATOR = "Your name"
"""The name ``guidepress new translation`` writes under ``translators``: ``check`` warns while it is there."""


def is_placeholder(name: str) -> bool:
    """True for the scaffold's placeholder name, however it is spaced or cased."""
    return " ".join(name.split()).casefold() == PLACEHOLDER_TRANSLATOR.casefold()


def credited(translators) -> list[str]:
    """The translators readers are shown: never the scaffold's placeholder name."""
    return [name for name in translators if not is_placeholder(name)]


UNTRANSLATED_SHARE = 0.9
"""A page whose lines of text are at least this share the source's own lines is not a translation."""


class State(str, Enum):  # noqa: UP042 -- StrEnum changes str(state), which messages and logs print
    SOURCE = "source"
    """The page is in the source language."""
    FALLBACK = "fallback"
    """No translation, or a file that still holds the source's text (an untranslated copy, see
    :func:`is_untranslated_copy`): readers are told the page is not translated yet."""
    OUTDATED = "outdated"
    """The source changed since the translation was made."""
    DRAFT = "draft"
    """Translated from the current source, marked as a draft."""
    CURRENT = "current"
    """Translated from the current source, not yet reviewed."""
    REVIEWED = "reviewed"
    """Translated from the current source and a review covers that source."""


def normalise(markdown: str) -> str:
    """The text a source hash covers: the body without front matter, whitespace-normalised."""
    _, body, _ = split_front_matter(markdown.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in body.split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def text_lines(markdown: str) -> tuple[str, ...]:
    """The body's lines that hold words (a letter), whitespace-normalised: what a translator
    translates (blank lines, rules and lines of numbers or symbols alone are left out)."""
    return tuple(" ".join(line.split()) for line in normalise(markdown).split("\n") if any(ch.isalpha() for ch in line))


def untranslated_share(source_lines: tuple[Hashable, ...], lines: tuple[Hashable, ...]) -> float:
    """The share of a page's lines of text (:func:`text_lines`, or a hash of each) that are lines
    of its source, as they are."""
    if not lines:
        return 1.0 if not source_lines else 0.0
    return sum((Counter(lines) & Counter(source_lines)).values()) / len(lines)


def is_untranslated_copy(source_lines: tuple[Hashable, ...], lines: tuple[Hashable, ...]) -> bool:
    """True when a translated page is still (nearly) the source's text: the same body, or
    :data:`UNTRANSLATED_SHARE` of its lines of text unchanged. Such a page is shown, counted and
    checked as a fallback, never published as a translation."""
    return untranslated_share(source_lines, lines) >= UNTRANSLATED_SHARE


def source_hash(markdown: str) -> str:
    return HASH_PREFIX + hashlib.sha256(normalise(markdown).encode("utf-8")).hexdigest()[:16]


class TranslatorConfig(Config):
    name = c.Type(str)
    """Name of the translator, as they want it shown."""


class ReviewConfig(Config):
    name = c.Type(str)
    """Who reviewed the translation."""
    role = c.Choice(tuple(ROLES) + ("translator", "native-speaker"))
    """Their role (a clinician role, ``translator`` or ``native-speaker``)."""
    date = DateOption()
    """When they reviewed it."""
    source_hash = c.Type(str)
    """The source hash the review covered: a review of an older source does not count."""


class TranslationConfig(Config):
    source_hash = c.Optional(c.Type(str))
    """Hash of the normalised source page this translation was made from."""
    status = c.Choice(TRANSLATION_STATUSES, default="draft")
    """``draft``, ``translated`` or ``reviewed``."""
    translators = c.ListOfItems(c.SubConfig(TranslatorConfig), default=[])
    """Who translated the page."""
    reviews = c.ListOfItems(c.SubConfig(ReviewConfig), default=[])
    """Reviews of this translation."""


@dataclass(frozen=True)
class Review:
    name: str
    role: str
    date: dt.date
    source_hash: str


@dataclass(frozen=True)
class TranslationMeta:
    source_hash: str | None
    status: str
    translators: tuple[str, ...]
    reviews: tuple[Review, ...]


def read_translation_meta(path: Path, where: str, root: Path | None = None) -> TranslationMeta | None:
    """The ``translation`` block of a page's front matter, or None when there is none. Raises
    :class:`ContentError` with every problem of the page's front matter at once."""
    text = read_text(path, where, PAGE_RULE, root)
    try:
        fm, _, _ = split_front_matter(text)
        if fm is None:
            return None
        loaded = load_yaml(fm, line_offset=1)
        findings: list[Finding] = []
    except YamlError as exc:
        findings = [Finding(where, line, "front-matter", message) for line, message in exc.problems]
        if exc.loaded is None:
            raise ContentError(findings) from None
        loaded = exc.loaded
    data = loaded.data if isinstance(loaded.data, dict) else {}
    block = data.get("translation")
    if block is None:
        if findings:
            raise ContentError(findings)
        return None
    cfg = TranslationConfig(config_file_path=str(path))
    if not isinstance(block, dict):
        raise ContentError(findings + [Finding(where, loaded.line_of("translation"), "front-matter",
                                               "'translation' must hold 'source_hash', 'status', 'translators' and 'reviews'")])
    cfg.load_dict(block)
    failed, warnings = validate_config(cfg)
    findings += [Finding(where, loaded.line_of("translation", k), "front-matter", f"'translation.{k}': {e}") for k, e in failed]
    findings += [Finding(where, loaded.line_of("translation", k), "front-matter",
                         f"'translation.{k}' is not a known field: remove it or check its spelling") for k, _ in warnings]
    if not any(k == "reviews" for k, _ in failed):
        for i, review in enumerate(cfg.reviews):
            found = future_date_finding(where, loaded.line_of("translation", "reviews", i, "date"),
                                        f"'translation.reviews' item {i + 1}, 'date'", review.date, "front-matter")
            if found:
                findings.append(found)
    if findings:
        raise ContentError(findings)
    return TranslationMeta(
        source_hash=cfg.source_hash,
        status=cfg.status,
        translators=tuple(t.name for t in cfg.translators),
        reviews=tuple(Review(r.name, r.role, r.date, r.source_hash) for r in cfg.reviews),
    )


def page_state(meta: TranslationMeta | None, exists: bool, current_source_hash: str | None, is_source: bool,
               untranslated: bool = False) -> State:
    """The one decision about a page in one language (``untranslated``: the file is still the
    source's text, :func:`is_untranslated_copy`; ``current_source_hash`` None: the source page is
    gone, so no translation matches it)."""
    if is_source:
        return State.SOURCE
    if not exists or untranslated:
        return State.FALLBACK
    if meta is None or meta.source_hash != current_source_hash:
        return State.OUTDATED
    if any(r.source_hash == current_source_hash for r in meta.reviews):
        return State.REVIEWED
    if meta.status == "draft":
        return State.DRAFT
    return State.CURRENT
