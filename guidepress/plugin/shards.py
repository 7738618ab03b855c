"""Building the site one language at a time, in parallel, and merging the parts.

mkdocs-static-i18n builds the languages one after the other in one process. guidepress builds
them in worker processes instead (one per core), each writing its languages into a *shard*: a
site folder holding those languages' pages, the theme's files, and in ``.guidepress-shard/`` what
only the whole site can use (each language's search entries and sitemap entries, the PDFs'
sizes and page counts). :func:`merge` combines shards into the site: it moves the files in,
writes one search index per language and the sitemap, and links every guide page to its PDFs.

``guidepress build`` is :func:`build_parallel` (shards built by workers, then merged into a new
folder), then the PDFs, then the swap of the new folder for the site (:mod:`guidepress.plugin.staging`).
``guidepress build --lang fr`` builds one shard, and ``guidepress merge`` combines shards built on
different machines into the same site (``tests/test_shards.py`` checks they are identical).
"""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
import os
import shutil
import tempfile
import traceback
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from guidepress.patches import static_i18n, theme_files
from guidepress.plugin import sitecache
from guidepress.text import words

META_DIR = ".guidepress-shard"
"""The folder, inside a shard, of what the merge needs; never part of the merged site."""
PDFS = "pdfs.json"


class ShardError(Exception):
    """A shard could not be built or the shards cannot be merged (the message says why)."""


@dataclass(frozen=True)
class LanguageData:
    lang: str
    search: dict | None
    sitemap: list[tuple[str, dict[str, str]]]


def write_language_data(site_dir: Path, data: LanguageData) -> None:
    folder = site_dir / META_DIR
    folder.mkdir(parents=True, exist_ok=True)
    payload = {"lang": data.lang, "search": data.search, "sitemap": [[loc, alts] for loc, alts in data.sitemap]}
    (folder / f"{data.lang}.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")


