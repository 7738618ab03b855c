"""Shared helpers: copy a fixture site, build it with the real guidepress CLI, read its HTML."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SITES = FIXTURES / "sites"
SHIPPED_LANGS = "en fr de es it pt nl pl ro el cs hu bg hr sv da fi zh".split()


def run_guidepress(*args: str, cwd: Path, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "GUIDEPRESS_LANGUAGES"} | (env or {})
    proc = subprocess.run([sys.executable, "-m", "guidepress", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=900)
    if check and proc.returncode != 0:
        raise AssertionError(f"guidepress {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def copy_site(name: str, dest: Path) -> Path:
    """Copy fixture site ``name`` to ``dest``, pointing its theme at the repository's overrides/."""
    site = dest / name
    shutil.copytree(SITES / name, site)
    cfg = site / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("@OVERRIDES@", str(ROOT / "overrides")), encoding="utf-8")
    locales = ROOT / "locales"
    if not (site / "locales").exists():
        shutil.copytree(locales, site / "locales")
    return site


def copy_repository(dest: Path) -> Path:
    """A copy of the repository's own site sources (mkdocs.yml, docs, guides, locales, overrides) in ``dest``."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "guides", "locales", "overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    return dest


def build_site(name: str, dest: Path, *extra: str) -> Path:
    site = copy_site(name, dest)
    run_guidepress("build", *extra, cwd=site)
    return site / "site"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str, name: str | None = None) -> list[dict]:
    parser = _Tags()
    parser.feed(html)
    return [attrs | {"_tag": tag} for tag, attrs in parser.tags if name is None or tag == name]


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?bdi\b[^>]*>", "", html)  # an isolated name is part of its sentence: no space
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The repository's own site, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("shipped") / "site"
    run_guidepress("build", "--no-pdf", "--site-dir", str(out), cwd=ROOT)
    return out
