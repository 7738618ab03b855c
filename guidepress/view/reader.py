"""What a reader is told about a guide: the one reader view of the site and the PDF (issue #15).

From the model (a guide's manifest, each page's translation state and front matter, the people
and their roles, the URLs of each language) this module makes plain data, every string already
in the reader's language and escaped (:mod:`guidepress.view.escaping`):

* the **notices** above a page or on a PDF's cover (example or draft guide; fallback, outdated or
  draft translation), one message id each (:func:`page_notice`, :func:`guide_notices`,
  :func:`document_notices`);
* the **trust panel** "About this guide" (:func:`trust`): who made the guide, by role; who
  reviewed it and what each date means (issue #13: a review by a clinician, see
  :data:`guidepress.model.roles.MEDICAL_ROLES`, is a *medical review*, any other an *editorial
  review*; a translation shows its own review and says the guide's reviews are of the source
  text); the translators of this language; the dates; the sources ("No sources listed" when
  there are none); the funder and the independence statement;
* the **download links** of the guide's PDFs (:func:`downloads`).

One set of Jinja macros, ``guidepress/view/macros/guidepress-reader.html``, renders this data in the
site's templates and in the print document alike (both environments load :data:`MACROS`), so the
website and the PDF cannot say different things.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from pathlib import Path
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from guidepress.model.history import last_changed
from guidepress.model.manifest import Guide
from guidepress.model.project import PageInfo, Project
from guidepress.model.roles import N_, ROLES, is_medical
from guidepress.model.translation import State, credited
from guidepress.view.escaping import bdi, direction, escape, falls_back, in_english, text
from guidepress.view.urls import page_url, print_page_url

MACROS = Path(__file__).parent / "macros"
"""The folder of ``guidepress-reader.html``: on the search path of the theme's environment and of the
print documents' environment."""

TRANSLATION_ROLES = {"translator": N_("Translator"), "native-speaker": N_("Native speaker")}
"""Roles a translation's reviewer may have besides those of :data:`ROLES`."""


# -- sentences --------------------------------------------------------------------------------
def say(translations, lang: str, message: str, **values: Any) -> Markup:
    """``message`` from the catalog of the reader's language ``lang``: escaped, each inserted
    value isolated in ``<bdi>`` (Markup values, such as a date in ``<time>``, are inserted as
    they are), marked English when the catalog lacks it."""
    found = escape(translations.gettext(message))
    if values:
        found = found % {k: v if isinstance(v, Markup) else bdi(v) for k, v in values.items()}
    return in_english(found) if falls_back(translations, message, lang=lang) else found


def label(translations, lang: str, message: str) -> Markup:
    """A short label (a role, a heading) in the reader's language, marked English when missing."""
    return say(translations, lang, message)


def date_markup(lang_info, value: dt.date) -> Markup:
    """A date for readers: formatted by Babel for the language, in ``<time datetime>``, isolated
    in ``<bdi dir>`` (the direction of its own text: an Arabic date in a French sentence)."""
    shown = lang_info.format_date(value)
    found = direction(shown)
    inner = Markup('<time datetime="%s">%s</time>') % (value.isoformat(), shown)
    return Markup('<bdi dir="%s">%s</bdi>') % (found, inner) if found else Markup("<bdi>%s</bdi>") % inner


def _lang_attrs(project: Project, code: str) -> Markup:
    info = project.language_info[code]
    return Markup(' lang="%s" dir="%s"') % (info.html_lang, info.direction)


# -- notices ----------------------------------------------------------------------------------
GUIDE_NOTICES = {
    "example": (N_("Example content"), N_("This guide is example content, written to show how this website works. "
                                          "It is not medical advice and it has not been medically reviewed. Always "
                                          "talk to your own care team.")),
    "draft": (N_("Draft"), N_("This guide is a draft. It has not been approved for publication yet.")),
}
"""The notice of a guide's status (none for ``published``): title and text."""

