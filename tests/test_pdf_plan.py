"""The PDF job plan (issue #15, point 3): which PDFs exist is a pure function of the project,
the render jobs and the download links are both made from it, and the links are put in place
through the reader view's template and an HTML parser (no marker comments, no regular
expressions, no language decoded from a file name)."""

from __future__ import annotations

from pathlib import Path

import pytest

from guidepress.commands.cli import project_from_config
from guidepress.pdf.build import Linker, Selection, page_pdfs, pdf_plan, plan, replace_element
from guidepress.pdf.render import Result

from conftest import copy_site, run_guidepress, tags


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """two-langs, built with its PDFs."""
    site = copy_site("two-langs", tmp_path_factory.mktemp("plan"))
    run_guidepress("build", cwd=site)
    return site


def _links(html: str) -> list[dict]:
    return [t for t in tags(html, "a") if t.get("type") == "application/pdf"]


def test_the_plan_is_known_before_anything_is_built(tmp_path):
    site = copy_site("two-langs", tmp_path)
    _, project = project_from_config(str(site / "mkdocs.yml"))
    found = [(p.lang, p.variant, p.url, p.print_url) for p in pdf_plan(project, "guides")]
    assert found == [
        ("en", "a4", "guides/demo/demo.en.a4.pdf", "guides/demo/print/"),
        ("en", "letter", "guides/demo/demo.en.letter.pdf", "guides/demo/print/"),
        ("en", "a4-large-print", "guides/demo/demo.en.a4-large-print.pdf", "guides/demo/print/"),
        ("fr", "a4", "fr/guides/demo/demo.fr.a4.pdf", "fr/guides/demo/print/"),
        ("fr", "letter", "fr/guides/demo/demo.fr.letter.pdf", "fr/guides/demo/print/"),
        ("fr", "a4-large-print", "fr/guides/demo/demo.fr.a4-large-print.pdf", "fr/guides/demo/print/"),
    ]
    assert not (site / "site").exists()
    assert [p.lang for p in pdf_plan(project, "guides", ["fr"])] == ["fr"] * 3
    guide = project.guides[0]
    assert [p.name for p in page_pdfs(project, guide, "fr", "guides")] == \
        ["demo.fr.a4.pdf", "demo.fr.letter.pdf", "demo.fr.a4-large-print.pdf"]
    for page in (site / "guides/demo/fr").glob("*.md"):  # the guide untranslated: its French pages
        page.unlink()                                    # offer the English PDFs
    _, project = project_from_config(str(site / "mkdocs.yml"))
    assert [(p.lang, p.url) for p in page_pdfs(project, project.guides[0], "fr", "guides")][0] == \
        ("en", "guides/demo/demo.en.a4.pdf")
    assert {p.lang for p in pdf_plan(project, "guides")} == {"en"}


def test_jobs_and_links_come_from_the_plan(built):
    site_dir = built / "site"
    _, project = project_from_config(str(built / "mkdocs.yml"))
    jobs = plan(project, site_dir, "guides")
    assert [Path(j.output) for j in jobs] == [site_dir / p.url for p in pdf_plan(project, "guides")]
    assert [j.variant for j in plan(project, site_dir, "guides", Selection(variants=("letter",)))] == ["letter"] * 2
    for lang, folder in (("en", ""), ("fr", "fr/")):
        planned = [site_dir / p.url for p in page_pdfs(project, project.guides[0], lang, "guides")]
        for stem in ("01-first", "02-second"):
            page = site_dir / f"{folder}guides/demo/{stem}/index.html"
            html = page.read_text(encoding="utf-8")
            assert "gp-pdf-links" not in html
            assert [(page.parent / a["href"]).resolve() for a in _links(html)] == planned, page
            assert html.count('class="gp-downloads"') == 1


def test_a_page_of_an_untranslated_guide_links_the_source_language_pdfs(tmp_path):
    site = copy_site("two-langs", tmp_path)
    for page in (site / "guides/demo/fr").glob("*.md"):
        page.unlink()
    run_guidepress("build", "--variant", "a4", cwd=site)
    page = site / "site/fr/guides/demo/01-first/index.html"
    (link,) = _links(page.read_text(encoding="utf-8"))
    assert (page.parent / link["href"]).resolve() == (site / "site/guides/demo/demo.en.a4.pdf").resolve()
    assert link["hreflang"] == "en"
    assert not list((site / "site/fr").rglob("*.pdf"))


def test_a_page_built_without_pdfs_offers_the_print_page(tmp_path):
    site = copy_site("two-langs", tmp_path)
    run_guidepress("build", "--no-pdf", "--cache-dir", str(tmp_path / "empty-cache"), cwd=site)
    html = (site / "site/fr/guides/demo/01-first/index.html").read_text(encoding="utf-8")
    assert not _links(html) and "gp-pdf-links" not in html
    assert [a["href"] for a in tags(html, "a") if a.get("href") == "../print/"]