def read_language_data(shard: Path) -> list[LanguageData]:
    folder = shard / META_DIR
    found = []
    for path in sorted(folder.glob("*.json")):
        if path.name == PDFS:
            continue
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            found.append(LanguageData(raw["lang"], raw["search"], [(loc, alts) for loc, alts in raw["sitemap"]]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ShardError(f"{path}: not a guidepress shard file ({exc}); build the shard again "
                             "with 'guidepress build --lang LANG'") from None
    return found


def write_pdf_data(site_dir: Path, results) -> None:
    """Record the size and page count of each PDF of the shard, for the merge's download links."""
    folder = site_dir / META_DIR
    folder.mkdir(parents=True, exist_ok=True)
    rows = [{"output": Path(r.job.output).relative_to(site_dir).as_posix(), "variant": r.job.variant,
             "pages": r.pages, "size": r.size} for r in results]
    (folder / PDFS).write_text(json.dumps(rows, indent=0), encoding="utf-8")


def _read_pdf_data(shard: Path) -> list[dict]:
    path = shard / META_DIR / PDFS
    if not path.is_file():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


# -- building ----------------------------------------------------------------------------

def load(config_file: str, site_dir: str | None = None, site_url: str | None = None):
    from mkdocs.config import load_config

    overrides = {}
    if site_dir:
        overrides["site_dir"] = site_dir
    if site_url:
        overrides["site_url"] = site_url
    return load_config(config_file=config_file, **overrides)


def site_languages(config) -> tuple[list[str], str]:
    """The site's languages (source first) and the source language, from mkdocs.yml."""
    i18n = config.plugins["guidepress"]._i18n(config)
    codes = static_i18n.configured_languages(i18n)
    default = i18n.default_language
    return [default] + [c for c in codes if c != default], default


class _Builder:
    """Builds languages one by one into one shard folder, reusing one loaded configuration
    (as mkdocs-static-i18n does for its own language builds)."""

    def __init__(self, config_file: str, shard_dir: Path, site_url: str | None, config=None):
        self.shard_dir = shard_dir
        _empty(shard_dir)
        if config is None:
            self.config = load(config_file, str(shard_dir), site_url)
        else:  # loaded (with site_url) by the parent before it forked: only the folder differs
            self.config = config
            self.config["site_dir"] = str(Path(shard_dir).resolve())
        self.config.plugins.on_startup(command="build", dirty=False)
        self.plugin = self.config.plugins["guidepress"]
        self.i18n = self.plugin._i18n(self.config)
        self.plugin.shard = True
        static_i18n.drive(self.i18n)  # static-i18n: never start its own loop over the languages

    def build(self, lang: str, folder: Path | None = None, theme: bool = True) -> None:
        """Build ``lang`` into the shard; with ``folder``, into an empty shard folder that then
        becomes ``folder`` (the language's alone, which the site cache keeps): the configured
        folder stays the same, so the Files made for alternates are reused from one language to
        the next (static_i18n's memo is keyed by it). ``theme``: with the theme's static files
        (False: another language of the build has them, see :func:`assets_language`)."""
        from mkdocs.commands.build import build

        if folder is not None:
            _empty(self.shard_dir)
        try:
            with theme_files.keep_site_dir(), (nullcontext() if theme else theme_files.without_theme_files()):
                static_i18n.drive(self.i18n, lang)
                build(self.config)
        finally:
            static_i18n.forget_built(self.i18n)
        if folder is not None:
            if folder.exists():
                shutil.rmtree(folder)
            os.replace(self.shard_dir, folder)
            self.shard_dir.mkdir()

    def close(self) -> None:
        self.config.plugins.on_shutdown()


def build_shard(config_file: str, langs: list[str], shard_dir: Path, site_url: str | None = None) -> None:
    """Build the pages of ``langs`` into ``shard_dir`` (emptied first), in this process."""
    shard_dir = Path(shard_dir)
    _empty(shard_dir)
    with tempfile.TemporaryDirectory(dir=shard_dir.resolve().parent, prefix=".shard-langs-") as tmp:
        builder = _Builder(config_file, Path(tmp) / "build", site_url)
        all_langs, _ = site_languages(builder.config)
        unknown = [lang for lang in langs if lang not in all_langs]
        if unknown:
            raise ShardError(f"unknown language(s) {', '.join(unknown)}: the site's languages are {' '.join(all_langs)}")
        assets = assets_language(list(langs), all_langs)
        keys = _prepare(builder.config, list(langs), assets)
        cache = Path(builder.config.config_file_path).resolve().parent / sitecache.CACHE_DIR
        for lang in langs:
            # a language whose inputs did not change since it was kept is copied back, not built
            folder = Path(tmp) / f"lang-{lang}"
            if not sitecache.restore(cache, lang, keys[lang], folder):
                builder.build(lang, folder, theme=lang == assets)
                sitecache.store(cache, lang, keys[lang], folder)
            _combine(folder, shard_dir, move=True)
            meta = shard_dir / META_DIR
            meta.mkdir(exist_ok=True)
            for item in (folder / META_DIR).iterdir():
                os.replace(item, meta / item.name)
        builder.close()


_WORKER: _Builder | None = None
_WORKER_ARGS: list = []
"""(mkdocs.yml, shard root, site_url) of the worker process, set by :func:`_worker_init`."""
_KEYS: dict[str, str] = {}
"""Each language's key in the site cache, and (under "") the cache folder: set before the workers
fork, each worker keeps what it built (:func:`guidepress.plugin.sitecache.store`)."""
_ASSETS: list[str] = [""]
"""The language whose build carries the theme's static files (:func:`assets_language`), set
before the workers fork."""
_PARENT_CONFIG: list = [None]
"""The configuration :func:`build_parallel` loaded before forking: each worker builds with its
copy instead of loading and validating mkdocs.yml again (0.3 s)."""


def _worker_init(config_file: str, shard_root: str, site_url: str | None) -> None:
    global _WORKER
    _WORKER = None
    _WORKER_ARGS[:] = [config_file, shard_root, site_url]


def _worker_build(lang: str) -> tuple[str, str, str | None]:
    """Build ``lang`` into a shard folder of its own (``lang-<lang>``, which the site cache keeps);
    return (lang, shard folder, error or None)."""
    global _WORKER
    try:
        config_file, shard_root, site_url = _WORKER_ARGS
        if _WORKER is None:
            _WORKER = _Builder(config_file, Path(shard_root) / f"shard-{os.getpid()}", site_url, _PARENT_CONFIG[0])
        folder = Path(shard_root) / f"lang-{lang}"
        _WORKER.build(lang, folder, theme=lang == _ASSETS[0])
        if lang in _KEYS:  # kept for the next build, before the merge moves the files away
            sitecache.store(Path(_KEYS[""]), lang, _KEYS[lang], folder)
        return lang, str(folder), None
    except BaseException as exc:  # reported by the parent, which stops the build; a SystemExit
        # or KeyboardInterrupt must not end the worker either: the pool would wait for ever
        from mkdocs.exceptions import Abort, ConfigurationError, PluginError

        known = (Abort, ConfigurationError, PluginError, ShardError)
        message = str(exc) if isinstance(exc, known) else traceback.format_exc()
        shard = str(_WORKER.shard_dir) if _WORKER is not None else ""
        return lang, shard, f"building '{lang}': {message}"


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def build_parallel(config_file: str, site_dir: Path, site_url: str | None = None, workers: int | None = None,
                   langs: list[str] | None = None, prepared: dict | None = None) -> list[str]:
    """Build ``langs`` (default: every language) with ``workers`` processes, each taking the next
    language when it is free, and merge the shards into ``site_dir``, a new folder (the command
    line gives one in a staging folder, see :mod:`guidepress.plugin.staging`, and swaps it in for the
    site when the PDFs are there too). Returns the languages built.

    The shards are made next to ``site_dir`` and are gone when this returns. ``prepared``, a
    dict, receives under "config" the configuration the parent set up (the project loaded and
    checked), for the PDF step, when no language was built in this process."""
    config = load(config_file, site_url=site_url)
    all_langs, default = site_languages(config)
    langs = list(langs or all_langs)
    unknown = [lang for lang in langs if lang not in all_langs]
    if unknown:
        raise ShardError(f"unknown language(s) {', '.join(unknown)}: the site's languages are {' '.join(all_langs)}")
    _preload(config)
    _ASSETS[0] = assets_language(langs, all_langs)
    keys = _prepare(config, langs, _ASSETS[0])
    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    cache = Path(config.config_file_path).resolve().parent / sitecache.CACHE_DIR
    with tempfile.TemporaryDirectory(dir=site_dir.parent, prefix=f".{site_dir.name}-shards-") as tmp:
        shard_root = Path(tmp) / "shards"
        shard_root.mkdir()
        # languages whose inputs did not change since they were kept: copied back, not built
        outcomes: list[tuple[str, str, str | None]] = [
            (lang, str(shard_root / f"lang-{lang}"), None) for lang in langs
                    if sitecache.restore(cache, lang, keys[lang], shard_root / f"lang-{lang}")]
        todo = [lang for lang in langs if lang not in {o[0] for o in outcomes}]
        workers = max(1, min(workers or default_workers(), len(todo) or 1))
        _PARENT_CONFIG[0] = config
        _KEYS.clear()
        _KEYS.update({lang: keys[lang] for lang in todo})
        _KEYS[""] = str(cache)
        if not todo:
            pass
        elif workers == 1:
            _worker_init(config_file, str(shard_root), site_url)
            outcomes += [_worker_build(lang) for lang in todo]
            if _WORKER is not None:
                _WORKER.close()
        else:
            _preload_segmenter(todo)
            outcomes += _build_in_workers(_longest_first(todo, default), workers,
                                          (config_file, str(shard_root), site_url))
        errors = [error for _, _, error in outcomes if error]
        if errors:
            raise ShardError("\n".join(errors))
        _KEYS.clear()
        shards = sorted({Path(shard) for _, shard, _ in outcomes})
        _PARENT_CONFIG[0] = None
        built_here = bool(todo) and workers == 1
        merge(config_file, shards, site_dir, move=True, expected=langs, site_url=site_url,
              config=None if built_here else config)
    if prepared is not None and not built_here:
        prepared["config"] = config
    return langs


WORKER_PATIENCE = int(os.environ.get("GUIDEPRESS_WORKER_PATIENCE", "900"))
"""Seconds the parent waits for the next language before it gives up (a worker killed from
outside loses its language: the pool would wait for ever). The variable is for the tests."""


def _build_in_workers(langs: list[str], workers: int, initargs: tuple) -> list[tuple[str, str, str | None]]:
    """Build ``langs`` in ``workers`` forked processes, each taking the next language when it is
    free; stop at the first language that fails, when a worker dies (killed by the system, say:
    its language would never come) or when no language finishes in :data:`WORKER_PATIENCE`
    seconds, instead of waiting for ever.

    Not ``multiprocessing.Pool``: its ``terminate()`` can hang for ever when it kills a worker that
    holds the task queue's lock (an idle worker waiting for the next task does), which a failing
    language build made happen now and then. ``ProcessPoolExecutor`` notices a dead worker at once
    (``BrokenProcessPool``) and never waits on a lock a worker held."""
    outcomes: list[tuple[str, str, str | None]] = []
    ctx = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_init, initargs=initargs)
    stopped = True
    try:
        pending = {pool.submit(_worker_build, lang) for lang in langs}
        waited = 0
        while pending:
            done, pending = wait(pending, timeout=5, return_when=FIRST_COMPLETED)
            if not done:
                waited += 5
                if waited >= WORKER_PATIENCE:
                    raise ShardError(f"no language build finished in {waited} s and the workers do not answer: "
                                     + _AGAIN)
                continue
            waited = 0
            for future in done:
                try:
                    outcomes.append(future.result())
                except BrokenProcessPool:
                    raise ShardError("no language build finished: a build worker stopped (killed by the system, "
                                     "perhaps for lack of memory): " + _AGAIN) from None
            if any(error for _, _, error in outcomes):
                return outcomes  # the first failure stops the build: the other languages are not needed
        stopped = False
        return outcomes
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        if stopped:  # a language still being built is not waited for
            for child in multiprocessing.active_children():
                child.kill()
        pool.shutdown(wait=True)


_AGAIN = ("run 'guidepress build' again; if it happens again, run it with -j 1 to see which language stops")

def assets_language(langs: list[str], all_langs: list[str]) -> str:
    """The one language of ``langs`` whose build copies the theme's static files (the same for
    every language, so one copy is enough for the site or the shard): the first of them in the
    site's order, the source language when it is built, whatever order ``langs`` are given in
    (a language's entry in the site cache is for one of the two cases, see its key)."""
    return min(langs, key=all_langs.index)


def _prepare(config, langs: list[str], assets: str) -> dict[str, str]:
    """Before the workers fork: the plugin's set-up of the site build (mkdocs.yml's languages, the
    project with every manifest, the content checks), and the state of every page in every
    language, read once here and inherited by every worker instead of read again in each; from
    them, each language's key in the site cache (:func:`guidepress.plugin.sitecache.language_keys`;
    ``assets``: the language that carries the theme's static files)."""
    import logging

    from guidepress.model.facts import save_file_facts

    plugin = config.plugins["guidepress"]
    i18n = plugin._i18n(config)
    logger = logging.getLogger("mkdocs.plugins.guidepress")
    level = logger.level
    logger.setLevel(logging.WARNING)  # its "language 1/N" line belongs to the language build
    use_page_facts(config)  # the content check of on_config asks for them too
    try:
        config.plugins.on_startup(command="build", dirty=False)
        plugin.on_config(config)
    finally:
        logger.setLevel(level)
        static_i18n.forget_built(i18n)
    keys = sitecache.language_keys(config, plugin.project, langs, assets)
    save_file_facts()
    return keys


def use_page_facts(config) -> None:
    """Use the page facts an earlier build kept in ``.cache/page-facts.pickle`` next to
    ``mkdocs.yml`` (:func:`guidepress.model.facts.load_file_facts`)."""
    from guidepress.model.facts import load_file_facts

    load_file_facts(Path(os.path.abspath(config.config_file_path)).parent / sitecache.FACTS_FILE)


def _preload(config) -> None:
    """Import, once before the workers fork, what every language build imports on first use
    (the Markdown extensions, MkDocs' build): the workers inherit it instead of each importing it."""
    import markdown
    from mkdocs.commands import build  # noqa: F401

    markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})


