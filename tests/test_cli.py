"""The guidepress command line, run for real on copies of the fixture sites."""

from __future__ import annotations

import json

import yaml

from guidepress.model.translation import source_hash
from guidepress.model.yamlfile import split_front_matter

from conftest import copy_site, run_guidepress


def front_matter(path):
    fm, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
    return yaml.safe_load(fm)


def test_new_guide_scaffolds_a_guide_that_builds(tmp_path):
    site = copy_site("two-langs", tmp_path)
    proc = run_guidepress("new", "guide", "sleep-well", "--title", "Sleeping well", cwd=site)
    assert "created guides/sleep-well/guide.yml" in proc.stdout
    manifest = yaml.safe_load((site / "guides/sleep-well/guide.yml").read_text())
    assert manifest["status"] == "draft" and manifest["title"] == {"en": "Sleeping well"}
    run_guidepress("build", cwd=site)
    assert "Sleeping well" in (site / "site/guides/sleep-well/01-introduction/index.html").read_text()
    # French readers get the English page, with the fallback notice
    assert "gp-notice--fallback" in (site / "site/fr/guides/sleep-well/01-introduction/index.html").read_text()


def test_new_guide_refuses_a_bad_name_and_an_existing_guide(tmp_path):
    site = copy_site("two-langs", tmp_path)
    bad = run_guidepress("new", "guide", "Sleep_Well", cwd=site, check=False)
    assert bad.returncode == 1 and "not a valid guide name" in bad.stderr
    again = run_guidepress("new", "guide", "demo", cwd=site, check=False)
    assert again.returncode == 1 and "guides/demo already exists" in again.stderr


def test_new_translation_copies_only_the_pages_named(tmp_path):
    site = copy_site("two-langs", tmp_path)
    asked = run_guidepress("new", "translation", "demo", "fr", cwd=site, check=False)
    assert asked.returncode == 1 and not (site / "guides/demo/fr/01-first.md").exists()
    assert "name the pages you will translate" in asked.stderr and "not translated yet: 01-first.md" in asked.stderr
    unknown = run_guidepress("new", "translation", "demo", "fr", "03-third.md", cwd=site, check=False)
    assert unknown.returncode == 1 and "no such page: 03-third.md" in unknown.stderr
    proc = run_guidepress("new", "translation", "demo", "fr", "01-first", cwd=site)
    created = site / "guides/demo/fr/01-first.md"
    assert proc.stdout.strip() == "created guides/demo/fr/01-first.md"  # 02 already exists: untouched
    meta = front_matter(created)["translation"]
    assert meta["status"] == "draft" and meta["translators"] == [{"name": "Your name"}]
    assert meta["source_hash"] == source_hash((site / "guides/demo/en/01-first.md").read_text())
    assert "# First page in English" in created.read_text()


def test_an_untranslated_copy_is_published_as_a_fallback_until_it_is_translated(tmp_path):
    """One state model: the copy is a fallback on the site (notice, language menu, a search result
    marked English),
    in status and in check; once its text is translated it is a draft translation."""
    site = copy_site("two-langs", tmp_path)
    run_guidepress("new", "translation", "demo", "fr", "--all", cwd=site)
    copy = site / "guides/demo/fr/01-first.md"
    run_guidepress("build", cwd=site)
    html = (site / "site/fr/guides/demo/01-first/index.html").read_text()
    assert "gp-notice--fallback" in html and "gp-notice--draft" not in html
    assert 'class="gp-fallback-content" lang="en"' in html  # the English text is marked as English
    assert "Your name" not in html
    index = json.loads((site / "site/fr/search/search_index.json").read_text())
    # found by a French reader, and said to be in English (issue #13: search finds what the reader can read)
    pages = [doc for doc in index["docs"] if doc["location"] == "guides/demo/01-first/"]
    assert len(pages) == 1 and pages[0]["title"].endswith("(en anglais)"), pages
    status = json.loads(run_guidepress("status", "--format", "json", cwd=site).stdout)
    row = next(r for r in status["pages"] if r["name"] == "demo" and r["lang"] == "fr")
    assert row["pages"]["01-first.md"] == "fallback" and row["words_to_translate"] > 0
    found = run_guidepress("check", "--format", "json", str(copy.relative_to(site)), cwd=site)
    assert {f["rule"] for f in json.loads(found.stdout)} == {"untranslated", "translators"}
    # translated: a draft translation, in the French search index
    text = copy.read_text().replace("Your name", "Camille Fixture")
    body = text.split("---\n", 2)[2]
    copy.write_text(text.replace(body, "# Première page en français\n\nCeci est la première page, traduite.\n"))
    run_guidepress("build", cwd=site)
    html = (site / "site/fr/guides/demo/01-first/index.html").read_text()
    assert "gp-notice--fallback" not in html and "gp-notice--draft" in html
    index = json.loads((site / "site/fr/search/search_index.json").read_text())
    pages = [doc for doc in index["docs"] if doc["location"] == "guides/demo/01-first/"]
    assert len(pages) == 1 and pages[0]["title"] == "Première page en français", pages


def test_new_translation_refuses_an_unknown_language(tmp_path):
    site = copy_site("two-langs", tmp_path)
    proc = run_guidepress("new", "translation", "demo", "xx", cwd=site, check=False)
    assert proc.returncode == 1
    assert "'xx' is not one of the site's languages (en fr)" in proc.stderr


def test_new_site_translation_copies_missing_site_pages(tmp_path):
    site = copy_site("two-langs", tmp_path)
    proc = run_guidepress("new", "site", "fr", "about.md", cwd=site)
    assert proc.stdout.strip() == "created docs/fr/about.md"
    again = run_guidepress("new", "site", "fr", cwd=site)  # nothing left to copy: nothing to ask
    assert again.stdout.strip() == "nothing to create: every page already exists"


def test_mark_current_records_the_source_hash(tmp_path):
    site = copy_site("two-langs", tmp_path)
    page = site / "guides/demo/fr/02-second.md"
    run_guidepress("build", cwd=site)
    assert "gp-notice--outdated" in (site / "site/fr/guides/demo/02-second/index.html").read_text()
    proc = run_guidepress("mark-current", "guides/demo/fr/02-second.md", cwd=site)
    assert "now matches guides/demo/en/02-second.md" in proc.stdout
    meta = front_matter(page)["translation"]
    assert meta["source_hash"] == source_hash((site / "guides/demo/en/02-second.md").read_text())
    assert meta["translators"] == [{"name": "Camille Fixture"}]  # the rest is kept
    assert "# Deuxième page en français" in page.read_text()
    run_guidepress("build", cwd=site)
    html = (site / "site/fr/guides/demo/02-second/index.html").read_text()
    assert "gp-notice--outdated" not in html and "gp-notice--draft" in html


def test_build_one_language_as_a_shard(tmp_path):
    """`build --lang de` builds German alone (a shard for `guidepress merge`, see test_shards.py)."""
    site = copy_site("two-langs", tmp_path)
    cfg = site / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("        - {locale: fr, name: auto}",
                                           "        - {locale: fr, name: auto}\n        - {locale: de, name: auto}"))
    run_guidepress("build", "--lang", "de", cwd=site)
    assert (site / "site/de/index.html").is_file() and (site / "site/de/guides/demo/01-first/index.html").is_file()
    assert not (site / "site/fr").exists() and not (site / "site/index.html").exists()
    assert (site / "site/.guidepress-shard/de.json").is_file()
    bad = run_guidepress("build", "--lang", "xx", cwd=site, check=False)
    assert bad.returncode == 1 and "unknown language(s) xx" in bad.stderr
