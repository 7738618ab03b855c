"""Hostile content files (issue #12): what a stranger's pull request may hold never leaves the
project, never runs unbounded, and never ends in a traceback.

Each test writes one attack into a copy of the ``two-langs`` fixture site and runs the real
``guidepress check``, the real ``guidepress build`` and, where MkDocs reads the file itself, the
real ``mkdocs build``. It proves that:

* a symbolic link (to a file holding a secret outside the project) as a site page, a docs asset,
  a translated guide page, an image, a glossary, a catalog, a theme template, or a linked folder,
  is named by ``check`` (``[symlink]``) and refused by both builds, and that the secret is in no
  file of the project afterwards (site, cache, staging folders);
* YAML alias bombs (in ``guide.yml``, a page's front matter, a glossary) and deep nesting are
  refused with ``file:line`` in a few seconds, where they took more than 300 s and 17 GB (or
  crashed libyaml); a key written twice is an error with the line of the second one;
* a page or catalog saved as Latin-1, an unknown or wrong catalog charset, an unterminated catalog
  string, NUL bytes, a page over the size limit, markup in a msgstr, a guide folder named ``..x``
  and dates in 2099 each give ``file:line: [rule] message`` in ``check`` and in the build, with no
  traceback; every problem of one file is reported at once.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from guidepress.model.errors import ContentError
from guidepress.model.manifest import load_guide
from guidepress.model.yamlfile import YamlError, load_yaml

from conftest import FIXTURES, ROOT, copy_site, run_guidepress
from test_check import CATALOG, CHECK, PAGE, site_with

SECRET = "GP-SECRET-7f3a9c-do-not-publish"
LINK_FIX = "(guidepress never follows links, so nothing outside the repository can be published)"
ANCHORS = "YAML anchors and aliases (&name, *name) are not allowed in guidepress files: write the value out"
PO = "locales/fr/LC_MESSAGES/messages.po"
BOMB = "".join([f"lol0: &a0 [{', '.join(['lol'] * 9)}]\n"]
               + [f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)])


# -- helpers ------------------------------------------------------------------------------------

def hostile_site(tmp_path: Path) -> Path:
    """A copy of the two-language fixture with catalogs and glossaries for en and fr only."""
    site = copy_site("two-langs", tmp_path)
    for folder in (site / "locales").iterdir():
        if folder.is_dir() and folder.name not in ("en", "fr"):
            shutil.rmtree(folder)
    return site


def outside(tmp_path: Path, name: str = "secret.md", text: str | None = None) -> Path:
    """A file outside the project that holds the secret."""
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text if text is not None else f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    return path


def check(site: Path, *args: str) -> subprocess.CompletedProcess:
    return run_guidepress("check", *args, cwd=site, check=False)


def build(site: Path) -> subprocess.CompletedProcess:
    return run_guidepress("build", "--no-pdf", cwd=site, check=False)


def mkdocs_build(site: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GUIDEPRESS_LANGUAGES"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=site, env=env,
                          capture_output=True, text=True, timeout=600)


def refused(proc: subprocess.CompletedProcess, *fragments: str) -> str:
    """Assert a clean refusal: non-zero exit, no traceback, every fragment in the output."""
    out = proc.stdout + proc.stderr
    assert proc.returncode not in (0, -11, 139), out
    assert "Traceback" not in out, out
    for fragment in fragments:
        assert fragment in out, f"{fragment!r} not in:\n{out}"
    return out


def assert_secret_nowhere(site: Path) -> None:
    """No regular file of the project (site, caches, staging folders) holds the secret."""
    for folder, dirs, files in os.walk(site):  # never follows a link
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                assert SECRET.encode() not in path.read_bytes(), path


def link(site: Path, rel: str, target: Path) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


def line_of(text: str, fragment: str) -> int:
    return text[:text.index(fragment)].count("\n") + 1


# -- symbolic links ---------------------------------------------------------------------------

LINKS = [
    ("docs/en/leak.md", "site page"),
    ("docs/en/leak.txt", "docs asset"),
    ("guides/demo/fr/01-first.md", "translated guide page"),
    ("guides/demo/images/private.png", "image"),
    ("locales/fr/glossary.yml", "glossary"),
    (PO, "catalog"),
]


@pytest.mark.parametrize("rel,what", LINKS, ids=[w for _, w in LINKS])
def test_a_linked_file_is_named_by_check_and_refused_by_the_build(tmp_path, rel, what):
    site = hostile_site(tmp_path)
    link(site, rel, outside(tmp_path))
    message = f"{rel}: [symlink] this file is a symbolic link: replace it with the file itself {LINK_FIX}"
    refused(check(site), message)
    refused(build(site), message)
    assert_secret_nowhere(site)


@pytest.mark.parametrize("rel", ["docs/en/leak.md", "guides/demo/fr/01-first.md", "docs/en/leak.txt"])
def test_plain_mkdocs_build_refuses_links_too(tmp_path, rel):
    site = hostile_site(tmp_path)
    link(site, rel, outside(tmp_path))
    refused(mkdocs_build(site), f"{rel}: [symlink] this file is a symbolic link")
    assert_secret_nowhere(site)


@pytest.mark.parametrize("rel", ["docs/en/linked", "guides/linked", "guides/demo/fr"])
def test_a_linked_folder_is_named_and_refused(tmp_path, rel):
    site = hostile_site(tmp_path)
    outside(tmp_path, "01-first.md")
    outside(tmp_path, "guide.yml", f"title: {SECRET}\n")
    if (site / rel).is_dir():
        shutil.rmtree(site / rel)
    link(site, rel, tmp_path / "outside")
    message = f"{rel}: [symlink] this folder is a symbolic link: replace it with the folder itself {LINK_FIX}"
    refused(check(site), message)
    refused(build(site), message)
    refused(mkdocs_build(site), message)
    assert_secret_nowhere(site)


def test_a_linked_theme_template_is_refused(tmp_path):
    site = hostile_site(tmp_path)
    shutil.copytree(ROOT / "overrides", site / "overrides")
    config = site / "mkdocs.yml"
    config.write_text(re.sub(r"custom_dir: .*", "custom_dir: overrides", config.read_text()), encoding="utf-8")
    link(site, "overrides/partials/leak.html", outside(tmp_path))
    message = "overrides/partials/leak.html: [symlink] this file is a symbolic link"
    refused(check(site), message)
    refused(build(site), message)
    assert_secret_nowhere(site)


def test_a_linked_mkdocs_yml_is_refused(tmp_path):
    site = hostile_site(tmp_path)
    (site / "mkdocs.yml").rename(tmp_path / "outside.yml")
    (site / "mkdocs.yml").symlink_to(tmp_path / "outside.yml")
    message = "mkdocs.yml: [symlink] this file is a symbolic link: replace it with the file itself"
    refused(check(site), message)
    refused(build(site), message)


def test_all_links_are_reported_at_once(tmp_path):
    site = hostile_site(tmp_path)
    for rel, _ in LINKS:
        link(site, rel, outside(tmp_path))
    out = refused(build(site))
    for rel, _ in LINKS:
        assert f"{rel}: [symlink]" in out


# -- bounded YAML -----------------------------------------------------------------------------

def test_an_alias_bomb_is_refused_in_well_under_a_second():
    start = time.perf_counter()
    with pytest.raises(YamlError) as info:
        load_yaml(BOMB)
    assert time.perf_counter() - start < 0.5
    assert str(info.value) == ANCHORS and [line for line, _ in info.value.problems] == list(range(1, 10))


def test_alias_bomb_in_guide_yml(tmp_path):
    site = hostile_site(tmp_path)
    manifest = site / "guides/demo/guide.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + BOMB, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(ContentError) as info:
        load_guide(manifest.parent, ["en", "fr"], "en", site)
    assert time.perf_counter() - start < 0.5
    assert str(info.value.findings[0]).startswith(f"guides/demo/guide.yml:{line_of(manifest.read_text(), 'lol0')}: [manifest] {ANCHORS}")
    for run in (check, build):
        start = time.perf_counter()
        refused(run(site), f"guides/demo/guide.yml:{line_of(manifest.read_text(), 'lol0')}: [manifest] {ANCHORS}")
        assert time.perf_counter() - start < 30  # the attack ran past 300 s


@pytest.mark.parametrize("rel", ["docs/en/about.md", "guides/demo/fr/02-second.md"])
def test_alias_bomb_in_front_matter(tmp_path, rel):
    site = hostile_site(tmp_path)
    (site / rel).write_text("---\n" + BOMB + "---\n\n# About\n", encoding="utf-8")
    message = f"{rel}:2: [front-matter] {ANCHORS}"
    for run in (check, build, mkdocs_build):
        start = time.perf_counter()
        refused(run(site), message)
        assert time.perf_counter() - start < 30


def test_alias_bomb_in_a_glossary(tmp_path):
    site = hostile_site(tmp_path)
    glossary = site / "locales/fr/glossary.yml"
    glossary.write_text(BOMB + glossary.read_text(encoding="utf-8"), encoding="utf-8")
    for run in (check, build):
        refused(run(site), f"locales/fr/glossary.yml:1: [glossary] {ANCHORS}")


def test_deep_nesting_in_front_matter_does_not_crash_the_build(tmp_path):
    """libyaml's composer recurses: 200,000 '[' crashed MkDocs with a segmentation fault."""
    site = hostile_site(tmp_path)
    (site / "docs/en/about.md").write_text("---\nx: " + "[" * 200_000 + "]" * 200_000 + "\n---\n# A\n")
    for run in (check, build, mkdocs_build):
        refused(run(site), "docs/en/about.md:2: [front-matter] this YAML is nested more than 40 levels deep")


def test_duplicate_keys_are_errors_with_the_second_line(tmp_path):
    site = hostile_site(tmp_path)
    manifest = site / "guides/demo/guide.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("summary:", "title:\n  en: Other\nsummary:", 1))
    page = site / "docs/en/about.md"
    page.write_text("---\ntitle: One\ntitle: Two\n---\n" + page.read_text(encoding="utf-8"), encoding="utf-8")
    messages = ["guides/demo/guide.yml:9: [manifest] the key 'title' is written twice in the same block (first on line 6)",
                "docs/en/about.md:3: [front-matter] the key 'title' is written twice in the same block (first on line 2)"]
    refused(check(site), *messages)
    refused(build(site), messages[0])
    manifest.write_text((FIXTURES / "sites/two-langs/guides/demo/guide.yml").read_text(encoding="utf-8"))
    refused(build(site), messages[1])
    refused(mkdocs_build(site), messages[1])


# -- encodings, NUL bytes, sizes --------------------------------------------------------------

def test_latin1_pages_are_file_line_errors(tmp_path):
    site = hostile_site(tmp_path)
    (site / "docs/en/about.md").write_bytes("# About\n\nCaf\u00e9 au lait.\n".encode("latin-1"))
    translated = site / "guides/demo/fr/02-second.md"
    text = translated.read_text(encoding="utf-8")
    translated.write_bytes(text.encode("latin-1"))
    first = line_of(text, next(ch for ch in text if ord(ch) > 127))
    messages = ["docs/en/about.md:3: [page] this file is not UTF-8 text",
                f"guides/demo/fr/02-second.md:{first}: [page] this file is not UTF-8 text"]
    refused(check(site), *messages)
    refused(build(site), *messages)
    refused(mkdocs_build(site), *messages)
    # the translators' commands read pages the same way
    refused(run_guidepress("status", cwd=site, check=False), messages[1])
    refused(run_guidepress("diff", "fr", "guides/demo/fr/02-second.md", cwd=site, check=False), messages[1])
    refused(run_guidepress("mark-current", "guides/demo/fr/02-second.md", cwd=site, check=False), messages[1])


def test_translators_commands_never_read_or_write_through_a_link(tmp_path):
    site = hostile_site(tmp_path)
    secret = outside(tmp_path)
    before = secret.read_bytes()
    link(site, "guides/demo/fr/01-first.md", secret)
    for command in (("mark-current", "guides/demo/fr/01-first.md"), ("status",),
                    ("diff", "fr", "guides/demo/fr/01-first.md")):
        out = run_guidepress(*command, cwd=site, check=False)
        assert out.returncode != 0 and "Traceback" not in out.stdout + out.stderr, (command, out.stdout + out.stderr)
        assert SECRET not in out.stdout + out.stderr, command
    assert secret.read_bytes() == before


def test_nul_bytes_and_oversized_pages_are_refused(tmp_path):
    site = hostile_site(tmp_path)
    (site / "docs/fr/index.md").write_bytes(b"# Accueil\n\nText\x00here\n")
    (site / "docs/en/about.md").write_text("# Big\n\n" + ("word " * 20 + "\n") * 30_000, encoding="utf-8")
    messages = ["docs/fr/index.md:3: [page] this line holds a NUL byte",
                "docs/en/about.md: [page] this file is 2.9 MB; guidepress reads files of at most 2 MB"]
    refused(check(site), *messages)
    refused(build(site), *messages)
    assert not any(b"\x00" in p.read_bytes() for p in (site / "site").rglob("*.html"))


def po_site(tmp_path: Path, edit) -> tuple[Path, str]:
    site = hostile_site(tmp_path)
    catalog = site / PO
    text = edit(catalog.read_text(encoding="utf-8"))
    catalog.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return site, catalog.read_text(encoding="utf-8", errors="replace")


def test_latin1_catalog(tmp_path):
    site, text = po_site(tmp_path, lambda t: t.encode("latin-1", errors="replace"))
    first = line_of(text, next(ch for ch in text if ord(ch) > 127))
    for run in (check, build):
        refused(run(site), f"{PO}:{first}: [po] this file is not UTF-8 text")


@pytest.mark.parametrize("charset", ["ISO-8859-1", "x-unknown-42"])
def test_catalog_charset_must_be_utf8(tmp_path, charset):
    site, text = po_site(tmp_path, lambda t: t.replace("charset=utf-8", f"charset={charset}"))
    message = (f"{PO}:{line_of(text, 'Content-Type')}: [po] the header declares charset={charset}: save the file "
               f"as UTF-8 and set charset=UTF-8")
    for run in (check, build):
        refused(run(site), message)


def test_unterminated_catalog_string_stops_the_build(tmp_path):
    site, text = po_site(tmp_path, lambda t: t.replace('msgstr "Sommaire"', 'msgstr "Sommaire', 1))
    line = line_of(text, 'msgstr "Sommaire')
    out = refused(check(site))  # msgfmt (when installed) names the line after the unterminated string
    assert f"{PO}:{line}: [po] this line is not a keyword" in out or f"{PO}:{line + 1}: [po] msgfmt says" in out
    refused(build(site), f"{PO}:{line}: [po] this line is not a keyword")


def test_nul_byte_in_a_catalog(tmp_path):
    site, text = po_site(tmp_path, lambda t: t.replace('msgstr "Sommaire"', 'msgstr "Somm\x00aire"', 1))
    for run in (check, build):
        refused(run(site), f"{PO}:{line_of(text, 'Somm')}: [po] this line holds a NUL byte")


def test_markup_in_a_msgstr_is_refused(tmp_path):
    attack = "%(source)s<script>alert('PO')</script>"
    site, text = po_site(tmp_path, lambda t: t.replace("affiché en %(source)s\"", f"affiché en {attack}\"", 1))
    line = line_of(text, "Not yet translated: shown in")
    message = f'{PO}:{line}: [po] the translation of "Not yet translated: shown in %(source)s" has markup'
    refused(check(site), message)
    refused(build(site), message)
    assert not any("alert('PO')" in p.read_text(encoding="utf-8") for p in (site / "site").rglob("*.html"))


# -- manifests, folders, dates ----------------------------------------------------------------

def test_a_guide_folder_that_is_not_a_slug_is_reported(tmp_path):
    site = hostile_site(tmp_path)
    shutil.copytree(site / "guides/demo", site / "guides/..x")
    shutil.copytree(site / "guides/demo", site / "guides/Bad Name")
    (site / "guides/.cache-of-an-editor").mkdir()  # no guide.yml: left alone
    messages = ["guides/..x: [manifest] '..x' is not a valid guide folder name",
                "guides/Bad Name: [manifest] 'Bad Name' is not a valid guide folder name"]
    out = refused(check(site), *messages)
    assert ".cache-of-an-editor" not in out
    refused(build(site), *messages)


def test_the_slug_rule_is_the_scaffolds():
    from guidepress.model import project
    from guidepress.commands import scaffold

    assert project.SLUG.pattern == scaffold.SLUG.pattern


def test_dates_in_the_future_are_errors(tmp_path):
    site = hostile_site(tmp_path)
    manifest = site / "guides/demo/guide.yml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("published: 2025-03-01", "published: 2099-03-01")
                        .replace("last_reviewed: 2026-02-14", "last_reviewed: 2099-03-02")
                        .replace("next_review: 2027-02-14", "next_review: 2100-02-14")
                        .replace("date: 2026-02-10", "date: 2099-02-10"))
    messages = ["guides/demo/guide.yml:3: [manifest] 'published' (2099-03-01) is in the future",
                "guides/demo/guide.yml:4: [manifest] 'last_reviewed' (2099-03-02) is in the future",
                "guides/demo/guide.yml:24: [manifest] 'reviewers' item 1, 'date' (2099-02-10) is in the future"]
    refused(check(site), *messages)
    refused(build(site), *messages)


