"""What does not change between the language builds of one site build is worked out once.

mkdocs-static-i18n runs a whole MkDocs build per language, and each build makes a new Jinja
environment: every theme template is parsed and compiled again (822 compilations for 18
languages), and the theme folders (Material's thousands of icons) are walked again to list the
theme's static files. Within one site build neither can change, so:

* compiled templates are kept in a bytecode cache shared by the builds
  (:mod:`guidepress.view.templates`);
* the list of the theme's static files (MkDocs walks every theme folder and filters some 14,500
  names, Material's icons included) is kept for the duration of one site build
  (:func:`new_site_build` forgets it, so ``serve`` sees a file added to ``overrides/``).
"""

from __future__ import annotations

import jinja2
from mkdocs import utils
from mkdocs.structure.files import File, Files

_THEME_FILES: dict[tuple, list[tuple[str, str]]] = {}
_original_add_files_from_theme = Files.add_files_from_theme


def _theme_files(env: jinja2.Environment, config) -> list[tuple[str, str]]:
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


def _add_files_from_theme(self: Files, env: jinja2.Environment, config) -> None:
    """``Files.add_files_from_theme`` with the theme's file list worked out once per site build."""
    for path, folder in _theme_files(env, config):
        if self.get_file_from_path(path) is None:  # files in docs_dir override theme files
            self.append(File(path, folder, config.site_dir, config.use_directory_urls))


def install() -> None:
    """Idempotent: remember the theme's file list within a site build."""
    if Files.add_files_from_theme is not _add_files_from_theme:
        Files.add_files_from_theme = _add_files_from_theme


def new_site_build() -> None:
    """A new site build starts: theme folders may have changed since the last one."""
    _THEME_FILES.clear()
