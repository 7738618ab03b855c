"""The guidepress MkDocs plugin: guides become pages of every language's site.

Order of events (mkdocs-static-i18n runs its own handlers at priority -100 and builds each
language in turn, calling every event again per language):

* ``on_config`` (before i18n): load and validate languages and manifests, name languages from
  CLDR, load the language's interface catalog.
* ``on_files`` (before i18n): add each guide's pages and images where static-i18n expects them.
* ``on_nav`` (after i18n): one "Guides" section, each guide titled in the reader's language and
  its pages in manifest order.
* ``on_page_context``: the guide's manifest and the page's translation state for the templates.
* ``on_env``: ``gp_document`` for ``overrides/base.html``: the page's ``<html lang>`` and ``dir``
  from Babel, the label of scrollable tables, the language's search base.
"""

from __future__ import annotations

import copy
import functools
import os
from gettext import NullTranslations
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure import StructureItem
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from guidepress.view import escaping
from guidepress.plugin import i18n_bridge
from guidepress.pdf import reference
from guidepress.model import safefiles
from guidepress import safety
from guidepress.view import status
from guidepress.model.catalogs import translations
from guidepress.model.errors import ContentError
from guidepress.model.languages import native_names
from guidepress.model.manifest import Guide
from guidepress.model.project import IMAGES_DIR, Project, load_project
from guidepress.plugin.shards import LanguageData, write_language_data
from guidepress.model.translation import State
from guidepress.plugin import localize, search
from guidepress.patches import static_i18n, theme_files
from guidepress.view import navmemo, templates
from guidepress.plugin.alternates import absolute, sitemap
from guidepress.plugin.config import GuidesConfig, fill_feedback
from guidepress.view import reader
from guidepress.model.files import CACHE_LINK_REMOVED, remove_cache_links, write_atomic
from guidepress.pdf.printing import PrintCollector
from guidepress.plugin.reference_pages import page_content as reference_content
from guidepress.plugin import videos

LANGUAGES_ENV = "GUIDEPRESS_LANGUAGES"
STATUS_PAGE = "translation-status.md"

log = get_plugin_logger(__name__)



