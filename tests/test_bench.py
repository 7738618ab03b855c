"""The benchmark instrument (scripts/bench.py, scripts/benchcorpus.py): the corpus is deterministic
and the same in both layouts, and a quick run measures real builds and reports every field.
Timing values are not asserted: they belong to PERFORMANCE.md, not to tests."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

import benchcorpus  # noqa: E402


def _digest_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_corpus_is_deterministic(tmp_path):
    a = benchcorpus.generate(tmp_path / "a", guides=2, pages=3, locales=18, words=120, seed=7)
    b = benchcorpus.generate(tmp_path / "b", guides=2, pages=3, locales=18, words=120, seed=7)
    assert a == b
    assert _digest_tree(tmp_path / "a") == _digest_tree(tmp_path / "b")
    c = benchcorpus.generate(tmp_path / "c", guides=2, pages=3, locales=18, words=120, seed=8)
    assert _digest_tree(tmp_path / "c" / "stock" / "docs") != _digest_tree(tmp_path / "a" / "stock" / "docs")


def test_both_layouts_hold_the_same_pages(tmp_path):
    info = benchcorpus.generate(tmp_path, guides=2, pages=3, locales=18, words=120, seed=1)
    stock, gp = tmp_path / "stock", tmp_path / "guidepress"
    assert info["locales"] == benchcorpus.ALL_LOCALES
    assert info["guide_pages"] == 2 * 3 * 18
    for lang in info["locales"]:
        stock_pages = sorted(p.relative_to(stock / "docs" / lang).as_posix() for p in (stock / "docs" / lang).rglob("*.md"))
        gp_pages = sorted(["index.md"] + [f"guides/{p.parent.parent.name}/{p.name}"
                                          for p in (gp / "guides").glob(f"*/{lang}/*.md")])
        assert stock_pages == gp_pages, lang
        assert len(stock_pages) == 2 * 3 + 1
        for rel in stock_pages:  # byte-identical content in both layouts
            gp_file = gp / "docs" / lang / rel if rel == "index.md" else gp / "guides" / rel.split("/")[1] / lang / rel.split("/")[2]
            assert (stock / "docs" / lang / rel).read_bytes() == gp_file.read_bytes()
    # non-Latin scripts where they belong, and realistic Markdown features
    el = next((gp / "guides").glob("*/el/01-*.md")).read_text(encoding="utf-8")
    bg = next((gp / "guides").glob("*/bg/01-*.md")).read_text(encoding="utf-8")
    zh = next((gp / "guides").glob("*/zh/01-*.md")).read_text(encoding="utf-8")
    assert re.search(r"[\u0370-\u03ff]", el) and re.search(r"[\u0400-\u04ff]", bg) and re.search(r"[\u4e00-\u9fff]", zh)
    en = next((gp / "guides").glob("*/en/01-*.md")).read_text(encoding="utf-8")
    for feature in (r"^# ", r"^## .* \{#[a-z0-9-]+\}$", r"^### ", r"^- ", r"^1\. ", r'^!!! \w+ "', r"^\| --- \|",
                    r"^!\[[^\]]+\]\(\.\./images/[^)]+\.svg\)$", r"\]\(0\d-[a-z-]+\.md#[a-z0-9-]+\)"):
        assert re.search(feature, en, re.M), feature
    # translated pages record the source hash of the English page
    sys.path.insert(0, str(ROOT))
    from guidepress.model.translation import source_hash

    fr = next((gp / "guides").glob("*/fr/01-*.md"))
    source = fr.parent.parent / "en" / fr.name
    assert f"source_hash: {source_hash(source.read_text(encoding='utf-8'))}" in fr.read_text(encoding="utf-8")


def test_quick_bench_end_to_end(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick", "--workdir", str(tmp_path / "work"),
                           "--json", str(out), "--markdown"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    last = proc.stdout.rstrip("\n").splitlines()[-1]
    assert re.fullmatch(r"site build wall ratio guidepress/stock: \d+\.\d\d", last), last
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["ratio_line"] == last
    assert data["machine"]["cores"] >= 1
    assert data["site"] is None  # one locale count: no cost-per-locale runs
    (name, shape), = data["shapes"].items()
    assert name == "tiny" and (shape["guides"], shape["pages"], shape["words"]) == (2, 2, 150)
    assert shape["guide_pages"] == 2 * 2 * 3 and shape["locales"] == ["en", "fr", "de"]
    keys = {"wall_s", "cpu_s", "peak_rss_tree_mb", "max_rss_single_mb"}
    for kind in ("stock", "cold", "warm", "edit"):  # stock, guidepress cold, warm, one page edited
        run = shape[kind]["runs"][0]
        assert run["returncode"] == 0
        for key in keys:
            assert run[key] > 0, (kind, key)
        assert set(shape[kind]["median"]) == keys
        assert shape["html_files"][kind] > 0, kind
    for kind in ("cold", "warm", "edit"):  # every ratio, wall and CPU, against the stock build
        assert set(shape["ratio"][kind]) == {"wall", "cpu", "peak_rss"}
        assert all(v > 0 for v in shape["ratio"][kind].values()), kind
    # the cold run started from an empty .cache/ (the warm run found it filled) and the edit run's
    # site is byte-identical to a clean build of the same sources in another folder
    assert "cold-tiny-3-run1" in shape["cold"]["runs"][0]["name"]
    check = shape["edit_check"]
    assert check["edited_page"].startswith("guides/") and "/fr/" in check["edited_page"]
    assert check["identical"] is True and check["differing_files"] == [] and check["files_compared"] > 20, check
    assert check["warm_identical_to_cold"] is True, check["warm_differing_files"]
    # the worst cold ratio is the last line
    assert last.endswith(f"{shape['ratio']['cold']['wall']:.2f}")
    assert data["code"]["source"] == "working tree" and isinstance(data["code"]["changed_during_run"], bool)
    pdf = data["pdf"]
    assert pdf["lang"] == "fr" and pdf["variant"] == "a4"
    for key in ("j1", "j2"):
        assert pdf[key]["pdfs"] == 2 and pdf[key]["pdf_pages"] > 0 and pdf[key]["pages_per_s_per_core"] > 0
    assert pdf["speedup_2_vs_1"] > 0
    # plain WeasyPrint on the same print documents, paired with guidepress's runs
    assert pdf["plain"]["pdfs"] == 2 and pdf["plain"]["pdf_pages"] == pdf["j1"]["pdf_pages"]
    assert pdf["ratio_pages_per_s_per_core_j1_vs_plain"] > 0 and pdf["ratio_pages_per_s_per_core_j2_vs_plain"] > 0
    # the second run, nothing changed (#15): the command itself says it rendered nothing (its own
    # count, not the fallback count of files written) for every PDF of the first run, and neither
    # a PDF of the site nor a cache entry was written again
    second = pdf["second_run"]
    assert second["returncode"] == 0
    assert second["rendered_reported"] == 0 and second["rerendered"] == 0, second
    said = re.search(r"^PDFs: (\d+) \((\d+) rendered, (\d+) unchanged\)",
                     Path(second["stdout"]).read_text(encoding="utf-8"), re.M)
    assert said and said.groups() == (str(pdf["j2"]["pdfs"]), "0", str(pdf["j2"]["pdfs"])), second["stdout"]
    assert second["pdf_files_written"] == 0 and second["cache_files_written"] == 0, second
    preview = data["preview"]
    assert preview["startup_s"] > 0 and len(preview["latencies_s"]) == 1
    assert {t["what"] for t in data["targets"]} and all(isinstance(t["met"], bool) for t in data["targets"])
    assert "| shape (guides x pages x words) |" in proc.stdout and "| plain WeasyPrint, one process |" in proc.stdout
    assert any(t["what"] == "tiny: edited site byte-identical to a clean build" and t["met"] for t in data["targets"])
