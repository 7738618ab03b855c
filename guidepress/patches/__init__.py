"""Patches: every change guidepress makes to another library's internals, in one place.

Each module adapts one library (``static_i18n``: mkdocs-static-i18n; ``theme_files``: MkDocs;
``material_search``: Material's search plugin; ``weasyprint_passes``: WeasyPrint; ``segno_masks``:
segno's QR code masks; ``jieba_viterbi``: jieba's Chinese segmentation; ``stack_room``: CPython's
frame stack) and says in its
docstring why (the measured gain or the bug fixed). Each patch names the versions it was written
for in ``WRITTEN_FOR`` and is applied only when :func:`written_for` finds exactly those installed;
on any other version it logs one warning and leaves the library's own behaviour (the few
adaptations guidepress cannot build without say so, and are applied with the warning).
Private attributes of other libraries are read here too, nowhere else. This package imports no
other part of guidepress: the site and print packages call it and give it what it needs as
arguments. ``tests/test_patches.py`` fails when an installed version differs from the pinned
one, and checks that every patch steps aside on another version.
"""

from __future__ import annotations

import functools
import logging
import platform
from importlib.metadata import PackageNotFoundError, version

log = logging.getLogger("mkdocs.plugins.guidepress.patches")
"""Under MkDocs' logger, so that ``mkdocs build`` shows the warning (and ``--strict`` stops on it)."""

_WARNED: set[str] = set()


@functools.cache
def installed_version(name: str) -> str | None:
    """The installed version of the distribution ``name`` ("python": the interpreter's)."""
    if name == "python":
        return platform.python_version()
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _matches(found: str | None, wanted: str) -> bool:
    """``found`` is the version ``wanted`` (``"3.11"`` stands for any 3.11.x)."""
    return found is not None and (found == wanted or found.startswith(wanted + "."))


def written_for(patch: str, versions: dict[str, str], *, required: bool = False) -> bool:
    """True when every library in ``versions`` is installed in the version ``patch`` was written
    for. Otherwise log one warning per patch and return False: the caller leaves the library's own
    behaviour (or, for a ``required`` adaptation, applies it all the same and says so)."""
    wrong = {name: installed_version(name) for name, wanted in versions.items()
             if not _matches(installed_version(name), wanted)}
    if not wrong:
        return True
    if patch not in _WARNED:
        _WARNED.add(patch)
        found = ", ".join(f"{name} {found or 'not installed'} (written for {versions[name]})"
                          for name, found in wrong.items())
        what = ("applied all the same: guidepress cannot build without it; check it against the new version"
                if required else "not applied: the library's own behaviour is used")
        log.warning(f"guidepress patch '{patch}' {what}: {found}. See guidepress/patches/ and "
                    "tests/test_patches.py.")
    return False


def forget_warnings() -> None:
    """Warn again (for the tests)."""
    _WARNED.clear()