def test_every_problem_of_a_manifest_at_once():
    with pytest.raises(ContentError) as info:
        load_guide(FIXTURES / "manifests/many-errors", ["en", "fr"], "en", ROOT)
    lines = [f.line for f in info.value.findings]
    assert lines == [1, 3, 4, 8, 14, 17, 22], "\n".join(map(str, info.value.findings))


# -- golden files (read the way tests/test_check.py reads its own) -----------------------------

@pytest.mark.parametrize("name", ["bad-front-matter-aliases.md", "bad-front-matter-all.md"])
def test_bad_front_matter_is_reported_as_in_its_golden_file(tmp_path, name):
    site = site_with(tmp_path, name)
    proc = run_guidepress("check", PAGE, cwd=site, check=False)
    assert proc.stdout == (CHECK / name).with_suffix(".expected").read_text(encoding="utf-8")
    assert proc.returncode == 1


@pytest.mark.parametrize("case", ["markup", "charset"])
def test_bad_catalog_is_reported_as_in_its_golden_file(tmp_path, case):
    site = site_with(tmp_path, "good.md", f"bad-po-{case}.po")
    proc = run_guidepress("check", CATALOG, cwd=site, check=False)
    assert proc.stdout == (CHECK / f"bad-po-{case}.expected").read_text(encoding="utf-8")
    assert proc.returncode == 1


