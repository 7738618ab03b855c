"""The glossary and the support list as readers see them, on the website and in the PDFs.

The data (``locales/<lang>/glossary.yml``, ``locales/support.yml``) is loaded and validated by
:mod:`guidepress.model.glossary` and :mod:`guidepress.model.support`; this module renders it with the shared
templates in ``guidepress/pdf/templates/reference.html``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from guidepress.model import glossary as gl
from guidepress.model import support as sp
from guidepress.model.errors import ContentError, Finding, display_path
from guidepress.view.escaping import ui_text
from guidepress.model.project import Project
from guidepress.model.roles import N_  # marks messages for extraction
from guidepress.model.translation import State
from guidepress.patches import static_i18n

TEMPLATES = Path(__file__).parent / "templates"
PRINT_GLOSSARY_PREFIX = "gp-glossary--"
PRINT_SUPPORT_PREFIX = "gp-support--"


@dataclass(frozen=True)
class ReferenceData:
    glossaries: dict
    """Glossary per language (only languages with a ``glossary.yml``)."""
    support: tuple
    """Every support entry."""


def findings(project: Project) -> list[Finding]:
    """Every problem in the glossaries and the support file (errors and warnings)."""
    _, found = _read(project)
    return found


def _read(project: Project) -> tuple[ReferenceData, list[Finding]]:
    glossaries, found = gl.load_glossaries(project.locales_dir, project.languages, project.default_lang, project.root)
    entries, more = sp.load_support(project.locales_dir, project.default_lang, project.root)
    found = list(found) + list(more)
    if entries:
        found += sp.coverage_findings(entries, project.languages,
                                      display_path(sp.support_path(project.locales_dir), project.root))
    return ReferenceData(glossaries, tuple(entries)), found


def load(project: Project) -> ReferenceData:
    """The validated data; raises :class:`ContentError` with every error (warnings are left to
    ``guidepress check``)."""
    data, found = _read(project)
    errors = [f for f in found if f.severity == "error"]
    if errors:
        raise ContentError(sorted(errors, key=lambda f: (f.path, f.line or 0)))
    return data


@lru_cache(maxsize=64)
def _macros(translations):
    """The template's macros for one language's catalog (made once: every page and print
    document of the language uses them)."""
    from guidepress.pdf.document import environment

    return environment(translations, TEMPLATES).get_template("reference.html").module


# -- glossary ---------------------------------------------------------------------------------

def glossary_terms(project: Project, data: ReferenceData, lang: str, ids: set[str] | None = None,
                   translations=None) -> list[dict]:
    """Terms for a reader of ``lang``, in its alphabetical order; ``lang`` is set on an entry only
    when it is shown in another language (not translated yet). With ``translations``, an entry
    translated from an earlier version of its source entry carries a ``note`` saying so."""
    own = data.glossaries.get(lang)
    outdated = set(own.outdated) if own is not None and lang != project.default_lang else set()
    out = []
    for term in gl.entries(data.glossaries, lang, project.default_lang, ids):
        info = project.language_info[term.lang]
        other = term.lang != lang
        note = None
        if translations is not None and not other and term.id in outdated:
            note = ui_text(translations, lang, N_("This explanation may be out of date: the source text "
                                                  "(%(language)s) has changed since it was translated."),
                           language=project.language_info[project.default_lang].name_in(lang))
        out.append({"id": term.id, "term": term.term, "definition": term.definition, "note": note,
                    "lang": info.html_lang if other else None, "dir": info.direction if other else None})
    return out


def glossary_is_draft(data: ReferenceData, lang: str) -> bool:
    glossary = data.glossaries.get(lang)
    return glossary is not None and glossary.status == "draft"


def glossary_page(html: str, project: Project, data: ReferenceData, lang: str, translations, page_state: State) -> str:
    """The glossary page with its list of terms in place of the marker (or after the text when a
    translation lost the marker)."""
    macros = _macros(translations)
    terms = glossary_terms(project, data, lang, translations=translations)
    info = project.language_info[lang]
    listing = f'<div class="gp-glossary-list" lang="{info.html_lang}" dir="{info.direction}">'
    if glossary_is_draft(data, lang) and page_state is not State.DRAFT:
        listing += f'<p class="gp-glossary__draft">{Markup.escape(_draft_note(translations, lang))}</p>'
    listing += str(macros.glossary_list(terms)) + "</div>"
    return _place(html, gl.MARKER, listing)


def _draft_note(translations, lang: str) -> Markup:
    """The glossary's draft notice, marked English when the catalog lacks it."""
    return ui_text(translations, lang, N_("These explanations are a draft translation. No reviewer has checked them yet."))


