"""Collect the rendered guide pages of one language build and write each guide's print-ready
document (``<lang>/<prefix>/<slug>/print/index.html``), plus the print stylesheet."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from guidepress.pdf import reference
from guidepress.model.errors import display_path
from guidepress.view import reader
from guidepress.view.urls import PRINT_DIR
from guidepress.pdf.document import Chapter, render_document, rewrite_chapter
from guidepress.model.project import Project
from guidepress.model.translation import State


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
        written = []
        pages = self.pages.get(lang, {})
        for guide in project.guides:
            if lang not in project.guide_languages(guide):
                continue
            stems = {p[:-3] for p in guide.pages}
            chapters, infos, term_ids, chapter_notices = [], [], set(), {}
            for name in guide.pages:
                if (guide.slug, name) not in pages:
                    continue
                title, html, url = pages[(guide.slug, name)]
                info = project.page(guide, name, lang)
                assert info.path is not None  # a page always has a file shown (only captions may have none)
                infos.append(info)
                shown = project.language_info[project.default_lang if info.state is State.FALLBACK else lang]
                # the same notice as the page on the site (guidepress.view.reader), its link absolute on paper
                source_url = _absolute(site_url, reader.guide_url(project, guide, project.default_lang, name, prefix))
                chapter_notices[name[:-3]] = reader.page_notice(project, info, lang, translations, source_url)
                html, ids = reference.print_terms(rewrite_chapter(html, name[:-3], stems, url, site_url))
                term_ids.update(ids)
                chapters.append(Chapter(
                    stem=name[:-3], title=title, html=html,
                    lang=shown.html_lang, dir=shown.direction, state=info.state.value,
                    source=display_path(info.path, project.root)))
            panel = reader.trust(project, guide, lang, translations, prefix, infos)
            panel["chapter_notices"] = chapter_notices
            panel["cover_reviews"] = reader.cover_reviews(panel["reviews"], {i.state for i in infos})
            notices = reader.document_notices(project, guide, lang, translations, {i.state for i in infos})
            rel = reader.print_url(project, guide, lang, prefix)
            online = _absolute(site_url, panel["url"])
            html = render_document(
                translations=translations, guide=panel,
                chapters=chapters, lang=lang_ctx, source_lang=source_lang_ctx, online_url=online,
                site_name=site_name, notices=notices, csp=csp, translators=panel["translators"],
                back_matter=reference.back_matter(project, reference.load(project), lang, translations, term_ids))
            target = site_dir / rel / "index.html"
            # as MkDocs writes its pages (guidepress build publishes its staged folder only once complete)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(html.encode("utf-8"))
            written.append(target)
        return written


def _absolute(site_url: str | None, rel: str) -> str:
    """A site-root-relative URL as printed: absolute on the site's address when it is known."""
    return urljoin(site_url, rel) if site_url else "/" + rel


__all__ = ["PrintCollector", "PRINT_DIR"]
