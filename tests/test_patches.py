"""Every patch of another library's internals (guidepress/patches/, issue #15): it is written for
the versions pyproject.toml pins, steps aside with one warning on any other version (the
library's own behaviour), and, where it is a shortcut, gives what the library itself gives.

The day a pinned library is upgraded, ``test_written_for_the_pinned_and_installed_versions``
fails: read the patch against the new version, then update its ``WRITTEN_FOR``.
"""

from __future__ import annotations

import ast
import logging
import re
import types

import pytest
import jieba
import jieba.finalseg
import segno
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, get_files
from mkdocs_static_i18n import folder

import guidepress.patches as patches
from guidepress.model.safefiles import ATTR, CONTENT
from guidepress.patches import jieba_viterbi, material_search, segno_masks, stack_room, static_i18n, theme_files
from guidepress.patches import weasyprint_passes as passes

from conftest import ROOT, copy_site
from test_speed import _alternates, _i18n_view

MODULES = [static_i18n, theme_files, passes, stack_room, material_search, segno_masks, jieba_viterbi]
PACKAGE = ROOT / "guidepress"


def _pins() -> dict[str, str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return {name.lower(): pinned for name, pinned in re.findall(r'"([A-Za-z0-9_.-]+)==([^"]+)"', text)}


def test_written_for_the_pinned_and_installed_versions():
    pins = _pins()
    checked = []
    for module in MODULES:
        for name, wanted in module.WRITTEN_FOR.items():
            found = patches.installed_version(name)
            if name == "python":
                assert found.rsplit(".", 1)[0] == wanted, (
                    f"Python {found} runs, {module.__name__} was written for {wanted}: read it against this "
                    "version, then update its WRITTEN_FOR")
            else:
                assert pins.get(name) == wanted, (f"pyproject.toml pins {name}=={pins.get(name)}, {module.__name__} "
                                                  f"was written for {wanted}: read it against the pin, then update "
                                                  "WRITTEN_FOR")
                assert found == wanted, f"{name} {found} is installed, {module.__name__} was written for {wanted}"
            assert patches.written_for(module.__name__, {name: wanted})
            checked.append(name)
    assert {"mkdocs", "mkdocs-static-i18n", "mkdocs-material", "weasyprint", "python", "segno", "jieba"} <= set(checked)


def test_the_patches_import_nothing_else_of_guidepress():
    """One place: the modules that patch others' internals import only guidepress.patches itself."""
    for path in sorted((PACKAGE / "patches").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert not name.startswith("guidepress") or name == "guidepress.patches", (path.name, name)


def test_nothing_outside_patches_replaces_a_library_function():
    """Assignments to attributes of the libraries guidepress patches happen in guidepress/patches/ only."""
    libs = ("Files.", "File.", "folder.", "utils.", "weasyprint.", "CounterLookupItem.", "i18n.building",
            "i18n.current_language", ".__code__", ".alternates", ".norm_src_uri", "segno.", "encoder.", "finalseg.", "Tokenizer.")
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "patches":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    text = ast.unparse(target)
                    if any(lib in text for lib in libs):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text}")
    assert not found, found


@pytest.fixture
def other_versions(monkeypatch, caplog):
    """Every library reports a version no patch was written for; afterwards, the patches are back."""
    monkeypatch.setattr(patches, "installed_version", lambda name: "0.0")
    patches.forget_warnings()
    caplog.set_level(logging.WARNING, logger="mkdocs.plugins.guidepress.patches")
    yield caplog
    monkeypatch.undo()
    patches.forget_warnings()
    assert passes.install() and theme_files.install() and static_i18n.install(ATTR, CONTENT) and segno_masks.install() \
        and jieba_viterbi.install()


def _warnings(caplog, patch: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if f"patch '{patch}'" in r.getMessage()]


def test_weasyprint_renders_on_its_own_on_another_version(other_versions):
    passes.uninstall()
    assert not passes.install() and not passes.installed()
    assert not passes.install()
    (warning,) = _warnings(other_versions, "WeasyPrint passes")  # once
    assert "not applied: the library's own behaviour is used" in warning
    assert "weasyprint 0.0 (written for 70.0)" in warning


def test_mkdocs_lists_theme_files_itself_on_another_version(other_versions):
    theme_files.uninstall()
    assert not theme_files.install()
    assert Files.add_files_from_theme is theme_files._original_add_files_from_theme
    assert _warnings(other_versions, "MkDocs theme files")


def test_segno_chooses_masks_itself_on_another_version(other_versions):
    segno_masks.uninstall()
    assert not segno_masks.install() and not segno_masks.installed()
    code = segno_masks.make_qr("https://example.org/fr/guides/demo/", error="m")
    assert segno.encoder.find_and_apply_best_mask is segno_masks._stock_find_and_apply_best_mask
    assert code.matrix == segno.make("https://example.org/fr/guides/demo/", error="m").matrix
    (warning,) = _warnings(other_versions, "segno masks")  # once
    assert "not applied: the library's own behaviour is used" in warning
    assert "segno 0.0 (written for 1.6.6)" in warning


def test_jieba_segments_on_its_own_on_another_version(other_versions):
    jieba_viterbi.uninstall()
    assert not jieba_viterbi.install() and not jieba_viterbi.installed()
    assert jieba.finalseg.viterbi is jieba_viterbi.viterbi.guidepress_original
    assert jieba.Tokenizer.calc is jieba_viterbi.calc.guidepress_original
    assert jieba.lcut("克里斯托弗从赫尔辛基出发") == ["克里斯托弗", "从", "赫尔辛基", "出发"]
    (warning,) = _warnings(other_versions, "jieba viterbi")  # once
    assert "not applied: the library's own behaviour is used" in warning
    assert "jieba 0.0 (written for 0.42.1)" in warning


def test_stack_room_only_on_the_python_it_was_written_for(other_versions, monkeypatch):
    called = []
    monkeypatch.setattr(stack_room, "_roomy", lambda function, *args: called.append(1) or function(*args))
    assert stack_room.with_stack_room(lambda x: x * 2, 21) == 42 and not called
    assert _warnings(other_versions, "CPython stack room")


def test_static_i18n_alternates_are_its_own_on_another_version(other_versions):
    i18n = types.SimpleNamespace()
    assert not static_i18n.fast_alternates(i18n)
    assert not hasattr(i18n, "reconfigure_files_alternates")
    assert _warnings(other_versions, "static-i18n alternates")


def test_static_i18n_files_keep_their_source_but_are_its_own_on_another_version(other_versions, tmp_path):
    """The real source is required (no guide page without it): applied all the same, with the
    warning; the Files are otherwise exactly static-i18n's."""
    assert not static_i18n.install(ATTR, CONTENT)
    assert folder.create_i18n_file.guidepress_fast is False
    (warning,) = _warnings(other_versions, "static-i18n files")
    assert "applied all the same" in warning and "mkdocs-static-i18n 0.0 (written for 1.3.1)" in warning
    site = copy_site("two-langs", tmp_path / "project")
    config = load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    stock = static_i18n.stock_create_i18n_file()
    page = File("fr/guides/demo/pages/01-first.md", config.docs_dir, "", config.use_directory_urls)
    setattr(page, ATTR, "/real/01-first.md")
    made = folder.create_i18n_file(page, "fr", "en", ["en", "fr"], config)
    assert made.abs_src_path == "/real/01-first.md" and getattr(made, ATTR) == "/real/01-first.md"
    assert _i18n_view(made) == _i18n_view(stock(page, "fr", "en", ["en", "fr"], config))


def test_a_required_patch_is_applied_with_the_warning(other_versions, tmp_path):
    from mkdocs import utils

    (tmp_path / "kept.html").write_text("x")
    with theme_files.keep_site_dir():
        utils.clean_directory(str(tmp_path))
    assert (tmp_path / "kept.html").is_file()
    assert "applied all the same" in _warnings(other_versions, "MkDocs build into a shard")[0]
    utils.clean_directory(str(tmp_path))  # MkDocs' own again after the block
    assert not (tmp_path / "kept.html").exists()


def test_shortcuts_give_what_the_libraries_give_on_a_fixture_site(tmp_path):
    """The fixture site with two languages (tests/test_speed.py does the same on the shipped site)."""
    site = copy_site("two-langs", tmp_path / "project")
    config = load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    i18n, guidepress = config.plugins["i18n"], config.plugins["guidepress"]
    config = config.plugins.on_config(config)
    assert folder.create_i18n_file.guidepress_fast and static_i18n.fast_alternates(i18n)
    files = guidepress.on_files(get_files(config), config)
    langs = [lc.locale for lc in i18n.config.languages]
    stock = static_i18n.stock_create_i18n_file()
    for lang in langs:
        for f in files:
            assert _i18n_view(folder.create_i18n_file(f, lang, "en", langs, config)) == \
                   _i18n_view(stock(f, lang, "en", langs, config)), (lang, f.src_uri)
    fast = _alternates(i18n.reconfigure_files(files, config))
    static_i18n.stock_alternates(i18n)
    assert fast == _alternates(i18n.reconfigure_files(files, config))
    assert len(fast) > 3
    env = config.theme.get_env()
    theme_files.new_site_build()
    mine, theirs = Files([]), Files([])
    mine.add_files_from_theme(env, config)
    theme_files.stock_add_files_from_theme(theirs, env, config)
    assert [f.abs_src_path for f in mine] == [f.abs_src_path for f in theirs] and len(mine) > 20


def test_nothing_outside_patches_reads_static_i18n_or_search_internals():
    """The attributes static-i18n adds to Files and Material's search index are read in
    guidepress/patches/ only."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "patches":
            continue
        text = path.read_text(encoding="utf-8")
        for name in ("norm_src_uri", "extra_alternate", "i18n_files_per_language", "search_entries",
                     "generate_search_index", '"alternates"', ".building"):
            if name in text:
                found.append(f"{path.relative_to(ROOT)}: {name}")
    assert not found, found


def test_search_entries_read_with_a_warning_on_another_material(other_versions):
    plugin = types.SimpleNamespace(search_index=types.SimpleNamespace(
        generate_search_index=lambda prev: '{"config": {}, "docs": [{"location": "x/"}]}'))
    config = types.SimpleNamespace(plugins={"material/search": plugin})
    assert material_search.build_entries(config) == {"config": {}, "docs": [{"location": "x/"}]}
    assert "applied all the same" in _warnings(other_versions, "Material search entries")[0]
    assert material_search.build_entries(types.SimpleNamespace(plugins={})) is None
