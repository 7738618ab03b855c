"""One failing document hides neither the others nor its cause (issue #11, item 2).

A copy of the `rtl` fixture (four languages, A4 only to keep it quick) where two documents fail
for two reasons: a real one (a character no installed font has, in the Hebrew page) and an
unexpected exception inside the renderer (test fault ``crash:demo.ar.a4.pdf``). Then:

* ``guidepress pdf`` on the built site renders and links the two others, ends with status 1 and
  one line per failed document naming guide, language and variant (and the page when known),
  without a traceback; ``--debug`` shows it;
* ``guidepress build`` with the same fault leaves the previous site as it was;
* a real WeasyPrint fault (the right-to-left one of ``test_pdf_rtl.py``, with guidepress's
  adjustment left out) is reported with the guide page it happened in, its traceback kept.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from guidepress.patches import weasyprint_passes as passes
from guidepress.pdf.render import FAULT_ENV, Job, RenderError, render_job

from conftest import copy_site, run_guidepress

A4 = ("--variant", "a4")
CRASH = {FAULT_ENV: "crash:demo.ar.a4.pdf"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The rtl fixture built without PDFs, with a glyph no font has in the Hebrew page."""
    project = copy_site("rtl", tmp_path_factory.mktemp("pdf-errors"))
    page = project / "guides/demo/he/02-care.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nפנים רועדות: \U0001FAE8\n", encoding="utf-8")
    run_guidepress("build", "--no-pdf", cwd=project)
    return project


@pytest.fixture
def project(built, tmp_path) -> Path:
    copy = tmp_path / "rtl"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def summary(stderr: str) -> list[str]:
    """The lines of the final report, after its first line."""
    return stderr.split("PDF(s) could not be made", 1)[1].splitlines()[1:]


def test_pdf_renders_the_others_and_names_each_failure(project):
    proc = run_guidepress("pdf", *A4, cwd=project, env=CRASH, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "Traceback" not in out
    site = project / "site"
    for made in ("guides/demo/demo.en.a4.pdf", "fa/guides/demo/demo.fa.a4.pdf"):
        assert (site / made).read_bytes().startswith(b"%PDF-")
        assert Path(made).name in (site / Path(made).parent / "02-care/index.html").read_text(encoding="utf-8")
    assert not (site / "ar/guides/demo/demo.ar.a4.pdf").exists()
    assert not (site / "he/guides/demo/demo.he.a4.pdf").exists()
    assert "2 of 4 PDF(s) could not be made (2 made):" in proc.stderr
    lines = summary(proc.stderr)
    assert len(lines) == 2, proc.stderr
    assert lines[0] == ("  demo, ar, a4: [pdf] WeasyPrint failed: AttributeError: [test] "
                        f"{FAULT_ENV}=crash:demo.ar.a4.pdf (run with --debug for the traceback)")
    assert lines[1].startswith("  demo, he, a4: guides/demo/he/02-care.md: [pdf] no installed font has the character")

    debug = run_guidepress("--debug", "pdf", *A4, cwd=project, env=CRASH, check=False)
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr and "in render_job" in debug.stderr
    assert "--debug" not in "".join(summary(debug.stderr))
    assert "unchanged" in debug.stdout  # the two PDFs made before come from the cache


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_with_a_failing_document_leaves_the_old_site(project):
    page = project / "guides/demo/he/02-care.md"
    page.write_text(page.read_text(encoding="utf-8").replace("\U0001FAE8", ""), encoding="utf-8")
    before = tree(project / "site")
    proc = run_guidepress("build", *A4, cwd=project, env=CRASH, check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr
    assert summary(proc.stderr) == [f"  demo, ar, a4: [pdf] WeasyPrint failed: AttributeError: [test] {FAULT_ENV}="
                                    "crash:demo.ar.a4.pdf (run with --debug for the traceback)"]
    assert "[3/4]" in proc.stdout  # the others were rendered, in the staged site that is thrown away
    assert tree(project / "site") == before


def test_a_fault_inside_weasyprint_names_the_page(built, tmp_path, monkeypatch):
    """The real fault: WeasyPrint 70 without guidepress's adjustment, on the Arabic guide."""
    monkeypatch.setattr(passes, "install", lambda: False)
    passes.uninstall()
    site = built / "site"
    job = Job(html=str(site / "ar/guides/demo/print/index.html"), variant="a4", output=str(tmp_path / "demo.ar.a4.pdf"),
              site_dir=str(site), cache=str(tmp_path / "cache.pdf"), key="k")
    try:
        with pytest.raises(RenderError) as caught:
            render_job(job)
    finally:
        monkeypatch.undo()
        assert passes.install()
    message = str(caught.value)
    assert re.fullmatch(r"guides/demo/ar/02-care\.md: \[pdf\] WeasyPrint failed: AttributeError: "
                        r"'InlineReplacedBox' object has no attribute 'position_x'", message), message
    assert "Traceback" in caught.value.details and "block_level_width" in caught.value.details
    assert not Path(job.output).exists()
