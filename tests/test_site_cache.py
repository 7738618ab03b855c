"""The site cache (#16, guidepress/plugin/sitecache.py): `guidepress build` copies back a language
whose inputs did not change instead of building it, and the site is byte for byte the one a clean
build of the same sources makes: after nothing changed, after one translated page was edited (the
pages whose language menu, search entries or status depend on it included), after a translation
was removed (every language's menu changes), and when an entry was tampered with or corrupted
(detected, rebuilt, never served)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from conftest import SHIPPED_LANGS, copy_repository, run_guidepress

CACHE = Path(".cache") / "site"


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_same_tree(a: Path, b: Path) -> None:
    ta, tb = _tree(a), _tree(b)
    assert sorted(ta) == sorted(tb), sorted(set(ta) ^ set(tb))[:20]
    different = [name for name in ta if ta[name] != tb[name]]
    assert not different, different[:20]


def _stamps(project: Path) -> dict[str, int]:
    """When each language's entry was last written."""
    return {p.parent.name: p.stat().st_mtime_ns for p in (project / CACHE).glob("*/entry.json")}


def _clean_build(project: Path, site: Path, tmp: Path) -> Path:
    """The same sources built in another folder with an empty .cache/."""
    clean = tmp / "clean-project"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns(".cache"))
    run_guidepress("build", "--no-pdf", "-d", str(site), cwd=clean)
    return site


