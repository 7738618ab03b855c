"""`guidepress check` on the data files under locales/: one golden bad file per case, compared
line by line with its expected report (as tests/test_check.py does for pages and catalogs)."""

from __future__ import annotations

import re
import shutil

import pytest

from guidepress.model.glossary import read_glossary

from conftest import run_guidepress
from test_check import CHECK, check, site_with

GLOSSARY = "locales/fr/glossary.yml"
SUPPORT = "locales/support.yml"


def data_site(tmp_path, glossary: str | None = None, support: str | None = None):
    site = site_with(tmp_path, "good.md")
    (site / "locales/en").mkdir()
    shutil.copy(CHECK / "en-glossary.yml", site / "locales/en/glossary.yml")
    if glossary:
        shutil.copy(CHECK / glossary, site / GLOSSARY)
    if support:
        shutil.copy(CHECK / support, site / SUPPORT)
    return site


@pytest.mark.parametrize("case", ["yaml", "entries"])
def test_bad_glossary_is_reported_as_in_its_golden_file(tmp_path, case):
    site = data_site(tmp_path, glossary=f"bad-glossary-{case}.yml")
    proc = check(site, GLOSSARY)
    assert proc.stdout == (CHECK / f"bad-glossary-{case}.expected").read_text(encoding="utf-8")
    assert proc.returncode == 1


def test_bad_support_file_is_reported_as_in_its_golden_file(tmp_path):
    site = data_site(tmp_path, support="bad-support.yml")
    proc = check(site, SUPPORT)
    assert proc.stdout == (CHECK / "bad-support.expected").read_text(encoding="utf-8")
    assert proc.returncode == 1


def _fingerprint(site, term_id: str) -> str:
    source, _ = read_glossary(site / "locales/en/glossary.yml", "en", site, None)
    return source.get(term_id).fingerprint


def test_a_good_glossary_and_its_missing_terms(tmp_path):
    site = data_site(tmp_path)
    (site / GLOSSARY).write_text("translation:\n  status: draft\nterms:\n  - id: scan\n"
                                 f"    source: {_fingerprint(site, 'scan')}\n    term: Échographie\n"
                                 "    forms: [échographie]\n    definition: Un examen.\n", encoding="utf-8")
    proc = check(site)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.splitlines() == [
        "locales/fr/glossary.yml: [glossary] warning: 2 terms of locales/en/glossary.yml are not translated yet "
        "(care-team, chemotherapy): readers see the English entry until you add them",
        "0 errors, 1 warning"]


def test_a_translated_page_must_keep_the_marker_of_its_list(tmp_path):
    site = data_site(tmp_path)
    (site / "docs/en/glossary.md").write_text("# Glossary\n\nWords.\n\n<!-- guidepress:glossary -->\n", encoding="utf-8")
    (site / "docs/fr").mkdir(exist_ok=True)
    (site / "docs/fr/glossary.md").write_text("# Glossaire\n\nDes mots.\n", encoding="utf-8")
    proc = check(site, "docs/fr")
    assert ("docs/fr/glossary.md: [glossary] the line <!-- guidepress:glossary --> is missing: the glossary appears "
            "there on the docs/en/glossary.md page. Copy that line to the same place") in proc.stdout
    assert proc.returncode == 1


FRENCH_SCAN = """# Glossaire : français (fr).
translation:
  status: draft
terms:
  - id: scan  # l'ancre
    term: Échographie
    forms: [échographie]
    definition: >-
      Un examen qui montre
      l'intérieur du corps.

  - id: care-team
    source: sha256:0000000000000000
    term: Équipe soignante
    forms: [équipe soignante]
    definition: Les personnes qui s'occupent de vous.
"""


def test_glossary_entries_are_outdated_until_marked_current(tmp_path):
    """An entry without 'source', or translated from an earlier English entry, is outdated;
    'guidepress mark-current' on the file records what it now matches, keeping its comments."""
    site = data_site(tmp_path)
    (site / GLOSSARY).write_text(FRENCH_SCAN, encoding="utf-8")
    proc = check(site, GLOSSARY)
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.splitlines()[1:3] == [
        "locales/fr/glossary.yml:5: [outdated] warning: term 'scan' does not say which version of the English "
        "entry it translates (locales/en/glossary.yml, line 10): compare the two, update the term and definition "
        "if needed, then run 'guidepress mark-current locales/fr/glossary.yml'",
        "locales/fr/glossary.yml:12: [outdated] warning: term 'care-team' was translated from an earlier version "
        "of the English entry (locales/en/glossary.yml, line 2): compare the two, update the term and definition "
        "if needed, then run 'guidepress mark-current locales/fr/glossary.yml'"]
    status = run_guidepress("status", "--format", "json", cwd=site).stdout
    assert '"fr": {\n      "translated": 0,\n      "outdated": 2,\n      "missing": 1' in status

    marked = run_guidepress("mark-current", GLOSSARY, cwd=site)
    assert marked.stdout.strip() == "locales/fr/glossary.yml: 2 terms now match locales/en/glossary.yml"
    text = (site / GLOSSARY).read_text(encoding="utf-8")
    assert text == FRENCH_SCAN.replace(
        "  - id: scan  # l'ancre\n", f"  - id: scan  # l'ancre\n    source: {_fingerprint(site, 'scan')}\n").replace(
        "sha256:0000000000000000", _fingerprint(site, "care-team"))
    assert "[outdated]" not in check(site, GLOSSARY).stdout
    status = run_guidepress("status", cwd=site).stdout
    assert re.search(r"^fr\s+2\s+0\s+1$", status, re.M), status
    markdown = run_guidepress("status", "--format", "markdown", cwd=site).stdout  # the site's status page
    assert "## Glossary" in markdown and "| fr | 2 | 0 | 1 |" in markdown

    # the English definition changes: the French entry is outdated again, and only it
    english = site / "locales/en/glossary.yml"
    english.write_text(english.read_text(encoding="utf-8").replace(
        "A test that takes pictures", "A test that makes pictures"), encoding="utf-8")
    report = check(site, GLOSSARY).stdout
    assert "locales/fr/glossary.yml:5: [outdated] warning: term 'scan' was translated from an earlier version" in report
    assert "'care-team'" not in report


def test_mark_current_refuses_the_source_glossary_and_a_broken_one(tmp_path):
    site = data_site(tmp_path, glossary="bad-glossary-entries.yml")
    proc = run_guidepress("mark-current", "locales/en/glossary.yml", cwd=site, check=False)
    assert proc.returncode == 1
    assert "the source glossary is what translations are compared with" in proc.stderr
    before = (site / GLOSSARY).read_text(encoding="utf-8")
    proc = run_guidepress("mark-current", GLOSSARY, cwd=site, check=False)
    assert proc.returncode == 1
    assert "fix the glossaries first, then mark locales/fr/glossary.yml again" in proc.stderr
    assert "locales/fr/glossary.yml:10: [glossary] term 1: unknown field 'note'" in proc.stderr
    assert (site / GLOSSARY).read_text(encoding="utf-8") == before
