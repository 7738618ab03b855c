"""``guidepress pdf``: the PDF job plan, the rendering of every guide's print document to PDF in
every variant, and the guide pages' download links.

Which PDFs exist is known before anything is built: :func:`pdf_plan` is a pure function of the
project (its guides and the languages each is published in), the languages built and the URL
prefix, and :func:`page_pdfs` says which of them a page offers (its own language's, or the source
language's where the guide is not translated). The render jobs (:func:`plan`) are made from it,
and so are the download links (:func:`link_pdfs`): a PDF is matched to its place in the plan by
its path, never by decoding its file name.

A link shows the PDF's size and number of pages, which exist only once the PDF is rendered, and
the PDFs are rendered from the print documents the site build writes. So, as soon as the PDFs a
page offers are done (:class:`Linker`, while the others still render), its download section is
rendered again by the reader view's macro (``guidepress-reader.html``, ``downloads``: the same
template the page was built with) with the facts, and put in place of the page's
``<section class="gp-downloads">``, found with an HTML parser. A plain ``mkdocs build`` offers
the print page only.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

from jinja2 import Environment, FileSystemLoader
from mkdocs.utils import normalize_url

from guidepress.model.catalogs import translations
from guidepress.model.files import write_atomic
from guidepress.model.project import Guide, Project
from guidepress.view import reader
from guidepress.view.escaping import install_gettext
from guidepress.view.urls import PRINT_DIR, VARIANTS, guide_dir_url, page_url, pdf_name
from guidepress.pdf.render import Job, Result, RenderError, forget_paths, job_key

CACHE_DIR = ".cache/pdf"


@dataclass(frozen=True)
class Selection:
    guides: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlannedPdf:
    """One PDF of the site: a guide in one of its languages, in one variant."""

    guide: str
    """The guide's slug."""
    lang: str
    """The PDF's language (a page of an untranslated guide offers the source language's)."""
    variant: str
    name: str
    """Its file name, such as ``fatigue.fr.a4.pdf``."""
    url: str
    """Its site-root-relative URL, next to the guide's print page."""
    print_url: str
    """The site-root-relative URL of the print page it is rendered from."""


def guide_pdfs(project: Project, guide: Guide, lang: str, prefix: str) -> list[PlannedPdf]:
    """The PDFs of ``guide`` in ``lang`` (one per variant)."""
    folder = guide_dir_url(guide.slug, lang, project.default_lang, prefix)
    return [PlannedPdf(guide.slug, lang, variant, pdf_name(guide.slug, lang, variant),
                       folder + pdf_name(guide.slug, lang, variant), f"{folder}{PRINT_DIR}/")
            for variant in VARIANTS]


def pdf_plan(project: Project, prefix: str, languages: list[str] | None = None) -> list[PlannedPdf]:
    """Every PDF the site has, in a stable order: each guide in each language it is published in
    (among ``languages``, default: every language of the site), in each variant."""
    wanted = project.languages if languages is None else languages
    return [pdf for guide in project.guides for lang in project.guide_languages(guide) if lang in wanted
            for pdf in guide_pdfs(project, guide, lang, prefix)]


def page_pdfs(project: Project, guide: Guide, lang: str, prefix: str) -> list[PlannedPdf]:
    """The PDFs a page of ``guide`` in ``lang`` offers: the guide's in ``lang``, or in the source
    language when the guide is not published in ``lang``."""
    pdf_lang = lang if lang in project.guide_languages(guide) else project.default_lang
    return guide_pdfs(project, guide, pdf_lang, prefix)


