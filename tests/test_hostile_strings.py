"""Stored cross-site scripting (issue #12): every string from content is text where it is written.

One fixture site (tests/fixtures/sites/glossary: English and French, glossary, support list) gets
a hostile string in every route that reaches a page: each displayed guide.yml field, the
front-matter title, description and translators of a translated guide page, the front-matter
title of a French site page (without a heading, so the title also reaches the search index), a
page's first heading written with entities, the French glossary and the support list. It is built
once for real, then:

* the HTML of every page (the print pages included) and every search index entry holds the
  payload only as text: no element or attribute came from it, ``{{ 7*7 }}`` stays literal, an
  ``&`` is escaped once (never ``&amp;amp;``);
* Chromium loads every affected page type and searches for the hostile titles: no payload runs
  (``window.__xss`` stays undefined, no dialog opens). The site's Content-Security-Policy is
  bypassed there, so escaping alone is what is tested; a control page with the payload written
  unescaped proves the detector sees a payload that runs.

A ``.po`` msgstr with markup is either refused by the build with ``[po]`` and the catalog's
file:line, or shown as text; and the templates escape a msgstr whatever the build decides. A page
cannot choose its theme template (``template:`` in its front matter is an error of check and the build).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from jinja2 import DictLoader, Environment
from markupsafe import Markup

from conftest import copy_site, run_guidepress, text_of

RUNS = 'window.__xss=(window.__xss||0)+1'


def payload(route: str) -> str:
    """A hostile string with a search-friendly marker ``zq<route>``."""
    return (f'zq{route} Q&A <img src=x onerror="{RUNS}"> <script>{RUNS}</script> '
            f'"><svg onload="{RUNS};alert(1)"> \'><b onmouseover="{RUNS}">x</b> {{{{ 7*7 }}}} '
            f'</title></style></textarea><script>{RUNS}</script>')


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # guidepress refuses YAML aliases
        return True


def _dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def _front_matter(path: Path, extra: dict, translator: str | None = None) -> None:
    """Add ``extra`` to the front matter of the Markdown file ``path`` (and name its translator)."""
    text = path.read_text(encoding="utf-8")
    meta, body = {}, text
    if text.startswith("---\n"):
        head, body = text[4:].split("\n---\n", 1)
        meta = yaml.safe_load(head) or {}
    meta.update(extra)
    if translator is not None:
        meta["translation"]["translators"][0]["name"] = translator
    path.write_text("---\n" + _dump(meta) + "---\n" + body,
                    encoding="utf-8")


def _hostile_guide(site: Path) -> None:
    path = site / "guides/demo/guide.yml"
    g = yaml.safe_load(path.read_text(encoding="utf-8"))
    g["title"] = {"en": payload("guidetitleen"), "fr": payload("guidetitlefr")}
    g["summary"] = {"en": payload("summaryen"), "fr": payload("summaryfr")}
    g["version"] = "1.0 " + payload("version")
    g["co_creators"] = [{"name": payload("creatorname"), "role": "patient-expert",
                         "affiliation": payload("creatoraffiliation")}]
    g["reviewers"] = [{"name": payload("reviewername"), "role": "nurse", "date": g["last_reviewed"],
                       "affiliation": payload("revieweraffiliation")}]
    g["sources"] = [{"title": payload("sourcetitle"), "publisher": payload("sourcepublisher"), "year": 2024,
                     "url": "https://example.org/?q=" + payload("sourceurl")}]
    g["funder"] = {"name": payload("fundername"),
                   "independence": {"en": payload("independenceen"), "fr": payload("independencefr")}}
    path.write_text(_dump(g), encoding="utf-8")


def _hostile_pages(site: Path) -> None:
    fr_page = site / "guides/demo/fr/01-terms.md"
    _front_matter(fr_page, {"title": payload("pagetitle"), "description": payload("description")})
    _front_matter(fr_page, {}, translator=payload("translator"))
    # a site page titled by its front matter only: the title is also its search entry's title
    glossary = site / "docs/fr/glossary.md"
    _front_matter(glossary, {"title": payload("sitetitle")})
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("# Glossaire\n\n", ""), encoding="utf-8")
    # a first heading written with entities: MkDocs keeps them in page.title, striptags undid them
    en_page = site / "guides/demo/en/02-more.md"
    text = en_page.read_text(encoding="utf-8")
    heading = html.escape(payload("heading"), quote=False).replace("{", "&#123;").replace("*", "&#42;")
    en_page.write_text(re.sub(r"^# .*$", lambda m: "# " + heading, text, count=1, flags=re.M), encoding="utf-8")


def _hostile_data(site: Path) -> None:
    path = site / "locales/fr/glossary.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["terms"][0]["definition"] = payload("definition")
    data["terms"][1]["term"] = "Chimiothérapie " + payload("term")
    path.write_text(_dump(data), encoding="utf-8")
    path = site / "locales/support.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"][0]["name"] = payload("supportname")
    data["entries"][0]["description"] = {"en": payload("supporten"), "fr": payload("supportfr")}
    path.write_text(_dump(data), encoding="utf-8")


class _Injected(HTMLParser):
    """Elements and attributes that came from a payload: an event handler attribute, a script
    whose code is a payload's, an ``img``/``svg`` that a payload wrote."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")
        self._script = tag == "script"

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script and "__xss" in data:
            self.found.append(f"<script>{data[:60]}")


