"""The shortcuts guidepress takes for speed give the same results as the slow way."""

from __future__ import annotations

import jinja2
from mkdocs.config import load_config
from mkdocs.structure.files import Files, get_files

from guidepress.patches import static_i18n, theme_files
from guidepress.view import templates

from conftest import ROOT


def _alternates(files) -> dict[str, dict[str, str]]:
    return {f.src_uri: {lang: alt.url for lang, alt in f.alternates.items()}
            for f in files if f.is_documentation_page()}


def test_fast_alternates_match_static_i18n_in_every_language_build():
    """Guides translated into all, some and no other languages, site pages, the generated status
    page: every page's alternates in every language are those static-i18n itself computes."""
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    i18n = config.plugins["i18n"]
    guidepress = config.plugins["guidepress"]
    checked = 0
    for lang in ("en", "fr", "el", "zh", "sv"):
        i18n.current_language = lang
        i18n.building = lang != "en"
        config = config.plugins.on_config(config)
        if lang == "en":
            assert getattr(i18n, "_guidepress_fast_alternates", False), "the plugin installs the fast alternates"
        assert static_i18n.fast_alternates(i18n)
        files = guidepress.on_files(get_files(config), config)
        fast = _alternates(i18n.reconfigure_files(files, config))
        static_i18n.stock_alternates(i18n)  # static-i18n's own method again
        stock = _alternates(i18n.reconfigure_files(files, config))
        assert fast == stock, lang
        assert all(len(alts) == 18 for alts in fast.values())
        checked += len(fast)
    assert checked == 5 * (13 + 6) + 1  # guide pages, site pages; the status page in English only


def test_theme_file_list_is_the_one_mkdocs_makes(tmp_path):
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path))
    env = config.theme.get_env()
    theme_files.new_site_build()
    stock = Files([])
    theme_files.stock_add_files_from_theme(stock, env, config)
    assert theme_files.install()
    remembered = [Files([]), Files([])]
    for files in remembered:
        files.add_files_from_theme(env, config)
    for files in remembered:
        assert [(f.src_uri, f.abs_src_path, f.abs_dest_path) for f in files] == \
               [(f.src_uri, f.abs_src_path, f.abs_dest_path) for f in stock]
    uris = {f.src_uri for f in stock}
    assert "assets/javascripts/guidepress.js" in uris  # from overrides/
    assert any(u.startswith("assets/javascripts/lunr/") for u in uris)  # from Material


def test_bytecode_cache_recompiles_an_edited_template(tmp_path):
    template = tmp_path / "page.html"
    template.write_text("one {{ x }}", encoding="utf-8")
    for expected in ("one 1", "two 1"):
        env = templates.use_bytecode_cache(jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path))))
        assert env.get_template("page.html").render(x=1) == expected
        template.write_text("two {{ x }}", encoding="utf-8")


def _i18n_view(f) -> tuple:
    return (f.src_uri, f.dest_uri, f.abs_dest_path, f.url, f.name, f.locale, f.localization, f.locale_alternate_of,
            f.norm_src_uri, f.inclusion, sorted(f.alternates), f.is_documentation_page())


def test_fast_i18n_files_match_static_i18n(tmp_path):
    """Every file of the shipped site (guide pages, site pages, images, theme files) and some
    unusual names, in every language build: the same File as static-i18n's own function makes."""
    from mkdocs.structure.files import File
    from mkdocs_static_i18n import folder

    config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins["guidepress"].on_files(get_files(config), config)
    env = config.theme.get_env()
    theme_files.stock_add_files_from_theme(files, env, config)
    odd = ["README.md", "fr/README.md", "fr/x/README.md", "pt_BR/page.md", "de-CH/page.md", "fr.md", "en/a b.md",
           "fr/img/photo.png", "index.md", "fr/index.md", "xx/yy/zz.md"]
    files = list(files) + [File(uri, config.docs_dir, config.site_dir, config.use_directory_urls) for uri in odd]
    langs = [lc.locale for lc in config.plugins["i18n"].config.languages]
    assert folder.create_i18n_file.guidepress_fast
    stock = static_i18n.stock_create_i18n_file()
    assert stock.__module__ == "mkdocs_static_i18n.folder"
    compared = 0
    for lang in ("en", "fr", "zh"):
        for f in files:
            assert _i18n_view(folder.create_i18n_file(f, lang, "en", langs, config)) == \
                   _i18n_view(stock(f, lang, "en", langs, config)), (lang, f.src_uri)
            compared += 1
    assert compared > 3 * 150


