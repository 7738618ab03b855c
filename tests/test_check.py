"""`guidepress check`: one golden bad file per rule, compared line by line with its expected
report; a good translation and the shipped repository pass."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from guidepress.model.translation import source_hash

from conftest import FIXTURES, ROOT, copy_site, run_guidepress

CHECK = FIXTURES / "check"
PAGE = "guides/demo/fr/01-page.md"
CATALOG = "locales/fr/LC_MESSAGES/messages.po"


def site_with(tmp_path: Path, translation: str | None = None, catalog: str | None = None) -> Path:
    site = copy_site("check", tmp_path)
    shutil.rmtree(site / "locales")
    (site / "locales/fr/LC_MESSAGES").mkdir(parents=True)
    shutil.copy(CHECK / (catalog or "fr-base.po"), site / CATALOG)
    if translation:
        text = (CHECK / translation).read_text(encoding="utf-8")
        digest = source_hash((site / "guides/demo/en/01-page.md").read_text(encoding="utf-8"))
        (site / PAGE).parent.mkdir(parents=True, exist_ok=True)
        (site / PAGE).write_text(text.replace("SOURCE_HASH", digest), encoding="utf-8")
    return site


def check(site: Path, *args: str):
    return run_guidepress("check", *args, cwd=site, check=False)


def test_good_translation_passes(tmp_path):
    site = site_with(tmp_path, "good.md")
    proc = check(site)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip() == "0 errors, 0 warnings"


@pytest.mark.parametrize("rule", ["structure", "links", "numbers", "unsafe", "front-matter", "outdated", "length"])
def test_bad_page_is_reported_as_in_its_golden_file(tmp_path, rule):
    site = site_with(tmp_path, f"bad-{rule}.md")
    proc = check(site, PAGE)
    expected = (CHECK / f"bad-{rule}.expected").read_text(encoding="utf-8")
    assert proc.stdout == expected
    errors = int(expected.strip().splitlines()[-1].split()[0])
    assert proc.returncode == (1 if errors else 0)


def test_hard_english_page_is_reported_as_in_its_golden_file(tmp_path):
    site = site_with(tmp_path)
    source = "guides/demo/en/01-page.md"
    shutil.copy(CHECK / "bad-readability.md", site / source)
    proc = check(site, source)
    assert proc.stdout == (CHECK / "bad-readability.expected").read_text(encoding="utf-8")
    assert proc.returncode == 0  # a warning, not an error
    data = json.loads(check(site, "--format", "json", source).stdout)
    assert [(d["rule"], d["severity"], d["line"]) for d in data] == [("readability", "warning", 3)]


@pytest.mark.parametrize("case", ["syntax", "placeholders", "plural", "fuzzy"])
def test_bad_catalog_is_reported_as_in_its_golden_file(tmp_path, case):
    site = site_with(tmp_path, "good.md", f"bad-po-{case}.po")
    proc = check(site, CATALOG)
    assert proc.stdout == (CHECK / f"bad-po-{case}.expected").read_text(encoding="utf-8")
    assert proc.returncode == 1


def test_orphans_and_unknown_language_folders(tmp_path):
    site = site_with(tmp_path, "good.md")
    (site / "guides/demo/fr/03-extra.md").write_text("# Extra\n")
    (site / "docs/fr").mkdir(exist_ok=True)
    (site / "docs/fr/about.md").write_text("# À propos\n")
    (site / "docs/xx").mkdir()
    proc = check(site)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[:-1] == [
        "docs/fr/about.md:1: [orphan] there is no source page docs/en/about.md: rename this file to match a source page, or remove it",
        "docs/xx: [languages] 'xx' is not one of the site's languages (en fr): rename the folder of site pages, or add the language to mkdocs.yml",
        "guides/demo/fr/03-extra.md:1: [orphan] there is no source page '03-extra.md' in the guide's manifest (pages: 01-page.md, 02-other.md): rename this file to match, or remove it",
    ]


def test_manifest_errors_are_reported_with_the_rest(tmp_path):
    site = site_with(tmp_path, "bad-numbers.md")
    manifest = site / "guides/demo/guide.yml"
    manifest.write_text(manifest.read_text().replace("last_reviewed: 2026-02-01", "last_reviewed: 2026-02-30"))
    proc = check(site)
    assert "guides/demo/guide.yml:4: [manifest] 'last_reviewed': '2026-02-30' is not a date" in proc.stdout
    assert proc.returncode == 1


def test_paths_limit_the_check_to_a_translators_files(tmp_path):
    site = site_with(tmp_path, "bad-numbers.md", "bad-po-fuzzy.po")
    only_po = check(site, CATALOG)
    assert PAGE not in only_po.stdout and CATALOG in only_po.stdout
    folder = check(site, "guides/demo/fr")
    assert PAGE in folder.stdout and CATALOG not in folder.stdout


def test_github_and_json_formats(tmp_path):
    site = site_with(tmp_path, "bad-numbers.md")
    github = check(site, "--format", "github", PAGE)
    assert github.returncode == 1
    lines = github.stdout.splitlines()
    assert all(line.startswith(f"::error file={PAGE},") and ",title=numbers::" in line for line in lines)
    assert f"::error file={PAGE},line=11,title=numbers::'39' is not in the English page" in github.stdout
    data = json.loads(check(site, "--format", "json", PAGE).stdout)
    assert {d["rule"] for d in data} == {"numbers"}
    assert all(set(d) == {"path", "line", "rule", "severity", "message"} for d in data)


def test_the_shipped_repository_passes():
    """No error and no warning, except, once the sample support entries are more than a year old,
    the reminder to check them again (the staleness warning doing its job, not a defect)."""
    proc = run_guidepress("check", "--format", "json", cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stdout
    findings = json.loads(proc.stdout or "[]")
    reminders = [f for f in findings if f["rule"] == "support" and f["severity"] == "warning"
                 and "months ago: check its details" in f["message"]]
    assert [f for f in findings if f not in reminders] == []
    if reminders:  # only after a year: then every example entry is due, none earlier than the others
        assert {f["path"] for f in reminders} == {"locales/support.yml"}