def injected(markup: str) -> list[str]:
    parser = _Injected()
    parser.feed(markup)
    parser.close()
    return parser.found


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    site = copy_site("glossary", tmp_path_factory.mktemp("hostile"))
    _hostile_guide(site)
    _hostile_pages(site)
    _hostile_data(site)
    run_guidepress("build", "--no-pdf", cwd=site)
    return site / "site"


def _read(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def _visible(markup: str) -> str:
    return html.unescape(text_of(markup))


def test_no_element_or_attribute_comes_from_a_hostile_string(hostile_site):
    offenders = []
    for page in sorted(hostile_site.rglob("*.html")):
        markup = page.read_text(encoding="utf-8")
        offenders += [f"{page.relative_to(hostile_site)}: {f}" for f in injected(markup)]
        assert "&amp;amp;" not in markup, f"{page}: escaped twice"
    assert not offenders, "\n".join(offenders)


def test_hostile_strings_are_shown_as_text(hostile_site):
    guide = _read(hostile_site, "fr/guides/demo/01-terms")
    text = _visible(guide)
    for route in ("guidetitlefr", "version", "creatorname", "creatoraffiliation", "reviewername",
                  "revieweraffiliation", "sourcetitle", "sourcepublisher", "sourceurl", "fundername",
                  "independencefr", "pagetitle", "translator"):
        assert payload(route) in text, route
    assert "{{ 7*7 }}" in text and "Q&A" in text
    title = re.search(r"<title>(.*?)</title>", guide, re.S).group(1)
    assert html.unescape(title).startswith(payload("pagetitle")), title
    description = re.search(r'<meta name="description" content="([^"]*)"', guide).group(1)
    assert html.unescape(description) == payload("description")
    # the hostile page title in the French nav of another page, the guide title as its nav section
    other = _visible(_read(hostile_site, "fr/find-support"))
    assert payload("pagetitle") in other and payload("guidetitlefr") in other and payload("sitetitle") in other
    assert payload("supportname") in other and payload("supportfr") in other
    heading_page = _read(hostile_site, "guides/demo/02-more")
    assert html.unescape(re.search(r"<title>(.*?)</title>", heading_page, re.S).group(1)).startswith(payload("heading"))
    glossary = _visible(_read(hostile_site, "fr/glossary"))
    assert payload("definition") in glossary and payload("term") in glossary
    home = _visible(_read(hostile_site, "fr"))
    assert payload("guidetitlefr") in home and payload("summaryfr") in home


def test_print_pages_hold_the_strings_as_text(hostile_site):
    for lang in ("", "fr/"):
        markup = _read(hostile_site, f"{lang}guides/demo/print")
        assert not injected(markup), lang
        text = _visible(markup)
        suffix = "fr" if lang else "en"
        for route in (f"guidetitle{suffix}", f"summary{suffix}", "creatorname", "reviewername", "sourcetitle",
                      "sourceurl", "fundername", f"independence{suffix}", "supportname"):
            assert payload(route) in text, (lang, route)
        # the running title is a CSS string that cannot close its <style> element
        style = re.search(r"@page \{ @top-center \{ content: (.*?); \}", markup).group(1)
        assert "<" not in style and "\\3c " in style, style
    assert payload("pagetitle") in _visible(_read(hostile_site, "fr/guides/demo/print"))


def test_search_index_titles_are_text(hostile_site):
    titles = []
    for index in (hostile_site / "search/search_index.json", hostile_site / "fr/search/search_index.json"):
        for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            assert not injected(doc["title"]) and not injected(doc["text"]), doc["location"]
            assert "&amp;amp;" not in doc["title"], doc["title"]
            titles.append(html.unescape(doc["title"]))
    assert payload("sitetitle") in titles and payload("heading") in titles


# -- the real browser -------------------------------------------------------------------------------

CONTROL = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>control</title></head>"
           "<body><p>{}</p></body></html>")


