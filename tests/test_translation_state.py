"""The state model proved (issue #15): every state ``page_state`` can return, reached from real
files (a guide with its manifest, a source page and translated pages whose front matter holds the
source hash, the status, translators and reviews), with the reason it is that state; the
stale-review rule (a review counts only for the source it covered); and, in a real build of the
``glossary`` fixture site, what a reader is shown for a current and for a reviewed translation."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from guidepress.model.errors import ContentError
from guidepress.model.project import load_project
from guidepress.model.translation import (State, TranslationMeta, page_state, read_translation_meta, source_hash,
                                          text_lines, untranslated_share)

from conftest import SITES, copy_site, run_guidepress, tags, text_of

MANIFEST = """\
status: example
version: "1.0"
published: 2026-01-10
last_reviewed: 2026-01-10
next_review: 2027-01-10
title:
  en: State guide
summary:
  en: A guide for the state tests.
pages:
  - 01-rest.md
co_creators:
  - name: Pat Fixture
    role: patient-expert
funder:
  name: Fixture Foundation
  independence:
    en: The funder had no say in the content.
"""

SOURCE_V1 = "# Rest well\n\nRest when you feel tired.\nShort walks help too.\n"
SOURCE_V2 = "# Rest well\n\nRest when you feel tired.\nShort walks help too.\nDrink water every day.\n"
FRENCH_BODY = "# Bien se reposer\n\nReposez-vous quand vous êtes fatigué.\nDe courtes marches aident aussi.\n"


def _write(path: Path, text: str) -> None:
    """Write ``text`` and move the file's modification time on, so that the project's per-file
    cache (keyed on time and size) sees every rewrite, however fast the test runs."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    later = max(path.stat().st_mtime_ns, before + 1_000_000_000)
    os.utime(path, ns=(later, later))


def _front_matter(source_hash_: str | None, status: str, reviews: tuple[tuple[str, str], ...] = ()) -> str:
    lines = ["---", "translation:"]
    if source_hash_ is not None:
        lines.append(f"  source_hash: {source_hash_}")
    lines += [f"  status: {status}", "  translators:", "    - name: Camille Fixture"]
    if reviews:
        lines.append("  reviews:")
        for name, reviewed_hash in reviews:
            lines += [f"    - name: {name}", "      role: nurse", "      date: 2026-02-01",
                      f"      source_hash: {reviewed_hash}"]
    return "\n".join(lines + ["---", "", ""])


@pytest.fixture
def project_dir(tmp_path) -> Path:
    guide = tmp_path / "guides" / "rest"
    _write(guide / "guide.yml", MANIFEST)
    _write(guide / "en" / "01-rest.md", SOURCE_V1)
    (tmp_path / "docs" / "en").mkdir(parents=True)
    return tmp_path


def _info(root: Path, lang: str = "fr"):
    """The state of the guide's page in ``lang``, as the site, the PDFs, status and check see it."""
    project = load_project(root, ["en", "fr"], "en")
    return project.page(project.guide("rest"), "01-rest.md", lang)


def _french(root: Path) -> Path:
    return root / "guides" / "rest" / "fr" / "01-rest.md"


def _source(root: Path) -> Path:
    return root / "guides" / "rest" / "en" / "01-rest.md"


# -- each state, from real files ------------------------------------------------------------------

def test_source_language_page_is_the_source(project_dir):
    info = _info(project_dir, "en")
    assert info.state is State.SOURCE
    assert info.path == _source(project_dir) and info.meta is None  # the source has no translation block


def test_missing_translation_is_a_fallback_to_the_source_page(project_dir):
    info = _info(project_dir)
    assert not _french(project_dir).exists()
    assert info.state is State.FALLBACK and info.is_fallback
    assert info.path == _source(project_dir) and info.meta is None  # readers are shown the source's file


def test_untranslated_copy_is_a_fallback_and_credits_no_one(project_dir):
    current = source_hash(SOURCE_V1)
    _write(_french(project_dir), _front_matter(current, "translated") + SOURCE_V1)
    info = _info(project_dir)
    # the reason: every line of text is the source's line, although the front matter says translated
    assert untranslated_share(text_lines(SOURCE_V1), text_lines(_french(project_dir).read_text())) == 1.0
    assert info.state is State.FALLBACK
    assert info.path == _french(project_dir) and info.meta is None


def test_translation_of_an_older_source_is_outdated(project_dir):
    old = source_hash(SOURCE_V1)
    _write(_french(project_dir), _front_matter(old, "translated") + FRENCH_BODY)
    assert _info(project_dir).state is State.CURRENT
    _write(_source(project_dir), SOURCE_V2)  # the source changes after the translation was made
    info = _info(project_dir)
    assert info.state is State.OUTDATED
    assert info.meta.source_hash == old != source_hash(SOURCE_V2)  # the reason: the hashes differ


