"""``guidepress pdf``: render every guide's print document to PDF in every variant, then link
the PDFs (with their size and number of pages, in the reader's language) from the guide pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.units import format_unit
from markupsafe import Markup

from guidepress.model.catalogs import translations
from guidepress.view.escaping import bdi, escape, falls_back, in_english
from guidepress.model.project import Project
from guidepress.model.roles import N_  # marks messages for extraction
from guidepress.view.urls import PRINT_DIR, VARIANTS, lang_prefix, pdf_name
from guidepress.pdf.render import Job, Result, RenderError, job_key

CACHE_DIR = ".cache/pdf"
LINKS_MARK = "<!--gp-pdf-links-->"


@dataclass(frozen=True)
class Selection:
    guides: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()


def lang_dir(project: Project, lang: str) -> str:
    return lang_prefix(lang, project.default_lang)


def plan(project: Project, site_dir: Path, prefix: str, selection: Selection = Selection(),
         cache_dir: Path | None = None) -> list[Job]:
    """Every (guide, language, variant) to render, in a stable order."""
    unknown = [v for v in selection.variants if v not in VARIANTS]
    if unknown:
        raise RenderError(f"unknown variant(s) {', '.join(unknown)}: choose among {', '.join(VARIANTS)}")
    unknown = [g for g in selection.guides if g not in {x.slug for x in project.guides}]
    if unknown:
        raise RenderError(f"unknown guide(s) {', '.join(unknown)}: the guides are {', '.join(g.slug for g in project.guides)}")
    unknown = [lang for lang in selection.languages if lang not in project.languages]
    if unknown:
        raise RenderError(f"unknown language(s) {', '.join(unknown)}: the site's languages are {' '.join(project.languages)}")
    jobs = []
    cache_root = cache_dir or project.root / CACHE_DIR
    for guide in project.guides:
        if selection.guides and guide.slug not in selection.guides:
            continue
        for lang in project.guide_languages(guide):
            if selection.languages and lang not in selection.languages:
                continue
            folder = site_dir / lang_dir(project, lang) / prefix / guide.slug
            html = folder / PRINT_DIR / "index.html"
            if not html.is_file():
                raise RenderError(f"{html} is missing: build the site first (guidepress build)")
            for variant in VARIANTS:
                if selection.variants and variant not in selection.variants:
                    continue
                name = pdf_name(guide.slug, lang, variant)
                jobs.append(Job(html=str(html), variant=variant, output=str(folder / name), site_dir=str(site_dir),
                                cache=str(cache_root / name), key=job_key(html, variant, site_dir)))
    return jobs


def size_text(size: int, lang: str) -> str:
    if size >= 1_000_000:
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", locale=lang)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=lang)


def link_items(project: Project, results: list[Result], lang: str, pdf_lang: str, gettext, ngettext) -> str:
    lang_html = project.language_info[lang].html_lang
    labels = {"a4": gettext("A4"), "letter": gettext("US Letter"), "a4-large-print": gettext("A4, large print")}
    items = []
    for r in results:
        pages = ngettext("%(num)d page", "%(num)d pages", r.pages) % {"num": r.pages}
        label = _label(gettext, lang_html, N_("PDF, %(variant)s: %(pages)s, %(size)s"),
                       variant=labels[r.job.variant], pages=pages, size=size_text(r.size, lang))
        hreflang = ""
        if pdf_lang != lang:
            label += Markup(" (%s)") % bdi(project.language_info[pdf_lang].name_in(lang))
            hreflang = f' hreflang="{project.language_info[pdf_lang].html_lang}"'
        items.append(f'<li><a href="{{href}}{Path(r.job.output).name}" download type="application/pdf"{hreflang}>'
                     f"{label}</a></li>")
    return "".join(items)


def _label(gettext, lang: str, message: str, **values) -> Markup:
    """A download link's text: escaped, its values in ``<bdi>``, marked English in a page in
    ``lang`` whose catalog lacks the message (:mod:`guidepress.view.escaping`)."""
    found = escape(gettext(message)) % {k: bdi(v) for k, v in values.items()}
    catalog = getattr(gettext, "__self__", None)
    return in_english(found) if catalog is not None and falls_back(catalog, message, lang=lang) else found


def link_pdfs(project: Project, site_dir: Path, prefix: str, results: list[Result]) -> int:
    """Fill the download list of every page of each rendered guide; return the pages changed."""
    by_guide: dict[tuple[str, str], list[Result]] = {}
    for r in results:
        folder = Path(r.job.output).parent
        slug = folder.name
        lang = next((lang for lang in project.languages
                     if Path(r.job.output).name == pdf_name(slug, lang, r.job.variant)), project.default_lang)
        by_guide.setdefault((slug, lang), []).append(r)
    changed = 0
    for guide in project.guides:
        available = project.guide_languages(guide)
        for lang in project.languages:
            pdf_lang = lang if lang in available else project.default_lang
            found = by_guide.get((guide.slug, pdf_lang))
            if not found:
                continue
            t = translations(project.locales_dir, lang, project.root, warn=False)  # the site build warned
            items = link_items(project, found, lang, pdf_lang, t.gettext, t.ngettext)
            folder = site_dir / lang_dir(project, lang) / prefix / guide.slug
            for page in guide.pages:
                html_path = folder / page[:-3] / "index.html"
                if not html_path.is_file():
                    continue
                depth = len(html_path.relative_to(site_dir).parts) - 1
                href = "../" * depth + lang_dir(project, pdf_lang) + f"{prefix}/{guide.slug}/"
                html = html_path.read_text(encoding="utf-8")
                new = re.sub(r"<!--gp-pdf-links-->.*?<!--/gp-pdf-links-->",
                             lambda m: f"{LINKS_MARK}{items.replace('{href}', href)}<!--/gp-pdf-links-->", html,
                             flags=re.S)
                if new != html:
                    html_path.write_text(new, encoding="utf-8")
                    changed += 1
    return changed
