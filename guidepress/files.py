"""Writing files so that no reader ever sees half of one: the site, the catalogs' users and the
build workers (which share ``.cache/``) read whole files only."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` through a temporary file: never half-written."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_cache(path: Path, data: bytes | str) -> None:
    """:func:`write_atomic` for a cache file: a project that cannot be written to (read-only
    checkout, full disk) still builds, only slower."""
    try:
        write_atomic(path, data)
    except OSError:
        pass
