"""One reader view (issues #15 and #13): the site's pages and the print document say the same
things about a guide (notices, "About this guide"), made by guidepress/view/reader.py and rendered
by the one set of macros; and the trust information never overstates (medical vs editorial review,
a translation's own review, "No sources listed", translators in the PDF). Real builds of fixture
sites, the PDF read with pdftotext."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guidepress.model.catalogs import translations
from guidepress.model.translation import source_hash

from conftest import ROOT, copy_site, run_guidepress, text_of
from pdfcheck import pdftext

EDITORIAL_ONLY = """reviewers:
  - name: Jo Fixture
    role: plain-language-editor
    date: 2026-02-12
sources: []
"""


def _editorial_only(site: Path) -> None:
    """The two-language guide reviewed by a plain-language editor only, with no sources; a
    made-up co-creator marked ``fictional``."""
    manifest = site / "guides/demo/guide.yml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("  - name: Pat Fixture\n", "  - name: Pat Fixture\n    fictional: true\n")
    start, end = text.index("reviewers:"), text.index("funder:")
    manifest.write_text(text[:start] + EDITORIAL_ONLY + text[end:], encoding="utf-8")


def _translation(site: Path, page: str, body: str, status: str, reviews: str = "") -> None:
    """A French page translated from the current English page."""
    current = source_hash((site / f"guides/demo/en/{page}").read_text(encoding="utf-8"))
    (site / f"guides/demo/fr/{page}").write_text(
        f"---\ntranslation:\n  source_hash: {current}\n  status: {status}\n  translators:\n"
        f"    - name: Camille Fixture\n{reviews}---\n\n{body}", encoding="utf-8")


@pytest.fixture(scope="module")
def two_langs(tmp_path_factory) -> Path:
    """two-langs with an editorial review only, no sources, a draft French page (02-second) and
    a reviewed one (01-first); the site and the French and English A4 PDFs."""
    site = copy_site("two-langs", tmp_path_factory.mktemp("reader"))
    _editorial_only(site)
    second = (site / "guides/demo/fr/02-second.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    _translation(site, "02-second.md", second, "draft")
    first = (site / "guides/demo/en/01-first.md").read_text(encoding="utf-8")
    first = first.replace("First page in English", "Première page en français")
    _translation(site, "01-first.md", first, "reviewed",
                 "  reviews:\n    - name: Dominique Fixture\n      role: translator\n      date: 2026-03-02\n"
                 f"      source_hash: {source_hash((site / 'guides/demo/en/01-first.md').read_text(encoding='utf-8'))}\n")
    run_guidepress("build", "--variant", "a4", "-j", "1", cwd=site)
    return site / "site"


@pytest.fixture(scope="module")
def rtl(tmp_path_factory) -> Path:
    site = copy_site("rtl", tmp_path_factory.mktemp("reader-rtl"))
    manifest = site / "guides/demo/guide.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "funder:", "sources:\n  - title: A fixture guideline\n    publisher: Fixture Society\nfunder:"), encoding="utf-8")
    run_guidepress("build", "--no-pdf", cwd=site)
    return site / "site"


def words(value: str) -> str:
    """``value`` with its white space (a no-break space too) as single spaces."""
    return " ".join(value.split())


def read(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def trust_panel(html: str) -> str:
    """The text of "About this guide" (the reader macros' <dl class="gp-trust">)."""
    found = re.findall(r'<dl class="gp-trust">.*?</dl>', html, flags=re.S)
    assert len(found) == 1, "one trust panel"
    return " ".join(text_of(found[0]).split())


def notices(html: str) -> dict[str, str]:
    """Each notice's kind and sentence (a box's title left out: the sentence is what both say)."""
    out = {}
    found = re.findall(r'<div [^>]*data-gp-notice="([a-z-]+)"[^>]*>(.*?)</div>', html, flags=re.S)
    found += re.findall(r'<p [^>]*data-gp-notice="([a-z-]+)"[^>]*>(.*?)</p>', html, flags=re.S)
    for kind, body in found:
        assert kind not in out, f"one {kind} notice"
        body = re.sub(r'<p class="admonition-title">.*?</p>', "", body, flags=re.S)
        out[kind] = " ".join(text_of(body).split())
    return out


def chapter(print_html: str, stem: str) -> str:
    found = re.search(rf'<article class="gp-chapter" id="p-{stem}".*?</article>', print_html, flags=re.S)
    assert found, stem
    return found.group(0)


def cover(print_html: str) -> str:
    return re.search(r'<section class="gp-cover".*?</section>', print_html, flags=re.S).group(0)


@pytest.mark.parametrize("lang_dir, page", [("", "02-second"), ("fr/", "02-second"), ("fr/", "01-first")])
def test_site_and_print_say_the_same_about_the_guide(two_langs, lang_dir, page):
    site_html = read(two_langs, f"{lang_dir}guides/demo/{page}")
    print_html = read(two_langs, f"{lang_dir}guides/demo/print")
    site_notices, cover_notices = notices(site_html), notices(cover(print_html))
    assert site_notices["example"] == cover_notices["example"]  # the guide's status, one message
    # the page's own notice is the printed chapter's, word for word
    page_notice = {k: v for k, v in site_notices.items() if k != "example"}
    assert page_notice == notices(chapter(print_html, page))
    if page == "01-first":  # the reviewed page's panel names its own review; the PDF's covers every page
        return
    assert trust_panel(site_html) == trust_panel(print_html)


def test_editorial_review_only_never_reads_as_a_medical_review(two_langs):
    t = translations(ROOT / "locales", "fr")
    for rel, lang, date in (("guides/demo/02-second", "en", "February 12, 2026"),
                            ("fr/guides/demo/02-second", "fr", "12 février 2026")):
        cat = translations(ROOT / "locales", lang)
        html = read(two_langs, rel)
        panel = trust_panel(html)
        assert cat.gettext("No medical review yet.") in panel
        assert words(cat.gettext("Editorial review: %(date)s") % {"date": date}) in panel
        assert cat.gettext("Medical review: %(date)s").split("%")[0].strip() not in text_of(html)
        assert "Last reviewed" not in text_of(html) and t.gettext("Last reviewed") not in text_of(html)
        assert '<time datetime="2026-02-14">' not in html  # 'last_reviewed' is no review of its own
        line = " ".join(text_of(re.search(r'<p class="gp-review-line">.*?</p>', html, flags=re.S).group(0)).split())
        assert cat.gettext("No medical review yet.") in line
    # so does the PDF's cover: in English the guide's reviews; a draft translation's cover names no
    # review (its draft notice says it is unchecked; the rest is in "About this guide")
    english_cover = words(text_of(cover(read(two_langs, "guides/demo/print"))))
    assert "No medical review yet. Editorial review: February 12, 2026" in english_cover
    french_cover = cover(read(two_langs, "fr/guides/demo/print"))
    assert "gp-review" not in french_cover and 'data-gp-notice="draft"' in french_cover
    assert "12 février 2026" not in text_of(french_cover)
    # the guide list card follows the same rule
    home = " ".join(text_of(re.search(r'<section class="gp-guide-list".*?</section>',
                                      read(two_langs, ""), flags=re.S).group(0)).split())
    assert "No medical review yet." in home and "Editorial review: February 12, 2026" in home
    assert "Last reviewed" not in home


def test_a_translation_shows_its_own_review_and_labels_the_source_review(two_langs):
    t = translations(ROOT / "locales", "fr")
    source_label = words(t.gettext("Review of the %(source)s text:") % {"source": "anglais"})
    draft = read(two_langs, "fr/guides/demo/02-second")
    panel = trust_panel(draft)
    assert t.gettext("This translation has not been reviewed yet.") in panel
    assert f"{source_label} {t.gettext('No medical review yet.')}" in panel
    # the language name is isolated in the French sentence
    assert '<bdi dir="ltr">anglais</bdi>' in draft
    reviewed = trust_panel(read(two_langs, "fr/guides/demo/01-first"))
    assert words(t.gettext("Review of this translation: %(date)s") % {"date": "2 mars 2026"}) in reviewed
    assert source_label in reviewed
    english = trust_panel(read(two_langs, "guides/demo/02-second"))  # the source: no such labels
    assert "Review of the" not in english and "translation" not in english


def test_fictional_in_the_readers_language(two_langs):
    t = translations(ROOT / "locales", "fr")
    for rel in ("fr/guides/demo/02-second", "fr/guides/demo/print"):
        assert f"Pat Fixture {t.gettext('(fictional)')}" in trust_panel(read(two_langs, rel))
    assert "Pat Fixture (fictional)" in trust_panel(read(two_langs, "guides/demo/02-second"))


def test_no_sources_listed_and_translators_in_the_pdf(two_langs):
    t = translations(ROOT / "locales", "fr")
    assert t.gettext("No sources listed") in trust_panel(read(two_langs, "fr/guides/demo/02-second"))
    assert "No sources listed" in trust_panel(read(two_langs, "guides/demo/02-second"))
    text = " ".join(pdftext(two_langs / "fr/guides/demo/demo.fr.a4.pdf").split())
    assert t.gettext("Translated by") in text and "Camille Fixture" in text
    assert t.gettext("No sources listed") in text
    assert t.gettext("This translation has not been reviewed yet.") in text
    assert words(t.gettext("Editorial review: %(date)s") % {"date": "12 février 2026"}) in text
    english = " ".join(pdftext(two_langs / "guides/demo/demo.en.a4.pdf").split())
    assert "Translated by" not in english and "Camille Fixture" not in english


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_right_to_left_site_and_print_say_the_same(rtl, lang):
    site_html = read(rtl, f"{lang}/guides/demo/02-care")
    print_html = read(rtl, f"{lang}/guides/demo/print")
    assert trust_panel(site_html) == trust_panel(print_html)
    site_notices = notices(site_html)
    assert site_notices["draft-guide"] == notices(cover(print_html))["draft-guide"]
    page_notice = {k: v for k, v in site_notices.items() if k != "draft-guide"}
    assert page_notice and page_notice == notices(chapter(print_html, "02-care"))
    # a source's title, as the manifest gives it, is marked as the source language's
    assert '<li lang="en" dir="ltr"><bdi dir="ltr">A fixture guideline</bdi>' in site_html
    # the English funder's name is marked as English in the right-to-left page
    assert re.search(r'<span lang="en" dir="ltr"><bdi dir="ltr">None</bdi>\.</span>', site_html)


def test_one_message_id_for_the_outdated_notice():
    """The site and the print template once had two sentences for an outdated page."""
    pot = (ROOT / "locales/messages.pot").read_text(encoding="utf-8")
    assert "page has changed since this translation was made" not in pot
    assert 'msgid ""\n"The %(source)s page changed on %(date)s, after this translation was made.' in pot


def test_a_published_guide_without_sources_is_a_check_error(tmp_path):
    site = copy_site("two-langs", tmp_path)
    _editorial_only(site)
    manifest = site / "guides/demo/guide.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("status: example", "status: published"),
                        encoding="utf-8")
    line = manifest.read_text(encoding="utf-8").split("\n").index("sources: []") + 1
    proc = run_guidepress("check", cwd=site, check=False)
    assert proc.returncode != 0
    assert (f"guides/demo/guide.yml:{line}: [manifest] a published guide must list its sources: add each "
            "guideline or article the guide rests on under 'sources' (title, publisher, year, url), or set "
            "'status: draft' until it has them") in proc.stdout
