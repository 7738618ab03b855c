"""A real build of the repository's own site: 18 language trees, metadata, fallbacks, privacy."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from guidepress.model.languages import language
from guidepress.model.yamlfile import split_front_matter

from conftest import ROOT, SHIPPED_LANGS, tags, text_of

GUIDES = ["questions-for-your-care-team", "fatigue-during-treatment", "looking-after-yourself-as-a-caregiver"]
SITE_HOST = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!", ""))["site_url"]).netloc


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def read(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def test_every_language_has_its_home_and_every_guide(shipped_site):
    for lang in SHIPPED_LANGS:
        assert (shipped_site / prefix(lang) / "index.html").is_file(), lang
        for page in ("how-guides-are-made", "glossary", "find-support"):
            assert (shipped_site / prefix(lang) / page / "index.html").is_file(), (lang, page)
        for guide in GUIDES:
            assert len(list((shipped_site / prefix(lang) / "guides" / guide).glob("*/index.html"))) >= 4, (lang, guide)


def test_html_lang_is_right_on_every_page(shipped_site):
    pages = list(shipped_site.rglob("*.html"))
    assert len(pages) > 18 * 16
    for page in pages:
        rel = page.relative_to(shipped_site).as_posix()
        first = rel.split("/", 1)[0]
        lang = first if first in SHIPPED_LANGS else "en"
        attrs = tags(page.read_text(encoding="utf-8"), "html")[0]
        assert attrs["lang"] == lang and attrs["dir"] == language(lang).direction, rel


def test_translated_guide_page_shows_manifest_in_that_language(shipped_site):
    html = read(shipped_site, "zh/guides/questions-for-your-care-team/01-getting-ready")
    text = text_of(html)
    assert "2026年11月29日" in text and "2027年11月29日" in text  # Babel's Chinese date format
    # made-up people are said to be so in the reader's language (issue #13), their names as written
    assert "Alex Example （虚构）" in text and "Dr Robin Example （虚构）" in text
    assert "(fictional)" not in text
    assert "gp-notice--example" in html and "gp-notice--draft" in html
    assert "gp-notice--fallback" not in html


def test_english_only_guide_falls_back_with_a_notice(shipped_site):
    for lang in ("fr", "zh", "bg"):
        html = read(shipped_site, f"{lang}/guides/looking-after-yourself-as-a-caregiver/01-your-role-and-feelings")
        assert "gp-notice--fallback" in html
        assert 'class="gp-fallback-content" lang="en" dir="ltr"' in html
        assert "Your role and your feelings" in text_of(html)


def test_interface_strings_come_from_each_languages_catalog(shipped_site):
    english = text_of(read(shipped_site, "guides/questions-for-your-care-team/01-getting-ready"))
    assert "About this guide" in english and "Example content" in english
    for lang in SHIPPED_LANGS[1:]:
        text = text_of(read(shipped_site, f"{lang}/guides/questions-for-your-care-team/01-getting-ready"))
        assert "About this guide" not in text, lang
        assert "This guide is example content" not in text, lang


def test_home_pages_list_every_guide(shipped_site):
    for lang in SHIPPED_LANGS:
        listing = read(shipped_site, prefix(lang).rstrip("/")).split("gp-guide-list", 1)[1]
        hrefs = [t["href"] for t in tags(listing, "a")]
        for guide in GUIDES:
            assert any(f"guides/{guide}/" in h for h in hrefs), (lang, guide)


def test_nothing_is_loaded_from_a_third_party(shipped_site):
    offenders = []
    for page in shipped_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for t in tags(html):
            for attr in ("src", "href", "srcset", "data"):
                url = t.get(attr) or ""
                if t["_tag"] in ("a",) or not re.match(r"^(https?:)?//", url):
                    continue
                host = urlsplit(url).netloc
                is_own_link = t["_tag"] == "link" and t.get("rel") in ("canonical", "alternate") and host == SITE_HOST
                if not is_own_link:
                    offenders.append(f"{page.relative_to(shipped_site)}: <{t['_tag']} {attr}={url}>")
        offenders += [f"{page.relative_to(shipped_site)}: {m}" for m in re.findall(r"@import[^;]*https?://[^;]*", html)]
    for css in shipped_site.rglob("*.css"):
        for m in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.relative_to(shipped_site)}: url({m})")
    assert not offenders, "\n".join(offenders[:20])
    assert not list(shipped_site.rglob("*.mo"))


def test_shipped_translations_are_marked_as_unreviewed_drafts():
    pages = [p for p in list((ROOT / "guides").rglob("*.md")) + list((ROOT / "docs").rglob("*.md"))
             if "en" not in p.relative_to(ROOT).parts]
    assert len(pages) > 17 * 8
    for page in pages:
        fm, _, _ = split_front_matter(page.read_text(encoding="utf-8"))
        meta = yaml.safe_load(fm)["translation"]
        assert meta["status"] == "draft", page
        assert meta["translators"] and "not yet reviewed" in meta["translators"][0]["name"], page
        assert not meta.get("reviews"), page


def test_sample_guides_are_marked_as_example_content():
    for guide in GUIDES:
        manifest = yaml.safe_load((ROOT / "guides" / guide / "guide.yml").read_text(encoding="utf-8"))
        assert manifest["status"] == "example"
