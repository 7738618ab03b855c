"""Terminology: a translated page says a glossary term the way its language's glossary says it.

For every term of ``locales/<source>/glossary.yml`` that the source page uses (one of its
forms, found as the site finds terms to explain them: :class:`~guidepress.model.glossary.TermMatcher`),
the translation must use at least one of the forms its own glossary gives for that term
(``locales/<lang>/glossary.yml``). Weblate and memoQ call this a terminology check. A term the
language's glossary does not translate yet is not checked (the glossary rule reports it).
"""

from __future__ import annotations

from functools import lru_cache

from guidepress.model.errors import Finding, display_path
from guidepress.model.glossary import Term, TermMatcher, glossary_path, load_glossaries
from guidepress.model.project import Project
from guidepress.text.markdown import Page
from guidepress.commands.checks.rules import closest_line

RULE = "terms"


@lru_cache(maxsize=512)
def _matcher(terms: tuple[Term, ...]) -> TermMatcher:
    return TermMatcher(terms)


def _first_uses(page: Page, terms: tuple[Term, ...]) -> dict[str, int]:
    """Each term id the page uses, with the line of its first use."""
    found: dict[str, int] = {}
    matcher = _matcher(terms)
    for item in page.prose:
        for _, _, term_id in matcher.find(item.value):
            found.setdefault(term_id, item.line)
    return found


def check_terms(project: Project, src: Page, tr: Page, where: str, lang: str, source_name: str) -> list[Finding]:
    """A warning for each glossary term of the source page of which the translation uses no form."""
    glossaries, _ = load_glossaries(project.locales_dir, project.languages, project.default_lang, project.root)
    source, own = glossaries.get(project.default_lang), glossaries.get(lang)
    if source is None or own is None or lang == project.default_lang:
        return []
    used = _first_uses(src, source.terms)
    if not used:
        return []
    glossary = display_path(glossary_path(project.locales_dir, lang), project.root)
    out = []
    for term in source.terms:
        mine = own.get(term.id)
        if term.id not in used or mine is None or not mine.forms:
            continue
        if _first_uses(tr, (mine,)):
            continue
        forms = ", ".join(f"'{f}'" for f in mine.forms)
        out.append(Finding(where, closest_line(src, tr, used[term.id]), RULE,
                           f"the {source_name} page uses the glossary term '{term.term}' (its line {used[term.id]}); "
                           f"this page uses none of its forms in {glossary} ({forms}): use one of them, or, if the "
                           f"glossary is wrong, correct the term's 'forms' there", severity="warning"))
    return out
