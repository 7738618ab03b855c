"""Issue #13: search finds what the reader can read, the site speaks the reader's language
everywhere, and every guide page has a way to say what was unclear.

* Search: a language's index holds the pages it shows in English (fallback pages), their results
  titled "(in English)" in the reader's language; the glossary is one result per entry, at its
  anchor. Checked in the shipped site (built once, conftest's ``shipped_site``), in a fixture
  built by ``guidepress build`` (one language per process) and by ``mkdocs build`` (static-i18n's
  index of every language, split), and in Chromium.
* The theme's words: the light/dark toggle's labels, the meta description, the footer (links to
  the accessibility statement and privacy page, "Made with guidepress"), ``lang`` on navigation
  titles shown in English, the navigation's order.
* The feedback link: a plain link from the plugin option ``feedback_url``, checked at config.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from browser import chromium, run_axe, serve
from conftest import SHIPPED_LANGS, copy_site, run_guidepress, tags, text_of
from test_site_pages import prefix, translated

FALLBACK_GUIDE = "fatigue-during-treatment"  # in English in bg and fi (and 12 other languages)
SOURCE_NAMES = {"bg": "английски", "fi": "englanti", "fr": "anglais"}


def index(site: Path, lang: str) -> list[dict]:
    return json.loads((site / prefix(lang) / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def in_english(lang: str) -> str:
    return translated(lang, "(in %(language)s)") % {"language": SOURCE_NAMES[lang]}


# -- search ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["bg", "fi"])
def test_fallback_guide_is_in_the_language_index_marked_english(shipped_site, lang):
    docs = index(shipped_site, lang)
    pages = {d["location"]: d for d in docs if "#" not in d["location"]}
    guide = sorted(loc for loc in pages if loc.startswith(f"guides/{FALLBACK_GUIDE}/"))
    assert len(guide) == 5, sorted(pages)
    for loc in guide:
        assert (shipped_site / prefix(lang) / loc / "index.html").is_file()
        assert pages[loc]["title"].endswith(" " + in_english(lang)), pages[loc]["title"]
    # the word the reader types finds it: "fatigue" is in the titles and texts of the language's index
    assert sum("fatigue" in (d["title"] + d["text"]).lower() for d in docs) >= 5
    # pages translated into the language are not marked
    own = [d for loc, d in pages.items() if loc.startswith("guides/questions-for-your-care-team/")]
    assert own and not any(in_english(lang) in d["title"] for d in own)


def test_a_translated_guide_is_not_indexed_twice(shipped_site):
    docs = index(shipped_site, "fr")
    locations = [d["location"] for d in docs]
    assert len(locations) == len(set(locations))
    assert not any(translated("fr", "(in %(language)s)") % {"language": "anglais"} in d["title"]
                   for d in docs if d["location"].startswith(f"guides/{FALLBACK_GUIDE}/"))


@pytest.mark.parametrize("lang", ["en", "bg", "zh"])
def test_each_glossary_entry_is_its_own_result_at_its_anchor(shipped_site, lang):
    docs = index(shipped_site, lang)
    html = (shipped_site / prefix(lang) / "glossary/index.html").read_text(encoding="utf-8")
    terms = re.findall(r'<dt id="([^"]+)"[^>]*>(.*?)</dt>', html.split('<dl class="gp-glossary">', 1)[1], re.S)
    assert len(terms) >= 8
    entries = {d["location"]: d for d in docs if d["location"].startswith("glossary/#")}
    for anchor, term in terms:
        entry = entries.get(f"glossary/#{anchor}")
        assert entry is not None, f"{lang}: no search entry for glossary/#{anchor}"
        assert re.sub(r"[\u200b\s]", "", entry["title"]).startswith(re.sub(r"[\u200b\s]", "", text_of(term))), entry
        assert len(entry["text"]) > len("<p></p>") + 4
    # the page's own result is its introduction, not every entry again
    page = next(d for d in docs if d["location"] == "glossary/")
    assert len(page["text"]) < 400, page["text"]


def _fixture_build(tmp_path: Path, name: str, how: str) -> Path:
    site = copy_site(name, tmp_path)
    if how == "guidepress":
        run_guidepress("build", "--no-pdf", cwd=site)
        return site / "site"
    env = {k: v for k, v in os.environ.items() if k != "GUIDEPRESS_LANGUAGES"} | {"NO_MKDOCS_2_WARNING": "1"}
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=site, env=env,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.mark.parametrize("how", ["guidepress", "mkdocs"])
def test_fixture_indexes_fallback_pages_and_glossary_entries(tmp_path, how):
    """Both ways a site is built: one language per process (the search entries of each language
    build) and mkdocs build (static-i18n's index of every language, which drops fallback copies
    as duplicates)."""
    out = _fixture_build(tmp_path, "glossary", how)
    fr = {d["location"]: d["title"] for d in index(out, "fr")}
    en = {d["location"]: d["title"] for d in index(out, "en")}
    # the French glossary: every entry, the untranslated one marked English
    assert fr["glossary/#care-team"] == "Équipe soignante"
    # (this fixture has catalogs of its own, without the marker's translation: the English message)
    assert fr["glossary/#palliative-care"] == "Palliative care (in anglais)"
    assert en["glossary/#palliative-care"] == "Palliative care"
    assert sum(loc.startswith("glossary/#") for loc in fr) == sum(loc.startswith("glossary/#") for loc in en) == 6
    out2 = _fixture_build(tmp_path / "two", "two-langs", how)
    fr = {d["location"]: d["title"] for d in index(out2, "fr")}
    assert fr["guides/demo/01-first/"] == f"First page in English {in_english('fr')}"
    assert fr["about/"] == f"About the fixture {in_english('fr')}"
    assert fr["guides/demo/02-second/"] == "Deuxième page en français"


# -- the theme's words in the reader's language -------------------------------------------------

def guide_page(site: Path, lang: str, guide: str = FALLBACK_GUIDE, page: str = "02-pacing") -> str:
    return (site / prefix(lang) / "guides" / guide / page / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", SHIPPED_LANGS)
def test_toggle_description_and_footer_speak_the_language(shipped_site, lang):
    html = guide_page(shipped_site, lang, "questions-for-your-care-team", "01-getting-ready")
    labels = {a.get("title") for a in tags(html, "label") if a.get("for", "").startswith("__palette_")}
    assert labels == {translated(lang, "Switch to dark mode"), translated(lang, "Switch to light mode")}, labels
    description = [m for m in tags(html, "meta") if m.get("name") == "description"]
    assert [m["content"] for m in description] == [
        translated(lang, "Patient guides co-created with patients, caregivers and clinicians.")]
    footer = html.split('<div class="md-copyright">', 1)[1].split("</footer>", 1)[0]
    assert "Material for MkDocs" not in footer and "squidfunk" not in footer
    links = [a["href"] for a in tags(footer, "a")]
    assert links == ["../../../accessibility/", "../../../privacy/"], links
    titles = re.findall(r"<a [^>]*>([^<]+)</a>", footer)
    for name, title in zip(("accessibility", "privacy"), titles):
        page = (shipped_site / prefix(lang) / name / "index.html").read_text(encoding="utf-8")
        assert title in re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    assert translated(lang, "Made with guidepress") in footer
    if lang != "en":
        assert 'lang="en"' not in footer


@pytest.mark.parametrize("lang", ["bg", "fi", "fr"])
def test_navigation_titles_shown_in_english_carry_lang(shipped_site, lang):
    html = (shipped_site / prefix(lang) / "index.html").read_text(encoding="utf-8")
    nav = html.split("md-nav--primary", 1)[1]
    marked = set(re.findall(r'<span lang="en" dir="ltr">([^<]+)</span>', nav))
    # the caregiver guide is in English in every language but English: its title and pages
    assert "Looking after yourself as a caregiver" in marked
    assert "Your role and your feelings" in marked
    # a translated guide's pages are not marked
    assert 'lang="en"' not in nav.split("questions-for-your-care-team/01-getting-ready/", 1)[1].split("</a>", 1)[0]
    if lang == "fr":  # the fatigue guide is translated into French
        assert not any("fatigue" in t.lower() for t in marked)
    else:
        assert any("fatigue" in t.lower() for t in marked)


@pytest.mark.parametrize("lang", ["bg", "fi"])
def test_header_and_previous_next_titles_in_english_carry_lang(shipped_site, lang):
    html = guide_page(shipped_site, lang)  # 02-pacing of the guide shown in English
    topic = html.split('data-md-component="header-topic"', 1)[1].split("</span>", 1)[0]
    assert '<span class="md-ellipsis" lang="en" dir="ltr">' in topic and "Pacing" in topic
    footer = html.split('<nav class="md-footer__inner', 1)[1].split("</nav>", 1)[0]
    titles = re.findall(r'<div class="md-ellipsis"([^>]*)>\s*([^<]+?)\s*</div>', footer)
    assert [t for _, t in titles] == ["What treatment-related fatigue is", "Sleep and rest"], titles
    assert all(attrs == ' lang="en" dir="ltr"' for attrs, _ in titles), titles
    # a translated page's header title is not marked
    own = guide_page(shipped_site, lang, "questions-for-your-care-team", "02-diagnosis-and-tests")
    topic = own.split('data-md-component="header-topic"', 1)[1].split("</span>", 1)[0]
    assert 'lang="en"' not in topic


def test_navigation_order_puts_the_pages_about_the_site_last(shipped_site):
    for lang in ("en", "bg", "zh"):
        html = (shipped_site / prefix(lang) / "index.html").read_text(encoding="utf-8")
        nav = html.split("md-nav--primary", 1)[1].split('<div class="md-sidebar md-sidebar--secondary"', 1)[0]
        top = [h for h in re.findall(r'href="([^"#]+)"', nav) if h not in ("./", ".")]
        order = []
        for href in top:
            key = "guides" if href.startswith("guides/") else href
            if key not in order:
                order.append(key)
        expected = ["guides", "how-guides-are-made/", "glossary/", "find-support/", "accessibility/", "privacy/"]
        assert order[:len(expected)] == expected, (lang, order)


# -- feedback ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "bg", "zh", "fr"])
def test_every_guide_page_has_the_feedback_link_with_its_address_and_language(shipped_site, lang):
    for guide, page in ((FALLBACK_GUIDE, "02-pacing"), ("questions-for-your-care-team", "01-getting-ready")):
        html = guide_page(shipped_site, lang, guide, page)
        links = [a for a in tags(html, "a") if "gp-feedback__link" in a.get("class", "")]
        assert len(links) == 1, (lang, guide)
        href = links[0]["href"]
        assert href.startswith("mailto:feedback@example.org?")
        query = parse_qs(urlsplit(href).query)
        assert query["body"] == [f"https://guides.example.org/{prefix(lang)}guides/{guide}/{page}/"]
        assert query["subject"] == [f"Guide feedback ({lang})"]
        block = html.split('<p class="gp-feedback">', 1)[1].split("</p>", 1)[0]
        assert translated(lang, "Tell us what to improve") in block
        assert translated(lang, "Was this page helpful?") in block
    # a page that is not a guide page has none
    home = (shipped_site / prefix(lang) / "index.html").read_text(encoding="utf-8")
    assert "gp-feedback" not in home


def test_feedback_address_is_filled_in_url_encoded(tmp_path):
    site = copy_site("two-langs", tmp_path)
    cfg = site / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "  - guidepress\n",
        '  - guidepress:\n      feedback_url: "https://forms.example.org/new?page={url}&lang={lang}&x={{y}}"\n'),
        encoding="utf-8")
    run_guidepress("build", "--no-pdf", cwd=site)
    html = (site / "site/fr/guides/demo/02-second/index.html").read_text(encoding="utf-8")
    href = next(a["href"] for a in tags(html, "a") if "gp-feedback__link" in a.get("class", ""))
    assert href == ("https://forms.example.org/new?page=https%3A%2F%2Ffixture.example.org%2Ffr%2Fguides%2Fdemo"
                    "%2F02-second%2F&lang=fr&x={y}")
    assert unquote(parse_qs(urlsplit(href).query)["page"][0]) == "https://fixture.example.org/fr/guides/demo/02-second/"
    # the Content-Security-Policy is unchanged: a link loads nothing
    csp = next(m["content"] for m in tags(html, "meta") if m.get("http-equiv") == "Content-Security-Policy")
    assert "forms.example.org" not in csp and "default-src 'none'" in csp


@pytest.mark.parametrize("value, says", [
    ("http://example.org/feedback?page={url}", "must start with 'https://' or 'mailto:'"),
    ("javascript:alert(1)", "must start with 'https://' or 'mailto:'"),
    ("https:///feedback", "names no host"),
    ("https://example.org/feedback?page={page}", "may only use the fields {url} and {lang}"),
    ("mailto:team@example.org?subject={url", "may only use the fields {url} and {lang}"),
])
def test_a_wrong_feedback_address_is_a_clear_error_naming_mkdocs_yml(tmp_path, value, says):
    site = copy_site("two-langs", tmp_path)
    cfg = site / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "  - guidepress\n", f"  - guidepress:\n      feedback_url: '{value}'\n"), encoding="utf-8")
    proc = run_guidepress("build", "--no-pdf", cwd=site, check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "Traceback" not in out
    assert "mkdocs.yml, plugins > guidepress > feedback_url" in out and says in out, out


# -- in a real browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def site_url(shipped_site):
    with serve(shipped_site, tuple(SHIPPED_LANGS)) as url:
        yield url


def search(page, words: str) -> list[str]:
    page.click("input.md-search__input")  # the header's search box (desktop width)
    page.fill("input.md-search__input", words)
    page.keyboard.press("End")  # the theme searches on key events
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return page.eval_on_selector_all(".md-search-result__item", "items => items.map(i => i.innerText)")


def test_searching_in_bulgarian_finds_the_english_guide_and_a_glossary_entry(browser, site_url):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.set_default_timeout(15000)
    page.goto(site_url + "bg/")
    results = search(page, "fatigue")
    assert any("(на английски)" in r and "fatigue" in r.lower() for r in results), results
    link = page.eval_on_selector(".md-search-result__item a", "a => a.href")
    assert f"/bg/guides/{FALLBACK_GUIDE}/" in link, link
    # a glossary entry is a result of its own, leading to its anchor
    page.goto(site_url + "bg/")
    search(page, "Диагноза")
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "items => items.map(a => a.href)")
    assert any(urlsplit(h).path.endswith("/bg/glossary/") and urlsplit(h).fragment == "diagnosis" for h in hrefs), hrefs
    ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_the_footer_and_the_feedback_link(browser, site_url, scheme):
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    found = {}
    for lang in ("en", "zh", "bg"):
        page.goto(site_url + prefix(lang) + f"guides/{FALLBACK_GUIDE}/02-pacing/")
        assert page.is_visible(".gp-feedback__link") and page.is_visible(".gp-footer-links a")
        violations = run_axe(page)
        if violations:
            found[lang] = violations
        # the toggle's name is the translated label
        names = page.eval_on_selector_all("label[for^='__palette_']", "ls => ls.map(l => l.getAttribute('aria-label') || l.title)")
        assert translated(lang, "Switch to dark mode") in names or translated(lang, "Switch to light mode") in names
    ctx.close()
    assert not found, found


def test_footer_and_feedback_link_right_to_left_in_chromium(tmp_path, browser):
    """The right-to-left fixture (Arabic, Hebrew, Persian) with a feedback address: the link and
    the footer are inside the page's direction, and axe finds nothing, light and dark."""
    site = copy_site("rtl", tmp_path)
    cfg = site / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "  - guidepress\n", '  - guidepress:\n      feedback_url: "mailto:team@example.org?body={url}"\n'),
        encoding="utf-8")
    run_guidepress("build", "--no-pdf", cwd=site)
    html = (site / "site/ar/guides/demo/01-first/index.html").read_text(encoding="utf-8")
    href = next(a["href"] for a in tags(html, "a") if "gp-feedback__link" in a.get("class", ""))
    assert href == "mailto:team@example.org?body=https%3A%2F%2Ffixture.example.org%2Far%2Fguides%2Fdemo%2F01-first%2F"
    found = {}
    with serve(site / "site", ("ar", "he", "fa")) as url:
        for scheme in ("light", "dark"):
            ctx = browser.new_context(color_scheme=scheme)
            page = ctx.new_page()
            page.goto(url + "ar/guides/demo/01-first/")
            assert page.evaluate("document.documentElement.dir") == "rtl"
            assert page.is_visible(".gp-feedback__link")
            assert page.evaluate("getComputedStyle(document.querySelector('.gp-feedback')).direction") == "rtl"
            violations = run_axe(page)
            if violations:
                found[scheme] = violations
            ctx.close()
    assert not found, found
