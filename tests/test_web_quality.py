"""The site measured by the tools web teams use (issue #13): Lighthouse 12 (mobile, default
throttling, Debian's Chromium) and the Nu HTML Checker (vnu) on every page type in English, Chinese
and a right-to-left language, the site served compressed as a real host serves it; the requests a
page load makes; the language menu (keeps the page, shows every language at once).

The site is the repository's own (its mkdocs.yml, overrides, pages and guides) with Arabic added
(the right-to-left fixture's home page and catalog; its other pages fall back to English), built
for the address it is served from. A new kind of page is one more line in PAGE_TYPES."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from browser import CHROMIUM, chromium, free_port
from conftest import ROOT, SITES, run_guidepress
from material_overrides import CHANGES, MATERIAL_VERSION, OVERRIDES, expected
from realhost import serve_compressed

NODE_MODULES = ROOT / ".venv" / "node" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE_RUN = ROOT / "tests" / "lighthouse_run.mjs"

LANGS = ("en", "zh", "ar")  # the source, a CJK language, a right-to-left language
RTL = "ar"
GUIDE = "guides/questions-for-your-care-team/01-getting-ready/"

PAGE_TYPES: dict[str, str] = {
    "home": "",
    "guide page": GUIDE,
    # a guide not translated into zh or ar: shown in English, with the fallback notice
    "fallback guide page": "guides/looking-after-yourself-as-a-caregiver/01-your-role-and-feelings/",
    "glossary": "glossary/",
    "find support": "find-support/",
    "text page": "how-guides-are-made/",
    "print page": "guides/questions-for-your-care-team/print/",
    "404": "no-such-page/",  # answered with the language's 404 page
}
"""Every kind of page the site has, by its path in the source language."""

PAGE_TYPES_IN: dict[str, dict[str, str]] = {
    # the shipped guides are not in Arabic: the right-to-left fixture's guide is, print page too
    RTL: {"guide page": "guides/demo/01-first/", "print page": "guides/demo/print/"},
}

LIGHTHOUSE_MINIMUM = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}

# CSS properties of the W3C's CSS Generated Content for Paged Media draft that the print page's
# stylesheet uses for the PDF's outline (WeasyPrint reads them, browsers ignore them) and that
# vnu's CSS checker does not know. Nothing else is tolerated.
PAGED_MEDIA_PROPERTIES = ("bookmark-level", "bookmark-label", "bookmark-state", "string-set")
PAGED_MEDIA_MESSAGE = re.compile(r"^CSS: “(%s)”: Property “\1” doesn't exist\.$" % "|".join(PAGED_MEDIA_PROPERTIES))


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def pages(kinds=PAGE_TYPES) -> list[tuple[str, str, str]]:
    """(language, page type, path) for every page type in every language of LANGS; the fallback
    page only where it is one (in English it is an ordinary guide page)."""
    return [(lang, kind, prefix(lang) + PAGE_TYPES_IN.get(lang, {}).get(kind, path))
            for lang in LANGS for kind, path in kinds.items() if not (kind == "fallback guide page" and lang == "en")]


def _with_arabic(project: Path) -> None:
    rtl = SITES / "rtl"
    (project / "docs" / RTL).mkdir(parents=True, exist_ok=True)
    shutil.copy(rtl / "docs" / RTL / "index.md", project / "docs" / RTL / "index.md")
    shutil.copytree(rtl / "locales" / RTL, project / "locales" / RTL, dirs_exist_ok=True)
    demo = rtl / "guides" / "demo"
    keep = ("guide.yml", "images", "en", RTL)
    shutil.copytree(demo, project / "guides" / "demo",
                    ignore=lambda d, names: [n for n in names if Path(d) == demo and n not in keep])
    manifest = project / "guides" / "demo" / "guide.yml"  # its Hebrew and Persian strings out, as those folders
    manifest.write_text(re.sub(r"^ +(he|fa): .*\n", "", manifest.read_text(encoding="utf-8"), flags=re.M),
                        encoding="utf-8")
    cfg = project / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    entries = list(re.finditer(r"^( +)- \{locale: [a-z_]+, name: auto\}\n", text, re.M))
    assert entries, "mkdocs.yml: the i18n plugin's languages are not written as '- {locale: xx, name: auto}'"
    last = entries[-1]
    line = f"{last.group(1)}- {{locale: {RTL}, name: auto}}\n"
    cfg.write_text(text[: last.end()] + line + text[last.end():], encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The repository's site plus Arabic, built for the address it is then served from."""
    work = tmp_path_factory.mktemp("web-quality")
    project = work / "project"
    skip = {".git", ".venv", ".cache", ".pytest_cache", "site", "tests", "guidepress", "scripts", "node_modules"}
    shutil.copytree(ROOT, project, ignore=lambda d, names: [n for n in names if Path(d) == ROOT and
                                                              (n in skip or n.endswith(".egg-info"))])
    _with_arabic(project)
    port = free_port()
    started = time.monotonic()
    run_guidepress("build", "--no-pdf", "--site-url", f"http://127.0.0.1:{port}/", cwd=project)
    print(f"site built in {time.monotonic() - started:.1f} s")
    return project / "site", port