# -- names and theme keys -----------------------------------------------------------------------

@pytest.mark.parametrize("rel", ['docs/en/"><img src=x onerror=alert(1)>.md', "guides/demo/images/a b.png",
                                 "locales/fr/<b>.yml", "docs/en/café.md"])
def test_unsafe_file_names_are_named_and_refused(tmp_path, rel):
    """A file name becomes a web address, a page title and a cell of the status page: one with
    markup in it reached the status page as HTML."""
    site = hostile_site(tmp_path)
    target = site / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# Page\n\nText.\n", encoding="utf-8")
    name = rel.rsplit("/", 1)[1]
    for proc in (check(site), build(site)):
        refused(proc, "[names] the name", name)
    assert not (site / "site").exists()


@pytest.mark.parametrize("icon", ["../../../../../../etc/hostname", "material/../../../partials/footer",
                                  "material/no-such-icon", "<svg onload=x()>"])
def test_a_page_icon_must_be_a_theme_icon(tmp_path, icon):
    """Material includes ``.icons/<icon>.svg`` for a page's ``icon:``: anything else stopped the
    build with a traceback."""
    site = hostile_site(tmp_path)
    page = site / "docs/en/about.md"
    page.write_text(f"---\nicon: '{icon}'\n---\n\n" + page.read_text(encoding="utf-8"), encoding="utf-8")
    for proc in (check(site), build(site), mkdocs_build(site)):
        refused(proc, "docs/en/about.md:2: [front-matter] 'icon'")


