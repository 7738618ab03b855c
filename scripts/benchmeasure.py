"""Measuring one command for the benchmark (scripts/bench.py): wall time, CPU time of the whole
process tree, its peak memory (sampled from /proc), how busy the rest of the machine was; and
what was measured (the code, the machine)."""

from __future__ import annotations

import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import threading
import time
from pathlib import Path
from typing import TypedDict

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_S = 0.02          # RSS of the known process tree, every 20 ms
DISCOVER_EVERY = 5       # a full /proc scan for new descendants every 5th sample (100 ms)
MB = 1024 * 1024



class BuildFailed(Exception):
    pass


MEASURED: list[dict] = []  # every measured run, for the report on how busy the machine was
class Code(TypedDict):
    dir: Path
    pythonpath: str | None


CODE: Code = {"dir": ROOT, "pythonpath": None}  # the guidepress code measured: this checkout, or a snapshot


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


def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    versions: dict[str, str | None] = {}
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