def plan(project: Project, site_dir: Path, prefix: str, selection: Selection = Selection(),
         cache_dir: Path | None = None, cached_only: bool = False) -> list[Job]:
    """Every (guide, language, variant) to render, in a stable order: the :func:`pdf_plan` of the
    selection, each PDF from its print page in ``site_dir``. ``cached_only``: the jobs are only
    looked up in the cache, not rendered, so a job without a cache entry gets no key (an empty
    one, which matches no entry): computing it reads the document and every file it uses."""
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
    forget_paths()
    cache_root = cache_dir or project.root / CACHE_DIR
    for pdf in pdf_plan(project, prefix, list(selection.languages) or None):
        if (selection.guides and pdf.guide not in selection.guides) or \
                (selection.variants and pdf.variant not in selection.variants):
            continue
        html = site_dir / pdf.print_url / "index.html"
        if not html.is_file():
            raise RenderError(f"{html} is missing: build the site first (guidepress build)")
        cache = cache_root / pdf.name
        needed = not cached_only or cache.with_name(cache.name + ".key").is_file()
        jobs.append(Job(html=str(html), variant=pdf.variant, output=str(site_dir / pdf.url), site_dir=str(site_dir),
                        cache=str(cache), key=job_key(html, pdf.variant, site_dir) if needed else ""))
    return jobs


# -- the download links ------------------------------------------------------------------

def link_pdfs(project: Project, site_dir: Path, prefix: str, results: list[Result]) -> int:
    """Give every page of each guide the download links of its rendered PDFs (``results``); return
    the pages changed."""
    linker = Linker(project, site_dir, prefix, [r.job for r in results])
    for result in results:
        linker.done(result.job, result)
    linker.finish()
    return linker.changed


class Linker:
    """Links the guide pages to their PDFs while the others still render: once every job of
    ``jobs`` that a page's links need is done (rendered, copied from the cache or failed), the
    page gets the links of the PDFs that were made. The pages of a guide in one language need
    the PDFs of one language (:func:`page_pdfs`), in every variant."""

    def __init__(self, project: Project, site_dir: Path, prefix: str, jobs: list[Job]):
        self.project, self.site_dir, self.prefix = project, site_dir, prefix
        self.changed = 0
        self._planned = {(site_dir / pdf.url).resolve(): pdf for pdf in pdf_plan(project, prefix)}
        self._pending: dict[tuple[str, str], int] = {}
        for job in jobs:
            pdf = self._planned.get(Path(job.output).resolve())
            if pdf is not None:
                self._pending[pdf.guide, pdf.lang] = self._pending.get((pdf.guide, pdf.lang), 0) + 1
        self._made: dict[Path, Result] = {}
        self._sections: dict[str, tuple] = {}

    def done(self, job: Job, result: Result | None = None) -> None:
        """``job`` is done: ``result`` is its PDF, None when it failed."""
        path = Path(job.output).resolve()
        pdf = self._planned.get(path)
        if pdf is None or (pdf.guide, pdf.lang) not in self._pending:
            return
        if result is not None:
            self._made[path] = result
        self._pending[pdf.guide, pdf.lang] -= 1
        if self._pending[pdf.guide, pdf.lang] == 0:
            del self._pending[pdf.guide, pdf.lang]
            self._link_group(pdf.guide, pdf.lang)

    def finish(self) -> None:
        """Link the pages whose PDFs are not all done (jobs that were not rendered) to those that are."""
        pending, self._pending = self._pending, {}
        for guide_slug, pdf_lang in pending:
            self._link_group(guide_slug, pdf_lang)

    def _link_group(self, guide_slug: str, pdf_lang: str) -> None:
        """Link the pages that offer the guide's PDFs in ``pdf_lang``."""
        guide = next(g for g in self.project.guides if g.slug == guide_slug)
        for lang in self.project.languages:
            if page_pdfs(self.project, guide, lang, self.prefix)[0].lang == pdf_lang:
                self._link(guide, lang)

    def _section(self, lang: str):
        """The language's catalog, template environment and download section template (made once)."""
        if lang not in self._sections:
            t = translations(self.project.locales_dir, lang, self.project.root, warn=False)  # the site build warned
            env = _site_environment(t, self.project.language_info[lang].html_lang)
            self._sections[lang] = (t, env, env.from_string(_SECTION))
        return self._sections[lang]

    def _link(self, guide: Guide, lang: str) -> None:
        facts = []
        for pdf in page_pdfs(self.project, guide, lang, self.prefix):
            result = self._made.get((self.site_dir / pdf.url).resolve())
            if result is not None:
                facts.append({"url": pdf.url, "variant": pdf.variant, "lang": pdf.lang,
                              "pages": result.pages, "size": result.size})
        if not facts:
            return
        t, env, section = self._section(lang)
        context = {"g": reader.guide(self.project, guide, lang, t, self.prefix),
                   "links": reader.downloads(self.project, lang, t, facts)}
        for page in guide.pages:
            url = page_url(guide.slug, page, lang, self.project.default_lang, self.prefix)
            html_path = self.site_dir / url / "index.html"
            if not html_path.is_file():
                continue
            # the links relative to the page, as MkDocs' own ``url`` filter makes them
            env.filters["url"] = _url_filter(url)
            html = html_path.read_text(encoding="utf-8")
            new = replace_element(html, "section", "gp-downloads", section.render(context))
            if new is not None and new != html:
                write_atomic(html_path, new)  # the site may be the published one: never half-written
                self.changed += 1


