"""Faults never publish a broken site, caches are verified, and an unwritable cache only slows
the build (issue #12).

Each test builds a real copy of the `two-langs` fixture (A4 PDFs only, to keep it quick) and
proves one of:

* a damaged PDF cache entry (truncated, one bit flipped, a key file that is not JSON or lacks a
  field) is rendered again, never copied into the site: the published PDF opens and has the
  number of pages its link says;
* a build killed during the PDF phase, or failing there, leaves the previous `site/` byte for
  byte, and the next build leaves no staging folder behind (while a live build's folder is kept);
* a `.cache/` that cannot be written gives the same site, without a traceback;
* a site folder that cannot be created gives one line naming it, exit 1, and a folder that is
  not a built site (the pages, the project) is never replaced;
* damaged compiled templates, QR codes, readability figures and language names are made again;
* cache entries that were not made on this machine (committed to the repository, say) are not
  trusted: compiled templates, PDFs and QR codes carry a keyed hash under a secret outside the
  project;
* `build --no-pdf` keeps the verified PDFs of the cache and says which are missing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from guidepress.pdf.render import FAULT_ENV, Job, verified_entry
from guidepress.view.templates import _SEAL, _unseal

from conftest import copy_repository, copy_site, run_guidepress

A4 = ("--variant", "a4")
PDFS = ("guides/demo/demo.en.a4.pdf", "fr/guides/demo/demo.fr.a4.pdf")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The fixture project, built once with its A4 PDFs (site/ and .cache/ filled)."""
    project = copy_site("two-langs", tmp_path_factory.mktemp("faults"))
    run_guidepress("build", *A4, cwd=project)
    return project


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A copy of the built project that a test may break."""
    copy = tmp_path / "two-langs"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def tree(folder: Path) -> dict[str, str]:
    """The sha256 of every file under ``folder`` (and every folder, as "dir")."""
    return {p.relative_to(folder).as_posix(): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))}


def leftovers(project: Path) -> list[str]:
    """Staging folders left in the project: in .cache/build/ and hidden next to site/."""
    found = [p.name for p in project.iterdir() if re.match(r"\.site-(build|shards)-", p.name)]
    if (project / ".cache/build").is_dir():
        found += [f".cache/build/{p.name}" for p in (project / ".cache/build").iterdir()]
    return found


def linked_pages(site: Path, pdf: str) -> int:
    """The page count the guide pages' download link gives for ``pdf`` (None when unlinked)."""
    name = Path(pdf).name
    counts = set()
    for page in site.rglob("index.html"):
        for match in re.finditer(rf'href="[^"]*{re.escape(name)}"[^>]*>(.*?)</a>', page.read_text("utf-8"), re.S):
            label = re.sub(r"<[^>]+>", "", match.group(1))  # the label's parts are marked with their language
            found = re.search(r"(\d+) pages?", label)
            assert found, label
            counts.add(int(found.group(1)))
    assert len(counts) <= 1, counts
    return counts.pop() if counts else None


def assert_good_pdfs(site: Path, names=PDFS) -> None:
    """Every PDF opens, and its page count is the one its links announce."""
    for name in names:
        with pikepdf.open(site / name) as pdf:
            assert linked_pages(site, name) == len(pdf.pages), name


