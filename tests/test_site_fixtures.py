"""Real MkDocs builds of small fixture sites: language trees, lang/dir, fallback, manifest shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_site, copy_site, run_guidepress, tags, text_of


@pytest.fixture(scope="module")
def two_langs(tmp_path_factory) -> Path:
    return build_site("two-langs", tmp_path_factory.mktemp("two"))


@pytest.fixture(scope="module")
def rtl(tmp_path_factory) -> Path:
    return build_site("rtl", tmp_path_factory.mktemp("rtl"))


def read(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def html_tag(html: str) -> dict:
    return tags(html, "html")[0]


def test_each_language_has_its_own_url_tree(two_langs):
    pages = sorted(p.relative_to(two_langs).as_posix() for p in two_langs.rglob("index.html"))
    assert pages == [
        "about/index.html", "fr/about/index.html",
        "fr/guides/demo/01-first/index.html", "fr/guides/demo/02-second/index.html", "fr/guides/demo/print/index.html",
        "fr/index.html", "guides/demo/01-first/index.html",
        "guides/demo/02-second/index.html", "guides/demo/print/index.html", "index.html", "translation-status/index.html",
    ]  # the translators' status page is in the source language only


def test_html_lang_and_dir_on_every_page(two_langs):
    pages = list(two_langs.rglob("*.html"))
    assert {"404.html", "fr/404.html"} <= {p.relative_to(two_langs).as_posix() for p in pages}
    for page in pages:
        rel = page.relative_to(two_langs).as_posix()
        expected = "fr" if rel.startswith("fr/") else "en"
        attrs = html_tag(page.read_text(encoding="utf-8"))
        assert (attrs["lang"], attrs["dir"]) == (expected, "ltr"), rel


def test_guide_page_shows_the_manifest_in_the_readers_language(two_langs):
    html = read(two_langs, "fr/guides/demo/02-second")
    text = text_of(html)
    # co-creators with their roles, reviewers, dates formatted by Babel for French, version
    assert "Pat Fixture" in text and "Dr Quinn Fixture (Fixture Hospital)" in text
    assert "Nurse Rowan Fixture, 10 février 2026" in text
    # the nurse's review is a medical review, labelled with its own date (issue #13: 'last_reviewed'
    # is not shown as a review of its own)
    assert "Relecture médicale : 10 février 2026" in " ".join(text.split()) and "14 février 2027" in text
    assert re.search(r"<dd>\s*2\.1\s*</dd>", html)
    assert "Guide de démonstration" in text
    assert "Le financeur n'a eu aucune influence sur le contenu." in text
    assert "Camille Fixture" in text
    assert '<time datetime="2026-02-10">' in html and '<time datetime="2027-02-14">' in html
    # the example notice is there (status: example)
    assert "gp-notice--example" in html


def test_english_guide_page_uses_english_dates(two_langs):
    text = text_of(read(two_langs, "guides/demo/02-second"))
    assert "Medical review: February 10, 2026" in text and "Demo guide" in text


def test_missing_translation_falls_back_to_english_and_says_so(two_langs):
    html = read(two_langs, "fr/guides/demo/01-first")
    assert "gp-notice--fallback" in html
    wrapper = [t for t in tags(html, "div") if "gp-fallback-content" in t.get("class", "")]
    assert wrapper and wrapper[0]["lang"] == "en" and wrapper[0]["dir"] == "ltr"
    assert "First page in English" in text_of(html)
    # the image resolves from the French tree to the one shared copy
    (img,) = [t for t in tags(html, "img") if t.get("alt") == "A blue square used in tests"]
    assert (two_langs / "fr/guides/demo/01-first" / img["src"]).resolve().is_file()


def test_site_page_missing_in_a_language_falls_back_too(two_langs):
    html = read(two_langs, "fr/about")
    assert "gp-notice--fallback" in html and "About the fixture" in text_of(html)


def test_pages_follow_manifest_order_in_navigation(two_langs):
    html = read(two_langs, "guides/demo/01-first")
    nav_titles = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', html.split("md-nav--primary", 1)[1])
    assert nav_titles.index("Second page in English") < nav_titles.index("First page in English")
    # previous/next follow the manifest too: page 02 (listed first) leads to page 01
    second = read(two_langs, "guides/demo/02-second")
    nxt = [t for t in tags(second, "link") if t.get("rel") == "next"]
    assert nxt and nxt[0]["href"].rstrip("/").endswith("01-first")


def test_language_switcher_keeps_the_reader_on_the_same_page(two_langs):
    html = read(two_langs, "fr/guides/demo/02-second")
    switch = {t["hreflang"]: t["href"] for t in tags(html, "a") if "md-select__link" in t.get("class", "")}
    assert switch["en"] == "../../../../guides/demo/02-second/"
    assert switch["fr"] == "./"


def test_home_page_lists_the_guides(two_langs):
    html = read(two_langs, "fr")
    assert "gp-guide-list" in html
    listing = html.split("gp-guide-list", 1)[1]
    assert [t for t in tags(listing, "a") if t.get("href") == "guides/demo/02-second/"]
    assert "Un guide pour les tests." in text_of(html)


def test_right_to_left_language_by_configuration_alone(rtl):
    for rel in ("ar", "ar/guides/demo/01-first"):
        html = read(rtl, rel)
        assert html_tag(html)["lang"] == "ar" and html_tag(html)["dir"] == "rtl"
        assert tags(html, "body")[0]["dir"] == "rtl"
    assert html_tag(read(rtl, ""))["dir"] == "ltr"
    assert "دليل تجريبي" in text_of(read(rtl, "ar/guides/demo/01-first"))


def test_a_language_the_theme_has_no_strings_for_needs_only_configuration(tmp_path):
    """Yiddish: Babel knows it (right to left), Material has no interface strings for it (it
    stopped the build with a TemplateNotFound traceback). Its pages keep their own lang and dir."""
    site = copy_site("rtl", tmp_path)
    cfg = site / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(
        "        - {locale: ar, name: auto}\n", "        - {locale: ar, name: auto}\n        - {locale: yi, name: auto}\n"),
        encoding="utf-8")
    proc = run_guidepress("build", "--no-pdf", cwd=site, check=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    for rel in ("yi", "yi/guides/demo/01-first"):  # the home page, and a guide page shown in English
        html = read(site / "site", rel)
        assert html_tag(html)["lang"] == "yi" and html_tag(html)["dir"] == "rtl", rel
        assert tags(html, "body")[0]["dir"] == "rtl"


def test_broken_manifest_stops_the_build_with_file_line_and_field(tmp_path):
    site = copy_site("broken", tmp_path)
    proc = run_guidepress("build", cwd=site, check=False)
    assert proc.returncode == 1
    err = proc.stderr
    assert "guides/bad/guide.yml:4: [manifest] 'last_reviewed': '2026-13-40' is not a date" in err
    assert "guides/bad/guide.yml:18: [manifest] 'colour': unknown field" in err
    assert "Traceback" not in err
    assert not (site / "site" / "index.html").exists()


def test_plain_mkdocs_build_works_too(tmp_path):
    import subprocess
    import sys

    site = copy_site("two-langs", tmp_path)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=site, check=True, timeout=300)
    assert (site / "site/fr/guides/demo/02-second/index.html").is_file()


def test_hreflang_lists_only_languages_where_the_page_exists(two_langs):
    """The alternates are declared in sitemap.xml, not in each page's <head> (where Material's
    language selector would fetch <alternate>/sitemap.xml for every one of them, issue #13)."""
    sitemap = (two_langs / "sitemap.xml").read_text(encoding="utf-8")

    def alternates(url):
        entry = sitemap.split(f"<loc>{url}</loc>", 1)[1].split("</url>", 1)[0]
        return {t["hreflang"]: t["href"] for t in tags(entry, "xhtml:link") if t.get("rel") == "alternate"}

    for rel in ("guides/demo/01-first", "fr/guides/demo/01-first", "fr/guides/demo/02-second"):
        assert not [t for t in tags(read(two_langs, rel), "link") if "hreflang" in t], rel
    for url in ("https://fixture.example.org/guides/demo/02-second/", "https://fixture.example.org/fr/guides/demo/02-second/"):
        assert alternates(url) == {
            "en": "https://fixture.example.org/guides/demo/02-second/",
            "fr": "https://fixture.example.org/fr/guides/demo/02-second/",
            "x-default": "https://fixture.example.org/guides/demo/02-second/",
        }
    # page 01 exists only in English: the French copy is a fallback, not an alternate
    assert alternates("https://fixture.example.org/guides/demo/01-first/") == {
        "en": "https://fixture.example.org/guides/demo/01-first/",
        "x-default": "https://fixture.example.org/guides/demo/01-first/",
    }