class GuidesPlugin(BasePlugin[GuidesConfig]):
    def __init__(self):
        self._project: Project | None = None
        self._lang: str | None = None
        self._sources: dict[str, tuple[Guide, str]] = {}
        """{source file: (its guide, its page name)} of the guide pages added in on_files."""
        self._catalog: NullTranslations | None = None
        self._root_404: str | None = None
        self._print = PrintCollector()
        self._sitemap: list[tuple[str, dict[str, str]]] = []
        self._status_md: str | None = None
        self._fallback_urls: set[str] = set()
        self._search_extra: dict[str, list[dict]] = {}
        """Search documents of a page's parts that Material does not split (glossary entries)."""
        self._guides_ctx: dict[str, list[dict]] = {}
        self._reference = None
        self._videos = videos.Videos()
        """The '::video <id>' marker and the players (issue #14)."""
        self.shard = False
        """Set by :mod:`guidepress.plugin.shards`: each language build also records what the merge needs."""
        self._sitemap_start = 0

    # -- set by on_config, used by every later event ------------------------------------
    @property
    def project(self) -> Project:
        """The project on_config loaded (its guides, languages and folders)."""
        if self._project is None:
            raise PluginError("guidepress: the project is used before the plugin's on_config loaded it")
        return self._project

    @property
    def lang(self) -> str:
        """The language being built (on_config of each language build sets it)."""
        if self._lang is None:
            raise PluginError("guidepress: the language being built is used before the plugin's on_config set it")
        return self._lang

    @property
    def _translations(self) -> NullTranslations:
        """The interface catalog of the language being built (loaded by on_config)."""
        if self._catalog is None:
            raise PluginError("guidepress: the interface catalog is used before the plugin's on_config loaded it")
        return self._catalog

    # -- configuration -------------------------------------------------------------------
    def _i18n(self, config: MkDocsConfig):
        i18n = config.plugins.get("i18n")
        if i18n is None:
            raise PluginError("guidepress needs the 'i18n' plugin (mkdocs-static-i18n) in mkdocs.yml, "
                              "listed after 'guidepress', with docs_structure: folder")
        if i18n.config.docs_structure != "folder":
            raise PluginError("guidepress needs the i18n plugin's option 'docs_structure: folder'")
        return i18n

    @event_priority(50)
    def on_config(self, config: MkDocsConfig):
        i18n = self._i18n(config)
        codes = static_i18n.configured_languages(i18n)
        self._lang = static_i18n.current_language(i18n) or i18n.default_language
        if self._project is None or not static_i18n.is_building(i18n):
            self._sitemap, self._status_md, self._fallback_urls = [], None, set()
            self._search_extra = {}
            root = Path(config.config_file_path).parent
            if getattr(self, "_own_description", None) is None:  # none in mkdocs.yml: the catalog's
                self._own_description = not config.site_description
            for name in remove_cache_links(root):  # plain `mkdocs build` and serve (guidepress' commands did it first)
                log.warning(CACHE_LINK_REMOVED.format(name))
            try:
                problems = safefiles.guard_build(config, self.config.guides_dir, self.config.locales_dir)
                self._project = load_project(root, codes, i18n.default_language, self.config.guides_dir,
                                            self.config.locales_dir, config.docs_dir, errors=problems)
                if problems:  # unreadable pages and manifests, all at once
                    raise ContentError(problems)
            except ContentError as exc:
                raise PluginError("the content has problems:\n" + str(exc)) from None
            i18n_bridge.install(i18n)
            theme_files.install()
            theme_files.new_site_build()
            templates.use_disk_cache(self.project.root / ".cache" / "jinja")
            self._guides_ctx = {}
            names = native_names(codes,
                                 self.project.root / ".cache" / "language-names.json")
            for lc in i18n.config.languages:
                if lc.locale != "null":
                    lc.name = names[lc.locale]
            _select_languages(i18n, codes)
            for folder in (self.project.guides_dir, self.project.locales_dir):
                if folder.is_dir() and str(folder) not in config.watch:
                    config.watch.append(str(folder))
        # guidepress writes sitemap.xml itself, from every language's pages (on_post_build)
        config.theme.static_templates.discard("sitemap.xml")
        built = static_i18n.build_languages(i18n)
        if self.lang in built:
            log.info(f"language {built.index(self.lang) + 1}/{len(built)}: {self.lang} "
                     f"({self.project.language_info[self.lang].native_name})")
        try:
            self._catalog = translations(self.project.locales_dir, self.lang, self.project.root)
        except ContentError as exc:
            raise PluginError(str(exc)) from None
        localize.translate_palette(config, self._translations.gettext)
        self._videos.configure(config)
        if self._own_description:
            localize.describe_site(config, self._translations.gettext)
        return config

    def on_pre_build(self, config: MkDocsConfig):
        """Glossaries and support organisations (``locales/``): bad data stops the build. The
        theme's own language for its interface strings (after static-i18n has set it)."""
        _theme_language(config)
        try:
            self._reference = reference.load(self.project)  # read once per language build
        except ContentError as exc:
            raise PluginError("the content has problems:\n" + str(exc)) from None

    # -- files and navigation ------------------------------------------------------------
    def on_files(self, files: Files, config: MkDocsConfig):
        project = self.project
        prefix = self.config.url_prefix
        self._sources = {}
        self._print.reset(self.lang)
        for guide in project.guides:
            for lang in project.languages:
                for page in guide.pages:
                    path = guide.page_path(lang, page)
                    if not path.is_file():
                        continue
                    stem = page[:-3]
                    dest = f"{lang}/{prefix}/{guide.slug}/" + (f"{stem}/index.html" if config.use_directory_urls else f"{stem}.html")
                    files.append(i18n_bridge.virtual_file(
                        f"{lang}/{prefix}/{guide.slug}/pages/{page}", str(path), config.docs_dir, dest,
                        config.use_directory_urls))
                    self._sources[str(path)] = (guide, page)
            images = guide.path / IMAGES_DIR
            if images.is_dir():
                for img in sorted(p for p in images.rglob("*") if p.is_file()):
                    uri = f"{project.default_lang}/{prefix}/{guide.slug}/{IMAGES_DIR}/{img.relative_to(images).as_posix()}"
                    files.append(i18n_bridge.virtual_file(uri, str(img), config.docs_dir, uri, config.use_directory_urls))
        if self.lang == project.default_lang:  # for translators: in the source language only
            files.append(i18n_bridge.generated_page(f"{project.default_lang}/{STATUS_PAGE}", self._status_page(),
                                                    config.docs_dir, config.use_directory_urls))
        self._sitemap_start = len(self._sitemap)
        safety.refuse_unsafe_files(files, config.docs_dir, [g.path / IMAGES_DIR for g in project.guides], project.root)
        return files

    def _status_page(self) -> str:
        """The translators' status page: the same data as ``guidepress status``."""
        if self._status_md is None:
            # for translators, not readers: kept out of the readers' search
            self._status_md = ("---\nsearch:\n  exclude: true\n---\n\n"
                               "# Translation status\n\nFor translators: the state of every page in every "
                               "language, made by `guidepress status` from the same data as the site.\n\n"
                               + status.render(status.collect(self.project), "markdown"))
        return self._status_md

    @event_priority(-110)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files):
        gettext = self._translations.gettext
        by_guide: dict[str, list] = {}
        for page in nav.pages:
            src = getattr(page.file, i18n_bridge.ATTR, None)
            if src in self._sources:
                guide, name = self._sources[src]
                by_guide.setdefault(guide.slug, []).append((guide.pages.index(name), page))
        if not by_guide:
            return nav

        def strip(items):
            out = []
            for item in items:
                if isinstance(item, Section):
                    item.children = strip(item.children)
                    if item.children:
                        out.append(item)
                elif not (isinstance(item, Page) and getattr(item.file, i18n_bridge.ATTR, None) in self._sources):
                    out.append(item)
            return out

        items = strip(list(nav.items))
        sections: list[StructureItem] = []
        for guide in self.project.guides:
            pages = [p for _, p in sorted(by_guide.get(guide.slug, []), key=lambda t: t[0])]
            if pages:
                sections.append(Section(escaping.text(guide.text("title", self.lang, self.project.default_lang)), pages))
                self._mark_source_language(sections[-1], guide, pages)
        guides_section = Section(escaping.text(gettext("Guides")), sections)  # the theme prints titles raw
        home = [i for i in items if i is nav.homepage]
        rest = localize.order_after_guides([i for i in items if i not in home])
        self._mark_source_language(None, None, [i for i in rest if isinstance(i, Page)])
        items = home + [guides_section] + rest
        return _navigation(items, nav.homepage)

    def _mark_source_language(self, section, guide, pages) -> None:
        """Navigation titles shown in the source language get its ``lang``: a guide's untranslated
        title, fallback pages (overrides/partials/nav-item.html)."""
        if self.lang == self.project.default_lang:
            return
        source = self._source_lang_ctx()
        if section is not None and not guide.title.get(self.lang):
            localize.mark_language(section, source)
        for page in pages:
            src = getattr(page.file, i18n_bridge.ATTR, None)
            if src in self._sources:
                info = self.project.page(*self._sources[src], self.lang)
            else:
                info = self.project.site_page(static_i18n.source_uri(page.file), self.lang)
            if info.state is State.FALLBACK:
                localize.mark_language(page, source)

    # -- templates -----------------------------------------------------------------------
    @event_priority(-200)
    def on_env(self, env, config: MkDocsConfig, files: Files):
        """Last of all plugins, so that the bytecode cache is chosen by the final extensions."""
        env.add_extension("jinja2.ext.i18n")
        escaping.theme_env(env, self._translations, self.lang)  # escaped, marked English when untranslated
        info = self.project.language_info[self.lang]
        env.globals["gp_document"] = {  # overrides/base.html: <html>, <body> and the search config
            "lang": info.html_lang, "dir": info.direction,
            "table_label": escaping.text(self._translations.gettext("Table")),
            "search_base": functools.partial(search.language_base, lang=self.lang,
                                             default_lang=self.project.default_lang),
        }
        from jinja2 import ChoiceLoader, FileSystemLoader  # the reader macros, shared with the print document
        env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(reader.MACROS))])
        env.globals["gp_nav_memo"] = navmemo.NavMemo()  # nav-item.html: a section rendered once per language
        # static-i18n points the language menu at the page being built and leaves it so: the
        # theme's 404 page, made before any page, would get the previous language's last page
        i18n = self._i18n(config)
        if static_i18n.language_menu(i18n):
            # an attribute, as static-i18n sets it (templates read it before the key); mkdocs types
            # extra as a plain LegacyConfig without it
            config.extra.alternate = copy.deepcopy(static_i18n.language_menu(i18n))  # type: ignore[attr-defined]
        return templates.use_bytecode_cache(env)

    def on_page_read_source(self, page: Page, config: MkDocsConfig):
        """guidepress reads every page for MkDocs (no link, size limit, UTF-8 with file:line, front
        matter without YAML aliases): MkDocs never opens a content page itself."""
        return safefiles.file_source(page.file, Path(config.config_file_path).parent)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files):
        """A '::video <id>' of a video the guide does not list stops the build, with file:line."""
        src = getattr(page.file, i18n_bridge.ATTR, None) or page.file.abs_src_path
        guide = self._sources[src][0] if src in self._sources else None
        try:
            self._videos.start(safety.read_source(src) if src else markdown, guide, src or page.file.src_uri,
                               self.project.root)
        except ContentError as exc:
            raise PluginError("the content has problems:\n" + str(exc)) from None
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files):
        escaping.page_as_text(page, self.project.root)  # the theme prints page.title and page.meta raw
        src = getattr(page.file, i18n_bridge.ATTR, None) or page.file.abs_src_path
        if src is None:  # a page guidepress generated, in the source language only: the language
            static_i18n.set_alternates(page.file, {self.lang: page.file})  # menu leads to each language's home
            return html
        safety.refuse_unsafe_page(html, src, self.project.root)  # the same verdict as 'guidepress check'
        html = reference_content(html, page=page, files=files, project=self.project, lang=self.lang,
                                 translations=self._translations, sources=self._sources,
                                 glossary_page=self.config.glossary_page, data=self._reference)
        if src not in self._sources and '<dl class="gp-glossary">' in html:
            self._search_extra[page.url] = search.glossary_docs(html, page.url)
        # the players, made by guidepress's template, after the author's HTML passed the safety check
        args = (page, config, self.project, self.lang, self._translations, self.config.url_prefix)
        printed = self._videos.fill(html, *args, for_print=True)
        html = self._videos.fill(html, *args)
        if src in self._sources:
            guide, name = self._sources[src]
            self._print.add(self.lang, guide.slug, name, page.title or name, printed, page.url)
        return html

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        project, lang = self.project, self.lang
        prefix = self.config.url_prefix
        src = getattr(page.file, i18n_bridge.ATTR, None)
        gp: dict[str, Any] = {
            "lang": self._lang_ctx(),
            "source_lang": self._source_lang_ctx(),
            "guides": self._guide_contexts(),
            "page": None,
            "is_home": nav is not None and page is nav.homepage,
        }
        source_url: str | None  # None: a site page without a source-language file
        if src in self._sources:
            guide, name = self._sources[src]
            pinfo = project.page(guide, name, lang)
            gp["page"] = reader.page(project, pinfo, lang, self._translations, prefix)
            others = {other: project.page(guide, name, other) for other in project.languages}
            urls = {other: reader.guide_url(project, guide, other, name, prefix) for other in project.languages}
            source_url = urls[project.default_lang]
        else:
            rel = static_i18n.source_uri(page.file)
            pinfo = project.site_page(rel, lang)
            others = {other: project.site_page(rel, other) for other in project.languages}
            files_by_lang = static_i18n.page_alternates(page.file)
            urls = {other: f.url for other, f in files_by_lang.items()}
            source_url = urls.get(project.default_lang)
        gp["state"] = pinfo.state.value
        origins = self._videos.origins.get(page.url)
        if origins:  # frames from the hosts of this page's external videos, and no other
            gp["csp"] = videos.policy(self.config.content_security_policy, origins)
        if src in self._sources and self.config.feedback_url:
            gp["feedback_url"] = fill_feedback(self.config.feedback_url, absolute(config.site_url, page.url), lang)
        gp["fallback_langs"] = [other for other, info in others.items() if info.state is State.FALLBACK]
        gp["source_url"] = source_url
        notice = None if gp["page"] else reader.page_notice(project, pinfo, lang, self._translations, source_url)
        gp["notices"] = gp["page"]["notices"] if gp["page"] else [notice] if notice else []
        built = set(static_i18n.build_languages(self._i18n(config)))
        alternates = {other: absolute(config.site_url, urls[other]) for other, info in others.items()
                      if info.state is not State.FALLBACK and other in urls and other in built}
        if pinfo.state is not State.FALLBACK and not page.file.url.endswith("404.html"):
            self._sitemap.append((absolute(config.site_url, page.url), alternates))
        elif pinfo.state is State.FALLBACK:
            self._fallback_urls.add(page.url)
        context["gp"] = gp
        return context

    def on_template_context(self, context, template_name: str, config: MkDocsConfig):
        """The theme's pages that are not pages of the site (the 404 page) get the language's
        facts and its guides, so that they can speak the reader's language and lead on."""
        if template_name == "404.html" and self._project is not None:
            context["gp"] = {"lang": self._lang_ctx(), "source_lang": self._source_lang_ctx(),
                             "guides": self._guide_contexts(), "page": None, "is_home": False, "notices": []}
        return context

    def _guide_contexts(self) -> list[dict]:
        """Every guide's template context in the language being built (made once per language)."""
        found = self._guides_ctx.get(self.lang)
        if found is None:
            prefix = self.config.url_prefix
            found = self._guides_ctx[self.lang] = [reader.guide(self.project, g, self.lang, self._translations, prefix)
                                                   for g in self.project.guides]
        return found

    def _lang_ctx(self, lang: str | None = None) -> dict:
        lang = lang or self.lang
        info = self.project.language_info[lang]
        return {"code": lang, "name": info.native_name, "name_inline": info.name_in(lang),
                "html_lang": info.html_lang, "dir": info.direction}

    def _source_lang_ctx(self, lang: str | None = None) -> dict:
        source = self.project.language_info[self.project.default_lang]
        return {"code": source.code, "name": source.name_in(lang or self.lang), "html_lang": source.html_lang,
                "dir": source.direction}

    @event_priority(-110)
    def on_post_build(self, config: MkDocsConfig):
        """After each language build (and, for the source language, after mkdocs-static-i18n has
        built every other language and merged the search index)."""
        i18n = self._i18n(config)
        videos.copy_files(self.project, Path(config.site_dir), self.config.url_prefix)
        # mkdocs-static-i18n builds the other languages inside the source language's build: when
        # this runs for the source language, the last language built is still the current one.
        lang = self.lang if static_i18n.is_building(i18n) else i18n.default_language
        self._print.write(project=self.project, lang=lang,
                          translations=translations(self.project.locales_dir, lang, self.project.root),
                          site_dir=Path(config.site_dir), site_url=config.site_url, site_name=config.site_name,
                          prefix=self.config.url_prefix, lang_ctx=self._lang_ctx(lang),
                          source_lang_ctx=self._source_lang_ctx(lang), csp=self.config.content_security_policy)
        self._place_404(config, lang)
        if self.shard:
            self._record_shard(config, lang)
            return
        if static_i18n.is_building(i18n):
            return
        # the outermost build has finished: every language's pages are known
        site_dir = Path(config.site_dir)
        write_atomic(site_dir / "sitemap.xml", sitemap(self._sitemap, self.project.default_lang).encode("utf-8"))
        (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)
        if "search" in config.plugins or "material/search" in config.plugins:
            built = static_i18n.build_languages(self._i18n(config))
            sizes = search.split_index(site_dir, built, self.project.default_lang, self._fallback_urls,
                                       {code: self._fallback_label(code) for code in built}, self._search_extra)
            log.debug(f"search indexes: {sizes}")

    def _record_shard(self, config: MkDocsConfig, lang: str) -> None:
        """Keep what only the whole site can use (search entries, sitemap entries) for the merge,
        and remove this language's copy of the site-wide search index."""
        site_dir = Path(config.site_dir)
        entries = search.entries_of_build(config)
        payload = None
        if entries is not None:
            payload = search.language_index(entries, lang, self.project.default_lang, self._fallback_urls,
                                            label=self._fallback_label(lang), extra=self._search_extra)
            (site_dir / search.INDEX).unlink(missing_ok=True)
        write_language_data(site_dir, LanguageData(lang, payload, self._sitemap[self._sitemap_start:]))

    def _fallback_label(self, lang: str) -> str:
        """"(in English)" in ``lang``: after the title of a fallback page's search result."""
        gettext = translations(self.project.locales_dir, lang, self.project.root).gettext
        return search.fallback_label(gettext, self._source_lang_ctx(lang)["name"])

    def _place_404(self, config: MkDocsConfig, lang: str):
        """Every language build writes the theme's 404.html at the site root: keep the source
        language's there, and move each other language's into its own folder."""
        page = Path(config.site_dir) / "404.html"
        if lang != self.project.default_lang and page.is_file():
            target = Path(config.site_dir) / lang / "404.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            page.replace(target)
        if self._root_404 is not None:
            write_atomic(page, self._root_404.encode("utf-8"))

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig):
        if template_name == "404.html" and self.lang == self.project.default_lang:
            self._root_404 = output
        return output


