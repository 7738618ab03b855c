"""Real PDFs of fixture guides and of the shipped guides, opened with pikepdf and pdftotext."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest

from guidepress.model.catalogs import translations
from guidepress.pdf.render import Job, RenderError, render_job

from conftest import ROOT, build_site, copy_site, run_guidepress
from pdfcheck import body_font_size_pt, fonts, outline_titles, pdftext, struct_elements


@pytest.fixture(scope="module")
def two_langs(tmp_path_factory) -> Path:
    return build_site("two-langs", tmp_path_factory.mktemp("pdf-two"))


@pytest.fixture(scope="module")
def rtl(tmp_path_factory) -> Path:
    return build_site("rtl", tmp_path_factory.mktemp("pdf-rtl"))


def test_every_language_and_variant_has_a_named_pdf(two_langs):
    names = sorted(p.relative_to(two_langs).as_posix() for p in two_langs.rglob("*.pdf"))
    assert names == [
        "fr/guides/demo/demo.fr.a4-large-print.pdf", "fr/guides/demo/demo.fr.a4.pdf", "fr/guides/demo/demo.fr.letter.pdf",
        "guides/demo/demo.en.a4-large-print.pdf", "guides/demo/demo.en.a4.pdf", "guides/demo/demo.en.letter.pdf",
    ]


def test_pdf_is_tagged_titled_and_in_its_language(two_langs):
    with pikepdf.open(two_langs / "fr/guides/demo/demo.fr.a4.pdf") as pdf:
        assert str(pdf.Root.Lang) == "fr"
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.docinfo.Title) == "Guide de démonstration"
        assert str(pdf.docinfo.Author) == "Pat Fixture, Dr Quinn Fixture"
        meta = pdf.open_metadata()
        assert meta.get("dc:title") == "Guide de démonstration"
        assert meta.get("pdfuaid:part") == "1"
        # every figure has alt text; the picture's alt text is the Markdown's
        figures = [e for e in struct_elements(pdf) if str(e.S) == "/Figure"]
        assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
        assert any(str(f.get("/Alt")) == "A blue square used in tests" for f in figures)


def test_fonts_are_embedded_subset_with_unicode_maps(two_langs):
    with pikepdf.open(two_langs / "fr/guides/demo/demo.fr.a4.pdf") as pdf:
        used = fonts(pdf)
        assert used
        for font in used:
            assert font["embedded"] and font["subset"] and font["to_unicode"], font


def test_bookmarks_follow_the_headings(two_langs):
    with pikepdf.open(two_langs / "fr/guides/demo/demo.fr.a4.pdf") as pdf:
        titles = outline_titles(pdf)
    # title, then the pages in manifest order with their sections, then the back matter
    assert titles[:4] == ["Guide de démonstration", "Deuxième page en français", "Deuxième ancre", "First page in English"]
    t = translations(ROOT / "locales", "fr")
    assert t.gettext("About this guide") in titles
    assert t.gettext("Questions to ask my care team") in titles and t.gettext("Notes") in titles
    assert t.gettext("Contents") not in titles


def test_each_language_pdf_has_its_own_text(two_langs):
    english = pdftext(two_langs / "guides/demo/demo.en.a4.pdf")
    french = pdftext(two_langs / "fr/guides/demo/demo.fr.a4.pdf")
    assert "Second page in English" in english and "Deuxième page en français" not in english
    assert "Deuxième page en français" in french


def test_page_sizes_and_large_print(two_langs):
    sizes = {}
    for variant in ("a4", "letter", "a4-large-print"):
        with pikepdf.open(two_langs / f"guides/demo/demo.en.{variant}.pdf") as pdf:
            box = [round(float(x)) for x in pdf.pages[0].MediaBox]
            sizes[variant] = (box[2], box[3], body_font_size_pt(pdf))
    assert sizes["a4"][:2] == (595, 842) and sizes["a4-large-print"][:2] == (595, 842)
    assert sizes["letter"][:2] == (612, 792)
    assert 11 <= sizes["a4"][2] < 13
    assert sizes["a4-large-print"][2] >= 16


def test_text_cover_contents_pages_and_back_matter(two_langs):
    text = pdftext(two_langs / "fr/guides/demo/demo.fr.a4.pdf")
    t = translations(ROOT / "locales", "fr")
    cover = pdftext(two_langs / "fr/guides/demo/demo.fr.a4.pdf", 1, 1)
    assert "Guide de démonstration" in cover and "Un guide pour les tests." in cover
    # the cover names the translation's own review (none here); the nurse's medical review, with its
    # own date, is in "About this guide" (issue #13)
    assert " ".join(t.gettext("This translation has not been reviewed yet.").split()) in " ".join(cover.split())
    assert "10 février 2026" not in cover and "10 février 2026" in text
    assert "2.1" in cover and "Français" in cover
    assert t.gettext("This guide is example content, written to show how this website works. It is not medical advice and it has not been medically reviewed. Always talk to your own care team.")[:40] in re.sub(r"\s+", " ", cover)
    # contents with page numbers
    contents = pdftext(two_langs / "fr/guides/demo/demo.fr.a4.pdf", 2, 2)
    assert re.search(r"Deuxième page en français[ .]*3", contents)
    assert re.search(r"First page in English[ .]*4", contents)
    # running footer "page X of Y", in French
    pages = len(pikepdf.open(two_langs / "fr/guides/demo/demo.fr.a4.pdf").pages)
    footer = t.gettext("Page %(page)s of %(pages)s") % {"page": 3, "pages": pages}
    assert footer in pdftext(two_langs / "fr/guides/demo/demo.fr.a4.pdf", 3, 3)
    # back matter: people, next review, funder, the online version's URL
    assert "Dr Quinn Fixture (Fixture Hospital)" in text and "14 février 2027" in text
    assert "Le financeur n'a eu aucune influence sur le contenu." in text
    assert "https://fixture.example.org/fr/guides/demo/02-second/" in text
    # the fallback page is marked as such, in French
    assert "First page in English" in text


def test_guide_pages_link_their_pdfs_with_pages_and_size(two_langs):
    html = (two_langs / "fr/guides/demo/01-first/index.html").read_text()
    links = [(href, re.sub(r"<[^>]+>", "", label))  # values sit in <bdi> (right-to-left pages)
             for href, label in re.findall(r'<a href="([^"]+\.pdf)" download[^>]*>(.*?)</a>', html)]
    assert [Path(h).name for h, _ in links] == ["demo.fr.a4.pdf", "demo.fr.letter.pdf", "demo.fr.a4-large-print.pdf"]
    for href, label in links:
        target = (two_langs / "fr/guides/demo/01-first" / href).resolve()
        assert target.is_file()
        pages = len(pikepdf.open(target).pages)
        kilobytes = round(target.stat().st_size / 1000)
        assert f"{pages} pages" in label and re.search(rf"\b{kilobytes}[\s\u202f]ko", label), label


def test_right_to_left_pdf_keeps_logical_order(rtl):
    pdf_path = rtl / "ar/guides/demo/demo.ar.a4.pdf"
    with pikepdf.open(pdf_path) as pdf:
        assert str(pdf.Root.Lang) == "ar"
    # pdftotext marks embedded runs with bidi controls; the words themselves come in logical order
    # (words without the lam-alef ligature: pdftotext reverses the two letters of a ligature glyph)
    text = re.sub("[\u202a-\u202e]", "", pdftext(pdf_path))
    assert "مرحبا" in text and "هذه صفحة تجريبية" in text and "زوروا الموقع" in text
    assert "example.org/help" in text and "2026" in text
    assert "المحتويات" in text  # the fixture's own Arabic catalog


def test_second_run_renders_nothing_and_output_is_identical(tmp_path):
    site = copy_site("two-langs", tmp_path)
    run_guidepress("build", cwd=site)
    before = {p: p.read_bytes() for p in (site / "site").rglob("*.pdf")}
    again = run_guidepress("build", cwd=site)  # the site is rebuilt from scratch: PDFs come from the cache
    assert "PDFs: 6 (0 rendered, 6 unchanged)" in again.stdout
    after = {p: p.read_bytes() for p in (site / "site").rglob("*.pdf")}
    assert after == before
    # an edit to one page renders only that language's PDFs again
    page = site / "guides/demo/fr/02-second.md"
    page.write_text(page.read_text() + "\nUne phrase de plus.\n")
    third = run_guidepress("build", cwd=site)
    assert "PDFs: 6 (3 rendered, 3 unchanged)" in third.stdout


def test_rendering_from_scratch_is_deterministic(tmp_path):
    site = copy_site("two-langs", tmp_path)
    run_guidepress("build", "--variant", "a4", cwd=site)
    first = (site / "site/guides/demo/demo.en.a4.pdf").read_bytes()
    shutil.rmtree(site / ".cache")
    run_guidepress("pdf", "--lang", "en", "--variant", "a4", cwd=site)
    assert (site / "site/guides/demo/demo.en.a4.pdf").read_bytes() == first


def test_a_resource_outside_the_project_stops_the_site_build(tmp_path):
    site = copy_site("two-langs", tmp_path)
    page = site / "guides/demo/en/01-first.md"
    page.write_text(page.read_text() + "\n![Tracker](https://tracker.example.com/pixel.png)\n")
    proc = run_guidepress("build", cwd=site, check=False)
    assert proc.returncode == 1
    assert "guides/demo/en/01-first.md:9: [resources] the page loads 'https://tracker.example.com/pixel.png'" in proc.stderr


def test_a_resource_outside_the_project_is_refused_by_the_renderer(tmp_path, two_langs):
    doc = tmp_path / "site" / "print.html"
    doc.parent.mkdir()
    doc.write_text('<html lang="en"><head><title>x</title></head><body>'
                   '<article data-gp-source="guides/demo/en/01-first.md"><p>Fine.</p></article>'
                   '<article data-gp-source="guides/demo/en/02-second.md"><img src="file:///etc/hostname" alt="x"></article>'
                   "</body></html>")
    job = Job(html=str(doc), variant="a4", output=str(tmp_path / "out.pdf"), site_dir=str(doc.parent),
              cache=str(tmp_path / "cache.pdf"), key="k")
    with pytest.raises(RenderError, match=r"guides/demo/en/02-second\.md: \[resources\] 'file:///etc/hostname'"):
        render_job(job)
    assert not (tmp_path / "out.pdf").exists() and not (tmp_path / "cache.pdf").exists()
    # a reference that slips past the check (CSS) is refused by the fetcher itself
    doc.write_text('<html lang="en"><head><title>x</title></head><body><p>x</p>'
                   '<div style="background: url(../../etc/hostname)">y</div></body></html>')
    with pytest.raises(RenderError, match="outside the project"):
        render_job(job)


def test_a_missing_glyph_fails_with_the_page_named(tmp_path):
    site = copy_site("two-langs", tmp_path)
    page = site / "guides/demo/en/02-second.md"
    page.write_text(page.read_text() + "\nA shaking face: \U0001FAE8\n")
    proc = run_guidepress("build", "--variant", "a4", cwd=site, check=False)
    assert proc.returncode == 1
    assert "guides/demo/en/02-second.md: [pdf] no installed font has the character" in proc.stderr


def test_shipped_guides_in_every_script(shipped_site, tmp_path):
    """Latin, Greek, Cyrillic and Chinese: embedded fonts, no missing glyph (a warning would fail)."""
    run_guidepress("pdf", "--site-dir", str(shipped_site), "--cache-dir", str(tmp_path / "cache"),
                   "--guide", "questions-for-your-care-team", "--variant", "a4",
                   "--lang", "fr", "--lang", "el", "--lang", "bg", "--lang", "zh", cwd=ROOT)
    expected = {"fr": "Questions à poser", "el": "Ερωτήσεις", "bg": "Въпроси", "zh": "医护团队"}
    for lang, words in expected.items():
        path = shipped_site / lang / "guides/questions-for-your-care-team" / f"questions-for-your-care-team.{lang}.a4.pdf"
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == lang
            assert all(f["embedded"] and f["subset"] and f["to_unicode"] for f in fonts(pdf))
            if lang == "zh":
                assert any("CJK" in f["name"] for f in fonts(pdf))
        assert words in pdftext(path, 1, 1), lang
        # back matter: the glossary of the terms the guide uses, and the support list of the language
        t = translations(ROOT / "locales", lang)
        sep = "" if lang == "zh" else " "
        text = re.sub(r"\s+", sep, pdftext(path))
        for message in ("Glossary", "Find support", "Example entry, not a real service"):
            assert re.sub(r"\s+", sep, t.gettext(message)) in text, (lang, message)