def _url_filter(page_url: str):
    """MkDocs' ``url`` filter for a page at ``page_url``: site-root-relative paths become relative to it."""
    page = SimpleNamespace(url=page_url)
    return lambda path: normalize_url(str(path), page=page)  # type: ignore[arg-type]  # only .url is read


_SECTION = '{% import "guidepress-reader.html" as reader with context %}{{ reader.downloads(g, links) }}'


def _site_environment(t, lang: str) -> Environment:
    """An environment that renders the reader macros as the theme's does (MkDocs' settings: no
    trimmed blocks), with the language's catalog; its own compiled templates (the print
    environment's, shared through the bytecode cache, are compiled with other settings)."""
    env = Environment(loader=FileSystemLoader(str(reader.MACROS)), autoescape=True, extensions=["jinja2.ext.i18n"])
    install_gettext(env, t, lang)
    return env


class _Found(Exception):
    """The element's end is found."""


class _Finder(HTMLParser):
    """Where the first ``<tag class="... cls ...">`` element starts and ends (offsets)."""

    def __init__(self, html: str, tag: str, cls: str):
        super().__init__(convert_charrefs=True)
        self.html, self.tag, self.cls = html, tag, cls
        self.lines = [0]  # where each line starts: the parser counts lines by "\n" only
        for line in html.split("\n"):
            self.lines.append(self.lines[-1] + len(line) + 1)
        self.start: int | None = None
        self.end: int | None = None
        self.depth = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag != self.tag or self.end is not None:
            return
        if self.start is None:
            if self.cls in (dict(attrs).get("class") or "").split():
                self.start, self.depth = self._offset(), 1
        else:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == self.tag and self.start is not None and self.end is None:
            self.depth -= 1
            if self.depth == 0:
                self.end = self.html.index(">", self._offset()) + 1  # the end tag's own ">"
                raise _Found  # the rest of the page need not be read


def replace_element(html: str, tag: str, cls: str, replacement: str) -> str | None:
    """``html`` with its first ``tag`` element of class ``cls`` (and everything in it) replaced
    by ``replacement``; None when it has none.

    The site writes the element as ``<tag class="cls"``: when the page has that text exactly
    once, it can only be there (the page's own text has its ``<`` escaped), and only the element
    is parsed; otherwise the whole page is."""
    marker = f'<{tag} class="{cls}"'
    first = html.find(marker)
    if first >= 0 and html.find(marker, first + 1) < 0:
        found = _element(html[first:], tag, cls)
        if found is not None:
            return html[:first] + replacement + html[first + found[1]:]
    found = _element(html, tag, cls)
    if found is None:
        return None
    return html[:found[0]] + replacement + html[found[1]:]


def _element(html: str, tag: str, cls: str) -> tuple[int, int] | None:
    """Where the first ``tag`` element of class ``cls`` starts and ends in ``html``."""
    finder = _Finder(html, tag, cls)
    try:
        finder.feed(html)
        finder.close()
    except _Found:
        pass
    if finder.start is None or finder.end is None:
        return None
    return finder.start, finder.end
