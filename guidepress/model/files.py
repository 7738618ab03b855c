"""Writing files so that no reader ever sees half of one: the site, the catalogs' users and the
build workers (which share ``.cache/``) read whole files only.

And signing what ``.cache/`` keeps: a cache entry is only used when it carries the keyed hash
(HMAC-SHA256) of its content under a secret that lives outside every project. A damaged entry
fails the check, and so does one that came with the repository (anyone may propose a commit that
adds ``.cache/`` files): compiled templates are code, and cached PDFs are published as they are.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import tempfile
from functools import lru_cache
from pathlib import Path

SECRET_NAME = Path("guidepress") / "cache-secret"


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` through a temporary file: never half-written."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            os.fchmod(fh.fileno(), 0o666 & ~_umask())  # as open() makes it: mkstemp's 0600 hides it from the web server
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


PUBLIC_FILE = 0o644
PUBLIC_DIR = 0o755


def make_public(path: Path) -> None:
    """Let a web server running as another user read ``path`` and, for a folder, everything in it:
    files get at least ``rw-r--r--`` and folders ``rwxr-xr-x`` (bits already set are kept, links
    are not followed). A restrictive umask, or a temporary file's 0600, would otherwise publish
    files the server answers 404 for."""
    def widen(target: str, wanted: int) -> None:
        mode = os.lstat(target).st_mode & 0o7777
        if mode & wanted != wanted:
            os.chmod(target, mode | wanted)

    if path.is_symlink():
        return
    if not path.is_dir():
        widen(str(path), PUBLIC_FILE)
        return
    widen(str(path), PUBLIC_DIR)
    for folder, dirs, files in os.walk(path):
        for name in dirs:
            full = os.path.join(folder, name)
            if not os.path.islink(full):
                widen(full, PUBLIC_DIR)
        for name in files:
            full = os.path.join(folder, name)
            if not os.path.islink(full):
                widen(full, PUBLIC_FILE)


@lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


CACHE_DIR = ".cache"


CACHE_LINK_REMOVED = ("removed the symbolic link {} from the cache folder: guidepress never makes one there "
                      "(a pull request may have added it); what it pointed to is untouched")
"""The warning for each name :func:`remove_cache_links` gives."""


def remove_cache_links(root: Path | str) -> list[str]:
    """Remove every symbolic link in the project's cache folder (``.cache/`` next to
    ``mkdocs.yml``), the folder itself when it is one; return their names. guidepress never makes
    a link there, and every cache entry is read and written by its path: a link there, committed
    by a pull request (``.cache/`` is ignored by git, but ``git add -f`` commits it), would make
    the build read ``/dev/zero`` forever or write into a folder outside the project. Removing a
    link leaves what it points to as it is."""
    cache = os.path.join(os.path.abspath(root), CACHE_DIR)
    if os.path.islink(cache):
        os.unlink(cache)
        return [CACHE_DIR]
    removed = []
    for folder, dirs, files in os.walk(cache):  # links to folders are listed, never followed
        for name in dirs + files:
            full = os.path.join(folder, name)
            if os.path.islink(full):
                os.unlink(full)
                removed.append(os.path.relpath(full, os.path.dirname(cache)))
    return sorted(removed)


def write_cache(path: Path, data: bytes | str) -> None:
    """:func:`write_atomic` for a cache file: a project that cannot be written to (read-only
    checkout, full disk) still builds, only slower."""
    try:
        write_atomic(path, data)
    except OSError:
        pass


def _secret_path() -> Path:
    return user_cache_dir() / SECRET_NAME.name


def user_cache_dir() -> Path:
    """The user's guidepress cache folder (``$XDG_CACHE_HOME/guidepress``), shared by every
    project: the key of :func:`cache_mac`, and what depends on the installed libraries alone.
    Raises RuntimeError or KeyError when there is no home folder."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / SECRET_NAME.parent


@lru_cache(maxsize=1)
def cache_secret() -> bytes:
    """The key of :func:`cache_mac`: 32 random bytes kept in the user's cache folder
    (``$XDG_CACHE_HOME/guidepress/cache-secret``, made on first use, readable by the user only).
    Where it cannot be kept, a key for this process alone: caches are then not reused."""
    secret = os.urandom(32)
    try:
        path = _secret_path()
    except (RuntimeError, KeyError):  # no home folder
        return secret
    try:
        data = path.read_bytes()
        if len(data) == 32:
            return data
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cache-secret.")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(secret)
            os.link(tmp, path)  # made whole, or not at all when another process was first
        finally:
            os.unlink(tmp)
    except FileExistsError:
        try:
            data = path.read_bytes()
            return data if len(data) == 32 else secret
        except OSError:
            return secret
    except OSError:
        pass
    return secret


def cache_mac(data: bytes | str) -> str:
    """The keyed hash (hex) that a cache entry of ``data`` must carry to be used."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hmac.new(cache_secret(), data, hashlib.sha256).hexdigest()


def same_mac(a: str, b: str) -> bool:
    return isinstance(a, str) and isinstance(b, str) and hmac.compare_digest(a, b)
