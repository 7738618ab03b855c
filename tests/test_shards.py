"""Sharding: `guidepress build --lang X` builds one part of the site, `guidepress merge` combines
the parts, and the result is the very site `guidepress build` makes (which is itself parallel
workers' shards, merged)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SHIPPED_LANGS, build_site, copy_site, run_guidepress


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_same_tree(a: Path, b: Path) -> None:
    ta, tb = _tree(a), _tree(b)
    assert sorted(ta) == sorted(tb), (sorted(set(ta) ^ set(tb)))[:20]
    different = [name for name in ta if ta[name] != tb[name]]
    assert not different, different[:20]


def _shipped_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "guides", "locales", "overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)
    return project


def test_shards_of_the_shipped_site_merge_into_the_full_build(tmp_path):
    project = _shipped_copy(tmp_path)
    run_guidepress("build", "--no-pdf", "-d", str(tmp_path / "full"), cwd=project)
    groups = [SHIPPED_LANGS[i::3] for i in range(3)]  # en is in the first shard, not first in the others
    shards = []
    for i, langs in enumerate(groups):
        shard = tmp_path / f"shard-{i}"
        args = [a for lang in reversed(langs) for a in ("--lang", lang)]
        out = run_guidepress("build", "--no-pdf", *args, "-d", str(shard), cwd=project).stdout
        assert "combine shards with 'guidepress merge'" in out
        built = {p.stem for p in (shard / ".guidepress-shard").glob("*.json")}
        assert built == set(langs)
        others = set(SHIPPED_LANGS) - set(langs)
        assert not any((shard / lang).exists() for lang in others - {"en"})
        shards.append(shard)
    run_guidepress("merge", *map(str, shards), "-d", str(tmp_path / "merged"), cwd=project)
    _assert_same_tree(tmp_path / "full", tmp_path / "merged")

    site = tmp_path / "full"
    assert not (site / ".guidepress-shard").exists()
    for lang in SHIPPED_LANGS:
        folder = site if lang == "en" else site / lang
        index = json.loads((folder / "search/search_index.json").read_text(encoding="utf-8"))
        assert index["docs"] and all(not d["location"].startswith(tuple(f"{o}/" for o in SHIPPED_LANGS))
                                     for d in index["docs"]), lang
        assert (folder / "404.html").is_file()
        assert (folder / "guides/questions-for-your-care-team/01-getting-ready/index.html").is_file()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<url>") > 18 * 5
    assert 'hreflang="zh" href="https://guides.example.org/zh/guides/questions-for-your-care-team/' in sitemap


def test_shards_with_pdfs_merge_into_the_full_build(tmp_path):
    """PDFs rendered per shard; the merge links fallback pages of one shard to another's PDFs."""
    site = copy_site("two-langs", tmp_path)
    cache = str(tmp_path / "pdf-cache")
    run_guidepress("build", "-d", str(tmp_path / "full"), "--cache-dir", cache, cwd=site)
    for lang in ("en", "fr"):
        run_guidepress("build", "--lang", lang, "-d", str(tmp_path / f"shard-{lang}"), "--cache-dir", cache, cwd=site)
    pdfs = json.loads((tmp_path / "shard-fr/.guidepress-shard/pdfs.json").read_text(encoding="utf-8"))
    assert pdfs and all(".fr." in row["output"] for row in pdfs)
    run_guidepress("merge", str(tmp_path / "shard-fr"), str(tmp_path / "shard-en"), "-d", str(tmp_path / "merged"),
                   cwd=site)
    _assert_same_tree(tmp_path / "full", tmp_path / "merged")
    assert list((tmp_path / "full").rglob("*.pdf"))


@pytest.fixture(scope="module")
def two_shards(tmp_path_factory) -> tuple[Path, Path, Path]:
    tmp = tmp_path_factory.mktemp("shards")
    site = copy_site("two-langs", tmp)
    for lang in ("en", "fr"):
        run_guidepress("build", "--no-pdf", "--lang", lang, "-d", str(tmp / f"shard-{lang}"), cwd=site)
    return site, tmp / "shard-en", tmp / "shard-fr"


def test_merge_names_the_missing_language(two_shards, tmp_path):
    site, en, _ = two_shards
    proc = run_guidepress("merge", str(en), "-d", str(tmp_path / "out"), cwd=site, check=False)
    assert proc.returncode == 1
    assert "no shard has the language(s) fr" in proc.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_merge_refuses_shards_that_disagree(two_shards, tmp_path):
    site, en, fr = two_shards
    changed = tmp_path / "fr"
    shutil.copytree(fr, changed)
    css = next((changed / "assets/stylesheets").glob("guidepress*.css"))
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    proc = run_guidepress("merge", str(en), str(changed), "-d", str(tmp_path / "out"), cwd=site, check=False)
    assert proc.returncode == 1
    assert f"two shards have different versions of assets/stylesheets/{css.name}" in proc.stderr


def test_merge_refuses_a_language_twice_and_a_non_empty_target(two_shards, tmp_path):
    site, en, fr = two_shards
    proc = run_guidepress("merge", str(en), str(fr), str(fr), "-d", str(tmp_path / "out"), cwd=site, check=False)
    assert "language 'fr' is in more than one shard" in proc.stderr
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy/keep.txt").write_text("mine", encoding="utf-8")
    proc = run_guidepress("merge", str(en), str(fr), "-d", str(tmp_path / "busy"), cwd=site, check=False)
    assert proc.returncode == 1 and "is not empty" in proc.stderr
    assert (tmp_path / "busy/keep.txt").read_text(encoding="utf-8") == "mine"
    proc = run_guidepress("merge", str(tmp_path / "busy"), "-d", str(tmp_path / "out2"), cwd=site, check=False)
    assert proc.returncode == 1 and "is not a guidepress shard" in proc.stderr


def test_build_of_an_unknown_language_says_which_exist(tmp_path):
    site = copy_site("two-langs", tmp_path)
    proc = run_guidepress("build", "--no-pdf", "--lang", "xx", "-d", str(tmp_path / "out"), cwd=site, check=False)
    assert proc.returncode == 1
    assert "unknown language(s) xx: the site's languages are en fr" in proc.stderr


def test_a_failed_build_leaves_the_previous_site_alone(tmp_path):
    site = copy_site("two-langs", tmp_path)
    out = tmp_path / "out"
    run_guidepress("build", "--no-pdf", "-d", str(out), cwd=site)
    before = _tree(out)
    page = next((site / "guides").glob("*/fr/*.md"))
    page.write_text(page.read_text(encoding="utf-8") + '\n<img src="https://tracker.example.com/p.gif" alt="">\n',
                    encoding="utf-8")
    proc = run_guidepress("build", "--no-pdf", "-d", str(out), cwd=site, check=False)
    assert proc.returncode == 1
    assert "building 'fr'" in proc.stderr and "tracker.example.com" in proc.stderr
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out-build-")] == []


def test_plain_mkdocs_build_still_works(tmp_path):
    """Without the guidepress command, static-i18n's own loop builds the same pages."""
    import subprocess
    import sys

    site = copy_site("two-langs", tmp_path)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "plain")], cwd=site,
                   check=True, capture_output=True, text=True)
    run_guidepress("build", "--no-pdf", "-d", str(tmp_path / "gp"), cwd=site)
    pages = lambda d: sorted(p.relative_to(d).as_posix() for p in d.rglob("*.html"))  # noqa: E731
    assert pages(tmp_path / "plain") == pages(tmp_path / "gp")
    for lang in ("", "fr/"):
        assert (tmp_path / "plain" / lang / "search/search_index.json").is_file()
