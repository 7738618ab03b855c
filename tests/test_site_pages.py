"""The pages about the site itself (accessibility statement, privacy) and the 404 page, in every
language of the shipped site: built once (conftest's ``shipped_site``), then read as HTML and
opened in a real Chromium (axe-core, a phone-sized screen, the way on from a missing page)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from guidepress.model.languages import language

from browser import chromium, run_axe, serve
from conftest import ROOT, SHIPPED_LANGS, tags, text_of

SITE_PAGES = ("accessibility", "privacy")
GUIDES = ["questions-for-your-care-team", "fatigue-during-treatment", "looking-after-yourself-as-a-caregiver"]
BROWSER_LANGS = ("en", "zh", "el")  # the source, a CJK script, a non-Latin alphabet


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def catalog(lang: str):
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh)


def translated(lang: str, message: str) -> str:
    """``message`` as the reader of ``lang`` should see it (the catalog's msgstr; English in en)."""
    if lang == "en":
        return message
    found = catalog(lang).get(message)
    assert found is not None and found.string, f"locales/{lang}: '{message}' is not translated"
    return found.string


def anchors(markdown: Path) -> list[str]:
    return re.findall(r"\{#([\w-]+)\}", markdown.read_text(encoding="utf-8"))


def first(html: str, tag: str) -> str:
    """The text of the first ``<tag>`` element."""
    found = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, re.S)
    assert found, f"no <{tag}>"
    return text_of(found.group(1)).strip()


def article(html: str) -> str:
    """The text of the page's own content (after the notices), without the theme around it."""
    body = html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    return text_of(body.split("</h1>", 1)[1]).strip()


# -- accessibility statement and privacy page ------------------------------------------------------

def test_site_pages_exist_in_every_language_with_its_lang_and_their_anchors(shipped_site):
    for name in SITE_PAGES:
        source_anchors = anchors(ROOT / "docs" / "en" / f"{name}.md")
        assert len(source_anchors) >= 4, name
        english_text = article((shipped_site / name / "index.html").read_text(encoding="utf-8"))
        for lang in SHIPPED_LANGS:
            page = shipped_site / prefix(lang) / name / "index.html"
            assert page.is_file(), (lang, name)
            html = page.read_text(encoding="utf-8")
            attrs = tags(html, "html")[0]
            assert attrs["lang"] == lang and attrs["dir"] == language(lang).direction, (lang, name)
            # the page is the language's own translation, not the English page shown as a fallback
            assert "gp-notice--fallback" not in html, (lang, name)
            if lang != "en":
                assert article(html) != english_text, (lang, name)
                assert "gp-notice--draft" in html, (lang, name)  # an unreviewed draft says so
            ids = {t.get("id") for t in tags(html)}
            assert set(source_anchors) <= ids, (lang, name, set(source_anchors) - ids)


def test_site_pages_are_in_every_languages_navigation(shipped_site):
    for lang in SHIPPED_LANGS:
        html = (shipped_site / prefix(lang) / "index.html").read_text(encoding="utf-8")
        hrefs = {t.get("href") for t in tags(html, "a") if "md-nav__link" in (t.get("class") or "")}
        for name in SITE_PAGES:
            assert f"{name}/" in hrefs, (lang, name)


def test_privacy_page_names_what_the_theme_keeps_in_the_browser():
    """The privacy page says the colour choice is kept under a name ending in ``__palette``: the
    theme's own storage key (Material's bundle), so the sentence stays true with the theme."""
    import material

    bundle = next((Path(material.__file__).parent / "templates/assets/javascripts").glob("bundle.*.min.js"))
    keys = set(re.findall(r'__md_set\("(__\w+)"', bundle.read_text(encoding="utf-8")))
    assert "__palette" in keys
    for lang in SHIPPED_LANGS:
        assert "`__palette`" in (ROOT / "docs" / lang / "privacy.md").read_text(encoding="utf-8"), lang


# -- 404 pages ----------------------------------------------------------------------------------

def not_found_page(site: Path, lang: str) -> str:
    return (site / prefix(lang) / "404.html").read_text(encoding="utf-8")


