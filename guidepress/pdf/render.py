"""Render the print-ready documents to PDF with WeasyPrint.

* One job per document and variant, in a pool of worker processes (one per core by default).
* A job whose inputs did not change is not rendered again: its key is the hash of the document,
  the stylesheets, every local resource it uses, the installed fonts and the WeasyPrint version.
  Rendered PDFs are kept in a cache folder and copied into the site, so the output is
  byte-identical when nothing changed, and it is written atomically. Each cache entry records
  the PDF's sha256, size and page count; an entry whose bytes do not match is rendered again,
  never copied, and a cache that cannot be written only makes the build slower.
* Nothing is fetched from the network: only ``data:`` URIs and files inside the site folder are
  read; anything else stops the job with an error that names the guide page.
* Any WeasyPrint warning (a missing glyph, a resource that could not be loaded) fails the job.
* A job that fails, for any reason (a warning, a refused resource, an exception inside
  WeasyPrint), stops only itself: the others are rendered, then :class:`RenderFailed` names
  each failed document (guide, language, variant and, when it can be known, the guide page)
  in one line; the traceback of an unexpected exception is kept for ``guidepress --debug``.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import re
import subprocess
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from guidepress.model.files import cache_mac, make_public, same_mac, write_atomic
from guidepress.patches.stack_room import with_stack_room
from guidepress.patches import weasyprint_passes as passes
from guidepress.view.urls import VARIANTS
from guidepress.pdf.document import STYLESHEET
from guidepress.pdf.failures import RenderError, RenderFailed, crashed, failure_of

PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Job:
    html: str
    """The print document (absolute path)."""
    variant: str
    output: str
    """Where the PDF goes in the site (absolute path)."""
    site_dir: str
    cache: str
    """Cached copy of the PDF (absolute path); ``cache + '.key'`` holds its key."""
    key: str


@dataclass(frozen=True)
class Result:
    job: Job
    rendered: bool
    pages: int
    size: int
    seconds: float = 0.0
    cache_note: str | None = None
    """Why the rendered PDF could not be kept in the cache (None: it was, or came from it)."""


_GRIDS = (".gp-cover__facts", ".gp-dates", ".gp-support__facts")
RTL_GRIDS_CSS = "".join(
    f"[dir=rtl] {g} {{ grid-template-columns: minmax(0, 1fr) minmax(0, max-content); grid-auto-flow: dense; }}"
    f"[dir=rtl] {g} > dt {{ grid-column: 2; }} [dir=rtl] {g} > dd {{ grid-column: 1; }}"
    f"[dir=rtl] [dir=ltr] {g} {{ grid-template-columns: minmax(0, max-content) minmax(0, 1fr); }}"
    f"[dir=rtl] [dir=ltr] {g} > dt, [dir=rtl] [dir=ltr] {g} > dd {{ grid-column: auto; }}\n" for g in _GRIDS)
"""WeasyPrint 70 lays a grid out left to right whatever the direction (browsers do not): in
right-to-left text, the label lists of ``print.css`` (label, value) get their label column on
the right by hand; ``dense`` puts each value in the row of its label."""


def variant_css(variant: str) -> str:
    """The rules of a variant (page size, large print), and those for WeasyPrint only."""
    spec = VARIANTS[variant]
    css = RTL_GRIDS_CSS + f"@page {{ size: {spec['size']}; }}\n"
    if spec["large"]:
        css += "html { font-size: 16.5pt; line-height: 1.55; } .gp-cover h1 { font-size: 2.2em; }\n"
    return css


# -- what a job depends on ----------------------------------------------------------------

@lru_cache(maxsize=1)
def fonts_fingerprint() -> str:
    """The installed fonts (files and sizes), as fontconfig sees them."""
    try:
        out = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    digest = hashlib.sha256()
    for path in sorted(set(out.split("\n"))):
        if path:
            try:
                digest.update(f"{path}:{os.path.getsize(path)}\n".encode())
            except OSError:
                pass
    return digest.hexdigest()


@lru_cache(maxsize=1)
def weasyprint_version() -> str:
    """From the installed package's metadata: importing WeasyPrint takes a second, and a run
    with nothing to render does not need it."""
    from importlib.metadata import version

    return version("weasyprint")


_LOCAL_REFS = re.compile(r"""\s(?:src|href)\s*=\s*["']([^"'#]+)["']""")


@lru_cache(maxsize=65536)
def _real_path(path: str) -> str:
    """``os.path.realpath``, once per path within a plan (every print document of a language
    refers to the same theme and guide files: 8,000 resolutions for 162 PDFs, 0.7 s)."""
    return os.path.realpath(path)


def _resolve(base: str, ref: str) -> str:
    """``(base / ref).resolve()`` for a ``base`` without links: the leading ``..`` of ``ref`` go up
    from it as written, so the result is looked up once for every document that names it; a
    ``..`` after a name (which may be a link) is resolved step by step, as ``resolve`` does."""
    parts = ref.split("/")
    lead = 0
    while lead < len(parts) and parts[lead] in ("..", "."):
        lead += 1
    if ".." in parts[lead:]:
        return os.path.realpath(os.path.join(base, ref))
    return _real_path(os.path.normpath(os.path.join(base, ref)))


def forget_paths() -> None:
    """A new plan: links in the site may have changed since the last one, and so may the files
    and the renderer's own sources (a long ``guidepress serve``)."""
    _real_path.cache_clear()
    _renderer_digest.cache_clear()
    _FILE_DIGESTS.clear()


