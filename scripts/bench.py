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
See PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import benchcorpus  # noqa: E402

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_S = 0.02          # RSS of the known process tree, every 20 ms
DISCOVER_EVERY = 5       # a full /proc scan for new descendants every 5th sample (100 ms)
MB = 1024 * 1024

# The targets (2 cores, the 864-page corpus): reported next to the measurements.
TARGET_SITE_RATIO = 0.35
TARGET_PREVIEW_S = 3.0
TARGET_PDF_SPEEDUP = 1.7
TARGET_PDF_PAGES_PER_S_PER_CORE = 8.0
TARGET_SCALE_PEAK_MB = 1024


class BuildFailed(Exception):
    pass


MEASURED: list[dict] = []  # every measured run, for the report on how busy the machine was
CODE = {"dir": ROOT, "pythonpath": None}  # the guidepress code measured: this checkout, or a snapshot


def code_digest(code: Path) -> str:
    """A digest of what is measured (package, templates, site config), to notice code that
    changes while the benchmark runs (a working tree being edited)."""
    import hashlib

    h = hashlib.sha256()
    files = [code / "mkdocs.yml", code / "pyproject.toml"]
    for folder in ("guidepress", "overrides"):
        files += sorted(p for p in (code / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts
                        and p.suffix not in (".pyc", ".mo"))
    for path in files:
        if path.is_file():
            h.update(str(path.relative_to(code)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def snapshot(rev: str, work: Path) -> tuple[Path, str]:
    """``git archive`` of ``rev`` into the work folder: code that nobody edits during the run."""
    import io
    import tarfile

    commit = subprocess.run(["git", "rev-parse", "--verify", f"{rev}^{{commit}}"], cwd=ROOT, capture_output=True,
                            text=True)
    if commit.returncode != 0:
        raise BuildFailed(f"--snapshot: no such revision {rev!r}: {commit.stderr.strip()}")
    sha = commit.stdout.strip()
    dest = work / f"code-{sha[:10]}"
    shutil.rmtree(dest, ignore_errors=True)
    data = subprocess.run(["git", "archive", "--format=tar", sha], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest, sha


# -- measuring one command ------------------------------------------------------------------

def _scan_children() -> dict[int, list[int]]:
    """Parent pid -> child pids, from one pass over /proc."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(name))
    return children


CLK_TCK = os.sysconf("SC_CLK_TCK")


def _proc_stat(pid: int) -> tuple[int, float] | None:
    """(RSS bytes, user+sys CPU seconds of the process itself) from /proc/<pid>/stat."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
        fields = stat[stat.rindex(b")") + 2:].split()
        return int(fields[21]) * PAGE_SIZE, (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return None


def _busy_cpu_s() -> float | None:
    """CPU seconds the whole machine has spent busy (all processes), from /proc/stat."""
    try:
        with open("/proc/stat") as fh:
            values = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / CLK_TCK


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants until stopped."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root = root
        self.peak_tree = 0
        self.peak_single = 0
        self.max_processes = 0
        self.samples = 0
        self.cpu: dict[int, float] = {}  # last CPU seconds seen per process of the tree
        self._halt = threading.Event()

    def run(self) -> None:
        tree = {self.root}
        n = 0
        while not self._halt.is_set():
            if n % DISCOVER_EVERY == 0:
                children = _scan_children()
                tree, todo = set(), [self.root]
                while todo:
                    pid = todo.pop()
                    tree.add(pid)
                    todo.extend(children.get(pid, ()))
            n += 1
            total, alive = 0, 0
            for pid in list(tree):
                got = _proc_stat(pid)
                if got is None:
                    tree.discard(pid)
                    continue
                rss, cpu = got
                self.cpu[pid] = cpu
                alive += 1
                total += rss
                self.peak_single = max(self.peak_single, rss)
            if alive:
                self.samples += 1
                self.peak_tree = max(self.peak_tree, total)
                self.max_processes = max(self.max_processes, alive)
            self._halt.wait(SAMPLE_S)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "GUIDEPRESS_LANGUAGES"}
    env["PYTHONUNBUFFERED"] = "1"
    if CODE["pythonpath"]:
        env["PYTHONPATH"] = CODE["pythonpath"]  # the snapshot's guidepress before the installed one
    return env


def measure(name: str, cmd: list[str], cwd: Path, logdir: Path) -> dict:
    """Run ``cmd`` in a fresh process and measure it: wall time, CPU time (user+sys of the
    process and every descendant it waited for, from wait4's rusage), peak RSS of the whole
    process tree (sampled) and the largest single-process max RSS (rusage)."""
    logdir.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", name).strip("-")
    out_path, err_path = logdir / f"{slug}.out", logdir / f"{slug}.err"
    digest = code_digest(CODE["dir"])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_before, load_before = _busy_cpu_s(), os.getloadavg()[0]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=_env(), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_after = _busy_cpu_s()
    cpu_rusage = usage.ru_utime + usage.ru_stime
    cpu_sampled = sum(sampler.cpu.values())
    # rusage misses descendants nobody waited for; the samples miss a process's last few ms:
    # take the larger, and say which it was
    cpu = max(cpu_rusage, cpu_sampled)
    other = None
    if busy_before is not None and busy_after is not None:
        other = max(0.0, (busy_after - busy_before) - cpu) / wall
    result = {
        "name": name,
        "command": " ".join(cmd),
        "cwd": str(cwd),
        "returncode": proc.returncode,
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "cpu_source": "rusage" if cpu_rusage >= cpu_sampled else "sampled",
        "cpu_user_s": round(usage.ru_utime, 3),
        "cpu_sys_s": round(usage.ru_stime, 3),
        "cpu_s_rusage": round(cpu_rusage, 3),
        "cpu_s_children_delta": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 3),
        "cpu_s_sampled": round(cpu_sampled, 3),
        "other_load_cores": None if other is None else round(other, 2),
        "loadavg_1min_before": round(load_before, 2),
        "peak_rss_tree_mb": round(sampler.peak_tree / MB, 1),
        "max_rss_single_mb": round(max(usage.ru_maxrss * 1024, sampler.peak_single) / MB, 1),
        "max_processes": sampler.max_processes,
        "rss_samples": sampler.samples,
        "code_digest": digest,
        "stdout": str(out_path),
        "stderr": str(err_path),
    }
    if not name.startswith("warmup"):
        MEASURED.append(result)
    if proc.returncode != 0:
        tail = err_path.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        raise BuildFailed(f"{name} failed (exit {proc.returncode}): {result['command']}\n  in {cwd}\n"
                          + "\n".join("  | " + line for line in tail))
    return result


def _median(runs: list[dict]) -> dict:
    keys = ("wall_s", "cpu_s", "peak_rss_tree_mb", "max_rss_single_mb")
    return {k: round(statistics.median(r[k] for r in runs), 3) for k in keys}


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
        per_locale = {str(n): round(w / n, 3) for n, w in zip(counts, walls)}
        entry = {"wall_s_per_locale": per_locale}
        if len(counts) >= 2:
            mx, my = statistics.fmean(counts), statistics.fmean(walls)
            sxx = sum((x - mx) ** 2 for x in counts)
            slope = sum((x - mx) * (y - my) for x, y in zip(counts, walls)) / sxx
            intercept = my - slope * mx
            ss_tot = sum((y - my) ** 2 for y in walls)
            ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(counts, walls))
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
        return int(re.search(r"^Pages:\s+(\d+)", text, re.M).group(1))
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


# -- machine and report ---------------------------------------------------------------------

def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for pkg in ("guidepress", "mkdocs", "mkdocs-material", "mkdocs-static-i18n", "weasyprint"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                      if line.startswith("model name")), "")
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")

    def git(*a):
        r = subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else None

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"cores": len(os.sched_getaffinity(0)), "cpu_count": os.cpu_count(), "cpu_model": model,
            "memory_gb": round(mem / 1024 ** 3, 1), "platform": platform.platform(),
            "python": platform.python_version(), "versions": versions,
            "git_commit": git("rev-parse", "--short", "HEAD"),
            "git_dirty": bool(status) if status is not None else None}