def test_sitemap_leaves_out_fallback_pages(two_langs):
    xml = (two_langs / "sitemap.xml").read_text()
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert "https://fixture.example.org/fr/guides/demo/02-second/" in locs
    assert "https://fixture.example.org/guides/demo/01-first/" in locs
    assert "https://fixture.example.org/fr/guides/demo/01-first/" not in locs
    assert "https://fixture.example.org/fr/about/" not in locs
    assert not (two_langs / "sitemap.xml.gz").exists()


def test_language_switcher_marks_untranslated_languages(two_langs):
    html = read(two_langs, "guides/demo/01-first")
    (fr_link,) = [t for t in tags(html, "a") if t.get("hreflang") == "fr" and "md-select__link" in t.get("class", "")]
    assert "gp-alt--fallback" in fr_link["class"]
    html = read(two_langs, "guides/demo/02-second")
    (fr_link,) = [t for t in tags(html, "a") if t.get("hreflang") == "fr" and "md-select__link" in t.get("class", "")]
    assert "gp-alt--fallback" not in fr_link["class"]


def test_outdated_translation_says_when_the_source_changed_and_links_it(two_langs):
    html = read(two_langs, "fr/guides/demo/02-second")
    notice = html.split("gp-notice--outdated", 1)[1].split("</div>", 1)[0]
    assert re.search(r"\d{1,2} \w+ \d{4}", text_of(notice))  # a date in French
    assert 'href="../../../../guides/demo/02-second/"' in notice


def test_the_scaffolds_placeholder_name_is_never_credited(tmp_path):
    """``translators`` may still hold the scaffold's 'Your name' next to a real name: readers see
    the real name only, on the page and in the print document (check warns about the other)."""
    site = copy_site("two-langs", tmp_path)
    page = site / "guides/demo/fr/02-second.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "    - name: Camille Fixture\n", "    - name: Camille Example\n    - name: '  your  NAME '\n", 1),
        encoding="utf-8")
    run_guidepress("build", "--no-pdf", cwd=site)
    for rel in ("fr/guides/demo/02-second", "fr/guides/demo/print"):
        shown = text_of(read(site / "site", rel))
        assert "Camille Example" in shown, rel
        assert "your name" not in " ".join(shown.split()).casefold(), rel
    out = run_guidepress("check", cwd=site, check=False).stdout
    assert "[translators]" in out
