"""The one place where guidepress adapts mkdocs-static-i18n.

mkdocs-static-i18n (folder structure) only accepts pages inside ``docs_dir`` and re-creates each
File from ``docs_dir`` + ``src_path``. Guide pages live in ``guides/<slug>/<lang>/`` instead, so
guidepress registers them under a virtual path inside ``docs_dir`` (``<lang>/guides/<slug>/...``)
and remembers the real file in ``File.guidepress_source``. :func:`install` wraps the plugin's
``create_i18n_file`` so that the re-created File reads the real file again. Nothing else of the
plugin is changed, and plain ``mkdocs build`` keeps working.

Speed: static-i18n's ``reconfigure_files_alternates`` re-creates, in every language build, the
File of every page in every language, scanning each page's list of translations once per
language: its cost grows with the cube of the number of languages (151,163 calls for 18
languages of 48 pages). :func:`fast_alternates` gives each page the same alternates from an index
built once per build and Files created once per process (they depend only on the source file and
the target language). ``tests/test_speed.py`` checks that both give the same alternates.
"""

from __future__ import annotations

import functools
import types

from mkdocs.structure.files import File
from mkdocs_static_i18n import folder

ATTR = "guidepress_source"
CONTENT = "guidepress_content"


def _wrap(create):
    @functools.wraps(create)
    def create_i18n_file(file: File, *args, **kwargs) -> File:
        new = create(file, *args, **kwargs)
        real = getattr(file, ATTR, None)
        if real is not None:
            new.abs_src_path = real
            setattr(new, ATTR, real)
        content = getattr(file, CONTENT, None)
        if content is not None:
            new.content_string = content
            setattr(new, CONTENT, content)
        return new

    create_i18n_file.guidepress_wrapped = True
    return create_i18n_file


def install() -> None:
    """Idempotent: wrap ``mkdocs_static_i18n.folder.create_i18n_file`` once."""
    if not getattr(folder.create_i18n_file, "guidepress_wrapped", False):
        folder.create_i18n_file = _wrap(folder.create_i18n_file)


def virtual_file(src_uri: str, real_path: str, docs_dir: str, dest_uri: str | None, use_directory_urls: bool) -> File:
    """A File that static-i18n sees inside ``docs_dir`` but that is read from ``real_path``."""
    file = File(src_uri, docs_dir, "", use_directory_urls, dest_uri=dest_uri)
    setattr(file, ATTR, real_path)
    return file


def generated_page(src_uri: str, content: str, docs_dir: str, use_directory_urls: bool) -> File:
    """A page made by guidepress (not in any folder), kept out of the navigation."""
    from mkdocs.structure.files import InclusionLevel

    file = File(src_uri, docs_dir, "", use_directory_urls, inclusion=InclusionLevel.NOT_IN_NAV)
    setattr(file, CONTENT, content)
    return file


def fast_alternates(i18n) -> None:
    """Replace the plugin instance's ``reconfigure_files_alternates`` with :func:`_alternates`
    (only on this instance: other sites in the same process are untouched)."""
    if not getattr(i18n, "_guidepress_fast_alternates", False):
        i18n.reconfigure_files_alternates = types.MethodType(_alternates, i18n)
        i18n._guidepress_fast_alternates = True
        i18n._guidepress_alternate_files = {}


def reset_alternates(i18n) -> None:
    """Forget the Files made for alternates (at the start of a new site build)."""
    i18n._guidepress_alternate_files = {}


def _alternates(self, i18n_src_uris, i18n_alternate_src_uris, mkdocs_config, create_i18n_file):
    """Same result as ``ExtendedPlugin.reconfigure_files_alternates``: for every page and every
    built language, that language's version of the page, else (with ``fallback_to_default``) the
    default language's version placed in the language's folder."""
    made = self._guidepress_alternate_files
    key_base = (mkdocs_config.docs_dir, mkdocs_config.site_dir, mkdocs_config.use_directory_urls)
    default = self.default_language

    def create(file, lang):
        key = (key_base, file.src_uri, file.dest_uri, lang)
        new = made.get(key)
        if new is None:
            new = made[key] = create_i18n_file(file, lang, default, self.all_languages, mkdocs_config)
        return new

    for norm, i18n_file in i18n_src_uris.items():
        by_locale: dict[str, object] = {}
        for alternate in i18n_alternate_src_uris.get(norm, ()):
            locale = create(alternate, default).locale  # the locale comes from the source folder only
            by_locale.setdefault(locale, alternate)
        for build_lang in sorted(self.build_languages):
            if build_lang in i18n_file.alternates:
                continue
            if build_lang in by_locale:
                i18n_file.alternates[build_lang] = create(by_locale[build_lang], build_lang)
            elif self.config.fallback_to_default is True:
                if default in by_locale:
                    i18n_file.alternates[build_lang] = create(by_locale[default], build_lang)
                else:
                    alternate = create(i18n_file, build_lang)
                    if alternate.locale == default:
                        i18n_file.alternates[build_lang] = alternate