def targets(results: dict) -> list[dict]:
    out = []
    site = results.get("site") or {}
    if site:
        last = max(site, key=int)
        out.append({"what": f"site build wall ratio guidepress/stock ({last} locales)", "target": f"<= {TARGET_SITE_RATIO}",
                    "measured": site[last]["ratio_wall"], "met": site[last]["ratio_wall"] <= TARGET_SITE_RATIO})
    pv = results.get("preview")
    if pv:
        worst = max((x for x in pv["latencies_s"] if x is not None), default=None)
        ok = worst is not None and None not in pv["latencies_s"] and worst <= TARGET_PREVIEW_S
        out.append({"what": "preview shows an edit (worst of the edits), s", "target": f"<= {TARGET_PREVIEW_S}",
                    "measured": worst if None not in pv["latencies_s"] else None, "met": ok})
    pdf = results.get("pdf")
    if pdf:
        out.append({"what": "PDF speed-up, 2 workers vs 1", "target": f">= {TARGET_PDF_SPEEDUP}",
                    "measured": pdf["speedup_2_vs_1"], "met": pdf["speedup_2_vs_1"] >= TARGET_PDF_SPEEDUP})
        best = max(pdf["j1"]["pages_per_s_per_core"], pdf["j2"]["pages_per_s_per_core"])
        out.append({"what": f"PDF pages per second per core ({pdf['lang']}, best of -j 1 and -j 2)",
                    "target": f">= {TARGET_PDF_PAGES_PER_S_PER_CORE}", "measured": best,
                    "met": best >= TARGET_PDF_PAGES_PER_S_PER_CORE})
        n = pdf["second_run"]["rerendered"]
        out.append({"what": "PDFs re-rendered by a second run with nothing changed", "target": "0",
                    "measured": n, "met": n == 0})
    sc = results.get("scale")
    if sc:
        out.append({"what": f"peak memory (process tree RSS) of the {sc['guide_pages']}-page build, MB",
                    "target": f"< {TARGET_SCALE_PEAK_MB}", "measured": sc["run"]["peak_rss_tree_mb"],
                    "met": sc["run"]["peak_rss_tree_mb"] < TARGET_SCALE_PEAK_MB})
    return out


