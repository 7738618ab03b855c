#!/usr/bin/env python3
"""The guidepress benchmark: ``make bench`` (options: ``make bench ARGS="--quick"``).

Generates deterministic synthetic corpora (``scripts/benchcorpus.py``) of three shapes that differ
at least 2x in guides, pages per guide and words per page (``SHAPES``), each at 18 locales, and
measures, on the same content, each command in a fresh subprocess:

* the stock build: plain ``mkdocs build --strict`` of a mkdocs-static-i18n project (Material,
  search, static-i18n's folder structure, the same Markdown extensions and theme features),
  without guidepress;
* ``guidepress build --no-pdf`` of the same pages as a guidepress project: cold (empty ``.cache/``
  and site, like CI), warm (the same build again, nothing changed) and after one translated page
  was edited; the edited site is compared byte for byte with a clean build of the same sources;

repeated (default 3 times), stock and guidepress cold interleaved with the order alternating,
reporting the medians of the paired ratios; then

* ``guidepress pdf`` of one Latin-script language (fr, A4) with 1 and with 2 workers, each from
  an empty cache, paired with plain WeasyPrint rendering the same print documents in one process
  (``scripts/benchweasy.py``), and a second run with nothing changed;
* the preview latency: ``guidepress serve --lang fr`` on a copy of the shipped site, one page
  edited, the time until the served page shows the edit;
* with ``--scale``: the 7,200-page build (18 locales x 50 guides x 8 pages), for peak memory.

Only public commands are run; nothing of guidepress is imported. Results are printed as a table
and written as JSON; the last line of the output is always
``site build wall ratio guidepress/stock: 0.NN``: the worst cold ratio of the shapes.
See PERFORMANCE.md. How one command is measured: ``scripts/benchmeasure.py``; the report:
``scripts/benchreport.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import benchcorpus  # noqa: E402
from benchmeasure import (CODE, DISCOVER_EVERY, MB, MEASURED, SAMPLE_S, BuildFailed, _env, _median,  # noqa: E402
                          machine, measure, snapshot)
from benchreport import markdown_report, ratio_line, targets, text_report  # noqa: E402



# -- the site builds ------------------------------------------------------------------------

# Corpus shapes (guides, pages per guide, words per page): every pair differs at least 2x in each
# of the three (#16), so that a cost that grows with one of them shows in one shape.
SHAPES: dict[str, tuple[int, int, int]] = {
    "base": (6, 8, 800),             # the shape of the earlier benchmark
    "many-pages": (3, 24, 300),      # many short pages per language: the navigation's cost shows
    "many-guides": (14, 3, 1800),    # many guides of a few long pages
}
QUICK_SHAPES: dict[str, tuple[int, int, int]] = {"tiny": (2, 2, 150)}
EDIT_LANG = "fr"
EDIT_SENTENCE = {"fr": "Une phrase ajoutée par le banc d'essai."}


def _py(module: str) -> list[str]:
    return [sys.executable, "-m", module]


def stock_cmd(site: Path) -> list[str]:
    return _py("mkdocs") + ["build", "--strict", "--site-dir", str(site)]


def guidepress_cmd(site: Path) -> list[str]:
    return _py("guidepress") + ["build", "--no-pdf", "--site-dir", str(site)]


def _site_facts(res: dict, site: Path) -> None:
    res["html_files"] = sum(1 for _ in site.rglob("*.html"))
    res["site_mb"] = round(sum(f.stat().st_size for f in site.rglob("*") if f.is_file()) / MB, 1)


def _paired(num: list[dict], den: list[dict], key: str) -> float:
    """The median of the per-repetition ratios (each guidepress run against the stock run of its
    own repetition: both saw the same machine noise)."""
    return round(statistics.median(a[key] / b[key] for a, b in zip(num, den, strict=True)), 3)


def site_digest(site: Path) -> dict[str, str]:
    import hashlib

    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def compare_sites(a: dict[str, str], b: dict[str, str]) -> list[str]:
    """The files that differ (or exist in one site only), sorted."""
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


def edit_target(project: Path, lang: str) -> Path:
    """The translated page the edit runs append a sentence to: the first page of the first guide."""
    guide = sorted(p for p in (project / "guides").iterdir() if (p / lang).is_dir())[0]
    return sorted((guide / lang).glob("*.md"))[0]


def _clean_build(work: Path, project: Path, tag: str) -> Path:
    """A clean build of the same sources: a copy of the project without .cache/, into an empty site."""
    clean, site = work / f"clean-{tag}", work / "sites" / f"clean-{tag}"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns(".cache"))
    measure(f"clean-{tag}", guidepress_cmd(site), clean, work / "logs")
    shutil.rmtree(clean, ignore_errors=True)
    return site


def shape_builds(work: Path, name: str, shape: tuple[int, int, int], n: int, args, log,
                 warm: bool = True) -> dict:
    """One corpus shape at ``n`` locales, ``args.repeat`` times: the stock build and guidepress
    from an empty .cache/ and site (cold), interleaved with the order alternating; then (``warm``)
    guidepress again with nothing changed, and after a sentence appended to one translated page
    (edit). The first repetition checks that the warm site is the cold one byte for byte and that
    the edited site is a clean build of the same sources byte for byte."""
    guides, pages, words = shape
    corpus = work / f"corpus-{name}-{n}"
    info = benchcorpus.generate(corpus, guides, pages, n, words, args.seed, CODE["dir"])
    project = corpus / "guidepress"
    langs = info["locales"]
    lang = EDIT_LANG if EDIT_LANG in langs else langs[-1]
    page = edit_target(project, lang)
    original = page.read_bytes()
    kinds = ("stock", "cold", "warm", "edit") if warm else ("stock", "cold")
    runs: dict[str, list[dict]] = {k: [] for k in kinds}
    checks: dict = {}
    tag = f"{name}-{n}"
    site = work / "sites" / f"guidepress-{tag}"
    for r in range(args.repeat):
        page.write_bytes(original)  # the cold builds see the stock sources
        order = ("stock", "cold") if r % 2 == 0 else ("cold", "stock")
        for kind in order:
            if kind == "stock":
                target = work / "sites" / f"stock-{tag}"
                shutil.rmtree(target, ignore_errors=True)
                res = measure(f"stock-{tag}-run{r + 1}", stock_cmd(target), corpus / "stock", work / "logs")
            else:
                target = site
                shutil.rmtree(target, ignore_errors=True)
                shutil.rmtree(project / ".cache", ignore_errors=True)  # a fresh checkout, like CI
                res = measure(f"cold-{tag}-run{r + 1}", guidepress_cmd(target), project, work / "logs")
            _site_facts(res, target)
            runs[kind].append(res)
        cold_digest = site_digest(site) if warm and r == 0 else None
        if warm:
            res = measure(f"warm-{tag}-run{r + 1}", guidepress_cmd(site), project, work / "logs")
            _site_facts(res, site)
            runs["warm"].append(res)
            if cold_digest is not None:
                differ = compare_sites(cold_digest, site_digest(site))
                checks["warm_identical_to_cold"] = not differ
                checks["warm_differing_files"] = differ[:50]
            sentence = EDIT_SENTENCE.get(lang, "Benchmark edit.")
            page.write_bytes(original.rstrip(b"\n") + f"\n\n{sentence}\n".encode())
            res = measure(f"edit-{tag}-run{r + 1}", guidepress_cmd(site), project, work / "logs")
            _site_facts(res, site)
            runs["edit"].append(res)
            if r == 0:
                clean = _clean_build(work, project, tag)
                differ = compare_sites(site_digest(clean), site_digest(site))
                checks |= {"edited_page": page.relative_to(project).as_posix(), "identical": not differ,
                           "differing_files": differ[:50], "differing_count": len(differ),
                           "files_compared": len(site_digest(site))}
                shutil.rmtree(clean, ignore_errors=True)
        for kind in kinds:
            if runs[kind] and len(runs[kind]) == r + 1:
                res = runs[kind][-1]
                log(f"  {name:<12} {n:>2} locales  {kind:<6} run {r + 1}/{args.repeat}: {res['wall_s']:7.2f} s wall "
                    f"{res['cpu_s']:7.2f} s CPU  {res['peak_rss_tree_mb']:7.1f} MB tree RSS")
    page.write_bytes(original)
    med = {k: _median(v) for k, v in runs.items()}
    entry: dict = {
        "shape": name, "guides": guides, "pages": pages, "words": words, "locales": langs,
        "guide_pages": info["guide_pages"], "pages_per_locale": guides * pages + 1,
        **{k: {"runs": runs[k], "median": med[k]} for k in kinds},
        "html_files": {k: runs[k][-1]["html_files"] for k in kinds},
        "site_mb": {k: runs[k][-1]["site_mb"] for k in kinds},
        "ratio": {k: {"wall": _paired(runs[k], runs["stock"], "wall_s"),
                      "cpu": _paired(runs[k], runs["stock"], "cpu_s"),
                      "peak_rss": round(med[k]["peak_rss_tree_mb"] / med["stock"]["peak_rss_tree_mb"], 3)}
                  for k in kinds if k != "stock"},
    }
    if warm:
        entry["edit_check"] = checks
    return entry


def site_builds(work: Path, locale_counts: list[int], args, log) -> dict:
    """The first shape, cold, at every locale count (for the cost per locale)."""
    name, shape = next(iter(args.shapes.items()))
    results: dict[str, dict] = {}
    for n in locale_counts:
        e = shape_builds(work, f"{name}-lin", shape, n, args, log, warm=False)
        results[str(n)] = {
            "shape": name, "locales": e["locales"], "guide_pages": e["guide_pages"],
            "pages_per_locale": e["pages_per_locale"],
            "stock": e["stock"], "guidepress": e["cold"],
            "html_files": {"stock": e["html_files"]["stock"], "guidepress": e["html_files"]["cold"]},
            "site_mb": {"stock": e["site_mb"]["stock"], "guidepress": e["site_mb"]["cold"]},
            "ratio_wall": e["ratio"]["cold"]["wall"], "ratio_cpu": e["ratio"]["cold"]["cpu"],
            "ratio_peak_rss": e["ratio"]["cold"]["peak_rss"],
        }
    return results


def linearity(site: dict) -> dict:
    """Wall seconds per locale at each locale count, and a least-squares line wall = a + b x locales."""
    out = {}
    counts = sorted(int(n) for n in site)
    for kind in ("stock", "guidepress"):
        walls = [site[str(n)][kind]["median"]["wall_s"] for n in counts]
        per_locale = {str(n): round(w / n, 3) for n, w in zip(counts, walls, strict=True)}
        entry: dict[str, object] = {"wall_s_per_locale": per_locale}
        if len(counts) >= 2:
            mx, my = statistics.fmean(counts), statistics.fmean(walls)
            sxx = sum((x - mx) ** 2 for x in counts)
            slope = sum((x - mx) * (y - my) for x, y in zip(counts, walls, strict=True)) / sxx
            intercept = my - slope * mx
            ss_tot = sum((y - my) ** 2 for y in walls)
            ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(counts, walls, strict=True))
            entry |= {"slope_s_per_locale": round(slope, 3), "intercept_s": round(intercept, 3),
                      "r_squared": round(1 - ss_res / ss_tot, 4) if ss_tot else 1.0,
                      "per_locale_ratio_last_to_first": round((walls[-1] / counts[-1]) / (walls[0] / counts[0]), 3)}
        out[kind] = entry
    return out


# -- PDFs -----------------------------------------------------------------------------------

def _pdf_pages(path: Path) -> int:
    try:
        import pikepdf
    except ImportError:
        text = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        found = re.search(r"^Pages:\s+(\d+)", text, re.M)
        if found is None:
            raise BuildFailed(f"pdfinfo gave no page count for {path}:\n{text}") from None
        return int(found.group(1))
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def _snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    snap = {}
    for folder in folders:
        for p in folder.rglob("*.pdf"):
            st = p.stat()
            snap[str(p)] = (st.st_mtime_ns, st.st_size)
    return snap


def pdf_runs(work: Path, corpus: Path, site: Path, lang: str, variant: str, log, repeat: int = 1) -> dict:
    """``guidepress pdf`` with 1 and with 2 workers, ``repeat`` times each from an empty cache,
    interleaved with the order alternating (as the site builds are), so that both get the same
    share of the machine's noise; the median run of each is reported."""
    project = corpus / "guidepress"
    results: dict = {"lang": lang, "variant": variant, "site": str(site), "repeat": repeat}
    cores = len(os.sched_getaffinity(0))
    runs: dict[int, list[dict]] = {1: [], 2: []}
    plain_runs: list[dict] = []
    rotations = ((1, 2, 0), (2, 0, 1), (0, 1, 2))  # 0: plain WeasyPrint, paired with both
    for rep in range(repeat):
        for jobs in rotations[rep % 3]:
            if jobs == 0:
                plain_runs.append(plain_weasyprint_run(work, site, lang, variant, f"run{rep + 1}", log))
                continue
            for old in site.rglob("*.pdf"):
                old.unlink()  # so that every PDF in the site after the run was written by this run
            cache = work / f"pdf-cache-j{jobs}"
            shutil.rmtree(cache, ignore_errors=True)
            cmd = _py("guidepress") + ["pdf", "--site-dir", str(site), "--lang", lang, "--variant", variant,
                                       "-j", str(jobs), "--cache-dir", str(cache)]
            res = measure(f"pdf-{lang}-{variant}-j{jobs}-run{rep + 1}", cmd, project, work / "logs")
            pdfs = sorted(site.rglob("*.pdf"))
            pages = sum(_pdf_pages(p) for p in pdfs)
            used = min(jobs, cores)
            res |= {"jobs": jobs, "pdfs": len(pdfs), "pdf_pages": pages,
                    "pages_per_s": round(pages / res["wall_s"], 2),
                    "pages_per_s_per_core": round(pages / res["wall_s"] / used, 2),
                    "pages_per_cpu_s": round(pages / res["cpu_s"], 2) if res["cpu_s"] else None}
            runs[jobs].append(res)
            log(f"  pdf {lang} {variant} -j {jobs} run {rep + 1}/{repeat}: {len(pdfs)} PDFs, {pages} pages in "
                f"{res['wall_s']:.2f} s ({res['pages_per_s_per_core']:.2f} pages/s/core)")
            if not pdfs:
                raise BuildFailed(f"guidepress pdf -j {jobs} wrote no PDF into {site}: see {res['stdout']}")
    for jobs, done in runs.items():
        median = sorted(done, key=lambda r: r["wall_s"])[(len(done) - 1) // 2]
        results[f"j{jobs}"] = median
        results[f"j{jobs}_walls_s"] = [r["wall_s"] for r in done]
    results["speedup_2_vs_1"] = round(results["j1"]["wall_s"] / results["j2"]["wall_s"], 3)
    # guidepress's pages per second per core against plain WeasyPrint's (one process, one core),
    # each run against the plain run of its own repetition
    results["plain"] = sorted(plain_runs, key=lambda r: r["wall_s"])[(len(plain_runs) - 1) // 2]
    results["plain_walls_s"] = [r["wall_s"] for r in plain_runs]
    for jobs in (1, 2):
        results[f"ratio_pages_per_s_per_core_j{jobs}_vs_plain"] = round(statistics.median(
            g["pages_per_s_per_core"] / p["pages_per_s_per_core"] for g, p in zip(runs[jobs], plain_runs, strict=True)), 3)

    # a second run with nothing changed, on the cache of the -j 2 run
    cache = work / "pdf-cache-j2"
    before = _snapshot(cache, site)
    cmd = _py("guidepress") + ["pdf", "--site-dir", str(site), "--lang", lang, "--variant", variant,
                               "-j", "2", "--cache-dir", str(cache)]
    res = measure(f"pdf-{lang}-{variant}-second-run", cmd, project, work / "logs")
    after = _snapshot(cache, site)
    written = sorted(p for p, v in after.items() if before.get(p) != v)
    cache_written = [p for p in written if Path(p).is_relative_to(cache)]
    out = Path(res["stdout"]).read_text(encoding="utf-8", errors="replace")
    said = re.search(r"\((\d+) rendered", out)
    res |= {"pdf_files_written": len(written), "cache_files_written": len(cache_written),
            "rendered_reported": int(said.group(1)) if said else None}
    # what counts: the command's own count when it gives one, else the PDF files it (re)wrote
    res["rerendered"] = res["rendered_reported"] if said else len(written)
    results["second_run"] = res
    log(f"  pdf second run, nothing changed: {res['rerendered']} re-rendered "
        f"({len(written)} PDF files written) in {res['wall_s']:.2f} s")
    return results


def plain_weasyprint_run(work: Path, site: Path, lang: str, variant: str, tag: str, log) -> dict:
    """scripts/benchweasy.py: the same print documents as ``guidepress pdf --lang`` renders, in one
    process, with plain WeasyPrint."""
    docs = sorted(site.glob(f"{lang}/guides/*/print/index.html"))
    if not docs:
        raise BuildFailed(f"no print document of {lang} in {site}")
    out = work / "plain-pdf"
    shutil.rmtree(out, ignore_errors=True)
    size = {"a4": "A4", "letter": "letter"}.get(variant, "A4")
    cmd = [sys.executable, str(HERE / "benchweasy.py"), "--out", str(out), "--size", size] + [str(d) for d in docs]
    res = measure(f"pdf-plain-weasyprint-{lang}-{variant}-{tag}", cmd, work, work / "logs")
    said = json.loads(Path(res["stdout"]).read_text(encoding="utf-8").strip().splitlines()[-1])
    res |= {"jobs": 1, "pdfs": said["documents"], "pdf_pages": said["pages"],
            "pages_per_s": round(said["pages"] / res["wall_s"], 2),
            "pages_per_s_per_core": round(said["pages"] / res["wall_s"], 2),
            "pages_per_cpu_s": round(said["pages"] / res["cpu_s"], 2) if res["cpu_s"] else None}
    log(f"  pdf {lang} {variant} plain WeasyPrint {tag}: {said['documents']} PDFs, {said['pages']} pages in "
        f"{res['wall_s']:.2f} s ({res['pages_per_s_per_core']:.2f} pages/s/core)")
    return res


# -- preview latency ------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, str]:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read().decode("utf-8", errors="replace")
        conn.close()
        return resp.status, body
    except OSError:
        return 0, ""


def _preview_page(repo: Path, lang: str) -> tuple[Path, str]:
    """A guide page translated into ``lang`` in the copied repository, and its URL."""
    guides = sorted(p for p in (repo / "guides").iterdir() if (p / lang).is_dir())
    preferred = [g for g in guides if g.name == "questions-for-your-care-team"]
    guide = (preferred or guides)[0]
    page = sorted((guide / lang).glob("*.md"))[0]
    return page, f"/{lang}/guides/{guide.name}/{page.stem}/"


def preview(work: Path, lang: str, edits: int, log) -> dict:
    repo = work / "preview-site"
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    shutil.copy2(CODE["dir"] / "mkdocs.yml", repo / "mkdocs.yml")
    for folder in ("docs", "guides", "locales", "overrides"):
        shutil.copytree(CODE["dir"] / folder, repo / folder, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    page, url = _preview_page(repo, lang)
    port = _free_port()
    cmd = _py("guidepress") + ["serve", "--lang", lang, "-a", f"127.0.0.1:{port}"]
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    result: dict = {"lang": lang, "page": str(page.relative_to(repo)), "url": url, "command": " ".join(cmd),
                    "latencies_s": []}
    with open(logs / "serve.out", "wb") as out, open(logs / "serve.err", "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=repo, env=_env(), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        try:
            while True:
                status, _ = _get(port, url)
                if status == 200:
                    break
                if proc.poll() is not None:
                    tail = (logs / "serve.err").read_text(errors="replace").splitlines()[-40:]
                    raise BuildFailed(f"guidepress serve exited ({proc.returncode}) before serving {url}\n"
                                      + "\n".join("  | " + line for line in tail))
                if time.perf_counter() - start > 600:
                    raise BuildFailed(f"guidepress serve did not serve {url} within 600 s")
                time.sleep(0.1)
            result["startup_s"] = round(time.perf_counter() - start, 3)
            log(f"  preview: {url} served {result['startup_s']:.2f} s after start")
            time.sleep(1.0)  # let the watcher settle after the first build
            for i in range(edits):
                marker = f"gpbenchmarker{uuid.uuid4().hex}"
                with open(page, "a", encoding="utf-8") as fh:
                    fh.write(f"\n{marker}\n")
                t0 = time.perf_counter()
                latency: float | None = None  # None: the edit never showed within 120 s
                while True:
                    status, body = _get(port, url)
                    if status == 200 and marker in body:
                        latency = time.perf_counter() - t0
                        break
                    if proc.poll() is not None:
                        raise BuildFailed(f"guidepress serve exited ({proc.returncode}) after an edit")
                    if time.perf_counter() - t0 > 120:
                        latency = None
                        break
                    time.sleep(0.02)
                result["latencies_s"].append(None if latency is None else round(latency, 3))
                log(f"  preview: edit {i + 1}/{edits} shown after "
                    + ("more than 120 s (never)" if latency is None else f"{latency:.2f} s"))
                time.sleep(1.0)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
    shown = [x for x in result["latencies_s"] if x is not None]
    result["median_s"] = round(statistics.median(shown), 3) if shown else None
    result["max_s"] = max(shown) if len(shown) == len(result["latencies_s"]) and shown else None
    return result



def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Measure guidepress against a stock MkDocs + static-i18n build (see PERFORMANCE.md).")
    p.add_argument("--quick", action="store_true",
                   help="a smoke test: one shape of 2 guides x 2 pages x 3 locales, 150 words a page, one run "
                        "(cold, warm, edit), no warm-up, one preview edit")
    p.add_argument("--shapes", default=",".join(SHAPES),
                   help=f"corpus shapes to build, comma-separated, among {', '.join(f'{k} ({g}x{pg}x{w})' for k, (g, pg, w) in SHAPES.items())} "
                        "(guides x pages x words; default: all)")
    p.add_argument("--guides", type=int, help="with --pages and --words: one custom shape instead of --shapes")
    p.add_argument("--pages", type=int, help="pages per guide (custom shape)")
    p.add_argument("--words", type=int, help="words per page, about (custom shape)")
    p.add_argument("--locales", default="18",
                   help="locale counts, comma-separated (default: %(default)s): every shape is built at the largest; "
                        "with several, the first shape is also built cold at each, for the cost per locale")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=3,
                   help="runs of each site build and of each PDF run (1 and 2 workers); the median is reported")
    p.add_argument("--pdf-lang", default="fr", help="language of the PDF runs (a Latin-script one; default: %(default)s)")
    p.add_argument("--pdf-variant", default="a4")
    p.add_argument("--preview-edits", type=int, default=3)
    p.add_argument("--no-site", action="store_true", help="skip the site builds")
    p.add_argument("--no-pdf", action="store_true", help="skip the PDF runs")
    p.add_argument("--no-preview", action="store_true", help="skip the preview latency")
    p.add_argument("--scale", action="store_true",
                   help="also build 18 locales x 50 guides x 8 pages (7,200 pages) with guidepress, for peak memory (long)")
    p.add_argument("--snapshot", nargs="?", const="HEAD", metavar="REV",
                   help="measure the committed code of REV (default HEAD), exported with git archive into the work "
                        "folder, instead of the working tree (which others may be editing while the benchmark runs)")
    p.add_argument("--workdir", type=Path, help="where to write the corpora and sites (default: a temporary folder, removed)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p.add_argument("--json", type=Path, help="write the results here (default: bench-results.json in the workdir, "
                                               "or bench-results/bench-results.json with a temporary workdir)")
    p.add_argument("--markdown", action="store_true", help="also print the results as Markdown tables (for PERFORMANCE.md)")
    args = p.parse_args(argv)
    if args.quick:
        args.shapes, args.repeat = QUICK_SHAPES, 1
        args.locales = "3"
        args.preview_edits = min(args.preview_edits, 1)
    elif args.guides or args.pages or args.words:
        args.shapes = {"custom": (args.guides or 6, args.pages or 8, args.words or 800)}
    else:
        names = [x.strip() for x in args.shapes.split(",") if x.strip()]
        unknown = [x for x in names if x not in SHAPES]
        if unknown or not names:
            p.error(f"--shapes: choose among {', '.join(SHAPES)}")
        args.shapes = {x: SHAPES[x] for x in names}
    counts = sorted({int(x) for x in args.locales.split(",") if x.strip()})
    if not counts or min(counts) < 2 or max(counts) > len(benchcorpus.ALL_LOCALES):
        p.error(f"--locales: counts between 2 and {len(benchcorpus.ALL_LOCALES)}")
    if args.pdf_lang not in benchcorpus.ALL_LOCALES[:max(counts)] or args.pdf_lang in benchcorpus.NON_LATIN:
        p.error(f"--pdf-lang must be a Latin-script language among the first {max(counts)} locales")

    temp = args.workdir is None
    work = Path(tempfile.mkdtemp(prefix="guidepress-bench-")) if temp else args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    import fcntl

    lock = open(work / ".bench.lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        print(f"bench: another benchmark is using {work}; wait for it or give another --workdir", file=sys.stderr)
        return 1
    json_path = args.json or ((ROOT / "bench-results" / "bench-results.json") if temp else work / "bench-results.json")

    def log(msg: str) -> None:
        print(msg, flush=True)

    results: dict = {
        "schema": 1,
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(),
        "corpus": {"shapes": {k: {"guides": g, "pages": pg, "words": w} for k, (g, pg, w) in args.shapes.items()},
                   "seed": args.seed, "locale_counts": counts, "locales": benchcorpus.ALL_LOCALES[:max(counts)],
                   "repeat": args.repeat},
        "method": {
            "wall": "time.perf_counter around each command, run in a fresh process",
            "cpu": "user+sys from os.wait4's rusage of the command: the process and every descendant it waited for",
            "peak_rss_tree": f"peak of the summed RSS of the process and all its descendants, sampled from /proc every "
                             f"{int(SAMPLE_S * 1000)} ms (new processes found every {int(SAMPLE_S * DISCOVER_EVERY * 1000)} ms); "
                             "pages shared between processes are counted once per process",
            "max_rss_single": "largest max RSS of a single process (rusage ru_maxrss, and the samples)",
            "median": "site builds repeated, stock and guidepress interleaved (order alternating), medians reported",
            "ratio": "median of the per-repetition ratios guidepress/stock (each run against the stock run of its "
                     "repetition); cold = empty .cache/ and site, warm = the same build again, edit = after one "
                     "sentence appended to one translated page",
        },
        "code": None, "shapes": None, "site": None, "linearity": None, "pdf": None, "preview": None, "scale": None,
    }
    log(f"guidepress benchmark: work folder {work}")
    try:
        if args.snapshot:
            code, sha = snapshot(args.snapshot, work)
            CODE.update({"dir": code, "pythonpath": str(code)})
            results["code"] = {"source": f"snapshot of {args.snapshot}", "commit": sha, "dir": str(code)}
            log(f"measuring the committed code of {args.snapshot} ({sha[:10]}), exported to {code}")
        else:
            m = results["machine"]
            results["code"] = {"source": "working tree", "commit": m["git_commit"], "dirty": m["git_dirty"],
                               "dir": str(ROOT)}
        if not args.quick:
            # warm-up (not measured): byte-compiled modules, font and segmenter caches, on a tiny
            # corpus in every script of the run
            warm = work / "warmup"
            benchcorpus.generate(warm, 1, 1, max(counts), 60, args.seed, CODE["dir"])
            measure("warmup-stock", stock_cmd(work / "sites" / "warmup-stock"), warm / "stock", work / "logs")
            measure("warmup-guidepress", guidepress_cmd(work / "sites" / "warmup-guidepress"), warm / "guidepress",
                    work / "logs")
        n = max(counts)
        first = next(iter(args.shapes))
        if not args.no_site:
            log("site builds (stock = mkdocs build --strict; guidepress = guidepress build --no-pdf; cold = empty "
                ".cache/ and site, warm = again with nothing changed, edit = one translated page edited):")
            results["shapes"] = {name: shape_builds(work, name, shape, n, args, log)
                                 for name, shape in args.shapes.items()}
            if len(counts) > 1:
                log(f"cost per locale ({first}, cold):")
                results["site"] = site_builds(work, counts, args, log)
                results["linearity"] = linearity(results["site"])
        elif not args.no_pdf:  # the PDF runs still need a built site
            repeat, args.repeat = args.repeat, 1
            shape_builds(work, first, args.shapes[first], n, args, log, warm=False)
            args.repeat = repeat
        if not args.no_pdf:
            log("PDFs:")
            results["pdf"] = pdf_runs(work, work / f"corpus-{first}-{n}", work / "sites" / f"guidepress-{first}-{n}",
                                      args.pdf_lang, args.pdf_variant, log, repeat=args.repeat)
        if not args.no_preview:
            log("preview:")
            results["preview"] = preview(work, args.pdf_lang, args.preview_edits, log)
        if args.scale:
            g, pg, n = 50, 8, len(benchcorpus.ALL_LOCALES)
            log(f"scale: {g} guides x {pg} pages x {n} locales")
            corpus = work / "corpus-scale"
            info = benchcorpus.generate(corpus, g, pg, n, 800, args.seed, CODE["dir"])
            run = measure("guidepress-scale", guidepress_cmd(work / "sites" / "guidepress-scale"),
                          corpus / "guidepress", work / "logs")
            results["scale"] = {"guides": g, "pages": pg, "locales": n, "guide_pages": info["guide_pages"], "run": run}
            shutil.rmtree(corpus, ignore_errors=True)
            shutil.rmtree(work / "sites" / "guidepress-scale", ignore_errors=True)
    except BuildFailed as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    finally:
        if temp and not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    digests = sorted({r["code_digest"] for r in MEASURED})
    if results.get("code"):
        results["code"]["digests"] = digests
        results["code"]["changed_during_run"] = len(digests) > 1
    others = [r["other_load_cores"] for r in MEASURED if r.get("other_load_cores") is not None]
    results["machine_noise"] = {
        "other_load_cores_mean": round(statistics.fmean(others), 2) if others else None,
        "other_load_cores_max": max(others) if others else None,
        "note": "CPU used by other processes on the machine while each command ran, in cores on average "
                "(from /proc/stat, minus the command's own CPU); above about 0.2 the figures are noisy",
    }
    results["targets"] = targets(results)
    results["ratio_line"] = ratio_line(results)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(text_report(results))
    if args.markdown:
        print()
        print(markdown_report(results))
    print()
    print(f"results: {json_path}")
    print(results["ratio_line"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
