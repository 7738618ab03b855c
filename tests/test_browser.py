"""The built site in a real Chromium: accessibility (axe-core), privacy, small screens, keyboard,
search in the reader's language, and 404 pages per language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import chromium, free_port, run_axe, serve
from conftest import ROOT, SHIPPED_LANGS, build_site, run_guidepress

GUIDE = "guides/questions-for-your-care-team/01-getting-ready/"
FALLBACK = "guides/looking-after-yourself-as-a-caregiver/01-your-role-and-feelings/"


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def page_types(lang: str) -> dict[str, str]:
    p = prefix(lang)
    return {
        "home": p, "guide page": p + GUIDE, "fallback page": p + (FALLBACK if lang != "en" else GUIDE),
        "glossary": p + "glossary/", "find support": p + "find-support/",
        "print page": p + "guides/questions-for-your-care-team/print/", "404": p + "no-such-page/",
    }


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """The shipped site, built for the address it is served from (as a staging copy would be)."""
    port = free_port()
    out = tmp_path_factory.mktemp("browser") / "site"
    run_guidepress("build", "--no-pdf", "--site-dir", str(out), "--site-url", f"http://127.0.0.1:{port}/", cwd=ROOT)
    return out, port


@pytest.fixture(scope="module")
def site_url(served_site):
    site, port = served_site
    with serve(site, tuple(SHIPPED_LANGS), port) as url:
        yield url


@pytest.fixture(scope="module")
def shipped_site(served_site):
    return served_site[0]


@pytest.fixture(scope="module")
def rtl_url(tmp_path_factory):
    port = free_port()
    site = build_site("rtl", tmp_path_factory.mktemp("browser-rtl"), "--no-pdf", "--site-url", f"http://127.0.0.1:{port}/")
    with serve(site, ("en", "ar"), port) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page_type_in_any_language(browser, site_url, scheme):
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    found = {}
    checked = 0
    for lang in SHIPPED_LANGS:
        for kind, path in page_types(lang).items():
            page.goto(site_url + path)
            violations = run_axe(page)
            checked += 1
            if violations:
                found[f"{lang} {kind} ({path})"] = violations
    ctx.close()
    assert checked == len(SHIPPED_LANGS) * 7
    assert not found, found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_right_to_left_pages(browser, rtl_url, scheme):
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    for path in ("ar/", "ar/guides/demo/01-first/", "ar/guides/demo/print/", "ar/missing/"):
        page.goto(rtl_url + path)
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert run_axe(page) == [], path
    ctx.close()


def test_nothing_reaches_a_third_party_and_no_cookie(browser, site_url):
    ctx = browser.new_context()
    page = ctx.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(re.sub(r"^[a-z]+://([^/]+)/.*$", r"\1", request.url)))
    for lang in ("en", "fr", "zh"):
        for path in page_types(lang).values():
            page.goto(site_url + path)
            page.wait_for_load_state("networkidle")
    page.goto(site_url + "fr/")
    page.click("input.md-search__input")
    page.keyboard.type("fatigue")
    page.wait_for_selector(".md-search-result__item")
    own = re.sub(r"^http://([^/]+)/$", r"\1", site_url)
    assert hosts == {own}, hosts
    assert ctx.cookies() == []
    ctx.close()


@pytest.mark.parametrize("width", [320, 640])
def test_no_horizontal_scrolling_on_small_screens(browser, site_url, width):
    """320 px is a small phone; 640 px is a 1280 px window at 200% zoom."""
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    page = ctx.new_page()
    too_wide = []
    for lang in ("en", "de", "fi", "el", "zh"):
        for kind, path in page_types(lang).items():
            page.goto(site_url + path)
            if page.evaluate("document.documentElement.scrollWidth") > width:
                too_wide.append(f"{lang} {kind}")
    ctx.close()
    assert not too_wide


def test_skip_link_and_visible_keyboard_focus(browser, site_url):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(site_url + "fr/" + GUIDE)
    page.keyboard.press("Tab")
    focused = page.evaluate("({cls: document.activeElement.className, href: document.activeElement.getAttribute('href'),"
                            " outline: getComputedStyle(document.activeElement).outlineStyle,"
                            " visible: document.activeElement.getBoundingClientRect().height > 0})")
    assert "md-skip" in focused["cls"] and focused["href"].startswith("#")
    assert focused["visible"] and focused["outline"] != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == focused["href"]
    ctx.close()


def _search(page, url: str, query: str) -> list[str]:
    page.set_default_timeout(20000)
    page.goto(url)
    page.click("input.md-search__input")
    page.keyboard.type(query)
    page.keyboard.press("End")  # characters typed as text (CJK) send no key events of their own
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")


def test_search_finds_pages_in_the_readers_language_only(browser, site_url, shipped_site):
    ctx = browser.new_context()
    page = ctx.new_page()
    french = _search(page, site_url + "fr/", "questions")
    assert french and all(href.startswith(site_url + "fr/") for href in french), french
    # Chinese: a word finds the Chinese page (the index is segmented into words)
    chinese = _search(page, site_url + "zh/", "疲乏")
    assert any("/zh/guides/fatigue-during-treatment/" in href for href in chinese), chinese
    assert all(href.startswith(site_url + "zh/") for href in chinese)
    # languages without a stemmer still find their pages
    for lang in ("pl", "cs", "bg", "hr", "el"):
        html = (shipped_site / lang / GUIDE / "index.html").read_text(encoding="utf-8")
        title = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
        word = max(re.findall(r"\w+", re.sub("<[^>]+>", " ", title)), key=len)
        results = _search(page, site_url + f"{lang}/", word)
        assert any(f"/{lang}/guides/questions-for-your-care-team/" in h for h in results), (lang, word, results)
        assert all(h.startswith(site_url + f"{lang}/") for h in results), (lang, results)
    ctx.close()


def test_search_results_work_with_the_keyboard(browser, site_url):
    ctx = browser.new_context()
    page = ctx.new_page()
    _search(page, site_url + "de/", "Fragen")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("""({result: document.activeElement.closest('.md-search-result__item') !== null,
                                 href: document.activeElement.getAttribute('href')})""")
    assert focused["result"] and focused["href"].startswith(site_url + "de/guides/")
    # the result list is announced: a labelled list with a count of results
    meta = page.inner_text(".md-search-result__meta")
    assert re.search(r"\d", meta)
    ctx.close()


def test_first_search_downloads_little(browser, site_url, shipped_site):
    """Bytes a reader downloads for a first search in one language: the worker, the lunr files
    and the language's index (the whole-site index of every language is about 500 KB)."""
    ctx = browser.new_context()
    page = ctx.new_page()
    responses = []
    page.on("response", lambda r: responses.append(r) if re.search(r"(search_index\.json|/workers/|/lunr/)", r.url) else None)
    _search(page, site_url + "fr/", "fatigue")
    sizes = {r.url: len(r.body()) for r in responses}  # bodies are read after the events, not inside them
    ctx.close()
    assert any(url.endswith("fr/search/search_index.json") for url in sizes), sizes
    total = sum(sizes.values())
    print(f"first search in French downloads {total} bytes: {sizes}")
    assert total <= 150_000, sizes


