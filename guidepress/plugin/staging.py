"""A new site is built in a staging folder and takes the place of the old one only when it is
complete: the old site stays as it was, byte for byte, if the build fails or is killed.

* The staging folder is ``<project>/.cache/build/build-<pid>-<random>/`` when a folder can be
  renamed from there to the site's parent (not across filesystems or mounts), else a hidden
  ``.<site>-build-<pid>-<random>/`` next to the site. Both are ignored by git.
* Every build first removes the staging folders of builds whose process is gone (a killed
  build cannot clean up after itself); a folder whose process is alive is never touched, so two
  builds can run at once.
* The new site is swapped in with one ``renameat2(RENAME_EXCHANGE)`` on Linux, so that there is
  no instant without a complete ``site/``; elsewhere with two renames. The old tree, now in the
  staging folder, is then deleted with it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from guidepress.model.files import make_public

BUILD_CACHE = Path(".cache") / "build"
_IN_CACHE = re.compile(r"build-(\d+)-[a-z0-9_]+")
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class SiteFolderError(Exception):
    """The site folder (or the folder around it) cannot be written: the message names it."""


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _next_to_site(site_dir: Path) -> re.Pattern:
    """Staging folders next to the site: this scheme's, and the pid-less ones of older versions."""
    name = re.escape(site_dir.name)
    return re.compile(rf"\.{name}-build-(?:(\d+)-[a-z0-9_]+|[a-z0-9_]{{8}})")


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (on doubt: yes, so that its folder is left alone)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale(folder: Path, pattern: re.Pattern) -> list[Path]:
    """Delete the staging folders in ``folder`` left by builds that are no longer running."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or not entry.is_dir() or entry.is_symlink():
            continue
        pid = match.group(1)
        if pid is not None and _alive(int(pid)):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _places(project_root: Path, site_dir: Path) -> list[tuple[Path, str, re.Pattern]]:
    """(folder, name prefix, stale pattern) where a staging folder may go, best first."""
    places = []
    cache = project_root / BUILD_CACHE
    try:
        cache.mkdir(parents=True, exist_ok=True)
        if _can_rename(cache, site_dir):
            places.append((cache, f"build-{os.getpid()}-", _IN_CACHE))
    except OSError:
        pass  # a read-only or odd .cache/: the folder next to the site does
    places.append((site_dir.parent, f".{site_dir.name}-build-{os.getpid()}-", _next_to_site(site_dir)))
    return places


def _can_rename(cache: Path, site_dir: Path) -> bool:
    """Whether a folder made in ``cache`` can be renamed to next to the site: the same
    filesystem, and the same mount (bind mounts of one filesystem refuse it too). The probe's
    names are those of staging folders, so a build killed here leaves nothing stale behind."""
    if cache.stat().st_dev != site_dir.parent.stat().st_dev:
        return False
    probe = Path(tempfile.mkdtemp(dir=cache, prefix=f"build-{os.getpid()}-probe"))
    moved = site_dir.parent / f".{site_dir.name}-build-{probe.name[len('build-'):]}"
    try:
        os.rename(probe, moved)
    except OSError:
        shutil.rmtree(probe, ignore_errors=True)
        return False
    shutil.rmtree(moved, ignore_errors=True)
    return True


def check_site_dir(site_dir: Path) -> Path:
    """``site_dir`` made absolute, its parent created; a clear error when that cannot be."""
    site_dir = Path(os.path.abspath(site_dir))
    if site_dir.is_symlink() and site_dir.resolve().is_dir():
        site_dir = site_dir.resolve()  # the folder it points to is the one replaced
    if site_dir.exists() and not site_dir.is_dir():
        raise SiteFolderError(f"{site_dir} is a file, not a site folder: remove it or give another folder with -d")
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SiteFolderError(f"cannot create the folder {site_dir.parent} for the site: {_reason(exc)}") from None
    return site_dir


def _check_not_project(project_root: Path, site_dir: Path) -> None:
    if Path(os.path.abspath(project_root)).is_relative_to(site_dir):
        raise SiteFolderError(f"{site_dir} holds the project itself: the site would replace it. "
                              "Give a folder of its own with -d, such as site")


def check_replaceable(project_root: Path, site_dir: Path) -> None:
    """Refuse to replace a folder that holds something other than a built site or shard (a
    mistyped ``-d docs`` would otherwise put the site in place of the pages)."""
    _check_not_project(project_root, site_dir)
    try:
        if not site_dir.is_dir() or not any(site_dir.iterdir()):
            return
    except OSError as exc:
        raise SiteFolderError(f"cannot read the site folder {site_dir}: {_reason(exc)}") from None
    if not ((site_dir / "index.html").is_file() or (site_dir / ".guidepress-shard").is_dir()):
        raise SiteFolderError(f"{site_dir} is not a site built by guidepress (it has no index.html), so it is not "
                              "replaced: give another folder with -d, or remove this one")


@contextmanager
def staged(project_root: Path, site_dir: Path) -> Iterator[Path]:
    """A new, empty staging folder for a build of ``site_dir`` (stale ones removed first);
    deleted when the block ends, whatever happens."""
    _check_not_project(project_root, site_dir)
    places = _places(project_root, site_dir)
    for folder, _, pattern in places:
        remove_stale(folder, pattern)
    work, problem = None, None
    for folder, prefix, _ in places:
        try:
            work = Path(tempfile.mkdtemp(dir=folder, prefix=prefix))
            break
        except OSError as exc:
            problem = exc
    if work is None:
        raise SiteFolderError(f"cannot write in {site_dir.parent}, where the site {site_dir.name}/ is built: "
                              f"{_reason(problem) if problem else 'no folder to build in'}")
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


@lru_cache(maxsize=1)
def _renameat2():
    """libc's ``renameat2``, or None (not Linux, or a C library without it)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


def exchange(a: Path, b: Path) -> bool:
    """Swap the two paths in one step; False where the system or filesystem cannot."""
    func = _renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def publish(new: Path, site_dir: Path, work: Path) -> None:
    """Put the complete site ``new`` (inside the staging folder ``work``) in place of ``site_dir``;
    the old site is deleted afterwards. Raises :class:`SiteFolderError` when that cannot be.
    Everything in the new site is made readable by everyone first (the staging folder itself
    is ``mkdtemp``'s 0700)."""
    try:
        make_public(new)
    except OSError as exc:
        raise SiteFolderError(f"cannot make the new site readable by the web server ({exc.filename}): "
                              f"{_reason(exc)}; the previous site is unchanged") from None
    for attempt in range(3):  # another build may put its site in place meanwhile
        try:
            old = _swap(new, site_dir, work)
            break
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST) and attempt < 2:
                continue
            raise SiteFolderError(f"cannot replace the site folder {site_dir}: {_reason(exc)}; "
                                  "the previous site is unchanged") from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _swap(new: Path, site_dir: Path, work: Path) -> Path | None:
    """One attempt of :func:`publish`; returns where the old site now is (None: there was none)."""
    if not site_dir.exists():
        os.rename(new, site_dir)
        return None
    if exchange(new, site_dir):
        return new
    old = work / "old-site"
    os.rename(site_dir, old)
    try:
        os.rename(new, site_dir)
    except OSError:
        try:
            os.rename(old, site_dir)
        except OSError:
            pass  # another build's complete site is there
        raise
    return old