def test_replace_element_finds_the_element_with_a_parser():
    html = ('<p>\u2028 a line separator is not a line for the parser</p>\n<div class="gp-downloads">no</div>\n'
            '<section class="x gp-downloads" id="a">\n<section>inner</section><script>"</section>"</script>'
            '</section >\n<section class="gp-downloads">second</section><section class="gp-downloads">third</section>')
    assert replace_element(html, "section", "gp-downloads", "NEW") == (
        '<p>\u2028 a line separator is not a line for the parser</p>\n<div class="gp-downloads">no</div>\n'
        'NEW\n<section class="gp-downloads">second</section><section class="gp-downloads">third</section>')


def test_replace_element_takes_the_one_element_written_as_the_site_writes_it():
    """Written ``<section class="gp-downloads"`` exactly once: that element, parsed alone (with
    what it holds), even when another element of the class comes first."""
    html = ('<section class="x gp-downloads">from the page</section>\n'
            '<section class="gp-downloads" id="d"><section>inner</section><script>"</section>"</script>'
            '</section >tail')
    assert replace_element(html, "section", "gp-downloads", "NEW") == (
        '<section class="x gp-downloads">from the page</section>\nNEWtail')
    assert replace_element("<p>none</p>", "section", "gp-downloads", "NEW") is None


def test_a_chapter_is_rewritten_through_the_parser():
    """Ids, links and heading levels of a page in the print document: only real tags change
    (not text that looks like one, in a comment, a script or a code sample), every other byte stays."""
    from guidepress.pdf.document import rewrite_chapter

    html = ('<h1 id="t">T</h1>\n<H2 class="x">Two</H2>\n<!-- <h2 id="c"> --><p>Write <code>&lt;h2 id="x"&gt;</code> '
            '<a href="#a" title="it\'s">a</a> <a href="../02-second/#b">b</a> <a href="../x/">x</a> '
            '<a href="https://e.org/?a=1&amp;b=2">e</a> <img src="i.png" alt=""/><br/></p>'
            '<script>var s = "<h1 id=\'s\'>";</script><h6>six</h6>')
    assert rewrite_chapter(html, "01-first", {"01-first", "02-second"}, "fr/guides/demo/01-first/",
                           "https://s.org/") == (
        '<h2 id="p-01-first--t">T</h2>\n<H3 class="x">Two</H3>\n<!-- <h2 id="c"> --><p>Write <code>&lt;h2 id="x"&gt;'
        '</code> <a href="#p-01-first--a" title="it\'s">a</a> <a href="#p-02-second--b">b</a> '
        '<a href="https://s.org/fr/guides/demo/x/">x</a> <a href="https://e.org/?a=1&amp;b=2">e</a> '
        '<img src="i.png" alt=""/><br/></p><script>var s = "<h1 id=\'s\'>";</script><h6>six</h6>')


def test_pages_are_linked_as_soon_as_the_pdfs_they_offer_are_done(tmp_path):
    """``guidepress pdf`` links a guide's pages in one language once every PDF they offer is
    done, while the others still render; a failed PDF is left out of the links."""
    site = copy_site("two-langs", tmp_path)
    run_guidepress("build", "--no-pdf", "--cache-dir", str(tmp_path / "empty-cache"), cwd=site)
    site_dir = site / "site"
    _, project = project_from_config(str(site / "mkdocs.yml"))
    jobs = plan(project, site_dir, "guides", Selection(variants=("a4", "letter")))
    en_page, fr_page = site_dir / "guides/demo/01-first/index.html", site_dir / "fr/guides/demo/01-first/index.html"
    linker = Linker(project, site_dir, "guides", jobs)
    by_name = {Path(j.output).name: j for j in jobs}
    linker.done(by_name["demo.en.a4.pdf"], Result(by_name["demo.en.a4.pdf"], True, 7, 1000))
    assert not _links(en_page.read_text(encoding="utf-8"))  # its letter PDF is not done yet
    linker.done(by_name["demo.fr.a4.pdf"], Result(by_name["demo.fr.a4.pdf"], True, 8, 1000))
    linker.done(by_name["demo.en.letter.pdf"], Result(by_name["demo.en.letter.pdf"], True, 9, 1000))
    assert [a["href"] for a in _links(en_page.read_text(encoding="utf-8"))] == ["../demo.en.a4.pdf", "../demo.en.letter.pdf"]
    assert not _links(fr_page.read_text(encoding="utf-8"))
    linker.done(by_name["demo.fr.letter.pdf"])  # failed
    assert [a["href"] for a in _links(fr_page.read_text(encoding="utf-8"))] == ["../demo.fr.a4.pdf"]
    assert linker.changed == 4  # two pages in each language