def _runs(browser, url: str, search: str | None = None) -> tuple[object, list[str]]:
    """window.__xss after loading ``url`` (and searching for ``search``), and the dialogs opened."""
    ctx = browser.new_context(bypass_csp=True)  # escaping alone is tested, not the policy
    page = ctx.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_default_timeout(20000)
    page.goto(url, wait_until="load")
    if search:
        page.click("input.md-search__input")
        page.keyboard.type(search)
        page.keyboard.press("End")
        page.wait_for_selector(".md-search-result__item")
    page.wait_for_timeout(300)
    value = page.evaluate("window.__xss")
    ctx.close()
    return value, dialogs


def test_no_payload_runs_in_chromium(hostile_site):
    from browser import chromium, serve

    (hostile_site / "control").mkdir()
    (hostile_site / "control/index.html").write_text(CONTROL.format(payload("control")), encoding="utf-8")
    try:
        assert injected((hostile_site / "control/index.html").read_text(encoding="utf-8"))
        with serve(hostile_site, ("fr",)) as url, chromium() as browser:
            # the detector: the same payload, written unescaped, runs
            value, dialogs = _runs(browser, url + "control/")
            assert value and dialogs, (value, dialogs)
            visits = [("fr/guides/demo/01-terms/", None), ("guides/demo/02-more/", None),
                      ("fr/guides/demo/print/", None), ("guides/demo/print/", None), ("fr/", None),
                      ("fr/glossary/", None), ("fr/find-support/", None),
                      ("fr/", "zqsitetitle"), ("fr/", "zqdefinition"), ("", "zqheading")]
            for path, search in visits:
                assert _runs(browser, url + path, search) == (None, []), (path, search)
    finally:
        shutil.rmtree(hostile_site / "control")


def test_a_page_cannot_choose_its_theme_template(tmp_path):
    """``template: redirect.html`` with ``location: javascript:...`` made a page whose script ran
    its location; check and the build refuse the key with file:line, in a guide page and a site page."""
    site = copy_site("glossary", tmp_path)
    _front_matter(site / "guides/demo/fr/01-terms.md", {"template": "redirect.html", "location": "javascript:x()"})
    _front_matter(site / "docs/fr/glossary.md", {"template": "redirect.html", "location": "https://example.org/"})
    for command in (("build", "--no-pdf"), ("check",)):
        proc = run_guidepress(*command, cwd=site, check=False)
        output = proc.stdout + proc.stderr
        assert proc.returncode != 0 and "Traceback" not in output, output
        for page in ("guides/demo/fr/01-terms", "docs/fr/glossary"):  # every page at once
            assert re.search(rf"{page}\.md:\d+: \[front-matter\] 'template'", output), (command, output)
    assert not (site / "site").exists()


# -- catalogs ---------------------------------------------------------------------------------------

PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"

msgid "Next review:"
msgstr "Relu le <img src=x onerror=\\"{runs}\\"> :"

msgid "Guides"
msgstr "Guides <script>{runs}</script>"

msgid "This page is not yet available in %(language)s. You are reading the %(source)s version."
msgstr "Pas en %(language)s. %(source)s<script>{runs}</script>"
'''


def test_a_msgstr_with_markup_is_refused_or_shown_as_text(tmp_path):
    site = copy_site("glossary", tmp_path)
    po = site / "locales/fr/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO.format(runs=RUNS), encoding="utf-8")
    proc = run_guidepress("build", "--no-pdf", cwd=site, check=False)
    if proc.returncode != 0:
        output = proc.stdout + proc.stderr
        assert "[po]" in output and re.search(r"locales/fr/LC_MESSAGES/messages\.po:\d+", output), output
        assert "Traceback" not in output, output
        return
    for page in sorted((site / "site/fr").rglob("*.html")):
        assert not injected(page.read_text(encoding="utf-8")), page
    text = _visible(_read(site / "site", "fr/guides/demo/02-more"))
    assert f'Relu le <img src=x onerror="{RUNS}"> :' in text and f"<script>{RUNS}</script>" in text


PO_QUOTES = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"

msgid "QR code of the online version of this guide"
msgstr "Code QR\\" onerror=\\"{runs}"

msgid "Table"
msgstr "Tableau\\" onmouseover=\\"{runs}"

msgid "See the glossary"
msgstr "Voir le glossaire\\" onfocus=\\"{runs}"

msgid "Next review:"
msgstr "Relu & vérifié :"
'''