FALLBACK = N_("This page is not yet available in %(language)s. You are reading the %(source)s version.")
OUTDATED = N_("The %(source)s page changed on %(date)s, after this translation was made. Some parts may be out of date.")
OUTDATED_LINK = N_("Read the current %(source)s page")
DRAFT = N_("This translation is a draft. It has not been checked by a reviewer yet.")
SOME_OUTDATED = N_("Some pages of this translation are older than the current %(source)s version.")
SOME_FALLBACK = N_("Some pages are not yet available in %(language)s and are printed in %(source)s.")


def _notice(kind: str, box: str, message: str, body: Markup, title: Markup | None = None,
            link: dict | None = None) -> dict:
    """One notice: ``kind`` names it (``gp-notice--<kind>``), ``box`` is the admonition type,
    ``message`` its msgid (the same on the site and in the PDF), ``body`` its text."""
    return {"kind": kind, "box": box, "message": message, "title": title, "text": body, "link": link}


def guide_notices(translations, lang: str, status: str) -> list[dict]:
    """The notice of an example or draft guide."""
    if status not in GUIDE_NOTICES:
        return []
    title, message = GUIDE_NOTICES[status]
    kind = "example" if status == "example" else "draft-guide"
    return [_notice(kind, "warning", message, say(translations, lang, message), label(translations, lang, title))]


def page_notice(project: Project, info: PageInfo, lang: str, translations, source_url: str | None = None) -> dict | None:
    """The notice of a page's translation state in the reader's language ``lang`` (none for the
    source, a current or a reviewed translation). ``source_url``: the source page's
    site-root-relative URL, linked from the outdated notice."""
    source = project.language_info[project.default_lang]
    source_name = source.name_in(lang)
    if info.state is State.FALLBACK:
        return _notice("fallback", "info", FALLBACK, say(translations, lang, FALLBACK,
                                                        language=project.language_info[lang].name_in(lang),
                                                        source=source_name))
    if info.state is State.OUTDATED:
        changed = last_changed(project.source_path(info), project.root)
        body = say(translations, lang, OUTDATED, source=source_name,
                   date=date_markup(project.language_info[lang], changed))
        link = {"url": source_url, "hreflang": source.html_lang,
                "text": say(translations, lang, OUTDATED_LINK, source=source_name)} if source_url else None
        return _notice("outdated", "info", OUTDATED, body, link=link)
    if info.state is State.DRAFT:
        return _notice("draft", "note", DRAFT, say(translations, lang, DRAFT))
    return None


def document_notices(project: Project, guide: Guide, lang: str, translations, states: Iterable[State]) -> list[dict]:
    """The notices of a whole guide in ``lang`` (a PDF's cover): its status, then what its
    pages' states add up to. Each page's own notice is :func:`page_notice`."""
    states = set(states)
    source_name = project.language_info[project.default_lang].name_in(lang)
    out = guide_notices(translations, lang, guide.status)
    if State.DRAFT in states:
        out.append(_notice("draft", "note", DRAFT, say(translations, lang, DRAFT)))
    if State.OUTDATED in states:
        out.append(_notice("some-outdated", "info", SOME_OUTDATED, say(translations, lang, SOME_OUTDATED,
                                                                      source=source_name)))
    if State.FALLBACK in states:
        out.append(_notice("some-fallback", "info", SOME_FALLBACK, say(
            translations, lang, SOME_FALLBACK, language=project.language_info[lang].name_in(lang), source=source_name)))
    return out


# -- reviews ----------------------------------------------------------------------------------
MEDICAL_REVIEW = N_("Medical review: %(date)s")
NO_MEDICAL_REVIEW = N_("No medical review yet.")
EDITORIAL_REVIEW = N_("Editorial review: %(date)s")
TRANSLATION_REVIEW = N_("Review of this translation: %(date)s")
NO_TRANSLATION_REVIEW = N_("This translation has not been reviewed yet.")
SOURCE_REVIEW = N_("Review of the %(source)s text:")


