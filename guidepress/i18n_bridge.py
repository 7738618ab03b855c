"""The one place where guidepress adapts mkdocs-static-i18n.

mkdocs-static-i18n (folder structure) only accepts pages inside ``docs_dir`` and re-creates each
File from ``docs_dir`` + ``src_path``. Guide pages live in ``guides/<slug>/<lang>/`` instead, so
guidepress registers them under a virtual path inside ``docs_dir`` (``<lang>/guides/<slug>/...``)
and remembers the real file in ``File.guidepress_source``. :func:`install` wraps the plugin's
``create_i18n_file`` so that the re-created File reads the real file again. Nothing else of the
plugin is changed, and plain ``mkdocs build`` keeps working.
"""

from __future__ import annotations

import functools

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