def test_a_theme_icon_is_accepted(tmp_path):
    site = hostile_site(tmp_path)
    page = site / "docs/en/about.md"
    page.write_text("---\nicon: material/heart-outline\n---\n\n" + page.read_text(encoding="utf-8"), encoding="utf-8")
    proc = build(site)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_status_table_cells_are_text():
    """The site's status page is Markdown made by ``status``: a cell is text, never markup."""
    import markdown

    from guidepress.view.status import COLUMNS, Row, Status, render

    row = Row(name='<img src=x onerror="alert(1)">', lang="fr|x", states=dict.fromkeys(COLUMNS, 0))
    html = markdown.markdown(render(Status([row], {}), "markdown"), extensions=["tables"])
    assert "<img" not in html and "&lt;img src=x" in html
    assert html.split("</table>")[0].count("<td>") == 9  # the | in the language did not add a cell


@pytest.mark.parametrize("expression", ["(" * 60 + "n == 1 ? 0 : n > 1000 ? 1 : 2" + ")" * 60,
                                        "__import__('os').getpid()", "n == 1 ? 0 :"])
def test_a_plural_forms_header_gettext_cannot_use_is_an_error(tmp_path, expression):
    """A Plural-Forms expression nested too deeply stopped the build with a traceback (gettext
    refuses it when the catalog is loaded) while check said nothing."""
    def edit(text: str) -> str:
        start, end = text.index('"Plural-Forms:'), text.index('"MIME-Version')
        return text[:start] + f'"Plural-Forms: nplurals=3; plural={expression};\\n"\n' + text[end:]

    site, text = po_site(tmp_path, edit)
    line = line_of(text, '"Plural-Forms:')
    for run in (check, build):
        refused(run(site), f"{PO}:{line}: [po] the Plural-Forms header cannot be used")