def review_dates(guide: Guide) -> dict[str, dt.date | None]:
    """What each date means (issue #13): ``medical``, the latest review by a reviewer with a
    medical role (:data:`guidepress.model.roles.MEDICAL_ROLES`); ``editorial``, the latest review
    by anyone else. A reviewer without a date of their own reviewed on ``last_reviewed``. None:
    no such review happened."""
    out: dict[str, dt.date | None] = {"medical": None, "editorial": None}
    for r in guide.reviewers:
        kind = "medical" if is_medical(r.role) else "editorial"
        when = r.date or guide.last_reviewed
        latest = out[kind]
        if latest is None or when > latest:
            out[kind] = when
    return out


def source_reviews(project: Project, guide: Guide, lang: str, translations) -> list[Markup]:
    """The guide's reviews as sentences: the medical review's date or "No medical review yet.",
    then the editorial review's date when there was one. Never a date a review did not have."""
    info = project.language_info[lang]
    dates = review_dates(guide)
    lines = [say(translations, lang, MEDICAL_REVIEW, date=date_markup(info, dates["medical"])) if dates["medical"]
             else say(translations, lang, NO_MEDICAL_REVIEW)]
    if dates["editorial"]:
        lines.append(say(translations, lang, EDITORIAL_REVIEW, date=date_markup(info, dates["editorial"])))
    return lines


def translation_review(infos: Iterable[PageInfo]) -> dt.date | None:
    """The date by which every translated page of ``infos`` had a review of its current source
    (the oldest of the pages' latest such reviews); None when a translated page has none (a
    review of an older source does not count) or no page is translated."""
    latest = []
    for info in infos:
        if info.state in (State.SOURCE, State.FALLBACK):
            continue
        meta = info.meta
        valid = [r.date for r in (meta.reviews if meta else ())
                 if info.state is State.REVIEWED and meta is not None and r.source_hash == meta.source_hash]
        if not valid:
            return None
        latest.append(max(valid))
    return min(latest) if latest else None


def reviews(project: Project, guide: Guide, lang: str, translations, infos: Iterable[PageInfo] = ()) -> dict:
    """What the reader is told about reviews of the pages ``infos`` in ``lang``: ``translation``
    (the translation's own review, a sentence; None for the source language or untranslated
    pages), ``source_label`` ("Review of the English text:", None when the pages are in the
    source language) and ``source`` (the guide's reviews, :func:`source_reviews`)."""
    infos = list(infos)
    translated = [i for i in infos if i.state not in (State.SOURCE, State.FALLBACK)]
    out: dict[str, Any] = {"translation": None, "source_label": None,
                           "source": source_reviews(project, guide, lang, translations)}
    if translated:
        when = translation_review(translated)
        out["translation"] = (say(translations, lang, TRANSLATION_REVIEW, date=date_markup(project.language_info[lang], when))
                              if when else say(translations, lang, NO_TRANSLATION_REVIEW))
    if lang != project.default_lang:
        source = project.language_info[project.default_lang]
        out["source_label"] = say(translations, lang, SOURCE_REVIEW, source=source.name_in(lang))
    return out


def cover_reviews(found: dict, states: Iterable[State]) -> dict:
    """The reviews a PDF's cover names, in the form of :func:`reviews` (one page, in large print
    too: the rest is in "About this guide"): the guide's reviews in the source language; a
    translation's own review, or none when a draft notice already says it is unchecked."""
    if found["translation"] is None:
        return {"translation": None, "source_label": None, "source": found["source"]}
    if State.DRAFT in set(states):
        return {"translation": None, "source_label": None, "source": []}
    return {"translation": found["translation"], "source_label": None, "source": []}


# -- people, sources, manifest texts ----------------------------------------------------------
FICTIONAL = N_("(fictional)")


def person(p, translations, lang: str) -> dict:
    """A person as shown: name, affiliation, and "(fictional)" in the reader's language for a
    made-up person of example content."""
    return {"name": text(p.name), "affiliation": text(p.affiliation) if p.affiliation else None,
            "fictional": label(translations, lang, FICTIONAL) if getattr(p, "fictional", False) else None}