@pytest.fixture(scope="module")
def served(site):
    built, port = site
    languages = tuple(p.name for p in built.iterdir() if (p / "404.html").is_file())
    with serve_compressed(built, languages, port) as host:
        yield host


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


# ---- the theme's templates that guidepress copies -------------------------------------------

def test_the_copied_material_templates_are_materials_with_only_the_listed_changes():
    import material

    assert material.__version__ == MATERIAL_VERSION, (
        f"Material is {material.__version__}; overrides/ copies templates of {MATERIAL_VERSION}: check that each "
        "change in tests/material_overrides.py is still needed, run 'python tests/material_overrides.py', "
        "then update MATERIAL_VERSION")
    for name in CHANGES:
        assert (OVERRIDES / name).read_text(encoding="utf-8") == expected(name), (
            f"overrides/{name} differs from Material's with the changes of tests/material_overrides.py")


# ---- the site served as a real host serves it ----------------------------------------------

def test_the_host_compresses_text_and_sets_types_and_cache_headers(served, site):
    import urllib.request

    def get(path):
        request = urllib.request.Request(served.url + path, headers={"Accept-Encoding": "gzip"})
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.headers

    status, headers = get(GUIDE)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"] == "text/html; charset=utf-8" and headers["Cache-Control"] == "no-cache"
    bundle = next((site[0] / "assets" / "javascripts").glob("bundle.*.min.js")).name
    status, headers = get(f"assets/javascripts/{bundle}")
    assert headers["Content-Encoding"] == "gzip" and "immutable" in headers["Cache-Control"]
    status, headers = get("zh/no-such-page/")
    assert status == 404 and headers["Content-Type"].startswith("text/html")


# ---- the Nu HTML Checker -------------------------------------------------------------------

