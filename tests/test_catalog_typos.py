"""A typo in a catalog's placeholders (issue #11, item 6): the build never formats the broken
entry (it uses the English message and warns once with ``file:line``), ``check`` reports each
mistake once, as an error; a real build and a real PDF show the English footer."""

from __future__ import annotations

import re
from pathlib import Path

from guidepress.model.catalogs import format_problem

from conftest import copy_site, run_guidepress
from pdfcheck import pdftext

CATALOG = "locales/fr/LC_MESSAGES/messages.po"
FOOTER_FR = 'msgstr "Page %(page)s sur %(pages)s"'
NOTICE_FR = '"La page en %(source)s a été modifiée le %(date)s'


def broken_site(tmp_path: Path) -> Path:
    """The two-language fixture with a renamed ``%(date)s`` and a dropped ``%(pages)s`` in French."""
    site = copy_site("two-langs", tmp_path)
    po = site / CATALOG
    text = po.read_text(encoding="utf-8")
    assert FOOTER_FR in text and NOTICE_FR in text
    text = text.replace(FOOTER_FR, 'msgstr "Page %(page)s sur"')
    text = text.replace(NOTICE_FR, NOTICE_FR.replace("%(date)s", "%(data)s"))
    po.write_text(text, encoding="utf-8")
    return site


def line_of(site: Path, needle: str) -> int:
    """The line of the ``msgstr`` keyword of the translation holding ``needle``."""
    lines = (site / CATALOG).read_text(encoding="utf-8").split("\n")
    found = next(i for i, line in enumerate(lines, 1) if needle in line)
    return max(i for i in range(1, found + 1) if lines[i - 1].startswith("msgstr"))


def test_build_uses_english_for_a_broken_entry_and_warns_once_with_its_line(tmp_path):
    site = broken_site(tmp_path)
    proc = run_guidepress("build", cwd=site)  # strict: true in the fixture; a typo does not block
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out and "KeyError" not in out
    footer_line = line_of(site, 'msgstr "Page %(page)s sur"')
    notice_line = line_of(site, "%(data)s")
    for line in (footer_line, notice_line):
        warnings = [w for w in out.splitlines() if f"{CATALOG}:{line}: [po]" in w]
        assert len(warnings) == 1, out
        assert warnings[0].startswith("WARNING") and "uses the English text" in warnings[0]
    # the print document's page counter and the outdated notice are the English messages
    print_html = (site / "site/fr/guides/demo/print/index.html").read_text(encoding="utf-8")
    assert 'content: "Page " counter(page) " of " counter(pages)' in print_html
    assert "sur" not in re.findall(r"content:[^;]*counter\(page\)[^;]*;", print_html)[0]
    page = (site / "site/fr/guides/demo/02-second/index.html").read_text(encoding="utf-8")
    assert "page changed on" in page and "a été modifiée" not in page
    # the rendered A4 PDF's footer: "Page 2 of 8", never "Page 2 sur"
    text = pdftext(site / "site/fr/guides/demo/demo.fr.a4.pdf", 2, 2)
    assert re.search(r"Page 2 of \d+", text) and "sur" not in text.split("Page 2")[-1][:8]


def test_check_reports_each_placeholder_mistake_once_as_an_error(tmp_path):
    site = broken_site(tmp_path)
    proc = run_guidepress("check", CATALOG, cwd=site, check=False)
    assert proc.returncode == 1
    findings = [line for line in proc.stdout.splitlines() if line.startswith(CATALOG)]
    footer = line_of(site, 'msgstr "Page %(page)s sur"')
    assert findings == [
        f"{CATALOG}:{footer}: [po] the translation of \"Page %(page)s of "
        f"%(pages)s\" has the placeholders ['%(page)s'] but the English has ['%(page)s', '%(pages)s']: keep each "
        f"%(name)s exactly as in the English",
        f"{CATALOG}:{line_of(site, '%(data)s')}: [po] the translation of \"The %(source)s page changed on %(date)s, "
        f"after this translation was made. Some parts may be out of date.\" has the placeholders ['%(data)s', "
        f"'%(source)s'] but the English has ['%(date)s', '%(source)s']: keep each %(name)s exactly as in the English",
    ]
    assert "msgfmt says" not in proc.stdout and "double quotes" not in proc.stdout


def test_msgfmt_hint_about_quotes_is_given_for_syntax_errors_only(tmp_path):
    site = copy_site("two-langs", tmp_path)
    po = site / CATALOG
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace(FOOTER_FR, 'msgstr "Page %(page)s sur %(pages)s'), encoding="utf-8")
    out = run_guidepress("check", CATALOG, cwd=site, check=False).stdout
    assert "double quotes" in out  # an unterminated string: the hint applies


def test_the_one_rule_for_check_and_build():
    assert format_problem(("Page %(page)s of %(pages)s",), "Page %(page)s sur %(pages)s") is None
    assert format_problem(("Page %(page)s of %(pages)s",), "Page %(pages)s : %(page)s") is None  # order is free
    assert "placeholders" in format_problem(("Last checked: %(date)s",), "Vérifié : %(data)s")
    assert "placeholders" in format_problem(("Page %(page)s of %(pages)s",), "Page %(page)s sur")
    assert "percent" in format_problem(("Everything",), "Tout à 100 %")
    assert format_problem(("Everything",), "Tout à 100 %%") is None
    # plural entries: each form may use the singular's or the plural's placeholders
    assert format_problem(("one page", "%(num)d pages"), "une page") is None
    assert "placeholders" in format_problem(("one page", "%(num)d pages"), "%(nombre)d pages")


def test_status_does_not_count_a_broken_entry_as_translated(tmp_path):
    import json

    site = copy_site("two-langs", tmp_path)
    good = json.loads(run_guidepress("status", "--format", "json", cwd=site).stdout)["catalogs"]["fr"]
    broken = broken_site(tmp_path / "broken")
    bad = json.loads(run_guidepress("status", "--format", "json", cwd=broken).stdout)["catalogs"]["fr"]
    assert good["translated"] == good["total"] and bad["translated"] == good["translated"] - 2