def text_report(results: dict) -> str:
    lines = []
    m, c = results["machine"], results["corpus"]
    lines.append(f"guidepress benchmark, {results['date']}: {m['cores']} cores ({m['cpu_model']}), "
                 f"{m['memory_gb']} GB, Python {m['python']}, guidepress {m['versions']['guidepress']}")
    code = results.get("code") or {}
    if code:
        lines.append(f"code measured: {code['source']} at {code['commit'][:10] if code.get('commit') else '?'}"
                     + (" (with uncommitted changes)" if code.get("dirty") else ""))
        if code.get("changed_during_run"):
            lines.append("WARNING: the measured code changed while the benchmark ran (someone edited the working "
                         "tree): the runs mix versions. Use --snapshot to measure a commit.")
    lines.append(f"corpus: {c['guides']} guides x {c['pages']} pages x locales {c['locale_counts']}, "
                 f"about {c['words']} words per page, seed {c['seed']}")
    lines.append(f"medians of {c['repeat']} runs; CPU = user+sys of the process tree (rusage, or /proc samples when larger); "
                 f"RSS = peak of the summed RSS of the process tree, sampled every {int(SAMPLE_S * 1000)} ms")
    site = results.get("site")
    if site:
        lines.append("")
        lines.append("site build        guide |          stock           |        guidepress        |  guidepress/stock")
        lines.append("locales           pages |  wall s   CPU s   RSS MB |  wall s   CPU s   RSS MB |   wall    CPU   RSS")
        for n, r in site.items():
            s, g = r["stock"]["median"], r["guidepress"]["median"]
            lines.append(f"{n:>7}       {r['guide_pages']:>9} | {s['wall_s']:7.2f} {s['cpu_s']:7.2f} {s['peak_rss_tree_mb']:8.1f} | "
                         f"{g['wall_s']:7.2f} {g['cpu_s']:7.2f} {g['peak_rss_tree_mb']:8.1f} | "
                         f"{r['ratio_wall']:6.2f} {r['ratio_cpu']:6.2f} {r['ratio_peak_rss']:5.2f}")
        for n, r in site.items():
            lines.append(f"  {n} locales: the stock site has {r['html_files']['stock']} HTML files ({r['site_mb']['stock']} MB), "
                         f"guidepress's {r['html_files']['guidepress']} ({r['site_mb']['guidepress']} MB)")
        lin = results.get("linearity") or {}
        for kind in ("stock", "guidepress"):
            if kind in lin:
                e = lin[kind]
                per = ", ".join(f"{k}: {v:.2f}" for k, v in e["wall_s_per_locale"].items())
                extra = (f"; fit {e['intercept_s']:.2f} s + {e['slope_s_per_locale']:.2f} s x locales (R² {e['r_squared']:.3f})"
                         if "slope_s_per_locale" in e else "")
                lines.append(f"  {kind} wall seconds per locale ({per}){extra}")
    pdf = results.get("pdf")
    if pdf:
        lines.append("")
        lines.append(f"PDFs ({pdf['lang']}, {pdf['variant']})   PDFs  pages   wall s   CPU s   RSS MB  pages/s/core")
        for key in ("j1", "j2"):
            r = pdf[key]
            lines.append(f"  -j {r['jobs']}               {r['pdfs']:5} {r['pdf_pages']:6} {r['wall_s']:8.2f} {r['cpu_s']:7.2f} "
                         f"{r['peak_rss_tree_mb']:8.1f} {r['pages_per_s_per_core']:13.2f}")
        s = pdf["second_run"]
        lines.append(f"  speed-up 2 workers vs 1: {pdf['speedup_2_vs_1']:.2f}; second run, nothing changed: "
                     f"{s['rerendered']} re-rendered in {s['wall_s']:.2f} s")
    pv = results.get("preview")
    if pv:
        lat = ", ".join("never" if x is None else f"{x:.2f}" for x in pv["latencies_s"])
        lines.append("")
        lines.append(f"preview (guidepress serve --lang {pv['lang']}, shipped site): first page after {pv['startup_s']:.2f} s; "
                     f"an edit of {pv['page']} shown after {lat} s")
    sc = results.get("scale")
    if sc:
        r = sc["run"]
        lines.append("")
        lines.append(f"scale: {sc['guide_pages']} guide pages ({sc['guides']} guides x {sc['pages']} pages x {sc['locales']} locales): "
                     f"peak tree RSS {r['peak_rss_tree_mb']:.0f} MB (largest process {r['max_rss_single_mb']:.0f} MB), "
                     f"{r['wall_s']:.1f} s wall")
    noise = results.get("machine_noise") or {}
    if noise.get("other_load_cores_mean") is not None:
        lines.append("")
        busy = noise["other_load_cores_mean"] > 0.2
        lines.append(f"other work on the machine during the runs: {noise['other_load_cores_mean']:.2f} cores on average "
                     f"(max {noise['other_load_cores_max']:.2f})" + (": the machine was busy, figures are noisy" if busy else ""))
    if results.get("targets"):
        lines.append("")
        lines.append("targets (issue):")
        for t in results["targets"]:
            mark = "met" if t["met"] else "NOT met"
            lines.append(f"  {t['what']}: {t['measured']} (target {t['target']}): {mark}")
    return "\n".join(lines)


