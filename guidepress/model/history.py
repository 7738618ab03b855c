"""What git knows about the source pages: when a page last changed, and its past versions."""

from __future__ import annotations

import datetime as dt
import subprocess
from functools import lru_cache
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


@lru_cache(maxsize=4096)
def last_changed(path: Path, root: Path) -> dt.date:
    """The date of the last commit that changed ``path``; its modification time when the file is
    not committed (or there is no git)."""
    out = _git(root, "log", "-1", "--format=%cs", "--", str(path))
    if out and out.strip():
        return dt.date.fromisoformat(out.strip())
    return dt.date.fromtimestamp(path.stat().st_mtime)


class VersionNotFound(LookupError):
    pass


def find_version(path: Path, root: Path, wanted_hash: str, hash_of) -> tuple[str, str, str]:
    """The committed version of ``path`` whose hash (``hash_of(text)``) is ``wanted_hash``:
    ``(commit, date, text)``, newest first. Raises :class:`VersionNotFound`."""
    top = _git(root, "rev-parse", "--show-toplevel")
    rel = path.resolve().relative_to(Path(top.strip()).resolve()) if top else None
    if rel is None:
        raise VersionNotFound("this folder is not a git repository, so past versions of the source are not available")
    log = _git(root, "log", "--format=%H %cs", "--follow", "--", str(path))
    for line in (log or "").splitlines():
        commit, date = line.split()
        names = _git(root, "show", "--name-only", "--format=", commit, "--", str(path))
        candidates = [rel.as_posix()] + [n for n in (names or "").split() if n != rel.as_posix()]
        for name in candidates:
            text = _git(root, "show", f"{commit}:{name}")
            if text is not None and hash_of(text) == wanted_hash:
                return commit, date, text
    raise VersionNotFound(f"no commit of {rel.as_posix()} has the hash {wanted_hash}")