def test_damaged_pdf_cache_entries_are_rendered_again(project):
    cache = project / ".cache/pdf"
    good = {name: (cache / Path(name).name).read_bytes() for name in PDFS}
    (cache / "demo.en.a4.pdf").write_bytes(good[PDFS[0]][:7])  # the 7-byte PDF of the issue
    flipped = bytearray(good[PDFS[1]])
    flipped[len(flipped) // 2] ^= 0x01
    (cache / "demo.fr.a4.pdf").write_bytes(bytes(flipped))
    out = run_guidepress("build", *A4, cwd=project).stdout
    assert "PDFs: 2 (2 rendered, 0 unchanged)" in out, out
    assert_good_pdfs(project / "site")
    for name in PDFS:
        assert (project / "site" / name).read_bytes() == good[name]  # rendering is deterministic

    key = cache / "demo.en.a4.pdf.key"
    key.write_text("{not json", encoding="utf-8")
    out = run_guidepress("build", *A4, cwd=project).stdout
    assert "PDFs: 2 (1 rendered, 1 unchanged)" in out, out
    assert_good_pdfs(project / "site")
    assert json.loads(key.read_text(encoding="utf-8"))["sha256"] == hashlib.sha256(good[PDFS[0]]).hexdigest()


def test_every_kind_of_bad_key_file_is_a_miss(built, tmp_path):
    """The checks of a cache entry, without rendering: only an exact entry is used."""
    cache = built / ".cache/pdf/demo.en.a4.pdf"
    meta = json.loads(Path(f"{cache}.key").read_text(encoding="utf-8"))
    pdf = cache.read_bytes()
    entry = tmp_path / "entry.pdf"
    job = Job(html="", variant="a4", output=str(tmp_path / "out.pdf"), site_dir=str(tmp_path), cache=str(entry),
              key=meta["key"])

    def check(data: bytes, key_text: str):
        entry.write_bytes(data)
        Path(f"{entry}.key").write_text(key_text, encoding="utf-8")
        return verified_entry(job)

    assert check(pdf, json.dumps(meta)) == (pdf, meta["pages"])
    bad_keys = ["", "[]", "null", '"x"', json.dumps({k: v for k, v in meta.items() if k != "sha256"}),
                json.dumps(meta | {"pages": "8"}), json.dumps(meta | {"size": True}), json.dumps(meta | {"pages": 0}),
                json.dumps(meta | {"sha256": "0" * 64}), json.dumps(meta | {"key": "other"}),
                json.dumps(meta | {"size": meta["size"] + 1}), json.dumps(meta | {"mac": "0" * 64}),
                json.dumps({k: v for k, v in meta.items() if k != "mac"})]
    for text in bad_keys:
        assert check(pdf, text) is None, text
    assert check(pdf[:-1], json.dumps(meta)) is None
    assert check(pdf + b"\n", json.dumps(meta)) is None
    entry.unlink()
    assert verified_entry(job) is None


def _kill_during_pdfs(project: Path) -> subprocess.Popen:
    """Start a build that stops after its first PDF (test fault), and kill it there."""
    env = {k: v for k, v in os.environ.items() if k != "GUIDEPRESS_LANGUAGES"} | {FAULT_ENV: "1:wait"}
    proc = subprocess.Popen([sys.executable, "-m", "guidepress", "build", *A4], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    seen = []
    try:
        for line in proc.stdout:
            seen.append(line)
            if re.match(r"\[1/2\] ", line):
                break
        else:
            raise AssertionError("the build never reached its PDFs:\n" + "".join(seen))
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    return proc


def test_a_build_killed_during_the_pdfs_leaves_the_old_site(project):
    before = tree(project / "site")
    page = project / "guides/demo/fr/02-second.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    _kill_during_pdfs(project)
    assert tree(project / "site") == before
    assert leftovers(project), "the killed build's staging folder is what the next build must remove"

    # a live build's folder is never removed; a dead one's, and an older version's, are
    live = project / f".cache/build/build-{os.getpid()}-keepme"
    live.mkdir()
    dead = subprocess.Popen(["true"])
    dead.wait()
    (project / f".cache/build/build-{dead.pid}-stale0").mkdir()
    (project / ".site-build-ab12cd_9").mkdir()
    run_guidepress("build", *A4, cwd=project)
    assert leftovers(project) == [f".cache/build/{live.name}"]
    assert "Une phrase de plus" in (project / "site/fr/guides/demo/02-second/index.html").read_text(encoding="utf-8")
    assert_good_pdfs(project / "site")


def test_a_build_failing_in_the_pdfs_leaves_the_old_site(project):
    before = tree(project / "site")
    page = project / "guides/demo/en/02-second.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA shaking face: \U0001FAE8\n", encoding="utf-8")
    proc = run_guidepress("build", *A4, cwd=project, check=False)
    assert proc.returncode == 1
    assert "guides/demo/en/02-second.md: [pdf] no installed font has the character" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert tree(project / "site") == before
    assert leftovers(project) == []


def test_a_cache_that_cannot_be_written_only_slows_the_build(built, project):
    """Tests run as root, which ignores file modes (chmod -R a-w changes nothing for it): so
    `.cache` is made a regular file, under which nothing can be read or created, as for a
    read-only or foreign cache folder."""
    shutil.rmtree(project / ".cache")
    (project / ".cache").write_text("not a folder", encoding="utf-8")
    shutil.rmtree(project / "site")
    proc = run_guidepress("build", *A4, cwd=project)
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "PDFs: 2 (2 rendered, 0 unchanged)" in proc.stdout
    assert "could not be kept in the cache" in proc.stdout
    assert tree(project / "site") == tree(built / "site")
    assert (project / ".cache").read_text(encoding="utf-8") == "not a folder"
    assert leftovers(project) == []


def test_a_site_folder_that_cannot_be_written_is_named(project, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    for target, message in ((blocker / "site", f"cannot create the folder {blocker} for the site"),
                            (blocker, f"{blocker} is a file, not a site folder")):
        for command in (["build", "--no-pdf"], ["merge", str(project / "site")]):
            proc = run_guidepress(*command, "-d", str(target), cwd=project, check=False)
            lines = proc.stderr.strip().splitlines()
            assert proc.returncode == 1, proc
            assert len(lines) == 1 and lines[0].startswith(f"guidepress: {message}"), proc.stderr


def test_a_folder_that_is_not_a_site_is_never_replaced(project):
    """A mistyped -d would otherwise swap the site in for the pages, or for the project itself."""
    before = tree(project / "docs")
    for target, message in (("docs", "is not a site built by guidepress"), (".", "holds the project itself"),
                            ("..", "holds the project itself")):
        proc = run_guidepress("build", "--no-pdf", "-d", target, cwd=project, check=False)
        assert proc.returncode == 1 and message in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert tree(project / "docs") == before and (project / "mkdocs.yml").is_file()


def test_damaged_caches_of_templates_and_figures_are_made_again(built, project):
    cache = project / ".cache"
    compiled = sorted((cache / "jinja").rglob("*.bc"))
    assert compiled
    for i, path in enumerate(compiled):  # cut short at various places, or a letter of the HTML changed
        data = path.read_bytes()
        if i % 5 == 4 and b"</" in data[len(data) // 2:]:
            at = data.index(b"</", len(data) // 2) + 2
            path.write_bytes(data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1:])
        else:
            path.write_bytes(data[:(12, 30, 50, len(data) // 2, len(data) - 3)[i % 5]])
    figures = json.loads((cache / "readability.json").read_text(encoding="utf-8"))
    good_figures = dict(figures["figures"])
    for i, key in enumerate(figures["figures"]):  # a field of the wrong type, missing, or no figure at all
        figures["figures"][key] = [good_figures[key] | {"words": "many"}, {"lang": "en"}, [1, 2], None][i % 4]
    (cache / "readability.json").write_text(json.dumps(figures), encoding="utf-8")
    names = json.loads((cache / "language-names.json").read_text(encoding="utf-8"))
    (cache / "language-names.json").write_text(json.dumps(names | {"names": {"fr": 3, "en": ""}}), encoding="utf-8")
    # the languages are built again (not copied back from the site cache, which test_site_cache damages),
    # so that every damaged entry above is met and must be made again
    shutil.rmtree(cache / "site", ignore_errors=True)
    proc = run_guidepress("build", *A4, cwd=project)
    assert "Traceback" not in proc.stderr
    assert "PDFs: 2 (0 rendered, 2 unchanged)" in proc.stdout  # the same print documents
    assert tree(project / "site") == tree(built / "site")
    assert all(_unseal(p.read_bytes()) is not None for p in (cache / "jinja").rglob("*.bc"))
    assert json.loads((cache / "readability.json").read_text(encoding="utf-8"))["figures"] == good_figures
    assert json.loads((cache / "language-names.json").read_text(encoding="utf-8")) == names


def test_no_pdf_keeps_the_verified_pdfs_and_names_the_missing(project):
    fr = project / ".cache/pdf/demo.fr.a4.pdf"
    fr.write_bytes(fr.read_bytes()[:-100])
    out = run_guidepress("build", "--no-pdf", *A4, cwd=project).stdout
    assert "PDFs: 1 of 2 kept from the cache; 1 PDF not rendered: run 'guidepress pdf'" in out, out
    site = project / "site"
    assert_good_pdfs(site, PDFS[:1])
    assert not (site / PDFS[1]).exists()
    assert linked_pages(site, PDFS[1]) is None  # no page links to the missing PDF
    out = run_guidepress("pdf", *A4, cwd=project).stdout
    assert "PDFs: 2 (1 rendered, 1 unchanged)" in out
    assert_good_pdfs(site)


def test_two_builds_at_once_both_publish_a_complete_site(built, project):
    env = {k: v for k, v in os.environ.items() if k != "GUIDEPRESS_LANGUAGES"}
    procs = [subprocess.Popen([sys.executable, "-m", "guidepress", "build", *A4], cwd=project, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, out + err
    assert tree(project / "site") == tree(built / "site")
    assert leftovers(project) == []


@pytest.mark.parametrize("atomic", [True, False])
def test_the_swap_keeps_one_complete_site_at_every_step(tmp_path, monkeypatch, atomic):
    """With renameat2's exchange, and with the two renames used where the system lacks it."""
    from guidepress.plugin import staging

    if not atomic:
        monkeypatch.setattr(staging, "_renameat2", lambda: None)
    elif staging._renameat2() is None:
        pytest.skip("no renameat2 in this C library")
    site = tmp_path / "site"
    for version in ("one", "two"):
        with staging.staged(tmp_path, site) as work:
            (work / "site").mkdir()
            (work / "site/index.html").write_text(version, encoding="utf-8")
            staging.publish(work / "site", site, work)
        assert (site / "index.html").read_text(encoding="utf-8") == version
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "site"]
    assert list((tmp_path / ".cache/build").iterdir()) == []


def test_cache_entries_made_elsewhere_are_not_trusted(built, project):
    """A pull request can add files under .cache/ (ignored by git, but `git add -f` commits them):
    compiled templates that run, a PDF that would be published, a QR code that sends readers
    elsewhere. Its author can compute every plain hash, not this machine's secret key."""
    def forged_mac(data: bytes) -> str:
        return hmac.new(b"not this machine's secret".ljust(32, b"!"), data, hashlib.sha256).hexdigest()

    cache = project / ".cache"
    for path in (cache / "jinja").rglob("*.bc"):  # one letter of the page's HTML changed, then signed
        code = _unseal(path.read_bytes())
        if b"</" in code:
            at = code.index(b"</") + 2
            code = code[:at] + bytes([code[at] ^ 0x20]) + code[at + 1:]
        path.write_bytes(_SEAL + forged_mac(code).encode("ascii") + code)
    en, fr = cache / "pdf/demo.en.a4.pdf", cache / "pdf/demo.fr.a4.pdf"
    meta = json.loads(Path(f"{en}.key").read_text(encoding="utf-8"))
    other = fr.read_bytes()  # the French PDF in place of the English one
    en.write_bytes(other)
    meta |= {"sha256": hashlib.sha256(other).hexdigest(), "size": len(other), "pages": meta["pages"]}
    meta["mac"] = forged_mac(f"pdf\n{meta['key']}\n{meta['sha256']}\n{meta['size']}\n{meta['pages']}".encode())
    Path(f"{en}.key").write_text(json.dumps(meta), encoding="utf-8")
    (cache / "qr").mkdir(exist_ok=True)  # where QR codes were once kept: nothing reads it now
    for url in ("https://example.org/guides/demo/", "https://example.org/fr/guides/demo/"):
        key = hashlib.sha256(f"segno 1.6.6\n{url}".encode()).hexdigest()[:32]
        uri = "data:image/svg+xml;base64,PHN2Zz5lbHNld2hlcmU8L3N2Zz4="  # <svg>elsewhere</svg>
        (cache / "qr" / f"{key}-{forged_mac(uri.encode())[:32]}.txt").write_text(uri, encoding="ascii")
    out = run_guidepress("build", *A4, cwd=project).stdout
    assert "PDFs: 2 (1 rendered, 1 unchanged)" in out, out
    assert tree(project / "site") == tree(built / "site")


def test_the_published_site_is_readable_by_the_web_server(built):
    """Files written through a temporary file (PDFs, sitemap.xml) and the staged folder itself
    get the modes open() and mkdir() give, not mkstemp's and mkdtemp's owner-only ones."""
    site = built / "site"
    for path in [site, *site.rglob("*")]:
        wanted = 0o055 if path.is_dir() else 0o044
        assert path.stat().st_mode & wanted == wanted & ~_umask(), path.relative_to(site)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def test_a_killed_build_worker_stops_the_build_instead_of_hanging(tmp_path):
    """A language build worker killed from outside (the system, out of memory) took its language
    with it, and the parallel build waited for it for ever; now it stops with one line, and no
    site is published."""
    import time

    site = tmp_path / "site"
    # a project of its own: languages kept in the repository's .cache/site by another test's
    # build would be copied back and no worker would start
    project = copy_repository(tmp_path / "project")
    env = {k: v for k, v in os.environ.items() if k != "GUIDEPRESS_LANGUAGES"} | {"GUIDEPRESS_WORKER_PATIENCE": "15"}
    proc = subprocess.Popen([sys.executable, "-m", "guidepress", "build", "--no-pdf", "-j", "2", "--site-dir", str(site)],
                            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the build never started two workers"
    time.sleep(0.5)
    os.kill(workers[0], signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, out + err
    assert "no language build finished" in err and "Traceback" not in err, err
    assert not site.exists()