def markdown_report(results: dict) -> str:
    m, c = results["machine"], results["corpus"]
    code = results.get("code") or {}
    at = (f"commit `{code['commit'][:10]}` ({code['source']})" if code.get("commit") else f"`{m['git_commit']}`")
    if code.get("dirty"):
        at += " with uncommitted changes"
    if code.get("changed_during_run"):
        at += " (the code changed during the run: figures mix versions)"
    out = [f"Measured {results['date']} on {m['cores']} cores ({m['cpu_model']}, {m['memory_gb']} GB), "
           f"guidepress {m['versions']['guidepress']} at {at}, "
           f"mkdocs {m['versions']['mkdocs']}, Material {m['versions']['mkdocs-material']}, "
           f"mkdocs-static-i18n {m['versions']['mkdocs-static-i18n']}, WeasyPrint {m['versions']['weasyprint']}; "
           f"corpus {c['guides']} guides x {c['pages']} pages, about {c['words']} words a page; medians of {c['repeat']} runs"
           + (f"; other processes used {results['machine_noise']['other_load_cores_mean']:.2f} cores on average meanwhile."
              if (results.get("machine_noise") or {}).get("other_load_cores_mean") is not None else "."),
           ""]
    site = results.get("site")
    if site:
        out += ["| locales | guide pages | stock wall s | stock CPU s | stock RSS MB | guidepress wall s | guidepress CPU s "
                "| guidepress RSS MB | ratio wall | ratio CPU |",
                "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for n, r in site.items():
            s, g = r["stock"]["median"], r["guidepress"]["median"]
            out.append(f"| {n} | {r['guide_pages']} | {s['wall_s']:.2f} | {s['cpu_s']:.2f} | {s['peak_rss_tree_mb']:.0f} | "
                       f"{g['wall_s']:.2f} | {g['cpu_s']:.2f} | {g['peak_rss_tree_mb']:.0f} | {r['ratio_wall']:.2f} | {r['ratio_cpu']:.2f} |")
        out.append("")
    if results.get("targets"):
        out += ["| target (issue) | wanted | measured | met |", "| --- | --- | --- | --- |"]
        for t in results["targets"]:
            out.append(f"| {t['what']} | {t['target']} | {t['measured']} | {'yes' if t['met'] else 'no'} |")
        out.append("")
    pdf = results.get("pdf")
    if pdf:
        out += [f"| PDFs ({pdf['lang']}, {pdf['variant']}) | PDFs | pages | wall s | CPU s | pages/s/core |",
                "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for key in ("j1", "j2"):
            r = pdf[key]
            out.append(f"| `-j {r['jobs']}`, empty cache | {r['pdfs']} | {r['pdf_pages']} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} "
                       f"| {r['pages_per_s_per_core']:.2f} |")
        s = pdf["second_run"]
        out.append(f"| second run, nothing changed | {s['rerendered']} re-rendered | | {s['wall_s']:.2f} | {s['cpu_s']:.2f} | |")
        out.append("")
    return "\n".join(out)


def ratio_line(results: dict) -> str:
    site = results.get("site") or {}
    if not site:
        return "site build wall ratio guidepress/stock: n/a"
    last = max(site, key=int)
    return f"site build wall ratio guidepress/stock: {site[last]['ratio_wall']:.2f}"


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
            CODE.update(dir=code, pythonpath=str(code))
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
