"""The navigation rendered once per section, not once per page (#16, guidepress/view/navmemo.py):
the shipped site in three languages (one right-to-left-free CJK among them) is byte for byte the
site Material's own macro makes for every page, and the memo renders a section again exactly
when the links from the page to its pages differ."""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace

from conftest import copy_repository, run_guidepress

from guidepress.view.navmemo import NavMemo

NAV_ITEM = Path("overrides") / "partials" / "nav-item.html"


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_page_of_three_languages_is_the_one_materials_macro_makes(tmp_path):
    fast = copy_repository(tmp_path / "fast")
    slow = copy_repository(tmp_path / "slow")
    template = (slow / NAV_ITEM).read_text(encoding="utf-8")
    assert template.count("gp_nav_memo is defined and") == 1
    (slow / NAV_ITEM).write_text(template.replace("gp_nav_memo is defined and", "false and"), encoding="utf-8")
    langs = ["--lang", "en", "--lang", "fr", "--lang", "zh"]
    run_guidepress("build", "--no-pdf", *langs, "-d", str(tmp_path / "fast-site"), cwd=fast)
    run_guidepress("build", "--no-pdf", *langs, "-d", str(tmp_path / "slow-site"), cwd=slow)
    a, b = _tree(tmp_path / "fast-site"), _tree(tmp_path / "slow-site")
    assert sorted(a) == sorted(b)
    pages = [name for name in a if name.endswith(".html")]
    assert len(pages) > 50 and any(name.startswith("zh/guides/") for name in pages)
    assert [name for name in a if a[name] != b[name]] == []


def _page(url: str):
    return SimpleNamespace(url=url)


def test_a_section_is_rendered_again_only_when_its_links_differ():
    pages = [SimpleNamespace(url=f"fr/guides/other/{i}/", children=None) for i in range(3)]
    section = SimpleNamespace(url=None, children=pages, active=False)
    calls = []

    def render(item, path, level, parent):
        calls.append(path)
        return f"<li>{path}</li>"

    memo = NavMemo()
    # two pages of the same guide: the same relative links to the other guide's pages
    first = memo(section, "__nav_2_2", 2, None, _page("fr/guides/mine/a/"), "../../..", render)
    second = memo(section, "__nav_2_2", 2, None, _page("fr/guides/mine/b/"), "../../..", render)
    assert first == second == "<li>__nav_2_2</li>" and len(calls) == 1
    # a page elsewhere: other relative links, rendered again
    memo(section, "__nav_2_2", 2, None, _page("fr/"), "..", render)
    assert len(calls) == 2
    # another place in the navigation, or another section with the same pages: rendered again
    memo(section, "__nav_2_3", 2, None, _page("fr/guides/mine/a/"), "../../..", render)
    other = SimpleNamespace(url=None, children=pages, active=False)
    memo(other, "__nav_2_2", 2, None, _page("fr/guides/mine/a/"), "../../..", render)
    assert len(calls) == 4
