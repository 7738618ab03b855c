"""The glossary and the support list: terms explained in place (never in headings, links, code or
attributes), the generated glossary and "find support" pages, the PDFs' back matter, and data
errors that stop the build. Real builds of the fixture site ``tests/fixtures/sites/glossary``."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
import shutil
from pathlib import Path

import pytest

from guidepress.model.glossary import Glossary, Term, TermMatcher, entries, mark_terms, read_glossary
from guidepress.model.support import _months_before, for_reader, read_support

from conftest import ROOT, copy_site, run_guidepress, tags, text_of
from pdfcheck import outline_titles, pdftext


def _term(tid: str, *forms: str, definition: str = "Explained.", lang: str = "en") -> Term:
    return Term(tid, forms[0].capitalize(), forms, definition, lang)


def _links(html: str) -> list[dict]:
    return [t for t in tags(html, "a") if "gp-term" in t.get("class", "")]


# -- matching, unit ---------------------------------------------------------------------------

def test_first_use_of_each_term_is_marked_and_only_in_text():
    matcher = TermMatcher([_term("scan", "scan", "scans"), _term("care-team", "care team"),
                           _term("palliative-care", "palliative care")])
    html = ('<h2 id="scan">A scan</h2><p class="admonition-title">Care team</p>'
            '<p title="a scan">Read <a href="x/">palliative care</a> and <code>scan</code>.</p>'
            '<p>Scanners are not SCANS: a scan is a picture. Your care\nteam helps.</p>')
    out, found = mark_terms(html, matcher, "../glossary/", "See the glossary")
    assert found == ["scan", "care-team"]
    links = _links(out)
    assert [(link["data-gp-term"], link["href"]) for link in links] == [
        ("scan", "../glossary/#scan"), ("care-team", "../glossary/#care-team")]
    # the reader's text keeps its case and its line break; the rest of the page is untouched
    assert ">SCANS</a>: a scan is" in out and ">care\nteam</a> helps" in out
    assert out.startswith('<h2 id="scan">A scan</h2><p class="admonition-title">Care team</p><p title="a scan">Read '
                          '<a href="x/">palliative care</a> and <code>scan</code>.</p>')


def test_definitions_are_escaped_in_attributes():
    matcher = TermMatcher([_term("pancreas", "pancreas", definition='An organ <b>"here"</b> & there')])
    out, _ = mark_terms("<p>The pancreas.</p>", matcher, "g/", 'See "it"')
    (link,) = _links(out)
    assert link["data-gp-definition"] == 'An organ <b>"here"</b> & there'
    assert link["data-gp-more"] == 'See "it"'
    assert "<b>" not in out.replace("&lt;b&gt;", "")


def test_words_inside_other_words_are_not_terms_but_chinese_is_matched_anywhere():
    latin = TermMatcher([_term("scan", "scan")])
    assert list(latin.find("Scanners and rescan")) == []
    assert [m[2] for m in latin.find("l'scan, (scan)")] == ["scan", "scan"]
    chinese = TermMatcher([_term("care-team", "医护团队", lang="zh")])
    assert [m[2] for m in chinese.find("请告诉您的医护团队。")] == ["care-team"]
    greek = TermMatcher([_term("fatigue", "κόπωση", lang="el")])
    assert [m[2] for m in greek.find("Η ΚΌΠΩΣΗ περνά")] == ["fatigue"]


def test_typographic_apostrophes_match_straight_ones():
    matcher = TermMatcher([_term("scan", "examen d'imagerie", lang="fr")])
    assert [m[2] for m in matcher.find("un examen d\u2019imagerie")] == ["scan"]


@pytest.mark.parametrize("lang, terms, expected", [
    ("sv", ["Öra", "Zon", "Ärr", "Apa", "Åder"], ["Apa", "Zon", "Åder", "Ärr", "Öra"]),
    ("cs", ["Chemoterapie", "Hlava", "Cesta", "Čas", "Injekce"], ["Cesta", "Čas", "Hlava", "Chemoterapie", "Injekce"]),
    ("fr", ["Fatigue", "Équipe", "Effet", "Examen"], ["Effet", "Équipe", "Examen", "Fatigue"]),
    ("zh", ["诊断", "副作用", "化疗"], ["副作用", "化疗", "诊断"]),  # pinyin: fù, huà, zhěn
])
def test_glossary_is_sorted_in_the_languages_alphabetical_order(lang, terms, expected):
    source = Glossary("en", tuple(_term(f"t{i}", f"en{i}") for i in range(len(terms))), "source", ())
    own = Glossary(lang, tuple(Term(f"t{i}", t, (t.lower(),), "d", lang) for i, t in enumerate(terms)), "draft", ())
    shown = entries({"en": source, lang: own}, lang, "en")
    assert [t.term for t in shown] == expected


# -- support data, unit -----------------------------------------------------------------------

def test_support_list_in_the_readers_language(tmp_path):
    data = tmp_path / "support.yml"
    data.write_text((ROOT / "tests/fixtures/sites/glossary/locales/support.yml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    found, findings = read_support(data, "en", tmp_path, today=dt.date(2026, 6, 1))
    assert findings == []
    french = for_reader(found, "fr", "en", lambda s: {"Worldwide": "Monde entier"}.get(s, s))
    assert [e["id"] for e in french] == ["example-everywhere", "example-french-line"]  # worldwide first
    assert french[0]["countries"] == "Monde entier" and french[0]["description_lang"] == "en"
    assert french[0]["languages"] == "anglais et français"
    assert french[1]["countries"] == "Belgique et France" and french[1]["languages"] == "français"
    assert french[1]["last_checked"] == "15 janvier 2026" and french[1]["description_lang"] == "fr"
    english = for_reader(found, "en", "en", lambda s: s)
    assert [e["id"] for e in english] == ["example-everywhere", "example-english-circle"]
    assert english[1]["countries"] == "United Kingdom" and english[1]["last_checked"] == "January 15, 2026"


def test_stale_entries_are_a_warning_after_twelve_months(tmp_path):
    data = tmp_path / "support.yml"
    data.write_text((ROOT / "tests/fixtures/sites/glossary/locales/support.yml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    _, fresh = read_support(data, "en", tmp_path, today=dt.date(2027, 1, 15))
    _, stale = read_support(data, "en", tmp_path, today=dt.date(2027, 1, 16))
    assert fresh == []
    assert len(stale) == 3 and all(f.severity == "warning" and f.rule == "support" for f in stale)
    assert _months_before(dt.date(2028, 2, 29), 12) == dt.date(2027, 2, 28)


def test_the_shipped_data_is_honest():
    """Every shipped support entry is a labelled example on a reserved domain, without a phone
    number; every language has one; every glossary has every term."""
    found, findings = read_support(ROOT / "locales/support.yml", "en", ROOT)
    assert [f for f in findings if f.severity == "error"] == []
    assert found and all(e.example and e.phone is None for e in found)
    assert all(re.match(r"^https://(\w+\.)?example\.(org|net|com)/", e.website) for e in found)
    langs = "en fr de es it pt nl pl ro el cs hu bg hr sv da fi zh".split()
    assert all(sum(lang in e.languages for e in found) >= 2 for lang in langs)
    source, problems = read_glossary(ROOT / "locales/en/glossary.yml", "en", ROOT, None)
    assert problems == [] and len(source.terms) == 10
    ids = {t.id: i for i, t in enumerate(source.terms)}
    for lang in langs[1:]:
        glossary, problems = read_glossary(ROOT / f"locales/{lang}/glossary.yml", lang, ROOT, ids)
        assert problems == [], lang
        assert {t.id for t in glossary.terms} == set(ids) and glossary.status == "draft", lang


# -- the fixture site, built ------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = copy_site("glossary", tmp_path_factory.mktemp("glossary"))
    (site / "locales/fr/LC_MESSAGES").mkdir(parents=True)
    shutil.copy(ROOT / "locales/fr/LC_MESSAGES/messages.po", site / "locales/fr/LC_MESSAGES/messages.po")
    run_guidepress("build", "--variant", "a4", cwd=site)
    return site / "site"


def read(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def content(html: str) -> str:
    return html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]


def test_guide_page_explains_each_term_once_in_place(site):
    html = content(read(site, "guides/demo/01-terms"))
    links = _links(html)
    assert [link["data-gp-term"] for link in links] == ["care-team", "chemotherapy", "side-effect", "scan", "pancreas"]
    assert [re.sub(r"\s+", " ", m) for m in re.findall(r'class="gp-term"[^>]*>([^<]*)</a>', html)] == [
        "Care Team", "chemotherapy", "side effects", "scan", "pancreas"]
    # never in the heading, the box title, a link, code or an attribute
    assert re.search(r"<h1[^>]*>Chemotherapy and your care team</h1>", html)
    assert '<p class="admonition-title">Side effects to report</p>' in html
    assert '<a href="../02-more/">palliative care</a>' in html and "<code>pancreas</code>" in html
    assert '<span title="a scan">' in html
    # the definition travels with the link, escaped; the link leads to the glossary entry
    care = links[0]
    assert care["data-gp-definition"] == "The people who look after you." and care["data-gp-more"] == "See the glossary"
    assert links[3]["data-gp-definition"] == "A test that takes pictures of the inside of your body."
    assert 'data-gp-definition="An organ behind your stomach &lt;not a tag&gt; &amp; more."' in html
    target = (site / "guides/demo/01-terms" / care["href"].split("#")[0] / "index.html").resolve()
    assert target == (site / "glossary/index.html").resolve()
    assert f'id="{care["href"].split("#")[1]}"' in target.read_text(encoding="utf-8")


def test_translated_page_uses_its_own_forms_and_strings(site):
    html = content(read(site, "fr/guides/demo/01-terms"))
    links = _links(html)
    assert [link["data-gp-term"] for link in links] == ["care-team", "chemotherapy", "side-effect", "scan", "pancreas"]
    assert links[0]["data-gp-more"] == "Voir le glossaire" and links[0]["href"] == "../../../glossary/#care-team"
    assert links[1]["data-gp-definition"] == "Un médicament contre les cellules cancéreuses."
    # a page shown in English (not translated yet) is matched with the English forms
    fallback = _links(content(read(site, "fr/guides/demo/02-more")))
    assert [(t["data-gp-term"], t["data-gp-more"]) for t in fallback] == [
        ("palliative-care", "Voir le glossaire"), ("chemotherapy", "Voir le glossaire")]
    assert fallback[0]["href"] == "../../../glossary/#palliative-care"


def test_glossary_page_lists_every_term_with_its_anchor_in_collation_order(site):
    html = content(read(site, "fr/glossary"))
    assert "<!-- guidepress:glossary -->" not in html
    terms = [(t["id"], t.get("lang")) for t in tags(html, "dt")]
    # French order (É with E, not after Z); the term not translated yet is shown in English, marked so
    assert terms == [("chemotherapy", None), ("scan", None), ("side-effect", None), ("care-team", None),
                     ("palliative-care", "en"), ("pancreas", None)]
    text = htmllib.unescape(text_of(html))
    assert "Échographie Un examen qui montre l'intérieur du corps." in text
    assert "Des mots expliqués." in text  # the translator's introduction stays
    english = [t["id"] for t in tags(content(read(site, "glossary")), "dt")]
    assert english == ["care-team", "chemotherapy", "palliative-care", "pancreas", "scan", "side-effect"]


def test_find_support_page_lists_the_entries_for_its_language(site):
    html = content(read(site, "fr/find-support"))
    text = htmllib.unescape(text_of(html))
    assert "Des organisations qui peuvent aider." in text
    headings = [t["id"] for t in tags(html, "h3")]
    assert headings == ["example-everywhere", "example-french-line"]
    assert text.count("Entrée d'exemple, pas un vrai service") == 2
    assert "Belgique et France" in text and "Monde entier" in text and "15 janvier 2026" in text
    assert "Ligne d'écoute" in text and "Une ligne d'exemple en français." in text
    assert [t["href"] for t in tags(html, "a") if "gp-url" in t.get("class", "")] == [
        "https://example.org/everywhere", "https://example.com/ligne"]
    assert "tel:" not in html
    # a description not translated yet is shown in English and marked so
    assert '<p class="gp-support__description" lang="en">An example service for everyone.</p>' in html
    english = content(read(site, "find-support"))
    assert [t["id"] for t in tags(english, "h3")] == ["example-everywhere", "example-english-circle"]
    assert "Example entry, not a real service" in english and "United Kingdom" in english


def test_pdf_back_matter_has_the_guides_glossary_and_the_support_list(site):
    pdf = site / "fr/guides/demo/demo.fr.a4.pdf"
    text = re.sub(r"\s+", " ", pdftext(pdf))
    glossary = text.split("Les mots utilisés dans ce guide", 1)[1].split("Trouver du soutien", 1)[0]
    # only the terms the guide's pages use, in French order; "palliative care" comes from the
    # page printed in English
    order = [glossary.index(w) for w in ("Chimiothérapie", "Échographie", "Effet secondaire", "Équipe soignante",
                                         "Palliative care", "Pancréas")]
    assert order == sorted(order)
    assert "Ces explications sont une traduction provisoire." in glossary
    support = text.split("En cas d'urgence", 1)[1]
    assert "Example Everywhere Service" in support and "Exemple de ligne" in support
    assert "Example English Circle" not in support
    assert "Entrée d'exemple, pas un vrai service" in support and "example.com/ligne" in support
    assert "Dernière vérification : 15 janvier 2026" in support
    with __import__("pikepdf").open(pdf) as doc:
        titles = outline_titles(doc)
    assert titles.index("Glossaire") < titles.index("Trouver du soutien") < titles.index("À propos de ce guide")
    # terms in the printed pages link to the printed glossary, not to the website
    document = read(site, "fr/guides/demo/print")
    assert 'href="#gp-glossary--care-team"' in document and 'id="gp-glossary--care-team"' in document
    assert "data-gp-definition" not in document
    english = re.sub(r"\s+", " ", pdftext(site / "guides/demo/demo.en.a4.pdf"))
    assert "Words used in this guide" in english and "Example English Circle" in english


def test_readers_are_told_when_a_translated_entry_is_older_than_its_source(tmp_path):
    """The English definition of 'scan' changes after the French entry was translated: the French
    glossary page and the French print document say so under that entry, and only there."""
    site = copy_site("glossary", tmp_path)
    shutil.copytree(ROOT / "locales/fr/LC_MESSAGES", site / "locales/fr/LC_MESSAGES")  # the shipped catalog
    english = site / "locales/en/glossary.yml"
    english.write_text(english.read_text(encoding="utf-8").replace(
        "A test that takes pictures of the inside of your body.",
        "A test that makes pictures of the inside of your body, with sound waves or X-rays."), encoding="utf-8")
    run_guidepress("build", "--no-pdf", cwd=site)
    note = ("Cette explication n'est peut-être plus à jour : le texte source (anglais) a changé depuis la "
            "traduction.")
    page = (site / "site/fr/glossary/index.html").read_text(encoding="utf-8")
    notes = re.findall(r'<dd class="gp-glossary__outdated">(.*?)</dd>', page)
    assert [htmllib.unescape(re.sub(r"<[^>]+>", "", n)) for n in notes] == [note]  # the language name in <bdi>
    entry = page[page.index('id="scan"'):]
    assert entry.index("Un examen qui montre") < entry.index("gp-glossary__outdated") < entry.index("<dt")
    document = (site / "site/fr/guides/demo/print/index.html").read_text(encoding="utf-8")
    assert [htmllib.unescape(re.sub(r"<[^>]+>", "", n))
            for n in re.findall(r'<dd class="gp-glossary__outdated">(.*?)</dd>', document)] == [note]
    # English readers see the English entry, with no note
    assert "gp-glossary__outdated" not in (site / "site/glossary/index.html").read_text(encoding="utf-8")


def test_bad_glossary_data_stops_the_build_with_file_and_line(tmp_path):
    site = copy_site("glossary", tmp_path)
    path = site / "locales/fr/glossary.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: scan\n", "  - id: scann\n")
                    .replace("forms: [pancréas]", "forms: [pancréas, chimio]"), encoding="utf-8")
    proc = run_guidepress("build", "--no-pdf", cwd=site, check=False)
    assert proc.returncode == 1
    assert "locales/fr/glossary.yml:19: [glossary] the form 'chimio' is listed twice (term 'chemotherapy', line 14)" in proc.stderr
    assert "locales/fr/glossary.yml:21: [glossary] the id 'scann' is not in the source glossary" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (site / "site/fr/glossary/index.html").exists()


def test_bad_support_data_stops_the_build_with_file_and_line(tmp_path):
    site = copy_site("glossary", tmp_path)
    path = site / "locales/support.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    countries: [GB]\n", "    countries: [UK]\n")
                    .replace("    countries: [FR, BE]\n", "    countries: [FR, BE]\n    phone: +33 1 00 00 00 00\n"),
                    encoding="utf-8")
    proc = run_guidepress("build", "--no-pdf", cwd=site, check=False)
    assert proc.returncode == 1
    assert ("locales/support.yml:16: [support] entry 'example-french-line' is an example: remove its phone number. "
            "An invented number may belong to a real person or service") in proc.stderr
    assert "locales/support.yml:27: [support] entry 3, 'countries': 'UK' is not an ISO 3166 country code" in proc.stderr
    assert "Traceback" not in proc.stderr