_FILE_DIGESTS: dict[Path, bytes] = {}
"""The SHA-256 of each local resource read within a plan: every print document of a language
uses the same stylesheets and figures."""


def _file_digest(path: Path) -> bytes:
    found = _FILE_DIGESTS.get(path)
    if found is None:
        found = _FILE_DIGESTS[path] = hashlib.sha256(path.read_bytes()).digest()
    return found


@lru_cache(maxsize=8)
def _renderer_digest(variant: str) -> bytes:
    """What every PDF of ``variant`` depends on besides its document: WeasyPrint, this renderer,
    its passes, the fonts, the variant's rules and the print stylesheet (once per plan)."""
    digest = hashlib.sha256()
    for part in (weasyprint_version(), Path(__file__).read_text(encoding="utf-8"),
                 Path(passes.__file__).read_text(encoding="utf-8"), PDF_VARIANT,
                 fonts_fingerprint(), variant_css(variant), STYLESHEET.read_text(encoding="utf-8")):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.digest()


def local_resources(html_path: Path, html: str, site_dir: Path) -> list[Path]:
    """Files inside the site that the document uses (stylesheets, images)."""
    base = _real_path(os.path.abspath(html_path.parent))
    root = Path(_real_path(os.path.abspath(site_dir)))
    found = set()
    for ref in _LOCAL_REFS.findall(html):
        if ref.startswith(("data:", "http:", "https:", "//", "mailto:", "tel:")) or ref.endswith("/"):
            continue
        path = Path(_resolve(base, unquote(ref)))
        if path.is_file() and path.is_relative_to(root):
            found.add(path)
    return sorted(found)


def job_key(html_path: Path, variant: str, site_dir: Path) -> str:
    """What the PDF depends on: WeasyPrint, this renderer, fonts, variant, stylesheet
    (:func:`_renderer_digest`), the document and the local files it uses."""
    html = html_path.read_text(encoding="utf-8")
    digest = hashlib.sha256(_renderer_digest(variant))
    digest.update(html.encode("utf-8"))
    digest.update(b"\0")
    root = site_dir.resolve()
    for path in local_resources(html_path, html, site_dir):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(_file_digest(path))
    return digest.hexdigest()


# -- the safe URL fetcher -----------------------------------------------------------------

def _fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class ProjectOnlyFetcher(URLFetcher):
        """Reads ``data:`` URIs and files inside the site; refuses everything else."""

        def __init__(self, root: Path, document: str):
            super().__init__(allowed_protocols={"data", "file"})
            self.root = root.resolve()
            self.document = document

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
                if path.is_relative_to(self.root) and path.is_file():
                    return super().fetch(url, headers)
            raise FatalURLFetchingError(
                f"{self.document}: refused to load '{url}': it is outside the project. Copy the file into "
                f"the project and link to it with a relative path.")

    return ProjectOnlyFetcher