@pytest.mark.parametrize("kind,body", [
    ("list", "".join("    " * i + "- x\n" for i in range(400))),
    ("boxes", "".join("    " * i + "!!! note\n" for i in range(600))),
    ("html", '<div markdown="1">\n' * 600 + "x\n" + "</div>\n" * 600),
])
def test_nesting_that_would_exhaust_the_stack_is_refused(tmp_path, kind, body):
    """400 levels of list stopped check and the build with a RecursionError traceback."""
    site = hostile_site(tmp_path)
    (site / "docs/en/about.md").write_text("# About\n\n" + body, encoding="utf-8")
    for proc in (check(site), build(site), mkdocs_build(site)):
        out = refused(proc, "docs/en/about.md:")
        assert "[page]" in out and ("indented" in out or "nested more than" in out), out


def test_ordinary_nesting_builds(tmp_path):
    site = hostile_site(tmp_path)
    (site / "docs/en/about.md").write_text("# About\n\n" + "".join("    " * i + "- x\n" for i in range(30)),
                                           encoding="utf-8")
    proc = build(site)
    assert proc.returncode == 0, proc.stdout + proc.stderr


SHAPES = {"words": "a few plain words ", "brackets": "[", "images": "![", "tags": "<a ", "links": "[x](y) ",
          "autolinks": "<http:", "blocks": "<div ", "closers": "</div "}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_long_line_costs_linear_time_in_check_and_build(tmp_path, shape):
    """Python-Markdown tries every '[' and '<' against the rest of its paragraph (20 KB of '['
    took 57 s to build). A 1 MB line of each shape against a 10 KB line: the ratio of the times
    stays below the ratio of the sizes (100), whether the page is built or refused."""
    times = {}
    for size in (10_000, 1_000_000):
        site = hostile_site(tmp_path / f"{shape}-{size}")
        unit = SHAPES[shape]
        (site / "docs/en/about.md").write_text("# About\n\n" + unit * (size // len(unit)) + "\n", encoding="utf-8")
        start = time.perf_counter()
        for proc in (check(site), build(site)):
            assert "Traceback" not in proc.stdout + proc.stderr
        times[size] = time.perf_counter() - start
    assert times[1_000_000] / times[10_000] < 100, times


def test_a_page_read_again_is_checked_again_unless_its_bytes_passed(tmp_path):
    """The build reads each page twice (the first step checks every page; each language build
    reads its own): the second read skips the checks only for the very bytes that passed them."""
    from guidepress.model import safefiles

    page = tmp_path / "docs/en/page.md"
    page.parent.mkdir(parents=True)
    good = "---\ntitle: Fine\n---\n\n# Fine\n\nText.\r\n"
    page.write_text(good, encoding="utf-8", newline="")
    assert safefiles.page_source(page, tmp_path) == "---\ntitle: Fine\n---\n\n# Fine\n\nText.\n"
    assert safefiles.page_findings(page, tmp_path) == []
    bad = "---\ntemplate: redirect.html\n---\n\n# Fine\n\nText.\n"
    page.write_text(bad, encoding="utf-8")  # a refused key
    with pytest.raises(ContentError) as found:
        safefiles.page_source(page, tmp_path)
    assert found.value.findings[0].path == "docs/en/page.md" and found.value.findings[0].line == 2
    page.write_text(good, encoding="utf-8", newline="")
    assert safefiles.page_source(page, tmp_path) == "---\ntitle: Fine\n---\n\n# Fine\n\nText.\n"
    page.write_bytes(b"\xef\xbb\xbf" + good.encode())  # a byte order mark: other bytes, checked
    assert safefiles.page_source(page, tmp_path).startswith("---\ntitle: Fine")


def test_the_content_checks_verdicts_are_kept_only_for_the_bytes_checked(tmp_path, monkeypatch):
    """A build keeps the pages the content check passed in the page facts store, by the hash of
    their bytes: the next build (another process) does not check them again, and checks a changed
    page in full."""
    from guidepress.model import facts, safefiles

    page = tmp_path / "docs/en/page.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: Fine\n---\n\n# Fine\n\nText.\n", encoding="utf-8")
    store = tmp_path / ".cache/page-facts.pickle"
    try:
        facts.load_file_facts(store)
        assert safefiles.page_findings(page, tmp_path) == []
        facts.save_file_facts()
        monkeypatch.setattr(safefiles, "_CLEAN_PAGES", set())  # as in a new process
        monkeypatch.setattr(safefiles, "_PAGE_VERDICTS", {})
        facts.load_file_facts(store)
        checked = []
        monkeypatch.setattr(safefiles, "front_matter_findings", lambda text, where: checked.append(where) or [])
        assert safefiles.page_findings(page, tmp_path) == [] and checked == []
        page.write_text("---\ntemplate: redirect.html\n---\n\n# Fine\n\nText.\n", encoding="utf-8")
        monkeypatch.undo()
        (finding,) = safefiles.page_findings(page, tmp_path)
        assert finding.path == "docs/en/page.md" and "template" in finding.message
    finally:
        facts._FACTS_FILE[0] = None
        facts._STORED.clear()
        facts._USED.clear()
        facts._STORED_CHANGED[0] = False


@pytest.mark.parametrize("command", ["guidepress", "mkdocs"])
def test_links_in_the_cache_folder_are_removed_before_any_cache_is_used(tmp_path, command):
    """``.cache/`` is ignored by git, but a pull request can commit links there (``git add -f``):
    to ``/dev/zero`` a build would read forever, to a folder outside the project it would write
    there. guidepress never makes a link in it: every one is removed, with a warning, before a
    cache is read or written; what the links point to is untouched."""
    site = copy_site("two-langs", tmp_path)
    outside = tmp_path / "outside"
    (outside / "jinja").mkdir(parents=True)
    (outside / "kept.txt").write_text("not guidepress's", encoding="utf-8")
    (site / ".cache/pdf").mkdir(parents=True)
    (site / ".cache/page-facts.pickle").symlink_to("/dev/zero")
    (site / ".cache/readability.json").symlink_to("/dev/zero")
    (site / ".cache/jinja").symlink_to(outside / "jinja")
    (site / ".cache/pdf/demo.en.a4.pdf").symlink_to(outside / "kept.txt")
    if command == "guidepress":
        proc = run_guidepress("build", "--no-pdf", cwd=site)
    else:  # the fixture's mkdocs.yml is strict: the warnings stop this build, the next one builds
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=site, capture_output=True, text=True,
                              timeout=900)
        assert proc.returncode == 1 and "Aborted with 4 warnings in strict mode" in proc.stdout, proc.stdout
        again = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=site, capture_output=True, text=True,
                               timeout=900)
        assert again.returncode == 0 and "symbolic link" not in again.stderr, again.stderr
    for name in (".cache/page-facts.pickle", ".cache/readability.json", ".cache/jinja", ".cache/pdf/demo.en.a4.pdf"):
        assert f"removed the symbolic link {name} from the cache folder" in proc.stderr, (name, proc.stderr)
    assert not any(p.is_symlink() for p in (site / ".cache").rglob("*"))
    assert sorted(p.relative_to(outside).as_posix() for p in outside.rglob("*")) == ["jinja", "kept.txt"]
    assert (outside / "kept.txt").read_text(encoding="utf-8") == "not guidepress's"
    shutil.rmtree(site / ".cache")
    (site / ".cache").symlink_to(outside, target_is_directory=True)
    proc = run_guidepress("build", "--no-pdf", cwd=site)
    assert "removed the symbolic link .cache from the cache folder" in proc.stderr
    assert sorted(p.relative_to(outside).as_posix() for p in outside.rglob("*")) == ["jinja", "kept.txt"]
    assert (site / ".cache").is_dir() and not (site / ".cache").is_symlink()
