"""Per-language manifest strings (issue #11, item 11): ``guides/<slug>/<lang>/guide.yml`` holds a
language's title, summary and funder strings; the old form in the main manifest stays readable;
both at once is an error naming both lines; ``guidepress migrate manifests`` moves them and the
built site does not change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guidepress.model.errors import ContentError
from guidepress.model.manifest import load_guide

from conftest import copy_site, run_guidepress

GUIDE = "guides/demo"


def guide_pages_html(site_dir: Path) -> dict[str, str]:
    """The HTML of every guide page of the built site (search index and sitemap aside), with
    the build's own variable parts (dates of the build, cache-busting hashes) left out."""
    out = {}
    for path in sorted(site_dir.rglob("index.html")):
        rel = path.relative_to(site_dir).as_posix()
        if "/guides/" in f"/{rel}" or rel == "index.html" or rel.endswith("/index.html") and rel.count("/") == 1:
            html = path.read_text(encoding="utf-8")
            out[rel] = re.sub(r"\?v=[0-9a-f]+|[0-9a-f]{8,}\.min\.(js|css)", "", html)
    return out


def load(site: Path):
    return load_guide(site / GUIDE, ["en", "fr"], "en", site)


def test_both_forms_give_the_same_guide(tmp_path):
    site = copy_site("two-langs", tmp_path)
    before = load(site)
    run_guidepress("migrate", "manifests", cwd=site)
    manifest = (site / GUIDE / "guide.yml").read_text(encoding="utf-8")
    assert "fr:" not in manifest and "  en: Demo guide" in manifest  # the source language stays
    french = (site / GUIDE / "fr/guide.yml").read_text(encoding="utf-8")
    assert "title: Guide de démonstration" in french and "independence: Le financeur" in french
    after = load(site)
    assert (after.title, after.summary, after.independence) == (before.title, before.summary, before.independence)
    assert after.text("title", "fr", "en") == "Guide de démonstration"


def test_migration_is_idempotent_and_the_built_pages_do_not_change(tmp_path):
    site = copy_site("two-langs", tmp_path)
    manifest = site / GUIDE / "guide.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "  fr: Guide de démonstration", "  # reviewed by the French team\n  fr: Guide de démonstration"), encoding="utf-8")
    run_guidepress("build", "--no-pdf", cwd=site)
    before = guide_pages_html(site / "site")
    assert any("Guide de démonstration" in html for html in before.values())
    out = run_guidepress("migrate", "manifests", cwd=site).stdout
    assert f"{GUIDE}/fr/guide.yml: written" in out
    french = (site / GUIDE / "fr/guide.yml").read_text(encoding="utf-8")
    assert "# reviewed by the French team\ntitle: Guide de démonstration" in french  # the comment moved along
    assert "French team" not in manifest.read_text(encoding="utf-8")
    snapshot = {p: p.read_text(encoding="utf-8") for p in (manifest, site / GUIDE / "fr/guide.yml")}
    again = run_guidepress("migrate", "manifests", cwd=site).stdout
    assert "nothing to move" in again
    assert {p: p.read_text(encoding="utf-8") for p in snapshot} == snapshot
    run_guidepress("build", "--no-pdf", cwd=site)
    after = guide_pages_html(site / "site")
    assert after.keys() == before.keys()
    for rel in before:
        assert after[rel] == before[rel], rel


def test_a_value_in_both_places_is_an_error_naming_both_lines(tmp_path):
    site = copy_site("two-langs", tmp_path)
    (site / GUIDE / "fr/guide.yml").write_text("summary: Un autre résumé.\ntitle: Autre titre\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load(site)
    summary, title = info.value.findings
    assert (summary.path, summary.line, title.line) == (f"{GUIDE}/fr/guide.yml", 1, 2)
    assert f"{GUIDE}/guide.yml:11" in summary.message and "given twice" in summary.message
    assert f"{GUIDE}/guide.yml:8" in title.message
    proc = run_guidepress("check", cwd=site, check=False)
    assert proc.returncode == 1
    assert f"{GUIDE}/fr/guide.yml:1: [manifest] 'summary' in 'fr' is given twice: here and in {GUIDE}/guide.yml:11" \
        in proc.stdout


def test_a_bad_language_manifest_gives_every_problem_with_its_line(tmp_path):
    site = copy_site("two-langs", tmp_path)
    run_guidepress("migrate", "manifests", cwd=site)
    path = site / GUIDE / "fr/guide.yml"
    path.write_text("# strings\ntitle: [not, text]\nsubtitle: Sous-titre\nfunder:\n  independance: Non\n",
                    encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load(site)
    got = [(f.path, f.line, f.message.split(":")[0]) for f in info.value.findings]
    assert got == [(f"{GUIDE}/fr/guide.yml", 2, "'title'"), (f"{GUIDE}/fr/guide.yml", 3, "'subtitle'"),
                   (f"{GUIDE}/fr/guide.yml", 5, "'funder.independance'")]
    proc = run_guidepress("build", "--no-pdf", cwd=site, check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert f"{GUIDE}/fr/guide.yml:3: [manifest] 'subtitle': unknown field" in proc.stdout + proc.stderr


def test_a_language_manifest_is_read_as_content_files_are(tmp_path):
    site = copy_site("two-langs", tmp_path)
    run_guidepress("migrate", "manifests", cwd=site)
    path = site / GUIDE / "fr/guide.yml"
    path.write_bytes("title: Guide\xe9\n".encode("latin-1"))
    with pytest.raises(ContentError) as info:
        load(site)
    assert info.value.findings[0].path == f"{GUIDE}/fr/guide.yml" and "UTF-8" in info.value.findings[0].message
    path.unlink()
    path.symlink_to(site / GUIDE / "guide.yml")
    with pytest.raises(ContentError) as info:
        load(site)
    assert info.value.findings[0].path == f"{GUIDE}/fr/guide.yml"


def test_shipped_guides_keep_translations_in_language_folders():
    root = Path(__file__).resolve().parent.parent
    for manifest in (root / "guides").glob("*/guide.yml"):
        text = manifest.read_text(encoding="utf-8")
        assert not re.search(r"^  (?!en:)[a-z]{2,3}(-[A-Za-z]+)?: ", text, re.M), manifest


def test_migration_moves_block_values_and_leaves_one_line_mappings_alone(tmp_path):
    site = copy_site("two-langs", tmp_path)
    manifest = site / GUIDE / "guide.yml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("  fr: Un guide pour les tests.\n", "  # reviewed\n  fr: >-\n    Un guide pour\n    les tests.\n")
    text = text.replace("title:\n  en: Demo guide\n  fr: Guide de démonstration\n",
                        "title: {en: Demo guide, fr: Guide de démonstration}\n")
    manifest.write_text(text, encoding="utf-8")
    before = load(site)
    out = run_guidepress("migrate", "manifests", cwd=site).stdout
    assert f"{GUIDE}/guide.yml:6: 'title' is written on one line" in out
    after_text = manifest.read_text(encoding="utf-8")
    assert "title: {en: Demo guide, fr: Guide de démonstration}" in after_text
    assert "Un guide pour" not in after_text and "les tests." not in after_text and "# reviewed" not in after_text
    assert "# reviewed\nsummary: Un guide pour les tests.\n" in (site / GUIDE / "fr/guide.yml").read_text(encoding="utf-8")
    after = load(site)
    assert (after.title, after.summary, after.independence) == (before.title, before.summary, before.independence)
