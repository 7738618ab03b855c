"""Facts worked out from a content file, kept while it does not change.

A build asks the same things of every page many times: each language build makes a new Project
and asks the state of every page in every language, and the content check reads every page. The
answers are kept in memory by the file's ``lstat`` (:func:`by_file`), and between builds in
``.cache/page-facts.pickle`` (:func:`load_file_facts`, :func:`save_file_facts`) by the SHA-256 of
the file's bytes, signed with this machine's cache key and marked with the code that made them.
"""

from __future__ import annotations

import functools
from pathlib import Path

_FILE_FACTS: dict[tuple, tuple] = {}


def by_file(path: Path, compute, *args):
    """``compute(*args)``, worked out again only when ``path`` changed (its ``lstat``: a file
    edited, or replaced by another or by a link). Every language build makes a new Project and
    asks the state of every page in every language (the language menu marks untranslated ones):
    without this, each language build of the 864-page benchmark read and validated the front
    matter of all 864 pages again (0.8 s, about 40 % of the CPU of the whole site build)."""
    stat = path.lstat()
    key, stamp = (compute, str(path), args), (stat.st_ino, stat.st_mode, stat.st_mtime_ns, stat.st_size)
    known = _FILE_FACTS.get(key)
    if known is None or known[0] != stamp:
        known = _FILE_FACTS[key] = (stamp, _stored_or_computed(path, compute, args))
    return known[1]


_STORED: dict[str, tuple[str, object]] = {}
"""Facts kept between builds (:func:`load_file_facts`): what ``compute`` gave for a file, by the
SHA-256 of the file's bytes (a checkout gives every file a new modification time)."""
_STORED_CHANGED = [False]
_USED: set[str] = set()
"""The facts this build asked for: only they are kept (:func:`save_file_facts`), so facts of
removed files or of an older guidepress do not pile up in the store, in memory and in every worker."""


def in_use() -> bool:
    """Whether a store is in use (a build: :func:`load_file_facts`; not check, status, serve)."""
    return bool(_STORED) or _STORED_CHANGED[0] or _FACTS_FILE[0] is not None


def kept(name: str, digest: str) -> tuple[bool, object]:
    """(True, the fact) when the store holds fact ``name`` for a file whose bytes have the SHA-256
    ``digest``, else (False, None). The fact is kept for the next build either way (:func:`keep`
    replaces it)."""
    _USED.add(name)
    known = _STORED.get(name)
    if known is not None and known[0] == digest:
        return True, known[1]
    return False, None


def keep(name: str, digest: str, value) -> None:
    """Keep ``value`` as fact ``name`` of the file whose bytes have the SHA-256 ``digest``."""
    _USED.add(name)
    _STORED[name] = (digest, value)
    _STORED_CHANGED[0] = True


def _stored_or_computed(path: Path, compute, args: tuple):
    if not in_use():
        return compute(*args)
    import hashlib
    import stat as stat_module

    if not stat_module.S_ISREG(path.lstat().st_mode):
        return compute(*args)
    name = f"{compute.__module__}.{compute.__qualname__}\0{path}\0{args!r}"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    found, value = kept(name, digest)
    if not found:
        value = compute(*args)
        keep(name, digest, value)
    return value


_FACTS_FILE: list[Path | None] = [None]


@functools.lru_cache(maxsize=1)
def facts_version() -> str:
    """What the kept facts were worked out with: the model's code and the libraries it reads
    pages with (the facts are its functions' results, so a store made by other versions of them
    is not used)."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in ("mkdocs", "mkdocs-material", "PyYAML"):
        try:
            digest.update(f"{name} {version(name)}".encode())
        except PackageNotFoundError:  # pragma: no cover - dependencies
            digest.update(name.encode())
    return digest.hexdigest()


def load_file_facts(path: Path) -> None:
    """Use the facts (translation front matter, source hashes, text lines, the content check's
    verdicts) kept in ``path`` by
    an earlier build, when the file is signed here (:func:`guidepress.model.files.cache_mac`);
    anything else is ignored (the facts are read from the pages again)."""
    import pickle

    from guidepress.model.files import cache_mac, same_mac

    _FACTS_FILE[0] = path
    _STORED.clear()
    _USED.clear()
    _STORED_CHANGED[0] = False
    try:
        data = _read_store(path)
        mac, _, body = data.partition(b"\n")
        if same_mac(mac.decode("ascii"), cache_mac(body)):
            stored = pickle.loads(body)  # signed with this cache's key: checked above
            if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == facts_version() \
                    and isinstance(stored[1], dict):
                _STORED.update(stored[1])
    except (OSError, ValueError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        _STORED.clear()


def save_file_facts() -> None:
    """Keep the facts for the next build (when they changed); a cache that cannot be written only
    makes the next build slower."""
    import pickle

    from guidepress.model.files import cache_mac, write_atomic

    path = _FACTS_FILE[0]
    for name in _STORED.keys() - _USED:  # not asked for by this build (every build asks for all)
        del _STORED[name]
        _STORED_CHANGED[0] = True
    if path is None or not _STORED_CHANGED[0]:
        return
    body = pickle.dumps((facts_version(), dict(_STORED)), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        _no_link(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, cache_mac(body).encode("ascii") + b"\n" + body)
        _STORED_CHANGED[0] = False
    except OSError:
        pass


def _no_link(path: Path) -> None:
    """Raise OSError when the store or its folder (``.cache/``) is a symbolic link: a pull request
    can commit one (to ``/dev/zero``, or to a folder outside the project), and the store is
    neither read nor written through it."""
    from guidepress.model.safefiles import links_above  # the content checks use this module

    if links_above(path, path.parent.parent):
        raise OSError(f"{path}: a symbolic link on the way")


def _read_store(path: Path) -> bytes:
    """The bytes of the store, a regular file reached through no link."""
    import os
    import stat as stat_module

    _no_link(path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat_module.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        return fh.read()
