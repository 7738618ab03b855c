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
