"""What templates receive about guides: plain dicts with every string already localised
(dates formatted by Babel, roles translated through the gettext catalogs). Strings from the
manifest and the catalogs are escaped text (:func:`guidepress.escaping.text`): safe in any
template, escaped once."""

from __future__ import annotations

from collections import OrderedDict

from ..escaping import text
from ..manifest import Guide
from ..project import PageInfo, Project
from ..pdf import PRINT_DIR
from ..roles import ROLES


def guide_url(project: Project, guide: Guide, lang: str, page: str, prefix: str) -> str:
    """Site-root-relative URL of a guide page (directory URLs)."""
    stem = page[:-3]
    base = "" if lang == project.default_lang else f"{lang}/"
    return f"{base}{prefix}/{guide.slug}/{stem}/"


def print_url(project: Project, guide: Guide, lang: str, prefix: str) -> str:
    """Site-root-relative URL of the guide's whole-guide print page."""
    if lang not in project.guide_languages(guide):
        lang = project.default_lang
    base = "" if lang == project.default_lang else f"{lang}/"
    return f"{base}{prefix}/{guide.slug}/{PRINT_DIR}/"


def _by_role(people, gettext) -> list[dict]:
    groups: "OrderedDict[str, list]" = OrderedDict()
    for role in ROLES:
        for person in people:
            if person.role == role:
                groups.setdefault(role, []).append(person)
    return [{"role": role, "label": text(gettext(ROLES[role])), "people": [_person(p) for p in members]}
            for role, members in groups.items()]


def _person(person) -> dict:
    return {"name": text(person.name), "affiliation": text(person.affiliation) if person.affiliation else None}


def _source(source) -> dict:
    return {"title": text(source.title), "publisher": text(source.publisher) if source.publisher else None,
            "year": source.year, "url": text(source.url) if source.url else None}


def guide_context(project: Project, guide: Guide, lang: str, gettext, prefix: str) -> dict:
    """What the templates show of ``guide`` in ``lang``."""
    info = project.language_info[lang]
    d = project.default_lang
    return {
        "slug": guide.slug,
        "title": text(guide.text("title", lang, d)),
        "summary": text(guide.text("summary", lang, d)),
        "status": guide.status,
        "version": text(guide.version),
        "published": info.format_date(guide.published),
        "published_iso": guide.published.isoformat(),
        "last_reviewed": info.format_date(guide.last_reviewed),
        "last_reviewed_iso": guide.last_reviewed.isoformat(),
        "next_review": info.format_date(guide.next_review),
        "next_review_iso": guide.next_review.isoformat(),
        "co_creators": _by_role(guide.co_creators, gettext),
        "reviewers": [
            {**_person(r), "role": text(gettext(ROLES[r.role])),
             "date": info.format_date(r.date) if r.date else None}
            for r in guide.reviewers
        ],
        "sources": [_source(s) for s in guide.sources],
        "funder": text(guide.funder_name),
        "independence": text(guide.text("independence", lang, d)),
        "url": guide_url(project, guide, lang, guide.pages[0], prefix),
        "print_url": print_url(project, guide, lang, prefix),
        "languages": project.guide_languages(guide),
        "translated": lang in project.guide_languages(guide),
    }


def page_context(project: Project, info: PageInfo, lang: str, gettext, prefix: str) -> dict:
    """What the templates show of a guide page: its guide, translation state, place, translators."""
    return {
        "guide": guide_context(project, info.guide, lang, gettext, prefix),
        "state": info.state.value,
        "page_number": info.guide.pages.index(info.page) + 1,
        "page_count": len(info.guide.pages),
        "translators": [text(t) for t in info.meta.translators] if info.meta else [],
    }
