"""Text of another direction is isolated in a right-to-left page, on the site and in the PDF.

The right-to-left fixture is copied and given what the bidi rules are about: an English page the
Arabic site shows as a fallback (its notice is an English sentence, untranslated in the fixture's
catalog, around Arabic language names), Latin names with affiliations and dates, two translators,
a funder named per language, a summary with no Arabic text. Then the HTML is parsed (what is
isolated), Chromium lays the page out (the visual order on screen) and the Arabic PDF's text is
read (the order on paper).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from browser import chromium, serve
from conftest import copy_site, run_guidepress, tags, text_of

FALLBACK_NOTICE = "This page is not yet available in"
TRANSLATORS = ("Jane Translator", "Omar Example")
ENGLISH_ONLY = "99-english-only"


def _fill(site: Path) -> None:
    """Add to the copied fixture: an English-only page; a reviewer; translators; a funder."""
    guide = site / "guides/demo"
    manifest = yaml.safe_load((guide / "guide.yml").read_text(encoding="utf-8"))
    manifest["pages"].append(ENGLISH_ONLY + ".md")
    manifest["summary"] = {k: v for k, v in manifest["summary"].items() if k != "ar"}  # no Arabic summary
    manifest["funder"]["name"] = {"en": "National Care Fund", "ar": "صندوق الرعاية الوطني"}
    manifest["reviewers"] = [{"name": "Dr Alex Reviewer", "role": "oncologist", "affiliation": "City Clinic 2",
                              "date": "2026-01-05"}]
    (guide / "guide.yml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (guide / "en" / (ENGLISH_ONLY + ".md")).write_text("# Last page\n\nOnly in English.\n", encoding="utf-8")
    config = site / "mkdocs.yml"
    if "locale: he" not in config.read_text(encoding="utf-8"):  # a second right-to-left language, no catalog
        config.write_text(config.read_text(encoding="utf-8").replace(
            "        - {locale: ar, name: auto}\n", "        - {locale: ar, name: auto}\n        - {locale: he, name: auto}\n"),
            encoding="utf-8")
    if not list(guide.glob("he/*.md")):
        (guide / "he").mkdir(exist_ok=True)
        (guide / "he/01-first.md").write_text((guide / "ar/01-first.md").read_text(encoding="utf-8"), encoding="utf-8")
    first = guide / "ar/01-first.md"
    names = "".join(f"    - name: {name}\n" for name in TRANSLATORS)
    first.write_text(first.read_text(encoding="utf-8").replace(
        "  status: draft\n", "  status: draft\n  translators:\n" + names, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def bidi_site(tmp_path_factory) -> Path:
    site = copy_site("rtl", tmp_path_factory.mktemp("bidi"))
    _fill(site)
    run_guidepress("build", "--no-pdf", cwd=site)
    return site


def read(site: Path, rel: str) -> str:
    return (site / "site" / rel / "index.html").read_text(encoding="utf-8")


def element_html(html: str, cls: str) -> str:
    """The first element whose class list holds ``cls``, up to its closing tag (no nesting of
    the same tag name inside, as in guidepress's notices and paragraphs)."""
    m = re.search(r'<(\w+)[^>]*class="[^"]*\b%s\b[^"]*"[^>]*>' % re.escape(cls), html)
    assert m, cls
    end = html.index(f"</{m.group(1)}>", m.end())
    return html[m.start():end]


def test_untranslated_notice_is_marked_english_and_language_names_isolated(bidi_site):
    notice = element_html(read(bidi_site, "ar/guides/demo/" + ENGLISH_ONLY), "gp-notice--fallback")
    spans = [t for t in tags(notice) if t.get("lang") == "en"]
    assert spans and spans[0]["dir"] == "ltr", notice
    bdis = tags(notice, "bdi")
    assert len(bdis) == 2 and all(b.get("dir") == "rtl" for b in bdis), notice  # two Arabic language names
    assert re.search(r'<span lang="en" dir="ltr">This page is not yet available in <bdi dir="rtl">', notice)


def test_print_document_isolates_the_same_fragments(bidi_site):
    html = read(bidi_site, "ar/guides/demo/print")
    chapter = element_html(html[html.index(f'id="p-{ENGLISH_ONLY}"'):], "gp-chapter__notice")
    assert '<span lang="en" dir="ltr">' + FALLBACK_NOTICE in chapter and len(tags(chapter, "bdi")) == 2
    cover = element_html(html, "gp-cover__summary")
    assert tags(cover)[0]["lang"] == "en" and tags(cover)[0]["dir"] == "ltr"  # English summary on an Arabic cover
    assert 'lang="en" dir="ltr"' in element_html(html, "gp-cover__notice")  # untranslated in the fixture
    about = html[html.index('id="gp-about"'):]
    assert '<bdi dir="ltr">Dr Alex Reviewer</bdi> (<bdi dir="ltr">City Clinic 2</bdi>)' in about
    assert all(f'<bdi dir="ltr">{name}</bdi>' in about for name in TRANSLATORS)


def test_translators_and_translated_funder_in_site_and_print(bidi_site):
    for rel in ("ar/guides/demo/01-first", "ar/guides/demo/print"):
        text = text_of(read(bidi_site, rel))
        assert all(name in text for name in TRANSLATORS), rel
        assert "صندوق الرعاية الوطني" in text and "National Care Fund" not in text, rel
    english = text_of(read(bidi_site, "guides/demo/print"))
    assert "National Care Fund" in english and "Jane Translator" not in english  # the Arabic page's translators


def test_another_right_to_left_language_without_catalog(bidi_site):
    """Hebrew has no catalog in the fixture: every interface string is English and marked so; the
    funder, named in English and Arabic only, is shown in English with its lang and dir."""
    page = sorted((bidi_site / "guides/demo/he").glob("*.md"))[0].stem
    html = read(bidi_site, f"he/guides/demo/{page}")
    notice = element_html(html, "gp-notice")
    assert '<span lang="en" dir="ltr">' in notice, notice
    meta = element_html(html, "gp-guide-meta")
    assert '<span lang="en" dir="ltr"><bdi dir="ltr">National Care Fund</bdi>.</span>' in meta, meta
    about = read(bidi_site, "he/guides/demo/print")
    assert '<span lang="en" dir="ltr"><bdi dir="ltr">National Care Fund</bdi>.</span>' in about


def _rects(page, selector: str, words: list[str]) -> dict[str, dict]:
    """The on-screen box of each of ``words`` (first occurrence) inside the element ``selector``."""
    return page.evaluate("""([selector, words]) => {
        const root = document.querySelector(selector);
        const out = {};
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const word of words) {
                const at = node.data.indexOf(word);
                if (at < 0 || out[word]) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + word.length);
                const r = range.getClientRects()[0];
                out[word] = {left: r.left, right: r.right, top: r.top};
            }
        }
        return out;
    }""", [selector, words])


@pytest.fixture(scope="module")
def arabic_page(bidi_site):
    """A Chromium page on the built site (wide, so that the lines measured are not wrapped)."""
    with serve(bidi_site / "site", ("en", "ar")) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": 1600, "height": 900})
        yield page, url


def test_visual_order_of_an_english_notice_in_an_arabic_page(arabic_page):
    """The untranslated fallback notice reads left to right around the Arabic language names
    (unisolated, it came out as ``.version الإنجليزية You are reading the``)."""
    page, url = arabic_page
    page.goto(url + "ar/guides/demo/" + ENGLISH_ONLY + "/")
    page.add_style_tag(content=".gp-notice p { white-space: nowrap; font-size: 10px }")
    found = _rects(page, ".gp-notice--fallback p", ["This page", "You are reading", "version."])
    assert len(found) == 3, found
    assert found["This page"]["top"] == found["version."]["top"]  # one line
    assert found["This page"]["right"] < found["You are reading"]["left"] < found["version."]["left"], found


def test_visual_order_of_latin_names_in_an_arabic_list(arabic_page):
    """Two Latin translators' names are listed right to left (the first on the right), and a
    reviewer's name stays right of their affiliation (unisolated, the Latin run swallowed both)."""
    page, url = arabic_page
    page.goto(url + "ar/guides/demo/01-first/")
    page.add_style_tag(content=".gp-guide-meta dd, .gp-guide-meta li { white-space: nowrap; font-size: 10px }")
    names = _rects(page, ".gp-guide-meta", list(TRANSLATORS))
    assert names[TRANSLATORS[0]]["top"] == names[TRANSLATORS[1]]["top"]
    assert names[TRANSLATORS[0]]["left"] > names[TRANSLATORS[1]]["right"], names
    reviewer = _rects(page, ".gp-guide-meta", ["Dr Alex Reviewer", "City Clinic 2"])
    assert reviewer["Dr Alex Reviewer"]["left"] > reviewer["City Clinic 2"]["right"], reviewer


def _pdf_text(pdf: Path) -> str:
    """``pdftotext -layout`` of ``pdf`` on one line, without the embedding marks it adds."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", out))


def test_pdf_keeps_english_fragments_in_order(bidi_site):
    """The Arabic A4 PDF: English sentences read in order, their full stop at their end (unisolated,
    pdftotext read ".version الإنجليزية You are reading the . العربية This page..."); the translators
    and the Arabic funder's name are printed. The download link's untranslated label is marked English."""
    run_guidepress("pdf", "--lang", "ar", "--variant", "a4", cwd=bidi_site)
    flat = _pdf_text(next((bidi_site / "site/ar").rglob("*.ar.a4.pdf")))
    assert "This guide is a draft. It has not been approved for publication yet." in flat, flat
    assert "A right-to-left fixture guide." in flat, flat  # the English summary on the Arabic cover
    assert re.search(r"This page is not yet available in \S+\. You are reading the\s+\S+?\s*version\.", flat), flat
    assert all(name in flat for name in TRANSLATORS) and "صندوق الرعاية الوطني" in flat, flat
    links = element_html(read(bidi_site, "ar/guides/demo/01-first"), "gp-downloads")  # filled by 'pdf'
    assert '<span lang="en" dir="ltr">PDF, <bdi dir="ltr">A4</bdi>: <bdi dir="ltr">' in links, links


MANIFEST = """status: draft
version: "1.0"
published: 2026-01-05
last_reviewed: 2026-01-05
next_review: 2027-01-05
title: Demo
summary: A demo.
pages: [01-first.md]
co_creators:
  - name: Sami Fixture
    role: caregiver
funder:
  name: {name}
  independence: No funder.
"""


@pytest.mark.parametrize("name,expected", [("National Care Fund", {"en": "National Care Fund"}),
                                           ("{en: National Care Fund, ar: صندوق}", {"en": "National Care Fund", "ar": "صندوق"})])
def test_funder_name_is_one_name_or_one_per_language(tmp_path, name, expected):
    from guidepress.model.manifest import load_guide

    (tmp_path / "demo/en").mkdir(parents=True)
    (tmp_path / "demo/en/01-first.md").write_text("# First\n", encoding="utf-8")
    (tmp_path / "demo/guide.yml").write_text(MANIFEST.format(name=name), encoding="utf-8")
    assert load_guide(tmp_path / "demo", ["en", "ar"], "en", tmp_path).funder_name == expected


def test_funder_name_in_an_unknown_language_is_a_clear_error(tmp_path):
    from guidepress.model.errors import ContentError
    from guidepress.model.manifest import load_guide

    (tmp_path / "demo/en").mkdir(parents=True)
    (tmp_path / "demo/en/01-first.md").write_text("# First\n", encoding="utf-8")
    (tmp_path / "demo/guide.yml").write_text(MANIFEST.format(name="{en: Fund, xx: Fonds}"), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_guide(tmp_path / "demo", ["en", "ar"], "en", tmp_path)
    [finding] = info.value.findings
    assert finding.path == "demo/guide.yml" and finding.line == 13, finding
    assert "unknown language 'xx'" in finding.message
