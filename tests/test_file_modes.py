"""Every file of a built site is readable by a web server running as another user (issue #13):
35 generated files (print pages, 404 pages, sitemap.xml) were 0600, and the site folder itself
mkdtemp's 0700. Built here with a umask of 077, the strictest a publisher may have."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

from conftest import copy_site


def _modes(site):
    bad_files, bad_dirs, files = [], [], 0
    for folder, dirs, names in os.walk(site):
        for name in dirs:
            mode = os.lstat(os.path.join(folder, name)).st_mode
            if stat.S_IMODE(mode) & 0o055 != 0o055:
                bad_dirs.append((os.path.relpath(os.path.join(folder, name), site), oct(stat.S_IMODE(mode))))
        for name in names:
            files += 1
            mode = os.lstat(os.path.join(folder, name)).st_mode
            if stat.S_IMODE(mode) & 0o044 != 0o044:
                bad_files.append((os.path.relpath(os.path.join(folder, name), site), oct(stat.S_IMODE(mode))))
    return bad_files, bad_dirs, files


def test_every_file_and_folder_of_the_site_is_world_readable(tmp_path):
    site = copy_site("two-langs", tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "GUIDEPRESS_LANGUAGES"}
    proc = subprocess.run([sys.executable, "-m", "guidepress", "build"], cwd=site, env=env, umask=0o077,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = site / "site"
    pdfs = sorted(out.rglob("*.pdf"))
    assert pdfs, "the build made no PDF"
    assert (out / "sitemap.xml").is_file() and (out / "fr" / "404.html").is_file()
    assert stat.S_IMODE(out.stat().st_mode) & 0o055 == 0o055, oct(out.stat().st_mode)
    bad_files, bad_dirs, files = _modes(out)
    assert files > 50
    assert not bad_files, f"{len(bad_files)} of {files} files not readable by everyone: {bad_files[:10]}"
    assert not bad_dirs, f"folders not readable by everyone: {bad_dirs[:10]}"

    # 'guidepress pdf' renders into the built site in place: its PDFs are readable too
    for pdf in pdfs:
        pdf.unlink()
    proc = subprocess.run([sys.executable, "-m", "guidepress", "pdf"], cwd=site, env=env, umask=0o077,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    again = sorted(out.rglob("*.pdf"))
    assert again == pdfs
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o044 == 0o044 for p in again), \
        [(p.name, oct(p.stat().st_mode)) for p in again]