def test_404_page_in_the_language_of_the_path(browser, site_url):
    ctx = browser.new_context()
    page = ctx.new_page()
    for lang in ("fr", "zh", "en"):
        response = page.goto(site_url + prefix(lang) + "missing-page/")
        assert response.status == 404
        assert page.evaluate("document.documentElement.lang") == lang
    ctx.close()


def test_printing_a_single_page_hides_navigation(browser, site_url):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(site_url + "fr/" + GUIDE)
    page.emulate_media(media="print")
    hidden = page.evaluate("""['.md-header', '.md-sidebar--primary', '.md-footer'].map(
        s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none", "none", "none"]
    ctx.close()


def test_glossary_term_opens_with_the_keyboard_and_fits_a_small_screen(browser, site_url, shipped_site):
    """A term in a guide page is reached with Tab and opened with Enter: its definition and a
    link to the glossary appear in place; Escape closes it. Nothing scrolls sideways at 320 px, axe
    finds nothing with the term open, and without JavaScript the term is a plain link."""
    from guidepress.model.glossary import read_glossary

    # every language's guide page explains a term: the axe sweep above covers one, closed
    for lang in SHIPPED_LANGS:
        assert 'class="gp-term"' in (shipped_site / prefix(lang) / GUIDE / "index.html").read_text(encoding="utf-8"), lang
    source, _ = read_glossary(ROOT / "locales/en/glossary.yml", "en", ROOT, None)
    french, _ = read_glossary(ROOT / "locales/fr/glossary.yml", "fr", ROOT, {t.id: 0 for t in source.terms})
    state = """() => {
        const b = document.querySelector('.gp-term__button'), p = document.getElementById(b.getAttribute('aria-controls'));
        const a = document.activeElement, more = p.querySelector('a.gp-term__more');
        return {focus: a === b ? 'button' : a === more ? 'link' : a.tagName, expanded: b.getAttribute('aria-expanded'),
                hidden: p.hidden, height: p.getBoundingClientRect().height, outline: getComputedStyle(a).outlineStyle,
                definition: p.querySelector('.gp-term__definition').textContent, more: more.textContent,
                href: more.href, width: document.documentElement.scrollWidth};
    }"""
    for scheme in ("light", "dark"):
        ctx = browser.new_context(viewport={"width": 320, "height": 800}, color_scheme=scheme)
        page = ctx.new_page()
        page.goto(site_url + "fr/" + GUIDE)
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('gp-term__button')"):
                break
        else:
            pytest.fail("Tab never reaches the glossary term")
        closed = page.evaluate(state)
        assert closed["focus"] == "button" and closed["expanded"] == "false" and closed["hidden"]
        assert closed["outline"] != "none"
        page.keyboard.press("Enter")
        opened = page.evaluate(state)
        term_id = opened["href"].rsplit("#", 1)[1]
        assert opened["expanded"] == "true" and not opened["hidden"] and opened["height"] > 0
        assert opened["definition"] == french.get(term_id).definition
        assert opened["more"] == "Voir le glossaire" and opened["href"] == f"{site_url}fr/glossary/#{term_id}"
        assert opened["width"] <= 320
        # Tab went through the header: let Material's language menu finish closing (it fades out
        # for up to 0.75 s after losing focus) before axe measures contrast
        page.wait_for_function("() => [...document.querySelectorAll('.md-select__inner')]"
                               ".every(e => getComputedStyle(e).opacity === '0')", timeout=5000)
        assert run_axe(page) == [], scheme
        page.keyboard.press("Tab")
        assert page.evaluate(state)["focus"] == "link"
        page.keyboard.press("Escape")
        after = page.evaluate(state)
        assert after["focus"] == "button" and after["hidden"] and after["expanded"] == "false"
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        assert page.evaluate(state)["hidden"]
        # touch or mouse: a click opens it; its link leads to the entry, highlighted
        page.click(".gp-term__button")
        page.click(".gp-term__more")
        page.wait_for_url(f"**/fr/glossary/#{term_id}")
        assert page.evaluate(f"document.querySelector('dt:target').id") == term_id
        ctx.close()
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(site_url + "fr/" + GUIDE)
    link = page.locator("a.gp-term").first
    assert link.get_attribute("href").endswith("glossary/#" + link.get_attribute("data-gp-term"))
    assert page.locator(".gp-term__button").count() == 0
    ctx.close()
