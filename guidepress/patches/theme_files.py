"""MkDocs: the theme's file list worked out once per site build, and language builds that add to
one folder. Written for MkDocs 1.6.1 (``WRITTEN_FOR``).

* **Theme files** (:func:`install`, skipped on another version). mkdocs-static-i18n runs a whole
  MkDocs build per language, and each build lists the theme's static files again: MkDocs walks
  every theme folder and filters some 14,500 names (Material's icons included). Within one site
  build the list cannot change, so ``Files.add_files_from_theme`` keeps it
  (:func:`new_site_build` forgets it, so ``serve`` sees a file added to ``overrides/``).
  ``tests/test_speed.py`` checks that the list is the one MkDocs makes.
* **Theme files in one language build only** (:func:`without_theme_files`, with the theme files
  patch). Every language build copied the theme's static files (2.5 MB: scripts, stylesheets,
  fonts) into its folder, which the site cache then hashed and kept, and the merge compared with
  the other languages' copies and dropped: 17 copies of nothing new in an 18-language site. Within
  the block a language build lists no theme file; one language of the site build carries them
  (:func:`guidepress.plugin.shards.assets_language`). Without the theme files patch (another
  MkDocs), every language copies them as before.
* **No cleaning between language builds** (:func:`keep_site_dir`, required). A shard holds
  several languages built one after the other into one folder; MkDocs' ``build`` empties the
  folder first (``utils.clean_directory``) unless ``--dirty``, which would also skip pages.
  Without it a shard would keep only its last language, so on another version it is applied all
  the same, with the warning.
"""

from __future__ import annotations

from contextlib import contextmanager

import jinja2
from mkdocs import utils
from mkdocs.structure.files import File, Files

from guidepress.patches import written_for

WRITTEN_FOR = {"mkdocs": "1.6.1"}

_THEME_FILES: dict[tuple, list[tuple[str, str | None]]] = {}
_original_add_files_from_theme = Files.add_files_from_theme


def _theme_files(env: jinja2.Environment, config) -> list[tuple[str, str | None]]:
    """(path, theme folder) of every static theme file, as ``Files.add_files_from_theme`` finds them."""
    # static-i18n adds its sitemap folder to the theme's folders again in every language build:
    # the same folders, with repeats, find the same files
    key = (tuple(dict.fromkeys(config.theme.dirs)), frozenset(config.theme.static_templates),
           tuple(utils.markdown_extensions))
    found = _THEME_FILES.get(key)
    if found is None:
        probe = Files([])
        _original_add_files_from_theme(probe, env, config)
        found = _THEME_FILES[key] = [(f.src_uri, f.src_dir) for f in probe]
    return found


_WITHOUT = [False]


def _add_files_from_theme(self: Files, env: jinja2.Environment, config) -> None:
    """``Files.add_files_from_theme`` with the theme's file list worked out once per site build
    (none at all within :func:`without_theme_files`)."""
    if _WITHOUT[0]:
        return
    for path, folder in _theme_files(env, config):
        if self.get_file_from_path(path) is None:  # files in docs_dir override theme files
            self.append(File(path, folder, config.site_dir, config.use_directory_urls))


def install() -> bool:
    """Remember the theme's file list within a site build (idempotent); True when active."""
    if Files.add_files_from_theme is _add_files_from_theme:
        return True
    if not written_for("MkDocs theme files", WRITTEN_FOR):
        return False
    Files.add_files_from_theme = _add_files_from_theme  # type: ignore[method-assign]  # the patch
    return True


def uninstall() -> None:
    """MkDocs' own ``Files.add_files_from_theme`` again (for the tests)."""
    Files.add_files_from_theme = _original_add_files_from_theme  # type: ignore[method-assign]  # MkDocs' own again


def stock_add_files_from_theme(files: Files, env: jinja2.Environment, config) -> None:
    """MkDocs' own ``Files.add_files_from_theme`` (for the tests that compare)."""
    _original_add_files_from_theme(files, env, config)


def new_site_build() -> None:
    """A new site build starts: theme folders may have changed since the last one."""
    _THEME_FILES.clear()


@contextmanager
def keep_site_dir():
    """Within the block, MkDocs' ``build`` adds to ``site_dir`` instead of emptying it first."""
    written_for("MkDocs build into a shard", WRITTEN_FOR, required=True)
    clean = utils.clean_directory
    utils.clean_directory = lambda directory: None
    try:
        yield
    finally:
        utils.clean_directory = clean


@contextmanager
def without_theme_files():
    """Within the block, a MkDocs build lists none of the theme's static files (so copies none):
    another language build of the same site build carries them."""
    _WITHOUT[0] = True
    try:
        yield
    finally:
        _WITHOUT[0] = False