def test_unchanged_languages_come_from_the_cache_and_the_site_is_a_clean_build(tmp_path):
    project = copy_repository(tmp_path / "project")
    run_guidepress("build", "--no-pdf", "-d", str(tmp_path / "cold"), cwd=project)
    first = _stamps(project)
    assert sorted(first) == sorted(SHIPPED_LANGS)

    # nothing changed: no language is built again, the site is the same
    run_guidepress("build", "--no-pdf", "-d", str(tmp_path / "warm"), cwd=project)
    assert _stamps(project) == first
    _assert_same_tree(tmp_path / "cold", tmp_path / "warm")

    # one sentence added to a French page: French is built again, and the source language (its
    # status page counts every page's words); no other language; the site is a clean build's
    page = sorted((project / "guides").glob("*/fr/*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nUne phrase ajoutée pour le test.\n", encoding="utf-8")
    run_guidepress("build", "--no-pdf", "-d", str(tmp_path / "edit"), cwd=project)
    after = _stamps(project)
    assert {lang for lang in after if after[lang] != first[lang]} == {"en", "fr"}
    _assert_same_tree(_clean_build(project, tmp_path / "clean-edit", tmp_path), tmp_path / "edit")
    text = next((tmp_path / "edit" / "fr" / "guides" / page.parent.parent.name).glob(f"{page.stem}/index.html"))
    assert "Une phrase ajoutée pour le test." in text.read_text(encoding="utf-8")

    # a German translation removed: every language's menu for that page changes, so every
    # language is built again, and the site is still a clean build's
    german = sorted((project / "guides").glob("*/de/*.md"))[0]
    german.unlink()
    run_guidepress("build", "--no-pdf", "-d", str(tmp_path / "removed"), cwd=project)
    again = _stamps(project)
    assert all(again[lang] != after[lang] for lang in SHIPPED_LANGS)
    _assert_same_tree(_clean_build(project, tmp_path / "clean-removed", tmp_path), tmp_path / "removed")


def test_a_corrupt_or_forged_entry_is_rebuilt_never_served(tmp_path):
    project = copy_repository(tmp_path / "project")
    run_guidepress("build", "--no-pdf", "-d", str(tmp_path / "cold"), cwd=project)
    first = _stamps(project)

    # a cached page with other bytes of the same size
    entry = json.loads((project / CACHE / "fr" / "entry.json").read_text(encoding="utf-8"))
    _sha, size, offset = entry["files"][sorted(n for n in entry["files"] if n.endswith("index.html"))[0]]
    blob = project / CACHE / "fr" / "files.bin"
    data = bytearray(blob.read_bytes())
    data[data.index(b"<body", offset, offset + size)] = ord("X")
    blob.write_bytes(bytes(data))
    # the files cut short (an interrupted copy of the cache)
    blob = project / CACHE / "nl" / "files.bin"
    blob.write_bytes(blob.read_bytes()[:-100])
    # the files with more after them (grown in place): not even read
    blob = project / CACHE / "pt" / "files.bin"
    blob.write_bytes(blob.read_bytes() + b"\0" * 4096)
    # an entry whose key was changed by hand (its signature no longer matches)
    entry_path = project / CACHE / "de" / "entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    entry["key"] = "0" * 64
    entry_path.write_text(json.dumps(entry), encoding="utf-8")
    # an entry whose listing was changed (the signature covers every file's hash)
    entry_path = project / CACHE / "es" / "entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    name = next(iter(entry["files"]))
    entry["files"][name][0] = "0" * 64
    entry_path.write_text(json.dumps(entry), encoding="utf-8")
    # an entry whose files are gone
    (project / CACHE / "it" / "files.bin").unlink()

    run_guidepress("build", "--no-pdf", "-d", str(tmp_path / "warm"), cwd=project)
    after = _stamps(project)
    assert {lang for lang in after if after[lang] != first[lang]} == {"fr", "de", "es", "it", "nl", "pt"}
    _assert_same_tree(tmp_path / "cold", tmp_path / "warm")


def test_a_shard_of_one_language_uses_the_cache_too(tmp_path):
    """`guidepress build --lang` (each CI runner builds its languages): a language kept by an
    earlier build is copied back, and the shard is the one a build makes, empty folders included."""
    project = copy_repository(tmp_path / "project")
    run_guidepress("build", "--no-pdf", "--lang", "fr", "--lang", "de", "-d", str(tmp_path / "first"), cwd=project)
    first = _stamps(project)
    assert sorted(first) == ["de", "fr"]
    run_guidepress("build", "--no-pdf", "--lang", "de", "--lang", "fr", "-d", str(tmp_path / "second"), cwd=project)
    assert _stamps(project) == first
    folders = sorted(p.relative_to(tmp_path / "first").as_posix() for p in (tmp_path / "first").rglob("*") if p.is_dir())
    assert folders == sorted(p.relative_to(tmp_path / "second").as_posix()
                             for p in (tmp_path / "second").rglob("*") if p.is_dir())
    _assert_same_tree(tmp_path / "first", tmp_path / "second")


def _assets(files: dict) -> dict:
    return {name: value[0] for name, value in files.items() if name.startswith("assets/")}


def test_one_language_build_copies_the_theme_files(tmp_path):
    """The theme's static files (the same for every language) are copied by one language build
    of a site build, not by all of them: the source language's when it is built, else the first
    language built; the site, a site of some languages, and a cached language are complete."""
    project = copy_repository(tmp_path / "project")
    run_guidepress("build", "--no-pdf", "-d", str(tmp_path / "all"), cwd=project)
    entries = {p.parent.name: json.loads(p.read_text(encoding="utf-8"))["files"]
               for p in (project / CACHE).glob("*/entry.json")}
    assert [lang for lang, files in sorted(entries.items()) if _assets(files)] == ["en"]
    site_assets = {p.relative_to(tmp_path / "all").as_posix() for p in (tmp_path / "all" / "assets").rglob("*") if p.is_file()}
    assert any(name.endswith(".css") for name in site_assets) and any(name.endswith(".js") for name in site_assets)
    assert site_assets == set(_assets(entries["en"]))

    # German and French alone, in either order: French carries them (the first in the site's
    # order) and is built again (its entry had none), German comes from the cache; the site has
    # every theme file
    stamps = _stamps(project)
    run_guidepress("build", "--no-pdf", "--lang", "de", "--lang", "fr", "-d", str(tmp_path / "some"), cwd=project)
    entries = {p.parent.name: json.loads(p.read_text(encoding="utf-8"))["files"]
               for p in (project / CACHE).glob("*/entry.json")}
    assert [lang for lang, files in sorted(entries.items()) if _assets(files)] == ["en", "fr"]
    after = _stamps(project)
    assert {lang for lang in after if after[lang] != stamps[lang]} == {"fr"}
    _assert_same_tree(tmp_path / "all" / "assets", tmp_path / "some" / "assets")
    stamps = _stamps(project)
    run_guidepress("build", "--no-pdf", "--lang", "fr", "--lang", "de", "-d", str(tmp_path / "again"), cwd=project)
    assert _stamps(project) == stamps
    _assert_same_tree(tmp_path / "some", tmp_path / "again")


def _facts(project: Path) -> dict:
    import pickle

    body = (project / ".cache" / "page-facts.pickle").read_bytes().partition(b"\n")[2]
    _version, facts = pickle.loads(body)  # written by the build just run, in a test folder
    return facts


def test_page_facts_keep_only_what_the_build_asked_for(tmp_path):
    """The page facts kept between builds hold the current pages only (a removed page's facts go),
    and a page's lines of text are kept as 8-byte hashes, not as text."""
    project = copy_repository(tmp_path / "project")
    run_guidepress("build", "--no-pdf", "-d", str(tmp_path / "first"), cwd=project)
    german = sorted((project / "guides").glob("*/de/*.md"))[0]
    facts = _facts(project)
    assert any(str(german) in name for name in facts)
    lines = [value for name, (_digest, value) in facts.items() if "_line_digests" in name]
    assert lines and all(isinstance(v, bytes) and len(v) % 8 == 0 for v in lines)
    german.unlink()
    run_guidepress("build", "--no-pdf", "-d", str(tmp_path / "second"), cwd=project)
    assert not any(str(german) in name for name in _facts(project))