def _preload_segmenter(langs: list[str]) -> None:
    """Load jieba's dictionary once before the workers fork when Chinese is among the languages
    to build (``langs``): the Chinese build segments its pages for search and the source
    language's status page measures the Chinese pages, so without this each worker loaded it
    (0.7 s of CPU each). When Chinese comes from the site cache, its pages did not change and
    their figures are in the readability cache: nothing needs jieba, and loading it would only
    make an edit's build 0.6 s longer."""
    if any(words.is_dense(lang) for lang in langs):
        words.load_dictionary()


def _longest_first(langs: list[str], default: str) -> list[str]:
    """The order in which the workers take the languages: the longest builds first, so that no
    worker is left with a long one at the end. Every language builds every page (fallback copies
    included); the source language also makes the status page, and Chinese, Japanese and Korean
    are segmented into words for search."""
    def cost(lang: str) -> int:
        return 2 if lang == default else 1 if lang.split("_")[0].split("-")[0] in ("zh", "ja", "ko") else 0
    return sorted(langs, key=lambda lang: -cost(lang))


# -- merging -----------------------------------------------------------------------------

def merge(config_file: str, shards: list[Path], site_dir: Path, *, move: bool = False,
          expected: list[str] | None = None, site_url: str | None = None, config=None) -> None:
    """Combine ``shards`` into ``site_dir`` (which must not exist or be empty). ``config``: the
    configuration already loaded with ``site_url`` and not built with (else it is loaded)."""
    from guidepress.pdf.build import link_pdfs
    from guidepress.pdf.render import Job, Result
    from guidepress.plugin import search
    from guidepress.plugin.alternates import sitemap
    from guidepress.model.files import write_atomic

    if config is None:
        config = load(config_file, str(site_dir), site_url)
    plugin = config.plugins["guidepress"]
    all_langs, default = site_languages(config)
    expected = list(expected or all_langs)
    data: dict[str, LanguageData] = {}
    pdf_rows: list[dict] = []
    for shard in shards:
        if not (shard / META_DIR).is_dir():
            raise ShardError(f"{shard} is not a guidepress shard (no {META_DIR}/ in it): "
                             "make shards with 'guidepress build --lang LANG --site-dir DIR'")
        for item in read_language_data(shard):
            if item.lang in data:
                raise ShardError(f"language '{item.lang}' is in more than one shard; give each language once")
            data[item.lang] = item
        pdf_rows += _read_pdf_data(shard)
    missing = [lang for lang in expected if lang not in data]
    if missing:
        raise ShardError(f"no shard has the language(s) {', '.join(missing)}: build them with "
                         f"'guidepress build --lang LANG' and give their folders to the merge")
    site_dir = Path(site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    if any(site_dir.iterdir()):
        raise ShardError(f"{site_dir} is not empty: merge into a new folder")
    for shard in shards:
        _combine(shard, site_dir, move)
    shutil.rmtree(site_dir / META_DIR, ignore_errors=True)

    langs = [lang for lang in all_langs if lang in data]
    entries = [entry for lang in langs for entry in data[lang].sitemap]
    write_atomic(site_dir / "sitemap.xml", sitemap(entries, default).encode("utf-8"))
    for lang in langs:
        index = data[lang].search
        if index is not None:
            search.write_index(site_dir, lang, default, index)
    if pdf_rows:
        results = [Result(Job("", row["variant"], str(site_dir / row["output"]), str(site_dir), "", ""),
                          False, row["pages"], row["size"]) for row in pdf_rows]
        plugin.on_config(config)  # loads the project
        link_pdfs(plugin.project, site_dir, plugin.config.url_prefix, results)


def _combine(shard: Path, site_dir: Path, move: bool) -> None:
    """Put the shard's files into the site; a file two shards both have must be the same. With
    ``move``, a folder the site does not have yet is moved as a whole (a language's folder: one
    rename instead of a folder made and a rename for each of its pages)."""
    for folder, dirs, files in os.walk(shard):
        rel = Path(folder).relative_to(shard)
        if rel.parts[:1] == (META_DIR,):
            continue
        target_dir = site_dir / rel
        target_dir.mkdir(exist_ok=True)
        if move:
            walk = []
            for name in dirs:
                src = Path(folder) / name
                if os.path.islink(src):  # never followed into, never published
                    continue
                if (rel == Path(".") and name == META_DIR) or os.path.lexists(target_dir / name):
                    walk.append(name)
                else:
                    os.replace(src, target_dir / name)
            dirs[:] = walk
        for name in files:
            src, dest = Path(folder) / name, target_dir / name
            if dest.exists():
                if not _same(src, dest):
                    raise ShardError(f"two shards have different versions of {(rel / name).as_posix()}: "
                                     "build every shard from the same commit and with the same options")
                continue
            if move:
                os.replace(src, dest)
            else:
                shutil.copy2(src, dest)


def _same(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    return a.read_bytes() == b.read_bytes()


def _empty(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)