def _role(role: str, translations, lang: str) -> Markup:
    return label(translations, lang, ROLES.get(role) or TRANSLATION_ROLES.get(role, role))


def by_role(people, translations, lang: str) -> list[dict]:
    """People grouped by role, in the order of :data:`ROLES`."""
    groups: OrderedDict[str, list] = OrderedDict()
    for role in ROLES:
        for p in people:
            if p.role == role:
                groups.setdefault(role, []).append(p)
    return [{"role": role, "label": _role(role, translations, lang), "people": [person(p, translations, lang) for p in members]}
            for role, members in groups.items()]


def localized(project: Project, guide: Guide, field: str, lang: str) -> tuple[Markup, Markup]:
    """A manifest text in ``lang`` and the attributes its element needs: `` lang=".." dir=".."``
    of the source language when ``lang`` has no text of its own (an English funder's name on an
    Arabic page: a proper noun, marked as the language it is written in), nothing otherwise."""
    d = project.default_lang
    values = getattr(guide, field)
    values = {d: values} if isinstance(values, str) else values
    found = text(values.get(lang) or values[d])
    if lang == d or values.get(lang):
        return found, Markup("")
    return found, _lang_attrs(project, d)


def source_entry(source, attrs: Markup | None = None) -> dict:
    """A source as listed; ``attrs``: the source language's `` lang dir`` on a page in another
    language (a guideline's title is in the language it was published in, as the manifest gives it)."""
    return {"title": text(source.title), "publisher": text(source.publisher) if source.publisher else None,
            "year": source.year, "url": text(source.url) if source.url else None, "attrs": attrs or Markup("")}


# -- the guide, the page, the trust panel -----------------------------------------------------
def guide_url(project: Project, guide: Guide, lang: str, page: str, prefix: str) -> str:
    """Site-root-relative URL of a guide page in ``lang`` (directory URLs)."""
    return page_url(guide.slug, page, lang, project.default_lang, prefix)


def print_url(project: Project, guide: Guide, lang: str, prefix: str) -> str:
    """Site-root-relative URL of the guide's print page in ``lang`` (the source's when the guide
    is not translated into ``lang``)."""
    if lang not in project.guide_languages(guide):
        lang = project.default_lang
    return print_page_url(guide.slug, lang, project.default_lang, prefix)


def guide(project: Project, g: Guide, lang: str, translations, prefix: str) -> dict:
    """What the guide list, the pages and the print document show of guide ``g`` in ``lang``."""
    info = project.language_info[lang]
    title, title_attrs = localized(project, g, "title", lang)
    summary, summary_attrs = localized(project, g, "summary", lang)
    funder, funder_attrs = localized(project, g, "funder_name", lang)
    independence, independence_attrs = localized(project, g, "independence", lang)
    source_label = None
    if lang != project.default_lang:
        source_label = say(translations, lang, SOURCE_REVIEW, source=project.language_info[project.default_lang].name_in(lang))
    return {
        "slug": g.slug,
        "title": title, "title_attrs": title_attrs,
        "summary": summary, "summary_attrs": summary_attrs,
        "status": g.status,
        "version": text(g.version),
        "published": info.format_date(g.published),
        "published_iso": g.published.isoformat(),
        "last_reviewed": info.format_date(g.last_reviewed),
        "last_reviewed_iso": g.last_reviewed.isoformat(),
        "next_review": info.format_date(g.next_review),
        "next_review_iso": g.next_review.isoformat(),
        "next_review_date": date_markup(info, g.next_review),
        "co_creators": by_role(g.co_creators, translations, lang),
        "reviewers": [
            {**person(r, translations, lang), "role": _role(r.role, translations, lang),
             "medical": is_medical(r.role), "date": info.format_date(r.date) if r.date else None}
            for r in g.reviewers
        ],
        "reviews": {"translation": None, "source_label": source_label,
                    "source": source_reviews(project, g, lang, translations)},
        "sources": [source_entry(s, None if lang == project.default_lang else _lang_attrs(project, project.default_lang))
                    for s in g.sources],
        "funder": funder, "funder_attrs": funder_attrs,
        "independence": independence, "independence_attrs": independence_attrs,
        "url": guide_url(project, g, lang, g.pages[0], prefix),
        "print_url": print_url(project, g, lang, prefix),
        "languages": project.guide_languages(g),
        "translated": lang in project.guide_languages(g),
    }


