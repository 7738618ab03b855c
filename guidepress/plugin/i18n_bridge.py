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
import os
import types

from mkdocs.structure.files import File
from mkdocs_static_i18n import folder
from mkdocs_static_i18n.config import RE_LOCALE

from guidepress.model.safefiles import ATTR, CONTENT


def _fast_create_i18n_file(create, file: File, current_language: str, default_language: str,
                           all_languages: list, config) -> File:
    """``folder.create_i18n_file`` with string operations instead of ``pathlib`` (it runs for every
    file in every language build: 0.45 s a language for 900 pages). Unusual paths go to the
    original; ``tests/test_speed.py`` checks both agree on every file of the shipped site."""
    src_uri, dest_uri = file.src_uri, file.dest_uri
    if ("/" not in src_uri or "/" not in dest_uri or os.sep != "/" or dest_uri.startswith(("/", "./"))
            or "/./" in dest_uri or "//" in dest_uri or dest_uri.endswith("/") or "/../" in dest_uri):
        return create(file, current_language, default_language, all_languages, config)
    new = File(file.src_path, config.docs_dir, file.dest_path, config.use_directory_urls,
               dest_uri=file.dest_uri, inclusion=file.inclusion)
    first = src_uri.split("/", 1)[0]
    locale, localization = default_language, None
    if all_languages and (first in all_languages or RE_LOCALE.match(first)):
        locale = localization = first
    parts = dest_uri.split("/")
    if parts[-1].endswith("README.html"):
        parts[-1] = "index.html"
    dest = None
    if locale != current_language:
        if parts[0] == locale:
            dest = "/".join([current_language] + parts[1:])
        elif current_language != default_language:
            dest = "/".join([current_language] + parts)
    elif locale == default_language:
        if parts[0] == locale:
            dest = "/".join(parts[1:])
        elif current_language != default_language:
            dest = "/".join([current_language] + parts)
    if dest is not None:
        new.dest_uri = dest
    new.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, new.dest_path))
    if new.name == "README":
        new.name = "index"
    new.url = new._get_url(config.use_directory_urls)
    new.alternates = {current_language: new}
    new.locale = locale
    new.locale_alternate_of = current_language
    new.localization = localization
    new.norm_src_uri = src_uri[len(localization) + 1:] if localization else src_uri
    return new


def _wrap(create):
    @functools.wraps(create)
    def create_i18n_file(file: File, *args, **kwargs) -> File:
        new = _fast_create_i18n_file(create, file, *args, **kwargs)
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