def _theme_language(config: MkDocsConfig) -> None:
    """Material translates its own interface (search box, skip link...) from
    ``partials/languages/<lang>.html`` and stops with a traceback for a language it has no file
    for (Yiddish, for one): such a language gets the theme's strings of its macrolanguage, or
    English. Its text direction, ``lang`` and everything guidepress says stay its own."""
    lang = config.theme.get("language")
    if not lang:
        return
    dirs = [Path(d) / "partials" / "languages" for d in config.theme.dirs]
    for candidate in (lang, lang.replace("_", "-").split("-")[0], "en"):
        if any((d / f"{candidate}.html").is_file() for d in dirs):
            if candidate != lang:
                log.info(f"the theme has no interface strings for '{lang}': it uses '{candidate}'")
                config.theme["language"] = candidate
            return


def _select_languages(i18n, codes: list[str]) -> None:
    """Build only the languages named in $GUIDEPRESS_LANGUAGES (and the source), if it is set."""
    wanted = [c.strip() for c in os.environ.get(LANGUAGES_ENV, "").split(",") if c.strip()]
    if not wanted:
        return
    unknown = [c for c in wanted if c not in codes]
    if unknown:
        raise PluginError(f"{LANGUAGES_ENV} names unknown language(s) {', '.join(unknown)}: "
                          f"the site's languages are {' '.join(codes)}")
    for lc in i18n.config.languages:
        lc.build = lc.locale == i18n.default_language or lc.locale in wanted


def _navigation(items: list, homepage) -> Navigation:
    """A Navigation with parents and previous/next links recomputed after reordering."""
    pages: list[Page] = []

    def walk(children, parent):
        for item in children:
            item.parent = parent
            if isinstance(item, Section):
                walk(item.children, item)
            elif isinstance(item, Page):
                pages.append(item)

    walk(items, None)
    for i, page in enumerate(pages):
        page.previous_page = pages[i - 1] if i else None
        page.next_page = pages[i + 1] if i + 1 < len(pages) else None
    nav = Navigation(items, pages)
    nav.homepage = homepage
    return nav


__all__ = ["GuidesPlugin"]