def test_libyaml_gives_the_same_data_and_lines_as_the_python_parser():
    from guidepress.model import yamlfile

    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("guides/*/guide.yml"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("locales/**/*.yml"))]
    for page in sorted(ROOT.glob("guides/*/*/*.md")) + sorted(ROOT.glob("docs/*/*.md")):
        front, _, _ = yamlfile.split_front_matter(page.read_text(encoding="utf-8"))
        if front:
            texts.append(front)
    assert len(texts) > 100
    for text in texts:
        assert yamlfile._parse(text, yamlfile._FastLoader)[1] == yamlfile._parse(text, yamlfile._Loader)[1]
        fast, slow = yamlfile._parse(text, yamlfile._FastLoader)[0], yamlfile._parse(text, yamlfile._Loader)[0]
        assert yamlfile._lines(fast, 1) == yamlfile._lines(slow, 1)
    assert yamlfile._FastLoader.__mro__[1].__name__ == "CSafeLoader"  # libyaml is really used


def test_compiled_templates_on_disk_are_used_and_checked(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("one {{ x }}", encoding="utf-8")
    templates.use_disk_cache(tmp_path / "cache")
    try:
        env = templates.use_bytecode_cache(jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)),
                                                            extensions=["jinja2.ext.loopcontrols"]))
        assert env.get_template("page.html").render(x=1) == "one 1"
        stored = list((tmp_path / "cache").rglob("*.bc"))
        assert len(stored) == 1
        env.bytecode_cache.clear()  # as a new process: only the disk is left
        fresh = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), extensions=["jinja2.ext.loopcontrols"])
        fresh = templates.use_bytecode_cache(fresh)
        assert fresh.get_template("page.html").render(x=2) == "one 2"
        (folder / "page.html").write_text("two {{ x }}", encoding="utf-8")
        env.bytecode_cache.clear()
        again = templates.use_bytecode_cache(jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)),
                                                              extensions=["jinja2.ext.loopcontrols"]))
        assert again.get_template("page.html").render(x=3) == "two 3"
        stored[0].write_bytes(b"garbage")
        env.bytecode_cache.clear()
        broken = templates.use_bytecode_cache(jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)),
                                                               extensions=["jinja2.ext.loopcontrols"]))
        assert broken.get_template("page.html").render(x=4) == "two 4"
    finally:
        templates.use_disk_cache(None)


def _down(depth: int) -> int:
    return 0 if depth == 0 else _down(depth - 1) + 1


def _back_and_forth() -> None:
    """Recursion that goes up and down over many frame-stack chunk boundaries, as layout does."""
    for _ in range(300):
        for depth in range(0, 400, 7):
            _down(depth)


def _page_faults(run) -> int:
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    run()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_stack_room_keeps_deep_recursion_in_one_chunk():
    """Without it, every crossing of a 16 KiB chunk boundary maps fresh memory (a page fault);
    with it, the whole recursion stays in the one chunk its frame was given."""
    from guidepress.patches.stack_room import with_stack_room

    plain = _page_faults(_back_and_forth)
    roomy = _page_faults(lambda: with_stack_room(_back_and_forth))
    assert plain > 10_000, plain
    assert roomy < 500, roomy
    assert with_stack_room(_down, 50) == 50  # and it is the same call


