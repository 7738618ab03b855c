"""Each manifest error has a bad fixture file; the message names the file, the line and the fix."""

import shutil

import pytest

from guidepress.model.errors import ContentError
from guidepress.model.manifest import load_guide
from guidepress.model.project import load_project

from conftest import FIXTURES, ROOT

MANIFESTS = FIXTURES / "manifests"

CASES = [
    # (fixture, line, words the message must contain)
    ("unknown-key", 21, ["'colour'", "unknown field"]),
    ("missing-field", None, ["'version'", "missing"]),
    ("bad-date", 4, ["'last_reviewed'", "2026-13-40", "YYYY-MM-DD"]),
    ("unknown-language", 10, ["unknown language 'xx'", "en fr"]),
    ("malformed-yaml", 8, ["not valid YAML"]),
    ("missing-page", 12, ["02-missing.md", "does not exist"]),
    ("unknown-role", 16, ["co_creators", "item 2", "'role'", "wizard"]),
    ("bad-status", 1, ["'status'", "final"]),
    ("review-order", 5, ["next_review", "before"]),
    ("no-source-title", 6, ["'title'", "source language 'en'"]),
]


@pytest.mark.parametrize("case,line,words", CASES, ids=[c[0] for c in CASES])
def test_bad_manifest_is_a_clear_error(case, line, words):
    with pytest.raises(ContentError) as info:
        load_guide(MANIFESTS / case, ["en", "fr"], "en", ROOT)
    findings = info.value.findings
    assert len(findings) == 1, findings
    finding = findings[0]
    assert finding.path == f"tests/fixtures/manifests/{case}/guide.yml"
    assert finding.line == line
    for word in words:
        assert word in finding.message, finding.message
    assert str(finding).startswith(f"tests/fixtures/manifests/{case}/guide.yml" + (f":{line}:" if line else ":"))


def test_good_manifest_loads_into_frozen_dataclasses():
    guide = load_guide(MANIFESTS / "good", ["en", "fr"], "en", ROOT)
    assert guide.slug == "good"
    assert guide.pages == ("01-first.md",)
    assert [p.role for p in guide.co_creators] == ["patient-expert", "oncologist"]
    assert guide.last_reviewed.isoformat() == "2026-02-01"
    assert guide.text("title", "fr", "en") == "A guide"  # falls back to the source language
    with pytest.raises(AttributeError):
        guide.version = "2"


def test_folder_of_an_unknown_language_is_reported(tmp_path):
    guides = tmp_path / "guides"
    guides.mkdir()
    shutil.copytree(MANIFESTS / "language-folder", guides / "demo")
    with pytest.raises(ContentError) as info:
        load_project(tmp_path, ["en", "fr"], "en")
    (finding,) = info.value.findings
    assert finding.path == "guides/demo/xx"
    assert "'xx' is not one of the site's languages (en fr)" in finding.message


def test_unknown_language_code_in_config_is_reported(tmp_path):
    with pytest.raises(ContentError) as info:
        load_project(tmp_path, ["en", "qq"], "en")
    assert "unknown language code 'qq'" in str(info.value)


def test_every_problem_is_reported_at_once(tmp_path):
    guides = tmp_path / "guides"
    guides.mkdir()
    for case in ("bad-date", "unknown-key"):
        shutil.copytree(MANIFESTS / case, guides / case)
    with pytest.raises(ContentError) as info:
        load_project(tmp_path, ["en", "fr"], "en")
    assert [f.path for f in info.value.findings] == ["guides/bad-date/guide.yml", "guides/unknown-key/guide.yml"]