def translators(infos: Iterable[PageInfo]) -> list[Markup]:
    """Who translated the pages ``infos`` (fallback pages credit nobody), each named once."""
    out: list[str] = []
    for info in infos:
        if info.state is not State.FALLBACK and info.meta:
            out += [t for t in credited(info.meta.translators) if t not in out]
    return [text(t) for t in out]


def trust(project: Project, g: Guide, lang: str, translations, prefix: str, infos: Iterable[PageInfo]) -> dict:
    """The trust panel "About this guide" for the pages ``infos`` of guide ``g`` in ``lang``: one
    page on the site, every printed page in the PDF."""
    infos = list(infos)
    found = guide(project, g, lang, translations, prefix)
    found["reviews"] = reviews(project, g, lang, translations, infos)
    found["translators"] = translators(infos)
    return found


def page(project: Project, info: PageInfo, lang: str, translations, prefix: str) -> dict:
    """What the site's templates show of a guide page: its guide with the trust panel, its
    notices, its place in the guide, its translators."""
    g = info.guide
    if g is None:
        raise ValueError(f"{info.page} is not a page of a guide")
    source_url = guide_url(project, g, project.default_lang, info.page, prefix)
    notice = page_notice(project, info, lang, translations, source_url)
    panel = trust(project, g, lang, translations, prefix, [info])
    return {
        "guide": panel,
        "state": info.state.value,
        "notices": guide_notices(translations, lang, g.status) + ([notice] if notice else []),
        "page_number": g.pages.index(info.page) + 1,
        "page_count": len(g.pages),
        "translators": panel["translators"],
        "downloads": [],
    }


# -- downloads --------------------------------------------------------------------------------
VARIANT_LABELS = {"a4": N_("A4"), "letter": N_("US Letter"), "a4-large-print": N_("A4, large print")}
PDF_LINK = N_("PDF, %(variant)s: %(pages)s, %(size)s")


def downloads(project: Project, lang: str, translations, pdfs: Iterable[dict]) -> list[dict]:
    """The download links of a guide's PDFs for a page in ``lang``. Each of ``pdfs`` holds
    ``url`` (site-root-relative), ``variant``, ``lang`` (the PDF's language), ``pages`` and
    ``size`` (bytes); each link holds ``url``, ``text`` and ``hreflang`` (when the PDF is in
    another language than the page)."""
    from babel.units import format_unit

    def size_text(size: int) -> str:
        if size >= 1_000_000:
            return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", locale=lang)
        return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=lang)

    out = []
    for pdf in pdfs:
        pages = bdi(translations.ngettext("%(num)d page", "%(num)d pages", pdf["pages"]) % {"num": pdf["pages"]})
        shown = say(translations, lang, PDF_LINK, variant=translations.gettext(VARIANT_LABELS[pdf["variant"]]),
                    pages=pages, size=size_text(pdf["size"]))
        hreflang = None
        if pdf["lang"] != lang:
            shown += Markup(" (%s)") % bdi(project.language_info[pdf["lang"]].name_in(lang))
            hreflang = project.language_info[pdf["lang"]].html_lang
        out.append({"url": pdf["url"], "text": shown, "hreflang": hreflang})
    return out


__all__ = ["MACROS", "say", "date_markup", "guide_notices", "page_notice", "document_notices", "review_dates",
           "source_reviews", "translation_review", "reviews", "by_role", "guide", "trust", "page", "translators",
           "downloads", "guide_url", "print_url"]
