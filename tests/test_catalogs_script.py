"""``make catalogs`` (scripts/catalogs.py) writes only what changed: run on a clean clone of the
repository with nothing changed, it leaves ``git status`` clean (the committed catalogs are in the
form it writes); a new interface string reaches the template and every catalog."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def _clone(tmp_path):
    """The working tree (tracked and new files, as a commit would hold them), in a new git repository."""
    dest = tmp_path / "repo"
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for rel in filter(None, files.split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            (dest / rel).write_bytes(src.read_bytes())
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=dest, check=True)
    subprocess.run([*git, "add", "-A"], cwd=dest, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "copy"], cwd=dest, check=True)
    return dest


def _run(repo):
    return subprocess.run([sys.executable, str(repo / "scripts" / "catalogs.py"), "--root", str(repo)],
                          capture_output=True, text=True, check=True)


def _status(repo) -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True,
                          check=True).stdout


def test_nothing_changed_means_no_file_written(tmp_path):
    repo = _clone(tmp_path)
    out = _run(repo).stdout
    assert _status(repo) == "", out
    assert "unchanged" in out and "every catalog is up to date" in out


def test_a_new_string_reaches_the_template_and_every_catalog(tmp_path):
    repo = _clone(tmp_path)
    partial = repo / "overrides" / "partials" / "guidepress" / "notices.html"
    partial.write_text(partial.read_text(encoding="utf-8") + "\n{{ _('A brand new interface string') }}\n",
                       encoding="utf-8")
    _run(repo)
    changed = {line[3:] for line in _status(repo).splitlines()}
    catalogs = {p.relative_to(repo).as_posix() for p in (repo / "locales").glob("*/LC_MESSAGES/messages.po")}
    assert "locales/messages.pot" in changed
    assert catalogs <= changed
    assert 'msgid "A brand new interface string"' in (repo / "locales/fr/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    _run(repo)  # and a second run writes nothing more
    assert {line[3:] for line in _status(repo).splitlines()} == changed


def test_a_broken_catalog_stops_the_update_before_anything_is_written(tmp_path):
    """Babel silently drops a line with a missing quote: the update reads every catalog as check
    and the build do, and writes nothing while one is broken."""
    repo = _clone(tmp_path)
    catalog = repo / "locales/fr/LC_MESSAGES/messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + '\nmsgid "x\nmsgstr "y"\n', encoding="utf-8")
    partial = repo / "overrides" / "partials" / "guidepress" / "notices.html"
    partial.write_text(partial.read_text(encoding="utf-8") + "\n{{ _('Another new string') }}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(repo / "scripts" / "catalogs.py"), "--root", str(repo)],
                          capture_output=True, text=True)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "locales/fr/LC_MESSAGES/messages.po:" in proc.stderr and "no catalog was written" in proc.stderr
    changed = {line[3:] for line in _status(repo).splitlines()}
    assert not any(path.endswith("messages.po") and "/fr/" not in path for path in changed), changed
