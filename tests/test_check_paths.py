"""`guidepress check` on the paths contributors take (issue #11, items 4, 5, 8 and 10): untranslated
copies and placeholder names, an editor's change to a source page, a file checked on its own,
terminology, and the pre-commit hook's file pattern."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from conftest import ROOT, run_guidepress
from test_check import CHECK, PAGE, check, site_with

SOURCE = "guides/demo/en/01-page.md"
OLD_HASH = "sha256:0000000000000000"


def with_glossaries(site):
    """The check site with a source and a French glossary (terms 'care team', 'temperature')."""
    for lang in ("en", "fr"):
        (site / "locales" / lang).mkdir(parents=True, exist_ok=True)
        shutil.copy(CHECK / f"terms-{lang}-glossary.yml", site / "locales" / lang / "glossary.yml")
    return site


@pytest.mark.parametrize("rule", ["untranslated", "translators", "terms"])
def test_new_rules_are_reported_as_in_their_golden_files(tmp_path, rule):
    site = with_glossaries(site_with(tmp_path, f"bad-{rule}.md"))
    proc = check(site, PAGE)
    assert proc.stdout == (CHECK / f"bad-{rule}.expected").read_text(encoding="utf-8")
    assert proc.returncode == 0  # warnings: the page is not published as a translation, or a word drifted


def test_the_good_translation_uses_the_glossary_terms(tmp_path):
    proc = check(with_glossaries(site_with(tmp_path, "good.md")))
    assert proc.returncode == 0, proc.stdout
    assert "[terms]" not in proc.stdout and "[untranslated]" not in proc.stdout and "[translators]" not in proc.stdout


def test_a_copy_with_only_its_title_translated_is_still_untranslated(tmp_path):
    site = site_with(tmp_path, "bad-untranslated.md")
    page = site / PAGE
    page.write_text(page.read_text(encoding="utf-8").replace("# Looking after yourself", "# Prendre soin de soi"),
                    encoding="utf-8")
    data = json.loads(check(site, "--format", "json", PAGE).stdout)
    assert [(d["rule"], d["severity"]) for d in data] == [("untranslated", "warning")]
    status = json.loads(run_guidepress("status", "--format", "json", cwd=site).stdout)
    row = next(r for r in status["pages"] if r["name"] == "demo" and r["lang"] == "fr")
    assert row["pages"]["01-page.md"] == "fallback" and row["states"]["draft"] == 0


def test_parity_findings_of_an_outdated_page_are_part_of_its_outdated_warning(tmp_path):
    site = site_with(tmp_path, "bad-numbers.md")
    assert check(site, PAGE).returncode == 1  # claims to match the current source: errors
    page = site / PAGE
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"source_hash: \S+", f"source_hash: {OLD_HASH}", text, count=1), encoding="utf-8")
    proc = check(site, "--format", "json", PAGE)
    assert proc.returncode == 0, proc.stdout  # made from an older source: warnings only
    data = json.loads(proc.stdout)
    numbers = [d for d in data if d["rule"] == "numbers"]
    assert len(numbers) == 6 and all(d["severity"] == "warning" and d["line"] for d in numbers)
    assert all(d["message"].startswith("outdated page, to update: ") for d in numbers)
    outdated = [d for d in data if d["rule"] == "outdated"]
    assert len(outdated) == 1 and "differs from the current English page in 6 places (the warnings marked 'outdated page')" in outdated[0]["message"]


def test_an_editors_change_leaves_the_repository_check_green_and_names_the_translations(tmp_path):
    site = site_with(tmp_path, "good.md")
    assert check(site).returncode == 0
    source = site / SOURCE
    source.write_text(source.read_text(encoding="utf-8").replace("Rest for 20 minutes", "Rest for 30 minutes"),
                      encoding="utf-8")
    whole = check(site)
    assert whole.returncode == 0, whole.stdout  # the French page is now outdated: warnings, not red CI
    assert f"{PAGE}:1: [outdated] warning:" in whole.stdout and re.search(rf"{PAGE}:\d+: \[numbers\] warning: outdated page, to update: '30'", whole.stdout)
    own = check(site, SOURCE)  # the editor's own check of the English file
    assert own.returncode == 0
    assert (f"{SOURCE}:1: [outdated] warning: the translation {PAGE} was made from another version of this page: "
            f"its translators see what changed with 'guidepress diff fr {PAGE}'") in own.stdout
    both = check(site, SOURCE, PAGE)  # the translation checked too: said once, by the translation
    assert f"the translation {PAGE}" not in both.stdout and f"{PAGE}:1: [outdated]" in both.stdout


@pytest.mark.parametrize("bad", ["bad-numbers.md", "bad-structure.md", "bad-links.md", "bad-length.md"])
def test_every_page_finding_has_a_line_in_github_format(tmp_path, bad):
    site = site_with(tmp_path, bad)
    lines = check(site, "--format", "github", PAGE).stdout.splitlines()
    assert lines and all(re.match(rf"::(error|warning) file={re.escape(PAGE)},line=\d+,title=", line) for line in lines), lines


def test_missing_numbers_point_at_the_translations_matching_line(tmp_path):
    site = site_with(tmp_path, "bad-numbers.md")
    data = json.loads(check(site, "--format", "json", PAGE).stdout)
    missing = {d["message"].split("'")[1]: d["line"] for d in data if "but not on this page" in d["message"]}
    assert missing == {"38": 11, "1.5": 16, "0800123456": 20}  # the lines holding 39, 15 and 0800 123 465


@pytest.mark.parametrize("folder", ["guides/demo/xx", "docs/xx"])
def test_a_file_in_a_folder_of_no_site_language_fails_on_its_own(tmp_path, folder):
    site = site_with(tmp_path, "good.md")
    (site / folder).mkdir(parents=True)
    shutil.copy(site / PAGE, site / folder / "01-page.md")
    whole = check(site)
    finding = [line for line in whole.stdout.splitlines() if line.startswith(f"{folder}: [languages]")]
    assert whole.returncode == 1 and len(finding) == 1
    alone = check(site, f"{folder}/01-page.md")
    assert alone.returncode == 1, alone.stdout
    assert finding[0] in alone.stdout.splitlines()
    for name in (f"./{folder}/01-page.md", str(site / folder / "01-page.md"), folder):  # however it is named
        assert check(site, name).stdout == alone.stdout
    assert check(site, PAGE).returncode == 0  # a page elsewhere is not concerned


def test_checking_mkdocs_yml_checks_everything(tmp_path):
    site = site_with(tmp_path, "bad-numbers.md")
    proc = check(site, "mkdocs.yml")
    assert proc.returncode == 1 and f"{PAGE}:11: [numbers]" in proc.stdout


def test_the_pre_commit_pattern_covers_every_file_check_reads():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = next(h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "guidepress-check")
    pattern = re.compile(hook["files"])
    checked = ["mkdocs.yml", "guides/fatigue-during-treatment/guide.yml", "guides/fatigue-during-treatment/fr/02-pacing.md",
               "guides/fatigue-during-treatment/images/energy.svg", "docs/fr/index.md", "docs/assets/logo.png",
               "locales/fr/LC_MESSAGES/messages.po", "locales/fr/glossary.yml", "locales/en/glossary.yml",
               "locales/support.yml", "overrides/main.html"]
    assert [p for p in checked if not pattern.search(p)] == []
    for other in ("README.md", "guidepress/commands/cli.py", "tests/fixtures/check/bad-links.md", "site/index.html",
                  "scripts/catalogs.py", "Makefile"):
        assert not pattern.search(other), other
    # and the files the repository really has of those kinds
    shipped = [p.relative_to(ROOT).as_posix() for base in ("guides", "docs", "locales") for p in (ROOT / base).rglob("*")
               if p.is_file() and p.suffix in (".md", ".yml", ".po", ".svg")]
    assert shipped and all(pattern.search(p) for p in shipped)