def test_the_nu_html_checker_finds_no_error_on_any_page(site):
    """Every page of the site (every page type in every language, more than PAGE_TYPES lists)."""
    built = site[0]
    files = sorted(built.rglob("*.html"))
    assert len(files) > 100
    started = time.monotonic()
    proc = subprocess.run(["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
                          capture_output=True, text=True, timeout=600)
    report = json.loads(proc.stderr or proc.stdout)
    errors, tolerated = [], 0
    for message in report["messages"]:
        if PAGED_MEDIA_MESSAGE.match(message.get("message", "")):
            tolerated += 1
            continue
        where = message.get("url", "").split("/site/", 1)[-1]
        errors.append(f"{where}:{message.get('lastLine', '?')}: {message.get('message')}  {message.get('extract', '')!r}")
    print(f"vnu: {len(files)} pages in {time.monotonic() - started:.1f} s, {len(errors)} errors, "
          f"{tolerated} paged-media CSS properties in print pages")
    assert not errors, f"{len(errors)} errors, the first ones:\n" + "\n".join(errors[:30])


# ---- Lighthouse ----------------------------------------------------------------------------

def _lighthouse(urls: list[str]) -> dict[str, dict]:
    proc = subprocess.run(["node", str(LIGHTHOUSE_RUN), str(NODE_MODULES), CHROMIUM, *urls],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"Lighthouse failed:\n{proc.stderr[-3000:]}"
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    return {r["url"]: r for r in results}


def _lighthouse_url(base: str, lang: str, kind: str, path: str) -> str:
    # Lighthouse refuses to measure a page answered 404: the 404 page is measured as its own file
    return base + (prefix(lang) + "404.html" if kind == "404" else path)


def test_lighthouse_on_every_page_type_in_english_chinese_and_arabic(served):
    """Accessibility, best practices and SEO 100, performance at least 95 (Lighthouse's mobile
    defaults: a mid-range phone on a slow 4G connection, simulated; the CPU slowdown calibrated to
    the host's benchmark index, see lighthouse_run.mjs). Performance varies from run to run on a
    busy machine: a page under 95 is measured twice more and its median counts, as Lighthouse's own
    guidance on variability advises."""
    started = time.monotonic()
    targets = {_lighthouse_url(served.url, lang, kind, path): f"{lang} {kind}" for lang, kind, path in pages()}
    results = _lighthouse(list(targets))
    assert set(results) == set(targets), set(targets) - set(results)
    slow = [url for url, r in results.items() if (r["scores"]["performance"] or 0) < LIGHTHOUSE_MINIMUM["performance"]]
    if slow:
        again = [_lighthouse(slow) for _ in range(2)]
        for url in slow:
            runs = sorted([results[url]["scores"]["performance"] or 0] + [a[url]["scores"]["performance"] or 0 for a in again])
            results[url]["scores"]["performance"] = runs[1]
            results[url]["performance runs"] = runs
    lines, failures = [], []
    for url, name in targets.items():
        r = results[url]
        scores = r["scores"]
        m = {k: v or 0 for k, v in r["metrics"].items()}
        m = {k: m.get(k, 0) for k in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                                      "total-byte-weight")}
        lines.append(f"{name:28} " + " ".join(f"{k[:4]} {round((v or 0) * 100):3}" for k, v in scores.items())
                     + f"  FCP {m['first-contentful-paint'] / 1000:.1f} s LCP {m['largest-contentful-paint'] / 1000:.1f} s"
                     f" TBT {m['total-blocking-time']:.0f} ms {m['total-byte-weight'] / 1024:.0f} KiB"
                     + (f"  runs {r['performance runs']}" if "performance runs" in r else ""))
        if r["runtimeError"]:
            failures.append(f"{name}: {r['runtimeError']}")
        for category, minimum in LIGHTHOUSE_MINIMUM.items():
            if (scores.get(category) or 0) < minimum:
                audits = {k: (a["score"], a["value"], a["items"][:400]) for k, a in r["failing"].items()
                          if a["category"] == category}
                failures.append(f"{name} ({url}): {category} {scores.get(category)}: {audits}")
    first = next(iter(results.values()))
    print(f"Lighthouse on {len(targets)} pages in {time.monotonic() - started:.0f} s (host benchmark index "
          f"{first['benchmarkIndex']:.0f}, CPU slowdown {first['cpuSlowdownMultiplier']:.2f} x)\n" + "\n".join(lines))
    assert not failures, "\n".join(failures)


# ---- the requests of a page load -----------------------------------------------------------

def test_a_page_load_requests_only_its_own_host_and_nothing_missing(browser, served):
    """Every request of a page load (until the network is idle) in Chromium, on every page type:
    all to the page's own host, none answered 4xx or 5xx (the 404 page's own document aside)."""
    ctx = browser.new_context()
    page = ctx.new_page()
    log: list[tuple[str, int | None]] = []
    page.on("requestfinished", lambda request: log.append((request.url, None)))
    page.on("requestfailed", lambda request: log.append((request.url, -1)))
    page.on("response", lambda response: log.append((response.url, response.status)))
    bad, counts = [], {}
    for lang, kind, path in pages():
        log.clear()
        page.goto(served.url + path)
        page.wait_for_load_state("networkidle")
        document = served.url + path
        for url, status in log:
            if not url.startswith(served.url):
                bad.append(f"{lang} {kind}: request to another host: {url}")
            elif status is not None and (status < 0 or status >= 400) and not (kind == "404" and url == document):
                bad.append(f"{lang} {kind}: {url} answered {status}")
        counts[f"{lang} {kind}"] = len({url for url, _ in log})
    ctx.close()
    print("requests per page load:", counts)
    assert not bad, "\n".join(bad)


def test_the_language_menu_keeps_the_page(browser, served, site):
    """Choosing another language in the menu opens the same page in that language (or its home
    page where the page has no version there, as on a 404 page)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    wrong = []
    for lang, kind, path in pages():
        if kind in ("404", "print page"):  # the print page has no menu; the 404 page has no page to keep
            continue
        other = LANGS[(LANGS.index(lang) + 1) % len(LANGS)]  # en -> zh -> ar -> en
        page.goto(served.url + path)
        page.focus(".md-select > button")
        with page.expect_navigation():
            page.click(f".md-select__link[hreflang='{other}']")
        want = served.url + prefix(other) + path[len(prefix(lang)):]
        if page.url != want:
            wrong.append(f"{lang} {kind} -> {other}: {page.url}, not {want}")
    ctx.close()
    assert not wrong, "\n".join(wrong)


# ---- the language menu shows every language ------------------------------------------------

MENU_GEOMETRY = """() => {
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  const list = document.querySelector('.md-select__list');
  const links = [...document.querySelectorAll('.md-select__link')];
  const boxes = links.map(a => a.getBoundingClientRect());
  const problems = [];
  links.forEach((a, i) => {
    const r = boxes[i];
    if (r.width === 0 || r.height === 0) problems.push(a.hreflang + ': not shown');
    if (r.left < 0 || r.top < 0 || r.right > vw || r.bottom > vh) problems.push(a.hreflang + ': outside the screen');
    if (a.scrollWidth > a.clientWidth + 1 || a.scrollHeight > a.clientHeight + 1) problems.push(a.hreflang + ': text cut off');
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!hit || !a.contains(hit)) problems.push(a.hreflang + ': covered by something else');
    boxes.forEach((o, j) => {
      if (j > i && r.left < o.right - 1 && o.left < r.right - 1 && r.top < o.bottom - 1 && o.top < r.bottom - 1)
        problems.push(a.hreflang + ' overlaps ' + links[j].hreflang);
    });
  });
  if (list.scrollHeight > list.clientHeight + 1) problems.push('the list scrolls');
  return {count: links.length, problems};
}"""


@pytest.mark.parametrize("width,height", [(375, 667), (1280, 800)])
def test_the_language_menu_shows_every_language_at_once(browser, served, site, width, height, tmp_path):
    """With the menu open, every language's link is on the screen, whole, and not covered: on a
    phone and a desktop, left-to-right and right-to-left, and where every language carries the
    "not translated yet" note (a guide that exists only in English, in Greek: the longest note)."""
    built = site[0]
    expected_count = len([p for p in built.iterdir() if (p / "404.html").is_file()]) + 1
    ctx = browser.new_context(viewport={"width": width, "height": height})
    page = ctx.new_page()
    problems = {}
    for path in ("", "el/" + PAGE_TYPES["fallback guide page"], "zh/" + GUIDE, f"{RTL}/"):
        page.goto(served.url + path)
        page.focus(".md-select > button")
        page.wait_for_timeout(400)  # the menu's opening transition
        geometry = page.evaluate(MENU_GEOMETRY)
        assert geometry["count"] == expected_count, (path, geometry["count"])
        if geometry["problems"]:
            problems[path or "home"] = geometry["problems"]
        shot = tmp_path / f"language-menu-{width}-{path.strip('/').replace('/', '_') or 'home'}.png"
        page.screenshot(path=str(shot))
        print("screenshot:", shot)
    ctx.close()
    assert not problems, problems