def test_page_facts_are_read_again_when_the_file_changes(tmp_path):
    """A translation's front matter is read once per change of the file, not once per language
    build; an edit (as in a preview) is seen at once."""
    import os

    from guidepress.model import facts

    page = tmp_path / "page.md"
    page.write_text("one", encoding="utf-8")
    calls = []

    def read(path):
        calls.append(path)
        return path.read_text(encoding="utf-8")

    assert facts.by_file(page, read, page) == "one"
    assert facts.by_file(page, read, page) == "one" and len(calls) == 1
    page.write_text("two!", encoding="utf-8")
    assert facts.by_file(page, read, page) == "two!" and len(calls) == 2
    stat = page.stat()
    page.write_text("six!", encoding="utf-8")  # same size: the modification time tells
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert facts.by_file(page, read, page) == "six!" and len(calls) == 3



def _reading(page):
    return page.read_text(encoding="utf-8")


def test_kept_page_facts_are_used_only_by_the_code_that_made_them(tmp_path, monkeypatch):
    """The page facts store (``.cache/page-facts.pickle``) holds what the model's functions
    worked out; a store made by another version of them is not used."""
    import pickle

    from guidepress.model import facts
    from guidepress.model.files import cache_mac

    page, store = tmp_path / "page.md", tmp_path / "facts.pickle"
    page.write_text("one", encoding="utf-8")
    try:
        facts.load_file_facts(store)
        assert facts._stored_or_computed(page, _reading, (page,)) == "one"
        facts.save_file_facts()
        version, stored = pickle.loads(store.read_bytes().partition(b"\n")[2])
        assert version == facts.facts_version() and [value for _, value in stored.values()] == ["one"]
        stored = {name: (digest, "kept") for name, (digest, _) in stored.items()}  # the store's word is taken
        for made_by in (version, "another version"):
            body = pickle.dumps((made_by, stored))
            store.write_bytes(cache_mac(body).encode("ascii") + b"\n" + body)
            facts.load_file_facts(store)
            assert facts._stored_or_computed(page, _reading, (page,)) == ("kept" if made_by == version else "one")
    finally:
        facts._FACTS_FILE[0] = None
        facts._STORED.clear()
        facts._USED.clear()
        facts._STORED_CHANGED[0] = False


_LOAD = """
import json, sys, jieba
from guidepress.text import words
words.load_dictionary()
dt = words.segmenter().dt
print(json.dumps({"initialized": dt.initialized, "entries": len(dt.FREQ), "total": dt.total,
                  "words": words.word_list("我们今天去医院看医生，然后回家休息。", "zh")}))
"""


def _load_dictionary(cache_home) -> dict:
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    proc = subprocess.run([sys.executable, "-c", _LOAD], env=env, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_jiebas_dictionary_is_loaded_from_a_signed_copy_only(tmp_path):
    """The copy of jieba's dictionary in the user's cache folder gives what jieba's own load gives;
    a copy changed by anyone but this machine's guidepress is not loaded, and is made again."""
    import jieba

    jieba.initialize()
    stock = {"initialized": True, "entries": len(jieba.dt.FREQ), "total": jieba.dt.total,
             "words": [w for w in jieba.lcut("我们今天去医院看医生，然后回家休息。") if w.isalpha()]}
    assert _load_dictionary(tmp_path) == stock  # no copy yet: jieba loads it, the copy is made
    (copy,) = (tmp_path / "guidepress").glob("jieba-dictionary-*.pickle")
    assert _load_dictionary(tmp_path) == stock  # from the copy
    mac, _, body = copy.read_bytes().partition(b"\n")
    import pickle

    freq, total = pickle.loads(body)
    freq["医院"] = 0  # a changed dictionary, signed with another key
    tampered = pickle.dumps((freq, total))
    copy.write_bytes(mac + b"\n" + tampered)
    assert _load_dictionary(tmp_path) == stock
    assert copy.read_bytes().partition(b"\n")[2] != tampered  # made again
    copy.write_bytes(b"not a signature\n" + b"\x80\x05junk")
    assert _load_dictionary(tmp_path) == stock