def _chapter_at(html: str, pos: int, default: str) -> str:
    """The guide page (Markdown file) whose chapter holds position ``pos`` of the document."""
    sections = [(m.start(), m.group(1)) for m in re.finditer(r'data-gp-source="([^"]+)"', html)]
    return next((src for start, src in reversed(sections) if start < pos), default)


def explain_warning(html: str, message: str, default: str) -> str:
    """A WeasyPrint warning in plain words, naming the guide page when it can be found."""
    glyph = re.search(r'unsupported by fonts: "(.+)" \((U\+[0-9A-F]+)\)', message)
    if glyph:
        pos = html.find(glyph.group(1))
        return (f"{_chapter_at(html, pos, default)}: [pdf] no installed font has the character "
                f"'{glyph.group(1)}' ({glyph.group(2)}): replace it, or install a font that has it "
                f"(scripts/setup.sh installs the fonts of every supported script)")
    ignored = re.search(r"Ignored `([^`]+)`", message)
    if ignored:
        pos = html.find(ignored.group(1).split(":")[0])
        return (f"{_chapter_at(html, pos, default)}: [pdf] the style '{ignored.group(1)}' is not "
                f"understood by the PDF renderer ({message}): remove or fix it")
    return f"{default}: [pdf] WeasyPrint warned: {message}"


def check_document(html_path: Path, html: str) -> None:
    """Refuse, before rendering, a document that uses resources from outside the project (or has
    a script), naming the guide page (the Markdown file) that holds each one. The same checker as
    the site's pages (:mod:`guidepress.safety`), in its whole-document mode: ``data:`` allowed."""
    from guidepress.safety import resource_problems

    problems = [f"{_chapter_at(html, p.offset, str(html_path))}: [{p.rule}] {p.message}"
                for p in resource_problems(html)]
    if problems:
        raise RenderError("\n".join(problems))


# -- rendering ----------------------------------------------------------------------------

class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _raise_warnings(handler: _Warnings, html: str, document: str) -> None:
    if handler.messages:
        lines = sorted({explain_warning(html, m, document) for m in handler.messages})
        raise RenderError("\n".join(lines))


def render_job(job: Job) -> Result:
    """Render one job (in a worker process). Writes the output atomically, then the cache copy
    with its key; a cache that cannot be written only leaves a note on the result."""
    import time

    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    start = time.perf_counter()
    passes.install()
    html_path, site_dir = Path(job.html), Path(job.site_dir)
    html = html_path.read_text(encoding="utf-8")
    check_document(html_path, html)
    handler = _Warnings()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    parsed = None
    try:
        fetcher = _fetcher_class()(site_dir, str(html_path))
        try:
            # the variant's rules go last in the document, so they win over the print stylesheet
            source = html.replace("</head>", f"<style>{variant_css(job.variant)}</style></head>", 1)
            parsed = HTML(string=source, base_url=html_path.as_uri(), url_fetcher=fetcher)
            _crash_fault(job)
            document = parsed.render(pdf_variant=PDF_VARIANT)
            _raise_warnings(handler, html, str(html_path))
            pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
            _raise_warnings(handler, html, str(html_path))
        except FatalURLFetchingError as exc:
            raise RenderError(str(exc)) from None
        except RenderError:
            raise
        except Exception as exc:  # a fault of WeasyPrint's: this document only, named, traceback kept
            raise crashed(exc, getattr(parsed, "etree_element", None)) from None
    finally:
        logger.removeHandler(handler)
    pages = len(document.pages)
    _publish(pdf, Path(job.output))
    note = _store(job, pdf, pages)
    return Result(job, True, pages, len(pdf), time.perf_counter() - start, note)


