"""Collect the rendered guide pages of one language build and write each guide's print-ready
document (``<lang>/<prefix>/<slug>/print/index.html``), plus the print stylesheet."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from guidepress.pdf import reference
from guidepress.model.errors import display_path
from guidepress.view.escaping import text, ui_text
from guidepress.view.urls import PRINT_DIR
from guidepress.pdf.document import Chapter, render_document, rewrite_chapter
from guidepress.model.files import write_atomic
from guidepress.model.project import Project
from guidepress.model.roles import N_  # marks the messages for extraction
from guidepress.model.translation import State, credited
from guidepress.view.context import guide_context, print_url


class PrintCollector:
    """Rendered guide pages, per language (the languages' builds are nested, see the plugin)."""

    def __init__(self):
        self.pages: dict[str, dict[tuple[str, str], tuple[str, str, str]]] = {}

    def reset(self, lang: str) -> None:
        self.pages[lang] = {}

    def add(self, lang: str, slug: str, page: str, title: str, html: str, url: str) -> None:
        self.pages.setdefault(lang, {})[(slug, page)] = (title, html, url)

    def write(self, *, project: Project, lang: str, translations, site_dir: Path, site_url: str | None,
              site_name: str, prefix: str, lang_ctx: dict, source_lang_ctx: dict, csp: str = "") -> list[Path]:
        """Write the print documents of every guide available in ``lang``; return their paths."""
        gettext = translations.gettext
        written = []
        pages = self.pages.get(lang, {})
        for guide in project.guides:
            if lang not in project.guide_languages(guide):
                continue
            stems = {p[:-3] for p in guide.pages}
            chapters, states, term_ids, translators = [], set(), set(), []
            for name in guide.pages:
                if (guide.slug, name) not in pages:
                    continue
                title, html, url = pages[(guide.slug, name)]
                info = project.page(guide, name, lang)
                shown = project.language_info[project.default_lang if info.state is State.FALLBACK else lang]
                states.add(info.state)
                if info.state is not State.FALLBACK and info.meta:
                    translators += [t for t in credited(info.meta.translators) if t not in translators]
                html, ids = reference.print_terms(rewrite_chapter(html, name[:-3], stems, url, site_url))
                term_ids.update(ids)
                chapters.append(Chapter(
                    stem=name[:-3], title=title, html=html,
                    lang=shown.html_lang, dir=shown.direction, state=info.state.value,
                    source=display_path(info.path, project.root)))
            notices = _notices(translations, lang_ctx, source_lang_ctx, guide.status, states)
            rel = print_url(project, guide, lang, prefix)
            first_page = guide_context(project, guide, lang, gettext, prefix)["url"]
            online = urljoin(site_url, first_page) if site_url else "/" + first_page
            html = render_document(
                translations=translations, guide=guide_context(project, guide, lang, gettext, prefix),
                chapters=chapters, lang=lang_ctx, source_lang=source_lang_ctx, online_url=online,
                site_name=site_name, notices=notices, csp=csp, translators=[text(t) for t in translators],
                back_matter=reference.back_matter(project, reference.load(project), lang, translations, term_ids))
            target = site_dir / rel / "index.html"
            write_atomic(target, html.encode("utf-8"))
            written.append(target)
        return written


def _notices(translations, lang_ctx: dict, source_lang_ctx: dict, status: str, states: set) -> list:
    """The cover's notices: the guide's status, the translation's state; each escaped, language
    names isolated, marked English when the catalog lacks it (:func:`guidepress.view.escaping.ui_text`)."""
    lang = lang_ctx.get("html_lang") or lang_ctx.get("code")
    notices = []
    if status == "example":
        notices.append(ui_text(translations, lang, N_("This guide is example content, written to show how this website works. It is not medical advice and it has not been medically reviewed. Always talk to your own care team.")))
    elif status == "draft":
        notices.append(ui_text(translations, lang, N_("This guide is a draft. It has not been approved for publication yet.")))
    if State.DRAFT in states:
        notices.append(ui_text(translations, lang, N_("This translation is a draft. It has not been checked by a reviewer yet.")))
    if State.OUTDATED in states:
        notices.append(ui_text(translations, lang, N_("Some pages of this translation are older than the current %(source)s version."),
                               source=source_lang_ctx["name"]))
    if State.FALLBACK in states:
        notices.append(ui_text(translations, lang, N_("Some pages are not yet available in %(language)s and are printed in %(source)s."),
                               language=lang_ctx["name_inline"], source=source_lang_ctx["name"]))
    return notices


__all__ = ["PrintCollector", "PRINT_DIR", "write_atomic"]
