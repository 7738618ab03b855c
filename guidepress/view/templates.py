"""Compiled templates, shared by every Jinja environment of a build: the site's theme and the print
documents.

mkdocs-static-i18n runs a whole MkDocs build per language, and each build makes a new Jinja
environment: every theme template would be parsed and compiled again (822 compilations for 18
languages), and every print document too. Compiled templates are kept in a Jinja bytecode cache,
in memory and in ``.cache/jinja/`` for the next build and the other worker processes (Jinja checks
each template's source checksum and its own version before using cached code, so an edited override
is compiled again; each file also holds the keyed hash of its bytecode, see
:func:`guidepress.model.files.cache_mac`, so a truncated, damaged or foreign one is deleted and
compiled again instead of being loaded).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import CodeType

import jinja2
from jinja2.bccache import BytecodeCache

from guidepress.model.files import cache_mac, same_mac, write_cache

class MemoryBytecodeCache(BytecodeCache):
    """Jinja bytecode kept in memory, shared by the language builds of one process, and in
    ``folder`` (when set) for other processes and later builds."""

    def __init__(self, folder: Path | None = None):
        self._code: dict[str, bytes] = {}
        self._objects: dict[str, tuple[str, CodeType]] = {}
        """The code objects of the templates loaded in this process, with their source checksum:
        each language build's environment loads every template again, and unmarshalling the
        same bytecode 18 times cost 0.25 s of CPU in a cold build of the 18-language site."""
        self.folder = folder

    def _path(self, key: str) -> Path | None:
        return self.folder / f"{key}.bc" if self.folder is not None else None

    def load_bytecode(self, bucket):
        loaded = self._objects.get(bucket.key)
        if loaded is not None and loaded[0] == bucket.checksum:
            bucket.code = loaded[1]
            return
        code = self._code.get(bucket.key)
        path = self._path(bucket.key)
        if code is None and path is not None:
            try:
                stored = path.read_bytes()
            except OSError:
                return
            code = _unseal(stored)
            if code is None:  # truncated or damaged: compiled again and written anew
                _forget(path)
                return
            self._code[bucket.key] = code
        if code is None:
            return
        try:
            bucket.bytecode_from_string(code)  # checks Jinja's version and the source checksum
        except Exception:
            bucket.reset()
            self._code.pop(bucket.key, None)
            if path is not None:
                _forget(path)
        if bucket.code is not None:
            self._objects[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket):
        self._objects[bucket.key] = (bucket.checksum, bucket.code)
        code = self._code[bucket.key] = bucket.bytecode_to_string()
        path = self._path(bucket.key)
        if path is not None:
            write_cache(path, _seal(code))  # other workers read whole files only

    def clear(self):
        self._code.clear()
        self._objects.clear()


_SEAL = b"guidepress-bc2\n"
"""The start of a compiled template on disk, followed by the keyed hash of the bytecode (64 hex
digits, :func:`guidepress.model.files.cache_mac`), then the bytecode."""


def _seal(code: bytes) -> bytes:
    return _SEAL + cache_mac(code).encode("ascii") + code


def _unseal(stored: bytes) -> bytes | None:
    """The bytecode of a file :func:`_seal` wrote on this machine, or None when it is not
    exactly that (damaged, or from elsewhere: bytecode is code, and runs)."""
    head = len(_SEAL) + 64
    if not stored.startswith(_SEAL) or len(stored) <= head:
        return None
    code = stored[head:]
    return code if same_mac(stored[len(_SEAL):head].decode("ascii", "replace"), cache_mac(code)) else None


def _forget(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


_BYTECODE: dict[frozenset, MemoryBytecodeCache] = {}
_DISK: list[Path | None] = [None]


def use_disk_cache(folder: Path | None) -> None:
    """Keep compiled templates in ``folder`` too (``None``: in memory only)."""
    _DISK[0] = folder
    for extensions, cache in _BYTECODE.items():
        cache.folder = _folder_for(extensions)


def _folder_for(extensions: frozenset) -> Path | None:
    if _DISK[0] is None:
        return None
    digest = hashlib.sha256("\n".join(sorted(extensions)).encode("utf-8")).hexdigest()[:12]
    return _DISK[0] / digest


def use_bytecode_cache(env: jinja2.Environment) -> jinja2.Environment:
    """Give ``env`` the bytecode cache of environments with the same extensions (extensions
    change the compiled code; call this after adding them)."""
    extensions = frozenset(env.extensions)
    cache = _BYTECODE.get(extensions)
    if cache is None:
        cache = _BYTECODE[extensions] = MemoryBytecodeCache(_folder_for(extensions))
    env.bytecode_cache = cache
    return env