def test_a_msgstr_cannot_leave_its_attribute(tmp_path):
    """No < or > needed: a quote in a msgstr written into an attribute (alt, data-*) stays in it."""
    site = copy_site("glossary", tmp_path)
    po = site / "locales/fr/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO_QUOTES.format(runs=RUNS), encoding="utf-8")
    proc = run_guidepress("build", "--no-pdf", cwd=site, check=False)
    if proc.returncode != 0:
        output = proc.stdout + proc.stderr
        assert "[po]" in output and re.search(r"locales/fr/LC_MESSAGES/messages\.po:\d+", output), output
        assert "Traceback" not in output, output
        return
    for page in sorted((site / "site/fr").rglob("*.html")):
        markup = page.read_text(encoding="utf-8")
        assert not injected(markup), page
        assert "&amp;amp;" not in markup, page
    printed = _read(site / "site", "fr/guides/demo/print")
    assert 'alt="Code QR&#34; onerror=&#34;' in printed or 'alt="Code QR&quot; onerror=&quot;' in printed
    assert "Relu & vérifié :" in _visible(_read(site / "site", "fr/guides/demo/01-terms"))


class _Catalog:
    """A catalog whose every msgstr carries markup."""

    def gettext(self, message):
        return message + "<script>x()</script>"

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)

    def pgettext(self, context, message):
        return self.gettext(message)

    def npgettext(self, context, singular, plural, n):
        return self.ngettext(singular, plural, n)


def test_templates_escape_a_msgstr_whatever_the_build_decides():
    from guidepress.view.escaping import install_gettext
    from guidepress.pdf.document import environment

    source = '{% autoescape true %}<p title="{{ _("Hi") }}">{{ _("Part %(num)s", num=n) }}</p>{% endautoescape %}'
    env = Environment(loader=DictLoader({"t.html": source}), extensions=["jinja2.ext.i18n"])
    install_gettext(env, _Catalog())
    out = env.get_template("t.html").render(n="<b>1</b>")
    assert out == ('<p title="Hi&lt;script&gt;x()&lt;/script&gt;">'
                   'Part &lt;b&gt;1&lt;/b&gt;&lt;script&gt;x()&lt;/script&gt;</p>'), out
    # the print document's environment (and the glossary and support macros rendered with it)
    printed = environment(_Catalog()).from_string('{{ _("Notes") }}').render()
    assert printed == "Notes&lt;script&gt;x()&lt;/script&gt;"
    assert not injected(printed) and isinstance(printed, str)


def test_escaped_text_is_escaped_once():
    from guidepress.view.escaping import html_text, striptags, text

    value = "Questions & answers <\"quoted\"> l'équipe"
    assert text(value) == "Questions &amp; answers &lt;&#34;quoted&#34;&gt; l'équipe"
    assert text(text(value)) == text(value) and isinstance(text(value), Markup)
    assert html_text("Questions &amp; answers &lt;b&gt;") == "Questions &amp; answers &lt;b&gt;"
    # Jinja's striptags would give back "</title><script>"
    assert striptags(Markup("&lt;/title&gt;&lt;script&gt;")) == "&lt;/title&gt;&lt;script&gt;"


def test_running_title_prints_a_hostile_title_as_text(tmp_path):
    """The PDF's running title is a CSS string: its escapes print as the characters themselves."""
    from weasyprint import HTML

    from guidepress.pdf.document import css_string
    from pdfcheck import pdftext

    title = 'A&B </style><script>x()</script> "q" \\ end'
    doc = (f"<html><head><style>@page {{ @top-center {{ content: {css_string(title)}; }} }}</style></head>"
           "<body><p>body</p></body></html>")
    assert "</style>" not in doc.split("<style>", 1)[1].split("</style>", 1)[0]
    HTML(string=doc).write_pdf(tmp_path / "t.pdf")
    assert title in pdftext(tmp_path / "t.pdf")
