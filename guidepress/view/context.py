"""What templates receive about guides: plain dicts with every string already localised
(dates formatted by Babel, roles translated through the gettext catalogs). Strings from the
manifest and the catalogs are escaped text (:func:`guidepress.view.escaping.text`): safe in any
template, escaped once."""

from __future__ import annotations

from collections import OrderedDict

from markupsafe import Markup

from guidepress.view.escaping import falls_back, in_english, text
from guidepress.model.manifest import Guide
from guidepress.model.project import PageInfo, Project
from guidepress.view.urls import PRINT_DIR
from guidepress.model.roles import ROLES
from guidepress.model.translation import credited


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


def ui(gettext, message: str, lang: str) -> Markup:
    """``gettext(message)`` as text, marked English (``lang="en" dir="ltr"``) when the catalog of
    ``lang`` lacks it (``gettext`` is a catalog's bound ``gettext``)."""
    found = text(gettext(message))
    catalog = getattr(gettext, "__self__", None)
    return in_english(found) if catalog is not None and falls_back(catalog, message, lang=lang) else found


def _by_role(people, gettext, lang: str) -> list[dict]:
    groups: "OrderedDict[str, list]" = OrderedDict()
    for role in ROLES:
        for person in people:
            if person.role == role:
                groups.setdefault(role, []).append(person)
    return [{"role": role, "label": ui(gettext, ROLES[role], lang), "people": [_person(p) for p in members]}
            for role, members in groups.items()]


def _localized(project: Project, guide: Guide, field: str, lang: str) -> tuple[Markup, Markup]:
    """A manifest text in ``lang`` and the attributes its element needs: `` lang=".." dir=".."``
    of the source language when ``lang`` has no text of its own (an English summary on an Arabic
    cover), nothing otherwise."""
    d = project.default_lang
    values = getattr(guide, field)
    values = {d: values} if isinstance(values, str) else values  # one text for every language
    found = text(values.get(lang) or values[d])
    if lang == d or values.get(lang):
        return found, Markup("")
    source = project.language_info[d]
    return found, Markup(' lang="%s" dir="%s"') % (source.html_lang, source.direction)


def _person(person) -> dict:
    return {"name": text(person.name), "affiliation": text(person.affiliation) if person.affiliation else None}


def _source(source) -> dict:
    return {"title": text(source.title), "publisher": text(source.publisher) if source.publisher else None,
            "year": source.year, "url": text(source.url) if source.url else None}


def guide_context(project: Project, guide: Guide, lang: str, gettext, prefix: str) -> dict:
    """What the templates show of ``guide`` in ``lang``."""
    info = project.language_info[lang]
    title, title_attrs = _localized(project, guide, "title", lang)
    summary, summary_attrs = _localized(project, guide, "summary", lang)
    funder, funder_attrs = _localized(project, guide, "funder_name", lang)
    independence, independence_attrs = _localized(project, guide, "independence", lang)
    return {
        "slug": guide.slug,
        "title": title, "title_attrs": title_attrs,
        "summary": summary, "summary_attrs": summary_attrs,
        "status": guide.status,
        "version": text(guide.version),
        "published": info.format_date(guide.published),
        "published_iso": guide.published.isoformat(),
        "last_reviewed": info.format_date(guide.last_reviewed),
        "last_reviewed_iso": guide.last_reviewed.isoformat(),
        "next_review": info.format_date(guide.next_review),
        "next_review_iso": guide.next_review.isoformat(),
        "co_creators": _by_role(guide.co_creators, gettext, lang),
        "reviewers": [
            {**_person(r), "role": ui(gettext, ROLES[r.role], lang),
             "date": info.format_date(r.date) if r.date else None}
            for r in guide.reviewers
        ],
        "sources": [_source(s) for s in guide.sources],
        "funder": funder, "funder_attrs": funder_attrs,
        "independence": independence, "independence_attrs": independence_attrs,
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
        "translators": [text(t) for t in credited(info.meta.translators)] if info.meta else [],
    }