def test_404_page_of_each_language_speaks_it_and_leads_home(shipped_site):
    for lang in SHIPPED_LANGS:
        html = not_found_page(shipped_site, lang)
        attrs = tags(html, "html")[0]
        assert attrs["lang"] == lang and attrs["dir"] == language(lang).direction, lang
        assert first(html, "h1") == translated(lang, "Page not found"), lang
        assert "404 - Not found" not in html, lang
        assert 'lang="en"' not in html.split("<h1", 1)[1].split("gp-guide-list", 1)[0], lang  # nothing fell back
        assert translated(lang, "Page not found") in first(html, "title"), lang
        links = tags(html, "a")
        home = [t for t in links if "data-gp-home" in t]
        search = [t for t in links if "data-gp-search" in t]
        assert len(home) == 1 and home[0]["href"] == "/" + prefix(lang), (lang, home)
        assert len(search) == 1 and search[0]["href"] == "/" + prefix(lang) + "?q=", (lang, search)
        assert translated(lang, "Go to the home page") in text_of(html), lang
        assert translated(lang, "Search this website") in text_of(html), lang


def test_404_page_of_each_language_lists_every_guide_in_it(shipped_site):
    for lang in SHIPPED_LANGS:
        html = not_found_page(shipped_site, lang)
        assert 'class="gp-guide-list"' in html, lang
        listing = html.split('class="gp-guide-list"', 1)[1].split("</section>", 1)[0]
        hrefs = [t["href"] for t in tags(listing, "a")]
        for guide in GUIDES:
            # links from the site's root: the page is served at any missing address
            assert any(h.startswith(f"/{prefix(lang)}guides/{guide}/") for h in hrefs), (lang, guide, hrefs)
        assert first(listing, "h2") == translated(lang, "Our guides"), lang


# -- in a real browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def site_url(shipped_site):
    with serve(shipped_site, tuple(SHIPPED_LANGS)) as url:
        yield url


def new_page_types(lang: str) -> dict[str, str]:
    p = prefix(lang)
    return {"accessibility": p + "accessibility/", "privacy": p + "privacy/", "404": p + "no-such-page/"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_the_new_page_types(browser, site_url, scheme):
    ctx = browser.new_context(color_scheme=scheme)
    page = ctx.new_page()
    found = {}
    for lang in BROWSER_LANGS:
        for kind, path in new_page_types(lang).items():
            response = page.goto(site_url + path)
            assert response.status == (404 if kind == "404" else 200), path
            assert page.evaluate("document.documentElement.lang") == lang, path
            violations = run_axe(page)
            if violations:
                found[f"{lang} {kind} ({path})"] = violations
    ctx.close()
    assert not found, found


def test_new_page_types_fit_a_small_phone(browser, site_url):
    ctx = browser.new_context(viewport={"width": 320, "height": 800})
    page = ctx.new_page()
    too_wide = []
    for lang in BROWSER_LANGS:
        for kind, path in new_page_types(lang).items():
            page.goto(site_url + path)
            if page.evaluate("document.documentElement.scrollWidth") > 320:
                too_wide.append(f"{lang} {kind}")
    ctx.close()
    assert not too_wide


def test_404_page_leads_to_the_search_and_home_of_its_language(browser, site_url):
    """From a missing address, the search link opens the theme's search box, focused, on the
    language's home page (so it searches that language); the home link leads there too."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.set_default_timeout(15000)
    for lang in ("zh", "en"):
        page.goto(site_url + prefix(lang) + "guides/no-such-guide/")
        page.click("a[data-gp-search]")
        page.wait_for_function("() => document.getElementById('__search') && document.getElementById('__search').checked")
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')"), lang
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.url.split("?", 1)[0] == site_url + prefix(lang)
        page.goto(site_url + prefix(lang) + "no-such-page/")
        page.click("a[data-gp-home]")
        page.wait_for_load_state()
        assert page.url == site_url + prefix(lang), lang
    ctx.close()


def test_the_browser_keeps_only_what_the_privacy_page_says(browser, site_url):
    """After a change of colours and a search, the browser holds one entry (the colour choice,
    under a name ending in ``__palette``), nothing in session storage and no cookie."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.set_default_timeout(15000)
    page.goto(site_url + "fr/privacy/")
    page.click("label[for^='__palette_']:visible")
    page.click("input.md-search__input")
    page.keyboard.type("fatigue")
    page.wait_for_selector(".md-search-result__item")
    page.goto(site_url + "fr/accessibility/")
    stored = page.evaluate("""() => ({local: Object.keys(localStorage), session: Object.keys(sessionStorage)})""")
    assert len(stored["local"]) == 1 and stored["local"][0].endswith(".__palette"), stored
    assert stored["session"] == [], stored
    assert ctx.cookies() == []
    ctx.close()
