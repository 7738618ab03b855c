"""Language builds kept in ``.cache/site/``: a language whose inputs did not change is not built again.

``guidepress build`` builds each language into a folder of its own (:mod:`guidepress.plugin.shards`).
When that succeeds, the folder's files are kept in ``.cache/site/<lang>/``, one after the other in
one file (``files.bin``: one file to write instead of a folder and a file per page, which was 5 %
of the CPU of a cold build), with an entry file: the language's *key*, and the place, SHA-256 and
size of every file, signed with the cache's keyed hash
(:func:`guidepress.model.files.cache_mac`). The next build copies the files back instead of
building the language when the key is the same, the entry's signature is valid and every file
still has the recorded bytes; anything else (a stale key, a missing, changed or unsigned entry)
means the language is built again. A cached language is never served from an entry that does not
verify.

A language's key is a hash of everything its pages can depend on (:func:`language_keys`):

* shared by every language: guidepress's own code (every file of the package), the versions of
  the packages that make the site, the Python version, ``mkdocs.yml`` (and its hook files), the
  site address, today's date (support data and review dates are checked against it), and every
  file of the theme folder, ``locales/``, the guide folders (manifests, images, videos), the
  source language's pages (guides and ``docs/``) and ``docs/`` outside the language folders;
* the language's own files (``guides/*/<lang>/``, ``docs/<lang>/``), and the dates that its
  outdated notices show (the last commit of the source page);
* the translation state of every page and caption in every language (the language menu marks
  untranslated languages; the sitemap's alternates leave fallbacks out) - the state, not the
  text, of the other languages' pages: editing a French page builds French again, not German;
* for the source language, every file of every language: its status page shows them all.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from functools import lru_cache
from pathlib import Path

from guidepress.model.files import cache_mac, same_mac

CACHE_DIR = Path(".cache") / "site"
FACTS_FILE = Path(".cache") / "page-facts.pickle"
"""Every page's translation front matter, source hash and lines, by the SHA-256 of its bytes
(:func:`guidepress.model.facts.load_file_facts`), and the content check's verdicts: a build reads
them from the pages only when the page changed."""
ENTRY = "entry.json"
BLOB = "files.bin"
VERSION = 2
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "pymdown-extensions", "jinja2",
            "markupsafe", "babel", "pyyaml", "jieba", "segno", "pygments")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Every file of the guidepress package (code, templates, stylesheets, data)."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = Path(folder) / name
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def package_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = [f"python {sys.version}"]
    for name in PACKAGES:
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            out.append(f"{name} -")
    return "\n".join(out)


def _walk(place: Path, files: dict[str, str], root: Path) -> None:
    """SHA-256 of every file under ``place`` (a file or a folder), by path relative to ``root``."""
    if place.is_file():
        paths = [place]
    elif place.is_dir():
        paths = []
        for folder, dirs, names in os.walk(place):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            paths += [Path(folder) / n for n in sorted(names)]
    else:
        return
    for path in paths:
        rel = os.path.relpath(path, root)
        if rel not in files and path.is_file():
            files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()


def _owner(rel: str, guides: str, docs: str, langs: set[str]) -> str | None:
    """The language whose files ``rel`` belongs to (``guides/<guide>/<lang>/...``, ``docs/<lang>/...``)."""
    parts = rel.split(os.sep)
    if guides and rel.startswith(guides + os.sep):
        rest = parts[len(guides.split(os.sep)):]
        return rest[1] if len(rest) > 2 and rest[1] in langs else None
    if docs and rel.startswith(docs + os.sep):
        rest = parts[len(docs.split(os.sep)):]
        return rest[0] if len(rest) > 1 and rest[0] in langs else None
    return None


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def language_keys(config, project, langs: list[str], assets: str | None = None) -> dict[str, str]:
    """The key of each language of ``langs`` (see the module's description); ``assets``: the
    language whose build carries the theme's static files (its folder holds them, the others'
    do not). Reads the state of every page: the workers forked afterwards inherit it instead of
    reading it again."""
    import datetime as dt

    from guidepress.model.history import last_changed
    from guidepress.model.translation import State

    root = project.root
    files: dict[str, str] = {}
    places = [Path(config.config_file_path)] + [Path(h) for h in (config.get("hooks") or [])]
    places += [project.docs_dir, project.guides_dir, project.locales_dir]
    if config.theme.custom_dir:
        places.append(Path(config.theme.custom_dir))
    for place in places:
        _walk(place.resolve(), files, root)
    guides_rel = os.path.relpath(project.guides_dir, root)
    docs_rel = os.path.relpath(project.docs_dir, root)
    all_langs = set(project.languages)
    default = project.default_lang
    by_lang: dict[str | None, list[str]] = {}
    for rel in sorted(files):
        owner = _owner(rel, guides_rel, docs_rel, all_langs)
        by_lang.setdefault(None if owner == default else owner, []).append(f"{rel} {files[rel]}")
    common = _hash(f"guidepress site cache {VERSION}", code_digest(), package_versions(),
                   str(config.site_url), dt.date.today().isoformat(), *by_lang.get(None, []))

    states: list[str] = []
    outdated: dict[str, list[str]] = {}

    def note(kind: str, slug: str, page: str, lang: str, info) -> None:
        states.append(f"{kind} {slug} {page} {lang} {info.state.value}")
        if info.state is State.OUTDATED:
            changed = last_changed(project.source_path(info), project.root)
            outdated.setdefault(lang, []).append(f"{slug} {page} {changed.isoformat()}")

    for guide in project.guides:
        for lang in project.languages:
            for page in guide.pages:
                note("page", guide.slug, page, lang, project.page(guide, page, lang))
            for video in guide.videos:
                note("captions", guide.slug, video.id, lang, project.caption(guide, video.id, lang))
    source_docs = project.docs_dir / default
    if source_docs.is_dir():
        for path in sorted(source_docs.rglob("*.md")):
            rel = path.relative_to(source_docs).as_posix()
            for lang in project.languages:
                note("site", "", rel, lang, project.site_page(rel, lang))
    state_digest = _hash(*states)
    everything = _hash(*(line for lines in by_lang.values() for line in lines))
    keys = {}
    for lang in langs:
        own = everything if lang == default else _hash(*by_lang.get(lang, []))
        keys[lang] = _hash(common, state_digest, lang, "theme files" if lang == assets else "", own,
                           *outdated.get(lang, []))
    return keys


# -- the entries ---------------------------------------------------------------------------

def _entry_mac(lang: str, key: str, listing: dict, folders: list) -> str:
    return cache_mac(json.dumps({"site": VERSION, "lang": lang, "key": key, "files": listing, "folders": folders},
                                sort_keys=True))


def store(cache: Path, lang: str, key: str, shard: Path) -> str | None:
    """Keep a copy of the language's folder ``shard`` under ``key``; the reason when it could not
    be kept (the build goes on: a cache that cannot be written only makes the next build slower)."""
    target = cache / lang
    tmp = cache / f".{lang}-{os.getpid()}.tmp"
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        listing: dict[str, list] = {}
        folders: list[str] = []  # empty ones too: the build made them
        offset = 0
        with open(tmp / BLOB, "wb") as blob:
            for folder, dirs, names in os.walk(shard):
                dirs.sort()
                rel_dir = os.path.relpath(folder, shard)
                folders.append(Path(rel_dir).as_posix())
                for name in sorted(names):
                    data = (Path(folder) / name).read_bytes()
                    blob.write(data)
                    rel = Path(os.path.normpath(os.path.join(rel_dir, name))).as_posix()
                    listing[rel] = [hashlib.sha256(data).hexdigest(), len(data), offset]
                    offset += len(data)
        entry = {"site": VERSION, "lang": lang, "key": key, "files": listing, "folders": folders,
                 "mac": _entry_mac(lang, key, listing, folders)}
        (tmp / ENTRY).write_text(json.dumps(entry), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        return f"{cache}: {exc.strerror or exc}"
    return None


def _safe_rel(rel: object) -> str:
    """``rel`` when it is a relative path inside the folder, else ValueError."""
    if not isinstance(rel, str) or not rel or rel.startswith("/") or ".." in rel.split("/") or "\0" in rel:
        raise ValueError(rel)
    return rel


def restore(cache: Path, lang: str, key: str, shard: Path) -> bool:
    """Copy the cached files of ``lang`` to ``shard`` (emptied) when its entry has ``key``, is
    signed here and every file has the recorded bytes; False (and ``shard`` removed) otherwise."""
    folder = cache / lang
    try:
        entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
        listing, folders = entry["files"], entry["folders"]
        if (not isinstance(entry, dict) or entry.get("site") != VERSION or entry.get("lang") != lang
                or entry.get("key") != key or not isinstance(listing, dict) or not isinstance(folders, list)
                or not same_mac(str(entry.get("mac")), _entry_mac(lang, key, listing, folders))):
            return False
        if shard.exists():
            shutil.rmtree(shard)
        for rel in folders:
            (shard / _safe_rel(rel)).mkdir(parents=True, exist_ok=True)
        # the signed listing says how long the files are together: a longer file (grown in
        # place, or not this entry's) is not read into memory at all
        expected = sum(size for _sha, size, _offset in listing.values())
        if (folder / BLOB).stat().st_size != expected:
            raise ValueError(BLOB)
        blob = memoryview((folder / BLOB).read_bytes())
        for rel, (sha, size, offset) in listing.items():
            if not (type(size) is int and type(offset) is int and size >= 0 and 0 <= offset
                    and offset + size <= len(blob)):
                raise ValueError(rel)
            data = blob[offset:offset + size]
            if hashlib.sha256(data).hexdigest() != sha:
                raise ValueError(rel)
            (shard / _safe_rel(rel)).write_bytes(data)  # its folder is one of ``folders``
        return True
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        shutil.rmtree(shard, ignore_errors=True)
        return False
