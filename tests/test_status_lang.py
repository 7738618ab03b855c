"""`guidepress status --lang LANG` (issue #11, item 9): one language's outdated, missing, fallback and
draft pages by name, each with the command to run; the commands it prints are real ones."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess

from conftest import copy_site, run_guidepress


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=cwd,
                   check=True, capture_output=True)


def fixture(tmp_path):
    """two-langs in git: fr 02-second outdated (translated from a committed older source), 01-first
    an untranslated copy of the English page, docs/fr/about.md missing, docs/fr/index.md a draft."""
    site = copy_site("two-langs", tmp_path)
    git(site, "init", "-q")
    run_guidepress("mark-current", "guides/demo/fr/02-second.md", "docs/fr/index.md", cwd=site)
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "translated")
    source = site / "guides/demo/en/02-second.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    git(site, "commit", "-q", "-am", "source edited")
    shutil.copy(site / "guides/demo/en/01-first.md", site / "guides/demo/fr/01-first.md")
    return site


def test_json_lists_each_page_with_its_commands(tmp_path):
    site = fixture(tmp_path)
    data = json.loads(run_guidepress("status", "--lang", "fr", "--format", "json", cwd=site).stdout)
    got = [(t["kind"], t["page"], t["diff"], t["mark_current"], t["create"]) for t in data["fr"]]
    assert got == [
        ("outdated", "demo/02-second.md", "guidepress diff fr demo/02-second.md",
         "guidepress mark-current guides/demo/fr/02-second.md", None),
        ("missing", "about.md", None, None, "guidepress new site fr about.md"),
        ("fallback", "demo/01-first.md", None, "guidepress mark-current guides/demo/fr/01-first.md", None),
        ("draft", "index.md", None, "guidepress mark-current docs/fr/index.md", None),
    ]


def test_the_printed_commands_run_and_the_page_leaves_the_list(tmp_path):
    site = fixture(tmp_path)
    [outdated] = [t for t in json.loads(run_guidepress("status", "--lang", "fr", "--format", "json",
                                                       cwd=site).stdout)["fr"] if t["kind"] == "outdated"]
    diff = run_guidepress(*shlex.split(outdated["diff"])[1:], cwd=site).stdout
    assert "+A new line." in diff.splitlines()
    run_guidepress(*shlex.split(outdated["mark_current"])[1:], cwd=site)
    after = json.loads(run_guidepress("status", "--lang", "fr", "--format", "json", cwd=site).stdout)["fr"]
    # no longer outdated: what is left is its own front matter's 'status: draft'
    assert ("demo/02-second.md", "draft") in [(t["page"], t["kind"]) for t in after]
    assert "outdated" not in [t["kind"] for t in after]
    [missing] = [t for t in after if t["kind"] == "missing"]
    run_guidepress(*shlex.split(missing["create"])[1:], cwd=site)
    assert (site / "docs/fr/about.md").is_file()


def test_table_and_markdown_name_the_pages(tmp_path):
    site = fixture(tmp_path)
    table = run_guidepress("status", "--lang", "fr", cwd=site).stdout
    lines = table.splitlines()
    assert lines[0] == "French (fr): 1 outdated, 1 missing, 1 fallback, 1 draft"
    row = next(line.split() for line in lines if line.startswith("outdated "))
    assert row == ["outdated", "demo/02-second.md", "guidepress", "diff", "fr", "demo/02-second.md",
                   "guidepress", "mark-current", "guides/demo/fr/02-second.md"]
    markdown = run_guidepress("status", "--lang", "fr", "--format", "markdown", cwd=site).stdout
    assert markdown.startswith("## French (fr)\n")
    assert "| fallback | demo/01\\-first.md |  | guidepress mark\\-current guides/demo/fr/01\\-first.md |" in markdown \
        or "| fallback | demo/01-first.md |  | guidepress mark-current guides/demo/fr/01-first.md |" in markdown


def test_unknown_or_source_language_is_a_clear_error(tmp_path):
    site = copy_site("two-langs", tmp_path)
    for lang in ("xx", "en"):
        proc = run_guidepress("status", "--lang", lang, cwd=site, check=False)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr
        assert f"'{lang}' is not a translated language of this site: use one of fr" in proc.stderr