def _place(html: str, marker: str, block: str) -> str:
    for variant in (f"<p>{marker}</p>", marker):
        if variant in html:
            return html.replace(variant, block, 1)
    return html + block


def glossary_url(files, glossary_page: str, page_url: str) -> str | None:
    """Relative URL from ``page_url`` to the glossary page of the language being built."""
    from mkdocs.utils import get_relative_url

    for file in files.documentation_pages():
        if static_i18n.source_uri(file) == glossary_page:
            return get_relative_url(file.url, page_url)
    return None


def mark_guide_page(html: str, data: ReferenceData, text_lang: str, url: str | None, translations) -> str:
    """A guide page with the first use of each term explained in place (text in ``text_lang``)."""
    glossary = data.glossaries.get(text_lang)
    if glossary is None or url is None:
        return html
    html, _ = gl.mark_terms(html, _matcher(glossary), url, translations.gettext("See the glossary"))
    return html


@lru_cache(maxsize=64)
def _matcher(glossary: gl.Glossary) -> gl.TermMatcher:
    return gl.TermMatcher(glossary.terms)


# -- support ----------------------------------------------------------------------------------

def support_entries(project: Project, data: ReferenceData, lang: str, gettext) -> list[dict]:
    out = sp.for_reader(list(data.support), lang, project.default_lang, gettext)
    for entry in out:
        if entry["description_lang"] == project.language_info[lang].html_lang:
            entry["description_lang"] = None
    return out


def support_page(html: str, project: Project, data: ReferenceData, lang: str, translations) -> str:
    macros = _macros(translations)
    info = project.language_info[lang]
    listing = (f'<div class="gp-support-list" lang="{info.html_lang}" dir="{info.direction}">'
               + str(macros.support_list(support_entries(project, data, lang, translations.gettext),
                                         info.name_in(lang))) + "</div>")
    return _place(html, sp.MARKER, listing)


# -- the print document -----------------------------------------------------------------------

def back_matter(project: Project, data: ReferenceData, lang: str, translations, term_ids: set[str]) -> dict:
    """The glossary (terms the guide uses) and the support list of one print document, rendered."""
    macros = _macros(translations)
    info = project.language_info[lang]
    terms = glossary_terms(project, data, lang, term_ids, translations) if term_ids else []
    entries = support_entries(project, data, lang, translations.gettext)
    return {
        "glossary": Markup(macros.glossary_list(terms, PRINT_GLOSSARY_PREFIX)) if terms else None,
        "glossary_draft": _draft_note(translations, lang) if terms and glossary_is_draft(data, lang) else None,
        "support": Markup(macros.support_list(entries, info.name_in(lang), PRINT_SUPPORT_PREFIX, links=False))
        if data.support else None,
    }


def print_terms(html: str) -> tuple[str, list[str]]:
    """A page's term links made to point at the print document's glossary."""
    return gl.terms_for_print(html, lambda tid: PRINT_GLOSSARY_PREFIX + tid)


__all__ = ["ReferenceData", "load", "findings", "glossary_page", "support_page", "mark_guide_page",
           "glossary_url", "back_matter", "print_terms", "ContentError"]
