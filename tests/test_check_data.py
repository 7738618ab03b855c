"""`guidepress check` on the data files under locales/: one golden bad file per case, compared
line by line with its expected report (as tests/test_check.py does for pages and catalogs)."""

from __future__ import annotations

import shutil

import pytest

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


def test_a_good_glossary_and_its_missing_terms(tmp_path):
    site = data_site(tmp_path)
    (site / GLOSSARY).write_text("translation:\n  status: draft\nterms:\n  - id: scan\n    term: Échographie\n"
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
