"""`guidepress status` (table, markdown, json, and the site's status page) and `guidepress diff`
against a real temporary git repository."""

from __future__ import annotations

import json
import subprocess

from conftest import build_site, copy_site, run_guidepress, text_of


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=cwd,
                   check=True, capture_output=True)


def test_status_table_counts_states_and_words(tmp_path):
    site = copy_site("two-langs", tmp_path)
    table = run_guidepress("status", cwd=site).stdout.splitlines()
    assert table[0].split() == ["guide", "language", "reviewed", "current", "draft", "outdated", "fallback",
                                "words", "to", "translate", "words", "to", "update"]
    demo = next(line.split() for line in table if line.startswith("demo"))
    # 02-second is outdated (its hash is not the source's), 01-first is not translated
    assert demo == ["demo", "fr", "0", "0", "0", "1", "1", "19", "15"]
    catalog = next(line.split() for line in table if line.startswith("fr ") and "/" in line)
    translated, total = map(int, catalog[1].split("/"))
    assert translated == total > 0


def test_status_json_and_markdown(tmp_path):
    site = copy_site("two-langs", tmp_path)
    data = json.loads(run_guidepress("status", "--format", "json", cwd=site).stdout)
    demo = next(r for r in data["pages"] if r["name"] == "demo")
    assert demo["pages"] == {"02-second.md": "outdated", "01-first.md": "fallback"}
    assert demo["words_to_translate"] == 19
    assert data["catalogs"]["fr"]["percent"] == 100
    md = run_guidepress("status", "--format", "markdown", cwd=site).stdout
    assert "| demo | fr | 0 | 0 | 0 | 1 | 1 | 19 | 15 |" in md


REST = """# Rest and sleep

Try to rest before you feel worn out, not after. Short naps in the early afternoon can help you feel better.
Keep your bedroom dark, calm and cool at night. Tell your care team if you often sleep badly.
"""
# Rest1 and1 sleep1                                                               3 words  3 syllables
# Try1 to1 rest1 be-fore2 you1 feel1 worn1 out1 not1 af-ter2                    10 words 12
# Short1 naps1 in1 the1 ear-ly2 af-ter-noon3 can1 help1 you1 feel1 bet-ter2     11 words 15
# Keep1 your1 bed-room2 dark1 calm1 and1 cool1 at1 night1                        9 words 10
# Tell1 your1 care1 team1 if1 you1 of-ten2 sleep1 bad-ly2                        9 words 11
# 5 sentences, 42 words, 51 syllables: 0.39 * 42/5 + 11.8 * 51/42 - 15.59 = 3.276 + 14.3286 - 15.59 = 2.01 -> 2.0


def test_status_has_a_readability_figure_for_every_page_in_every_language(tmp_path):
    site = copy_site("two-langs", tmp_path)
    (site / "guides/demo/en/01-first.md").write_text(REST, encoding="utf-8")  # not translated: no state changes
    data = json.loads(run_guidepress("status", "--format", "json", cwd=site).stdout)
    figures = {(e["lang"], e["path"]): e for e in data["readability"]}
    # source pages in the source language, and the pages that exist in French (not the fallbacks)
    assert list(figures) == [("en", "guides/demo/en/02-second.md"), ("en", "guides/demo/en/01-first.md"),
                             ("en", "docs/en/about.md"), ("en", "docs/en/index.md"),
                             ("fr", "guides/demo/fr/02-second.md"), ("fr", "docs/fr/index.md")]
    rest = figures[("en", "guides/demo/en/01-first.md")]
    assert {k: rest[k] for k in ("name", "page", "state", "formula", "value", "band", "sentences", "words")} == {
        "name": "demo", "page": "01-first.md", "state": "source", "formula": "Flesch-Kincaid grade", "value": 2.0,
        "band": "very easy", "sentences": 5, "words": 42}
    french = figures[("fr", "guides/demo/fr/02-second.md")]
    assert (french["formula"], french["state"], french["too_short"], french["value"]) == \
        ("Kandel-Moles", "outdated", True, None)
    assert [r["name"] for r in data["pages"]] == ["demo", "site pages"]  # the per-language rows are unchanged

    md = run_guidepress("status", "--format", "markdown", cwd=site).stdout
    assert "### English (en)" in md and "### French (fr)" in md
    assert "| demo | 01-first.md | grade 2.0 | very easy | 5 | 42 |" in md
    assert "| demo | 02-second.md | too short to measure |  | 3 | 14 |" in md
    table = run_guidepress("status", cwd=site).stdout.splitlines()
    row = next(line.split() for line in table if "01-first.md" in line)
    assert row == ["en", "demo", "01-first.md", "Flesch-Kincaid", "grade", "grade", "2.0", "very", "easy", "5", "42"]


def test_site_has_a_status_page_from_the_same_data(tmp_path):
    site = build_site("two-langs", tmp_path, "--no-pdf")
    html = (site / "translation-status/index.html").read_text()
    assert "demo fr 0 0 0 1 1 19 15" in text_of(html)
    # not in the navigation
    assert 'href="translation-status/"' not in (site / "index.html").read_text()
    # nor in the readers' search, which still has the other pages
    index = (site / "search/search_index.json").read_text()
    assert "translation-status" not in index and '"location":"guides/demo/01-first/"' in index


def test_diff_shows_what_changed_since_the_translation(tmp_path):
    site = copy_site("two-langs", tmp_path)
    git(site, "init", "-q")
    run_guidepress("mark-current", "guides/demo/fr/02-second.md", cwd=site)
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "translated")
    unchanged = run_guidepress("diff", "fr", "demo/02-second.md", cwd=site)
    assert "has not changed since guides/demo/fr/02-second.md was translated" in unchanged.stdout
    source = site / "guides/demo/en/02-second.md"
    source.write_text(source.read_text().replace("listed first", "listed first of all") + "\nA new line.\n")
    git(site, "commit", "-q", "-am", "source edited")
    out = run_guidepress("diff", "fr", "guides/demo/fr/02-second.md", cwd=site).stdout
    lines = out.splitlines()
    assert lines[0].startswith("--- a/guides/demo/en/02-second.md (translated from, ")
    assert lines[1] == "+++ b/guides/demo/en/02-second.md (now)"
    assert "-The second page is listed first in the manifest." in lines
    assert "+The second page is listed first of all in the manifest." in lines
    assert "+A new line." in lines


def test_diff_says_clearly_when_the_version_is_not_in_history(tmp_path):
    site = copy_site("two-langs", tmp_path)
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "start")
    proc = run_guidepress("diff", "fr", "demo/02-second.md", cwd=site, check=False)
    assert proc.returncode == 1
    assert "was translated from a version of guides/demo/en/02-second.md (sha256:0000000000000000) that is not in the git history" in proc.stderr
