"""The plugin's side of the glossary and the support list: which page gets what.

* a guide page: the first use of each glossary term is explained in place, in the language of
  the text shown (the source language for a page that is not translated yet);
* a site page with the glossary marker (``<!-- guidepress:glossary -->``): the list of terms;
* a site page with the support marker (``<!-- guidepress:support -->``): the support list.
"""

from __future__ import annotations

from mkdocs.structure.pages import Page

from guidepress.model import glossary, support
from guidepress.patches import static_i18n
from guidepress.plugin import i18n_bridge
from guidepress.pdf import reference
from guidepress.model.project import Project
from guidepress.model.translation import State


def page_content(html: str, *, page: Page, files, project: Project, lang: str, translations,
                 sources: dict, glossary_page: str, data: reference.ReferenceData | None = None) -> str:
    data = data if data is not None else reference.load(project)
    src = getattr(page.file, i18n_bridge.ATTR, None)
    if src in sources:
        guide, name = sources[src]
        shown = project.default_lang if project.page(guide, name, lang).state is State.FALLBACK else lang
        url = reference.glossary_url(files, glossary_page, page.url)
        return reference.mark_guide_page(html, data, shown, url, translations)
    if glossary.MARKER in html:
        rel = static_i18n.source_uri(page.file)
        html = reference.glossary_page(html, project, data, lang, translations, project.site_page(rel, lang).state)
    if support.MARKER in html:
        html = reference.support_page(html, project, data, lang, translations)
    return html
