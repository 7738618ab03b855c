"""The site's own Content-Security-Policy, in a real Chromium.

Every generated page declares a policy (``<meta http-equiv="Content-Security-Policy">``) that
allows only the site's own script files and same-origin requests. These tests prove that:

* the built site has no inline script left (Material's inline scripts are served as files by
  ``overrides/partials/javascripts/``), and every HTML page carries the policy;
* the site works under it (search, the light/dark toggle, a glossary term), with no violation
  reported on any page type, in a left-to-right and a Chinese page;
* the policy is really enforced: an inline script added to a built page does not run and is
  reported (so the checks above cannot pass vacuously);
* Material's original partials are still the ones the overrides were copied from: a theme
  upgrade that changes them fails here, so the copies are reviewed again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import chromium, free_port, serve
from conftest import ROOT, SHIPPED_LANGS, run_guidepress

MATERIAL_PARTIALS = ("base.html", "palette.html", "content.html")
"""Material for MkDocs 9.8.1's partials/javascripts/ that overrides/partials/javascripts/ replace,
their scripts copied into overrides/assets/javascripts/md-*.js."""

PAGES = {
    "home": "", "guide page": "guides/questions-for-your-care-team/01-getting-ready/",
    "fallback page": "guides/looking-after-yourself-as-a-caregiver/01-your-role-and-feelings/",
    "glossary": "glossary/", "find support": "find-support/",
    "print page": "guides/questions-for-your-care-team/print/", "404": "no-such-page/",
}

RECORDER = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
  {directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, line: e.lineNumber}));
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    port = free_port()
    out = tmp_path_factory.mktemp("csp") / "site"
    run_guidepress("build", "--no-pdf", "--site-dir", str(out), "--site-url", f"http://127.0.0.1:{port}/", cwd=ROOT)
    with serve(out, tuple(SHIPPED_LANGS), port) as url:
        yield out, url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _material_partial(name: str) -> Path:
    import material

    return Path(material.__file__).parent / "templates" / "partials" / "javascripts" / name


def test_material_partials_are_the_ones_the_overrides_copy():
    import material

    assert material.__version__ == "9.8.1", (
        f"Material is {material.__version__}: compare its partials/javascripts/ with overrides/partials/javascripts/ "
        "and overrides/assets/javascripts/md-*.js, copy the new scripts, then update this test")
    for name in MATERIAL_PARTIALS:
        upstream = _material_partial(name).read_text(encoding="utf-8")
        scripts = re.findall(r"<script>(.*?)</script>", upstream, re.S)
        assert scripts, name
        copies = "".join((ROOT / "overrides/assets/javascripts" / f).read_text(encoding="utf-8")
                         for f in ("md-scope.js", "md-palette.js", "md-content.js", "md-tabs-link.js"))
        for script in scripts:
            script = script.replace('new URL("{{ config.extra.scope | d(base_url) }}",location)',
                                    'new URL(document.currentScript.getAttribute("data-md-scope"),location)')
            assert script in copies, f"Material's {name} has a script the overrides do not carry: {script[:80]}"


def test_no_inline_script_and_every_page_declares_the_policy(served):
    site, _ = served
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 300
    inline, without = [], []
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for attrs, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I):
            if "src=" not in attrs and 'type="application/json"' not in attrs and body.strip():
                inline.append(f"{path.relative_to(site)}: {body.strip()[:60]}")
        if 'http-equiv="Content-Security-Policy"' not in html:
            without.append(str(path.relative_to(site)))
    assert not inline, "inline scripts:\n" + "\n".join(inline[:20])
    assert not without, "pages without the policy:\n" + "\n".join(without[:20])


def _open(browser, url: str):
    ctx = browser.new_context()
    ctx.add_init_script(RECORDER)  # injected by the browser itself: not subject to the page's policy
    page = ctx.new_page()
    errors: list[str] = []
    # a refused request or script is reported on the console; other errors (404s) are not this test's
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text else None)
    page.goto(url)
    page.wait_for_load_state("load")
    return ctx, page, errors


@pytest.mark.parametrize("lang", ["en", "fr", "zh"])
def test_every_page_type_loads_under_the_policy_without_violation(browser, served, lang):
    _, url = served
    found = {}
    for kind, path in PAGES.items():
        ctx, page, errors = _open(browser, url + ("" if lang == "en" else f"{lang}/") + path)
        page.wait_for_timeout(200)
        violations = page.evaluate("window.__violations")
        if kind != "print page":  # a document of guidepress's own, without Material's scripts
            assert page.evaluate("typeof __md_scope") == "object", f"{kind}: Material's scope script did not run"
        if violations or errors:
            found[kind] = {"violations": violations, "console errors": errors}
        ctx.close()
    assert not found, found


def test_the_site_works_under_the_policy(browser, served):
    _, url = served
    ctx, page, errors = _open(browser, url + PAGES["guide page"])
    # the light/dark toggle (Material's palette script, now a file)
    before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_timeout(300)
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert before != after
    # a glossary term (guidepress.js turns the link into a button that shows the definition)
    term = page.locator(".gp-term__button").first
    term.click()
    assert term.get_attribute("aria-expanded") == "true"
    # search (a web worker and the index, both same-origin)
    page.locator("input.md-search__input").click()
    page.keyboard.type("fatigue")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert page.locator(".md-search-result__item").count() > 0
    assert page.evaluate("window.__violations") == []
    assert errors == []
    ctx.close()


def test_the_policy_is_enforced(browser, served):
    """A control: an inline script put into a built page is refused by the browser and reported."""
    site, url = served
    page_file = site / "guides/questions-for-your-care-team/01-getting-ready/index.html"
    control = site / "csp-control.html"
    html = page_file.read_text(encoding="utf-8")
    html = html.replace("</head>", "<script>window.__ran = 1</script></head>", 1)
    control.write_text(html, encoding="utf-8")
    try:
        ctx, page, _ = _open(browser, url + "csp-control.html")
        assert page.evaluate("window.__ran") is None
        directives = [v["directive"] for v in page.evaluate("window.__violations")]
        assert any(d.startswith("script-src") for d in directives), directives
        ctx.close()
    finally:
        control.unlink()
