"""Render the print-ready documents to PDF with WeasyPrint.

* One job per document and variant, in a pool of worker processes (one per core by default).
* A job whose inputs did not change is not rendered again: its key is the hash of the document,
  the stylesheets, every local resource it uses, the installed fonts and the WeasyPrint version.
  Rendered PDFs are kept in a cache folder and copied into the site, so the output is
  byte-identical when nothing changed, and it is written atomically.
* Nothing is fetched from the network: only ``data:`` URIs and files inside the site folder are
  read; anything else stops the job with an error that names the guide page.
* Any WeasyPrint warning (a missing glyph, a resource that could not be loaded) fails the job.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import pathname2url, url2pathname

from ..resources import external_resources
from ..stackroom import with_stack_room
from . import VARIANTS, passes, pdf_name
from .document import STYLESHEET

PDF_VARIANT = "pdf/ua-1"


class RenderError(Exception):
    """A document that cannot be rendered: the message names the page and says how to fix it."""


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


def variant_css(variant: str) -> str:
    spec = VARIANTS[variant]
    css = f"@page {{ size: {spec['size']}; }}\n"
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


def local_resources(html_path: Path, html: str, site_dir: Path) -> list[Path]:
    """Files inside the site that the document uses (stylesheets, images)."""
    base = html_path.parent
    found = set()
    for ref in _LOCAL_REFS.findall(html):
        if ref.startswith(("data:", "http:", "https:", "//", "mailto:", "tel:")) or ref.endswith("/"):
            continue
        path = (base / unquote(ref)).resolve()
        if path.is_file() and path.is_relative_to(site_dir.resolve()):
            found.add(path)
    return sorted(found)


def job_key(html_path: Path, variant: str, site_dir: Path) -> str:
    """What the PDF depends on: WeasyPrint, this renderer, fonts, variant, stylesheet, document
    and the local files it uses."""
    html = html_path.read_text(encoding="utf-8")
    digest = hashlib.sha256()
    for part in (weasyprint_version(), Path(__file__).read_text(encoding="utf-8"),
                 Path(passes.__file__).read_text(encoding="utf-8"), PDF_VARIANT,
                 fonts_fingerprint(), variant_css(variant),
                 STYLESHEET.read_text(encoding="utf-8"), html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    for path in local_resources(html_path, html, site_dir):
        digest.update(str(path.relative_to(site_dir.resolve())).encode())
        digest.update(path.read_bytes())
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
    """Refuse, before rendering, a document that uses resources from outside the project,
    naming the guide page (the Markdown file) that holds each one."""
    problems = []
    for res in external_resources(html):
        page = _chapter_at(html, html.find(res.url), str(html_path))
        problems.append(f"{page}: [resources] '{res.url}' ({res.tag}) is outside the project: the PDF would "
                        f"need the network or another part of the disk. Copy the file into the project and "
                        f"link to it with a relative path.")
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
    """Render one job (in a worker process). Writes the cache copy atomically, then the output."""
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
    try:
        fetcher = _fetcher_class()(site_dir, str(html_path))
        try:
            # the variant's rules go last in the document, so they win over the print stylesheet
            source = html.replace("</head>", f"<style>{variant_css(job.variant)}</style></head>", 1)
            document = HTML(string=source, base_url=html_path.as_uri(), url_fetcher=fetcher).render(
                pdf_variant=PDF_VARIANT)
        except FatalURLFetchingError as exc:
            raise RenderError(str(exc)) from None
        _raise_warnings(handler, html, str(html_path))
        cache = Path(job.cache)
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
        document.write_pdf(tmp, pdf_variant=PDF_VARIANT)
        if handler.messages:
            tmp.unlink(missing_ok=True)
            _raise_warnings(handler, html, str(html_path))
        os.replace(tmp, cache)
        Path(job.cache + ".key").write_text(json.dumps({"key": job.key, "pages": len(document.pages)}))
    finally:
        logger.removeHandler(handler)
    _publish(cache, Path(job.output))
    return Result(job, True, len(document.pages), cache.stat().st_size, time.perf_counter() - start)


def _publish(cache: Path, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.is_file() and output.read_bytes() == cache.read_bytes():
        return
    tmp = output.with_name(f".{output.name}.tmp")
    shutil.copyfile(cache, tmp)
    os.replace(tmp, output)


def cached(job: Job) -> Result | None:
    """The cached result of ``job`` when its key still matches."""
    key_file = Path(job.cache + ".key")
    if not key_file.is_file() or not Path(job.cache).is_file():
        return None
    try:
        data = json.loads(key_file.read_text())
    except ValueError:
        return None
    if data.get("key") != job.key:
        return None
    _publish(Path(job.cache), Path(job.output))
    return Result(job, False, data["pages"], Path(job.cache).stat().st_size)


@contextmanager
def _renderer_ready():
    """WeasyPrint imported and adjusted (``passes``), and everything alive so far (modules, the
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


def _outcomes(todo: list[Job], workers: int):
    """``(result, None)`` or ``(None, error)`` for each job, as they finish."""
    if not todo:
        return
    with _renderer_ready():
        if workers == 1:
            for job in todo:
                try:
                    yield with_stack_room(render_job, job), None
                except RenderError as exc:
                    yield None, str(exc)
            return
        # the longest documents first, so that no worker is left with a long one at the end
        todo = sorted(todo, key=lambda job: -os.path.getsize(job.html))
        with ProcessPoolExecutor(max_workers=min(workers, len(todo))) as pool:  # forks: the workers inherit WeasyPrint
            for future in as_completed([pool.submit(with_stack_room, render_job, job) for job in todo]):
                try:
                    yield future.result(), None
                except RenderError as exc:
                    yield None, str(exc)


def render_all(jobs: list[Job], workers: int | None = None, progress=None) -> list[Result]:
    """Render every job that is not cached, ``workers`` at a time; raise RenderError listing
    every document that failed."""
    results, todo, errors = [], [], []
    for job in jobs:
        hit = cached(job)
        if hit is not None:
            results.append(hit)
            if progress:
                progress(hit, len(results), len(jobs))
        else:
            todo.append(job)
    workers = max(1, workers or os.cpu_count() or 1)
    for result, error in _outcomes(todo, workers):
        if error is not None:
            errors.append(error)
            continue
        results.append(result)
        if progress:
            progress(result, len(results), len(jobs))
    if errors:
        raise RenderError("\n".join(sorted(errors)))
    order = {(j.html, j.variant): i for i, j in enumerate(jobs)}
    return sorted(results, key=lambda r: order[(r.job.html, r.job.variant)])