def _publish(pdf: bytes, output: Path) -> None:
    """Write the PDF into the site atomically (untouched when it already holds these bytes)."""
    try:
        if output.is_file() and output.stat().st_size == len(pdf) and output.read_bytes() == pdf:
            make_public(output)
            return
    except OSError:
        pass
    write_atomic(output, pdf)
    make_public(output)  # readable by the web server whatever the umask ('guidepress pdf' writes in place)


# -- the cache: every entry is checked against the hash recorded when it was written --------

_KEY_FIELDS = {"key": str, "sha256": str, "size": int, "pages": int, "mac": str}


def _entry_mac(meta: dict) -> str:
    """The keyed hash of a key file's facts (:func:`guidepress.model.files.cache_mac`)."""
    return cache_mac(f"pdf\n{meta['key']}\n{meta['sha256']}\n{meta['size']}\n{meta['pages']}")


def _store(job: Job, pdf: bytes, pages: int) -> str | None:
    """Keep the PDF in the cache with its key, hash, size and page count (the PDF first: until
    the key is written, the entry does not match). Returns why it could not be, or None."""
    meta = {"key": job.key, "sha256": hashlib.sha256(pdf).hexdigest(), "size": len(pdf), "pages": pages}
    meta["mac"] = _entry_mac(meta)
    try:
        write_atomic(Path(job.cache), pdf)
        write_atomic(Path(job.cache + ".key"), json.dumps(meta))
    except OSError as exc:
        return f"{Path(job.cache).parent}: {exc.strerror or exc}"
    return None


def _valid_meta(meta) -> bool:
    """A key file as :func:`_store` writes it."""
    if not isinstance(meta, dict):
        return False
    for field, kind in _KEY_FIELDS.items():
        value = meta.get(field)
        if not isinstance(value, kind) or isinstance(value, bool):
            return False
    return (meta["size"] > 0 and meta["pages"] > 0
            and re.fullmatch(r"[0-9a-f]{64}", meta["sha256"]) is not None)


def verified_entry(job: Job) -> tuple[bytes, int] | None:
    """The cached PDF of ``job`` and its page count, when its key matches, the key file was
    signed here (:func:`~guidepress.model.files.cache_mac`) and the PDF's bytes are those recorded (size
    and sha256); None for a missing, stale, damaged, foreign or unreadable entry, and for a job
    without a key (:func:`guidepress.pdf.build.plan` with ``cached_only``)."""
    if not job.key:
        return None
    try:
        meta = json.loads(Path(job.cache + ".key").read_text(encoding="utf-8"))
        if not _valid_meta(meta) or meta["key"] != job.key or not same_mac(meta["mac"], _entry_mac(meta)):
            return None
        pdf = Path(job.cache).read_bytes()
    except (OSError, ValueError):
        return None
    if len(pdf) != meta["size"] or hashlib.sha256(pdf).hexdigest() != meta["sha256"] or not pdf.startswith(b"%PDF-"):
        return None
    return pdf, meta["pages"]


def cached(job: Job) -> Result | None:
    """The cached result of ``job``, copied into the site, when the entry is verified."""
    entry = verified_entry(job)
    if entry is None:
        return None
    pdf, pages = entry
    _publish(pdf, Path(job.output))
    return Result(job, False, pages, len(pdf))


@contextmanager
def _renderer_ready():
    """WeasyPrint imported and adjusted (:mod:`guidepress.patches.weasyprint_passes`), and everything alive so far (modules, the
    MkDocs configuration) moved out of the garbage collector's way with ``gc.freeze()`` while the
    documents render. WeasyPrint makes so many objects that the collector runs hundreds of times
    a document, and each full collection would otherwise walk all of that again; in forked
    workers it would also copy every page it touches (18,000 fewer page faults for the six
    benchmark guides with two workers)."""
    passes.install()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _worker_ready() -> None:
    """A worker of :func:`start_workers`: WeasyPrint ready and what is alive frozen, as
    :func:`_renderer_ready` does in this process."""
    passes.install()
    gc.freeze()


