#!/usr/bin/env python3
"""The guidepress benchmark: ``make bench`` (options: ``make bench ARGS="--quick"``).

Generates a deterministic synthetic corpus (``scripts/benchcorpus.py``) and measures, in the same
run and on the same content, each command in a fresh subprocess:

* the stock build: plain ``mkdocs build --strict`` of a mkdocs-static-i18n project (Material,
  search, static-i18n's folder structure), without guidepress;
* ``guidepress build --no-pdf`` of the same pages as a guidepress project;

at several locale counts (default 6, 12 and 18), each repeated (default 3 times) and interleaved
stock/guidepress so that both share the machine's noise, reporting the medians; then

* ``guidepress pdf`` of one Latin-script language (fr, A4) with 1 and with 2 workers, each from
  an empty cache, and a second run with nothing changed;
* the preview latency: ``guidepress serve --lang fr`` on a copy of the shipped site, one page
  edited, the time until the served page shows the edit;
* with ``--scale``: the 7,200-page build (18 locales x 50 guides x 8 pages), for peak memory.

Only public commands are run; nothing of guidepress is imported. Results are printed as a table
and written as JSON; the last line of the output is always
``site build wall ratio guidepress/stock: 0.NN`` (medians at the largest locale count).
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

def _py(module: str) -> list[str]:
    return [sys.executable, "-m", module]


def stock_cmd(site: Path) -> list[str]:
    return _py("mkdocs") + ["build", "--strict", "--site-dir", str(site)]


def guidepress_cmd(site: Path) -> list[str]:
    return _py("guidepress") + ["build", "--no-pdf", "--site-dir", str(site)]


def site_builds(work: Path, locale_counts: list[int], args, log) -> dict:
    results: dict[str, dict] = {}
    for n in locale_counts:
        corpus = work / f"corpus-{n}"
        info = benchcorpus.generate(corpus, args.guides, args.pages, n, args.words, args.seed, CODE["dir"])
        runs: dict[str, list[dict]] = {"stock": [], "guidepress": []}
        for r in range(args.repeat):
            order = ("stock", "guidepress") if r % 2 == 0 else ("guidepress", "stock")
            for kind in order:
                site = work / "sites" / f"{kind}-{n}"
                shutil.rmtree(site, ignore_errors=True)  # both start from an empty site folder
                cmd = stock_cmd(site) if kind == "stock" else guidepress_cmd(site)
                res = measure(f"{kind}-{n}-run{r + 1}", cmd, corpus / kind, work / "logs")
                res["html_files"] = sum(1 for _ in site.rglob("*.html"))
                res["site_mb"] = round(sum(f.stat().st_size for f in site.rglob("*") if f.is_file()) / MB, 1)
                runs[kind].append(res)
                log(f"  {n:>2} locales  {kind:<10}  run {r + 1}/{args.repeat}: {res['wall_s']:7.2f} s wall "
                    f"{res['cpu_s']:7.2f} s CPU  {res['peak_rss_tree_mb']:7.1f} MB tree RSS")
        med = {k: _median(v) for k, v in runs.items()}
        results[str(n)] = {
            "locales": info["locales"],
            "guide_pages": info["guide_pages"],
            "pages_per_locale": args.guides * args.pages + 1,
            "stock": {"runs": runs["stock"], "median": med["stock"]},
            "guidepress": {"runs": runs["guidepress"], "median": med["guidepress"]},
            "html_files": {k: v[-1]["html_files"] for k, v in runs.items()},
            "site_mb": {k: v[-1]["site_mb"] for k, v in runs.items()},
            "ratio_wall": round(med["guidepress"]["wall_s"] / med["stock"]["wall_s"], 3),
            "ratio_cpu": round(med["guidepress"]["cpu_s"] / med["stock"]["cpu_s"], 3),
            "ratio_peak_rss": round(med["guidepress"]["peak_rss_tree_mb"] / med["stock"]["peak_rss_tree_mb"], 3),
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
    for rep in range(repeat):
        for jobs in ((1, 2) if rep % 2 == 0 else (2, 1)):
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
                   help="a smoke test: 2 guides x 2 pages x 3 locales, 150 words a page, one run, no warm-up, one preview edit")
    p.add_argument("--guides", type=int, default=6)
    p.add_argument("--pages", type=int, default=8, help="pages per guide")
    p.add_argument("--words", type=int, default=800, help="words per page (about)")
    p.add_argument("--locales", default="6,12,18", help="locale counts to build, comma-separated (default: %(default)s)")
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
        args.guides, args.pages, args.words, args.repeat = 2, 2, 150, 1
        args.locales = "3"
        args.preview_edits = min(args.preview_edits, 1)
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
        "corpus": {"guides": args.guides, "pages": args.pages, "words": args.words, "seed": args.seed,
                   "locale_counts": counts, "locales": benchcorpus.ALL_LOCALES[:max(counts)], "repeat": args.repeat},
        "method": {
            "wall": "time.perf_counter around each command, run in a fresh process",
            "cpu": "user+sys from os.wait4's rusage of the command: the process and every descendant it waited for",
            "peak_rss_tree": f"peak of the summed RSS of the process and all its descendants, sampled from /proc every "
                             f"{int(SAMPLE_S * 1000)} ms (new processes found every {int(SAMPLE_S * DISCOVER_EVERY * 1000)} ms); "
                             "pages shared between processes are counted once per process",
            "max_rss_single": "largest max RSS of a single process (rusage ru_maxrss, and the samples)",
            "median": "site builds repeated, stock and guidepress interleaved (order alternating), medians reported",
        },
        "code": None, "site": None, "linearity": None, "pdf": None, "preview": None, "scale": None,
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
        if not args.no_site or not args.no_pdf:
            log("site builds (stock = mkdocs build --strict; guidepress = guidepress build --no-pdf):")
            if args.no_site:  # the PDF runs still need a built site
                counts_run, repeat = [max(counts)], args.repeat
                args.repeat = 1
                site = site_builds(work, counts_run, args, log)
                args.repeat = repeat
            else:
                site = site_builds(work, counts, args, log)
                results["site"] = site
                results["linearity"] = linearity(site)
        if not args.no_pdf:
            log("PDFs:")
            n = max(counts)
            results["pdf"] = pdf_runs(work, work / f"corpus-{n}", work / "sites" / f"guidepress-{n}",
                                      args.pdf_lang, args.pdf_variant, log, repeat=args.repeat)
        if not args.no_preview:
            log("preview:")
            results["preview"] = preview(work, args.pdf_lang, args.preview_edits, log)
        if args.scale:
            g, pg, n = 50, 8, len(benchcorpus.ALL_LOCALES)
            log(f"scale: {g} guides x {pg} pages x {n} locales")
            corpus = work / "corpus-scale"
            info = benchcorpus.generate(corpus, g, pg, n, args.words, args.seed, CODE["dir"])
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