def test_translation_without_a_translation_block_is_outdated(project_dir):
    """Nothing records which source it was made from: it cannot be shown as current."""
    _write(_french(project_dir), FRENCH_BODY)
    info = _info(project_dir)
    assert info.state is State.OUTDATED and info.meta is None


def test_draft_of_the_current_source_is_a_draft(project_dir):
    _write(_french(project_dir), _front_matter(source_hash(SOURCE_V1), "draft") + FRENCH_BODY)
    info = _info(project_dir)
    assert info.state is State.DRAFT
    assert info.meta.status == "draft" and info.meta.source_hash == source_hash(SOURCE_V1) and not info.meta.reviews


def test_translation_of_the_current_source_without_review_is_current(project_dir):
    _write(_french(project_dir), _front_matter(source_hash(SOURCE_V1), "translated") + FRENCH_BODY)
    info = _info(project_dir)
    assert info.state is State.CURRENT
    assert info.meta.status == "translated" and info.meta.reviews == ()
    assert info.meta.translators == ("Camille Fixture",)


def test_review_of_the_current_source_makes_it_reviewed(project_dir):
    current = source_hash(SOURCE_V1)
    _write(_french(project_dir), _front_matter(current, "reviewed", [("Nurse Rowan", current)]) + FRENCH_BODY)
    info = _info(project_dir)
    assert info.state is State.REVIEWED
    (review,) = info.meta.reviews
    assert (review.name, review.role, review.source_hash) == ("Nurse Rowan", "nurse", current)  # the reason


def test_a_stale_review_no_longer_counts_once_the_source_changed(project_dir):
    """The stale-review rule: the review covered the first source. The source changes: the page is
    outdated. The translator updates it and records the new hash (as ``mark-current`` does); the
    review of the old source stays in the front matter but does not make the page reviewed, even
    with ``status: reviewed``, until someone reviews the new source."""
    old = source_hash(SOURCE_V1)
    _write(_french(project_dir), _front_matter(old, "reviewed", [("Nurse Rowan", old)]) + FRENCH_BODY)
    assert _info(project_dir).state is State.REVIEWED

    _write(_source(project_dir), SOURCE_V2)
    new = source_hash(SOURCE_V2)
    assert new != old
    assert _info(project_dir).state is State.OUTDATED  # an old review does not hide an old translation

    updated = FRENCH_BODY + "Buvez de l'eau chaque jour.\n"
    _write(_french(project_dir), _front_matter(new, "reviewed", [("Nurse Rowan", old)]) + updated)
    info = _info(project_dir)
    assert info.state is State.CURRENT
    assert info.meta.status == "reviewed" and [r.source_hash for r in info.meta.reviews] == [old]

    # a second review, of the new source, next to the stale one: reviewed again
    _write(_french(project_dir), _front_matter(new, "reviewed", [("Nurse Rowan", old), ("Dr Quinn", new)]) + updated)
    info = _info(project_dir)
    assert info.state is State.REVIEWED
    assert [(r.name, r.source_hash == new) for r in info.meta.reviews] == [("Nurse Rowan", False), ("Dr Quinn", True)]


def test_a_review_of_the_current_source_outranks_a_draft_status(project_dir):
    """The order of the decision: a review that covers the current source counts before the
    status is read (a reviewer's sign-off is the strongest statement a page can carry)."""
    current = source_hash(SOURCE_V1)
    _write(_french(project_dir), _front_matter(current, "draft", [("Nurse Rowan", current)]) + FRENCH_BODY)
    assert _info(project_dir).state is State.REVIEWED


def test_the_decision_itself_in_order():
    """``page_state`` alone: source first, then a missing or untranslated file, then the hash,
    then the reviews, then the status."""
    h, old = "sha256:" + "1" * 16, "sha256:" + "0" * 16
    meta = TranslationMeta(source_hash=h, status="translated", translators=(), reviews=())
    assert page_state(meta, True, h, is_source=True) is State.SOURCE
    assert page_state(meta, False, h, is_source=False) is State.FALLBACK
    assert page_state(meta, True, h, is_source=False, untranslated=True) is State.FALLBACK
    assert page_state(None, True, h, is_source=False) is State.OUTDATED
    assert page_state(meta, True, old, is_source=False) is State.OUTDATED
    assert page_state(meta, True, h, is_source=False) is State.CURRENT
    draft = TranslationMeta(source_hash=h, status="draft", translators=(), reviews=())
    assert page_state(draft, True, h, is_source=False) is State.DRAFT
    assert {s for s in State} == {State.SOURCE, State.FALLBACK, State.OUTDATED, State.DRAFT, State.CURRENT,
                                  State.REVIEWED}  # a new state needs its own test here


