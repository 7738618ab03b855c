"""The bridge between the site and mkdocs-static-i18n.

mkdocs-static-i18n (folder structure) only accepts pages inside ``docs_dir``. Guide pages live in
``guides/<slug>/<lang>/`` instead, so guidepress registers them under a virtual path inside
``docs_dir`` (``<lang>/guides/<slug>/...``) and remembers the real file in
``File.guidepress_source`` (:func:`virtual_file`); pages guidepress generates carry their text
(:func:`generated_page`). :func:`install` has static-i18n's re-created Files read them again, and
makes the language builds faster. The patches themselves (and the plugin's internal attributes
guidepress reads) live in :mod:`guidepress.patches.static_i18n`, with the version they were
written for; this module gives them what they need.
"""

from __future__ import annotations

from mkdocs.structure.files import File

from guidepress.model.safefiles import ATTR, CONTENT
from guidepress.patches import static_i18n


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


def install(i18n) -> None:
    """Files keep their real source (and the fast files and alternates, on the static-i18n they
    were written for): at the start of each site build."""
    static_i18n.install(ATTR, CONTENT)
    static_i18n.fast_alternates(i18n)
    static_i18n.reset_alternates(i18n)