def start_workers(workers: int) -> ProcessPoolExecutor:
    """``workers`` processes that import WeasyPrint now (about half a second), while this
    process loads the configuration, checks the content and plans the jobs, instead of after;
    give them to :func:`render_all`. They only ever render jobs given to them later."""
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_ready)
    pool.submit(int)  # a pool starts its processes with its first job
    return pool


def _outcomes(todo: list[Job], workers: int, pool: ProcessPoolExecutor | None = None):
    """``(result, None)`` or ``(None, failure)`` for each job, as they finish: a job that fails,
    whatever the reason, does not stop the others. ``pool``: workers already started
    (:func:`start_workers`), else they are started here (forked from this process, WeasyPrint
    ready), or, with one worker, the jobs are rendered in this process."""
    if not todo:
        return
    if pool is None and workers == 1:
        with _renderer_ready():
            for job in todo:
                try:
                    yield with_stack_room(render_job, job), None
                except Exception as exc:
                    yield None, failure_of(job, exc)
        return
    # the longest documents first, so that no worker is left with a long one at the end
    todo = sorted(todo, key=lambda job: -os.path.getsize(job.html))
    with _renderer_ready() if pool is None else nullcontext(), \
            pool or ProcessPoolExecutor(max_workers=min(workers, len(todo))) as executor:  # forks: the workers inherit WeasyPrint
        futures = {executor.submit(with_stack_room, render_job, job): job for job in todo}
        for future in as_completed(futures):
            try:
                yield future.result(), None
            except Exception as exc:
                yield None, failure_of(futures[future], exc)


FAULT_ENV = "GUIDEPRESS_TEST_PDF_FAULT"
"""For the tests of a killed or failed build: ``k:wait`` makes the PDF step wait (an hour) once
``k`` PDFs are done, ``k:fail`` makes it fail there; ``crash:NAME`` makes the job of the PDF
named NAME (such as ``demo.fr.a4.pdf``) fail as if WeasyPrint had raised an AttributeError."""


def _crash_fault(job: Job) -> None:
    """The ``crash:NAME`` test fault of :data:`FAULT_ENV`, when it names this job's PDF."""
    if os.environ.get(FAULT_ENV, "") == f"crash:{Path(job.output).name}":
        raise AttributeError(f"[test] {FAULT_ENV}=crash:{Path(job.output).name}")


def _fault(done: int) -> None:
    """The test fault of :data:`FAULT_ENV`, when it is set for the ``done``-th PDF."""
    spec = os.environ.get(FAULT_ENV, "")
    at, _, what = spec.partition(":")
    if not at.isdigit() or int(at) != done:
        return
    if what == "wait":
        import time

        time.sleep(3600)
    raise RenderError(f"[test] {FAULT_ENV}={spec}: stopped after PDF {done}")


def render_all(jobs: list[Job], workers: int | None = None, progress=None, render: bool = True,
               failed=None, pool: ProcessPoolExecutor | None = None) -> list[Result]:
    """Render every job that is not cached, ``workers`` at a time (in ``pool`` when given: it
    is shut down); ``failed(failure)`` is called for each job that fails, and the others are
    rendered all the same; then raise :class:`RenderFailed` naming every document that failed.
    ``render=False``: only the verified cache entries."""
    results, todo, errors = [], [], []

    def done(result: Result) -> None:
        results.append(result)
        if progress:
            progress(result, len(results), len(jobs))
        _fault(len(results))

    for job in jobs:
        hit = cached(job)
        if hit is not None:
            done(hit)
        else:
            todo.append(job)
    workers = max(1, workers or os.cpu_count() or 1)
    if pool is not None and not (todo and render):
        pool.shutdown(wait=False, cancel_futures=True)  # nothing for it to do
        pool = None
    for result, failure in _outcomes(todo if render else [], workers, pool):
        if failure is not None:
            errors.append(failure)
            if failed:
                failed(failure)
            continue
        done(result)
    order = {(j.html, j.variant): i for i, j in enumerate(jobs)}
    results.sort(key=lambda r: order[(r.job.html, r.job.variant)])
    if errors:
        raise RenderFailed(sorted(errors, key=lambda f: order[(f.job.html, f.job.variant)]), results, len(jobs))
    return results