def test_a_review_without_its_source_hash_is_refused_with_file_and_line(project_dir):
    current = source_hash(SOURCE_V1)
    text = _front_matter(current, "reviewed", [("Nurse Rowan", current)]).replace(f"      source_hash: {current}\n", "")
    _write(_french(project_dir), text + FRENCH_BODY)
    with pytest.raises(ContentError) as info:
        read_translation_meta(_french(project_dir), "guides/rest/fr/01-rest.md")
    (finding,) = info.value.findings
    assert finding.path == "guides/rest/fr/01-rest.md" and finding.line is not None
    assert "translation.reviews" in finding.message


# -- what a reader sees, in a real build of the glossary fixture --------------------------------

GUIDE = "guides/reviewed"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site = copy_site("glossary", tmp_path_factory.mktemp("states"))
    run_guidepress("build", "--no-pdf", cwd=site)
    return site


def _page(site: Path, rel: str) -> str:
    return (site / "site" / rel / "index.html").read_text(encoding="utf-8")


def test_the_fixture_holds_a_current_and_a_reviewed_translation_with_a_stale_review():
    """The fixture's front matter says what the build test below relies on, computed from the files."""
    guide = SITES / "glossary" / GUIDE
    for page, stale_only in (("01-rest.md", True), ("02-sleep.md", False)):
        current = source_hash((guide / "en" / page).read_text(encoding="utf-8"))
        meta = read_translation_meta(guide / "fr" / page, page)
        assert meta.status == "reviewed" and meta.source_hash == current, page
        assert any(r.source_hash != current for r in meta.reviews), page  # a stale review in both
        assert any(r.source_hash == current for r in meta.reviews) is not stale_only, page


def test_status_reports_current_and_reviewed_for_the_fixture(built):
    status = json.loads(run_guidepress("status", "--format", "json", cwd=built).stdout)
    row = next(r for r in status["pages"] if r["name"] == "reviewed" and r["lang"] == "fr")
    assert row["pages"] == {"01-rest.md": "current", "02-sleep.md": "reviewed"}
    assert row["states"]["current"] == 1 and row["states"]["reviewed"] == 1
    assert row["words_to_update"] == 0 and row["words_to_translate"] == 0


STALE_REVIEW, CURRENT_REVIEW = '<time datetime="2026-01-20">', '<time datetime="2026-02-10">'
"""The dates of the fixture's reviews, as the reader view writes a date: the stale one (of an older
English page, on both pages) and the current one (on 02-sleep only)."""


@pytest.mark.parametrize("page", ["01-rest", "02-sleep"])
def test_a_current_or_reviewed_translation_is_published_as_a_translation(built, page):
    """No fallback, outdated or draft notice; the French text in French; the translator credited;
    the language menu does not mark French as untranslated; in the French search index and in the
    sitemap with its English alternate. The review shown is the one of the current source: the
    reviewed page gives its date, the current page none, and the stale review is never shown."""
    html = _page(built, f"fr/{GUIDE}/{page}")
    assert STALE_REVIEW not in html
    assert (CURRENT_REVIEW in html) is (page == "02-sleep")
    classes = " ".join(t.get("class", "") for t in tags(html))
    for notice in ("gp-notice--fallback", "gp-notice--outdated", "gp-notice--draft"):
        assert notice not in classes.split(), (page, notice)
    assert "gp-notice--example" in classes.split()  # the guide's own notice is still there: the notices render
    assert "gp-fallback-content" not in html
    assert tags(html, "html")[0]["lang"] == "fr"
    assert "Camille Fixture" in text_of(html)
    english = _page(built, f"{GUIDE}/{page}")
    (fr_link,) = [t for t in tags(english, "a") if t.get("hreflang") == "fr" and "md-select__link" in t.get("class", "")]
    assert "gp-alt--fallback" not in fr_link["class"]
    index = json.loads((built / "site/fr/search/search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"].startswith(f"{GUIDE}/{page}/") for doc in index["docs"]), page
    sitemap = (built / "site/sitemap.xml").read_text(encoding="utf-8")
    entry = sitemap.split(f"<loc>https://fixture.example.org/fr/{GUIDE}/{page}/</loc>", 1)[1].split("</url>", 1)[0]
    assert re.search(rf'hreflang="en" href="https://fixture.example.org/{GUIDE}/{page}/"', entry), entry


def test_the_same_page_when_its_source_changes_is_outdated_and_says_so(built, tmp_path):
    """The control: the fixture's reviewed page, with its English source changed, loses its
    translation standing (outdated notice) although its front matter still says reviewed."""
    site = tmp_path / "glossary"
    shutil.copytree(built, site, ignore=shutil.ignore_patterns("site", ".cache"))
    source = site / GUIDE / "en" / "02-sleep.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new line in English.\n", encoding="utf-8")
    run_guidepress("build", "--no-pdf", cwd=site)
    html = _page(site, f"fr/{GUIDE}/02-sleep")
    assert "gp-notice--outdated" in " ".join(t.get("class", "") for t in tags(html)).split()
    assert CURRENT_REVIEW not in html and STALE_REVIEW not in html  # its review covered the old source
