"""mkdocs-static-i18n: guide pages from outside ``docs_dir``, and two shortcuts for speed.

Three patches and the plugin's internal attributes guidepress reads, all written for
mkdocs-static-i18n 1.3.1 on MkDocs 1.6.1 (``WRITTEN_FOR``):

* **Real sources** (:func:`install`, required). static-i18n (folder structure) only accepts pages
  inside ``docs_dir`` and re-creates each File from ``docs_dir`` + ``src_path``. Guide pages live
  in ``guides/<slug>/<lang>/`` instead: guidepress registers them under a virtual path inside
  ``docs_dir`` and remembers the real file in an attribute of the File (its name is given by the
  caller); the wrapped ``folder.create_i18n_file`` makes the re-created File read the real file
  again, or the text guidepress generated. Without it no guide page can be built, so on another
  version it is applied all the same, with the warning.
* **Fast files** (inside the same wrapper, skipped on another version): ``create_i18n_file`` with
  string operations instead of ``pathlib``; it runs for every file in every language build
  (0.45 s a language for 900 pages). Unusual paths go to the original.
* **Fast alternates** (:func:`fast_alternates`, skipped on another version): static-i18n's
  ``reconfigure_files_alternates`` re-creates, in every language build, the File of every page
  in every language, scanning each page's list of translations once per language: its cost grows
  with the cube of the number of languages (151,163 calls for 18 languages of 48 pages). The
  replacement gives each page the same alternates from an index built once per build and Files
  created once per process.

``tests/test_speed.py`` checks that the shortcuts give what static-i18n itself gives on every
file of the shipped site; ``tests/test_patches.py`` that each steps aside on another version.
"""

from __future__ import annotations

import functools
import os
import types

from mkdocs.structure.files import File
from mkdocs_static_i18n import folder
from mkdocs_static_i18n.config import RE_LOCALE

from guidepress.patches import written_for

WRITTEN_FOR = {"mkdocs-static-i18n": "1.3.1", "mkdocs": "1.6.1"}


# -- the plugin's internal attributes ------------------------------------------------------

def is_building(i18n) -> bool:
    """static-i18n is inside its own loop over the languages (or guidepress drives the builds)."""
    return bool(i18n.building)


def configured_languages(i18n) -> list[str]:
    """Every language of the site, as mkdocs.yml lists them in the i18n plugin's ``languages``
    (static-i18n's ``null`` entry, a placeholder for "no language", left out). The one place that
    reads that list: the plugin, the commands and the shards all ask here."""
    return [lc.locale for lc in i18n.config.languages if lc.locale != "null"]


def build_languages(i18n) -> list[str]:
    """The languages this site build makes (``build: true`` in mkdocs.yml)."""
    return list(i18n.build_languages)


def current_language(i18n) -> str | None:
    return i18n.current_language


def language_menu(i18n):
    """The language menu static-i18n made for the page it built last (``extra.alternate``)."""
    return getattr(i18n, "extra_alternate", None)


def drive(i18n, lang: str | None = None) -> None:
    """guidepress runs the language builds itself: static-i18n must never start its own loop over
    the languages; ``lang`` is the language of the next build."""
    i18n.building = True
    if lang is not None:
        i18n.current_language = lang


def forget_built(i18n) -> None:
    """static-i18n keeps every language's pages and search entries for its own merge, which
    guidepress does not use (each language is built into a shard): let them go."""
    i18n.i18n_files_per_language.clear()
    i18n.search_entries.clear()


# -- real sources and fast files -----------------------------------------------------------

def _fast_create_i18n_file(create, file: File, current_language: str, default_language: str,
                           all_languages: list, config) -> File:
    """``folder.create_i18n_file`` with string operations instead of ``pathlib``."""
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
    # the attributes static-i18n adds to a File (MkDocs' File does not declare them)
    new.alternates = {current_language: new}  # type: ignore[attr-defined]
    new.locale = locale  # type: ignore[attr-defined]
    new.locale_alternate_of = current_language  # type: ignore[attr-defined]
    new.localization = localization  # type: ignore[attr-defined]
    new.norm_src_uri = src_uri[len(localization) + 1:] if localization else src_uri  # type: ignore[attr-defined]
    return new


def _wrap(create, source_attr: str, content_attr: str, fast: bool):
    @functools.wraps(create)
    def create_i18n_file(file: File, *args, **kwargs) -> File:
        new = _fast_create_i18n_file(create, file, *args, **kwargs) if fast else create(file, *args, **kwargs)
        real = getattr(file, source_attr, None)
        if real is not None:
            new.abs_src_path = real
            setattr(new, source_attr, real)
        content = getattr(file, content_attr, None)
        if content is not None:
            new.content_string = content
            setattr(new, content_attr, content)
        return new

    create_i18n_file.guidepress_fast = fast  # type: ignore[attr-defined]  # marks the wrapper
    return create_i18n_file


def install(source_attr: str, content_attr: str) -> bool:
    """Wrap ``mkdocs_static_i18n.folder.create_i18n_file`` (once; again if the version check
    changed its mind): Files keep their real source (``source_attr``) or generated text
    (``content_attr``). True when the fast files are used too."""
    fast = written_for("static-i18n files", WRITTEN_FOR, required=True)
    current = folder.create_i18n_file
    if getattr(current, "guidepress_fast", None) is fast:
        return fast
    stock = getattr(current, "__wrapped__", current) if hasattr(current, "guidepress_fast") else current
    folder.create_i18n_file = _wrap(stock, source_attr, content_attr, fast)
    return fast


def stock_create_i18n_file():
    """static-i18n's own ``create_i18n_file`` (for the tests that compare)."""
    current = folder.create_i18n_file
    return current.__wrapped__ if hasattr(current, "guidepress_fast") else current


# -- fast alternates -----------------------------------------------------------------------

def fast_alternates(i18n) -> bool:
    """Replace the plugin instance's ``reconfigure_files_alternates`` with :func:`_alternates`
    (only on this instance: other sites in the same process are untouched). True when active."""
    if getattr(i18n, "_guidepress_fast_alternates", False):
        return True
    if not written_for("static-i18n alternates", WRITTEN_FOR):
        return False
    i18n.reconfigure_files_alternates = types.MethodType(_alternates, i18n)
    i18n._guidepress_fast_alternates = True
    i18n._guidepress_alternate_files = {}
    return True


def stock_alternates(i18n) -> None:
    """static-i18n's own ``reconfigure_files_alternates`` again on this instance."""
    if getattr(i18n, "_guidepress_fast_alternates", False):
        del i18n.reconfigure_files_alternates
        i18n._guidepress_fast_alternates = False


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


# -- what static-i18n adds to MkDocs' Files --------------------------------------------------

def source_uri(file) -> str:
    """The file's path without its language folder (static-i18n's ``norm_src_uri``; a file it did
    not make: its own ``src_uri``)."""
    return getattr(file, "norm_src_uri", None) or file.src_uri


def page_alternates(file) -> dict:
    """static-i18n's versions of the page in each built language (``File.alternates``)."""
    return getattr(file, "alternates", None) or {}


def set_alternates(file, alternates: dict) -> None:
    """Replace the page's versions per language: the language menu leads to them."""
    file.alternates = alternates
