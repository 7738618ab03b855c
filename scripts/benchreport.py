"""The benchmark's report (scripts/bench.py): the issue's targets next to what was measured, as
text and as Markdown for PERFORMANCE.md, and the last line, the site build ratio."""

from __future__ import annotations

from benchmeasure import SAMPLE_S

# The targets (2 cores, the 864-page corpus): reported next to the measurements.
TARGET_SITE_RATIO = 0.35
TARGET_PREVIEW_S = 3.0
TARGET_PDF_SPEEDUP = 1.7
TARGET_PDF_PAGES_PER_S_PER_CORE = 8.0
TARGET_SCALE_PEAK_MB = 1024


def targets(results: dict) -> list[dict]:
    out = []
    site = results.get("site") or {}
    if site:
        last = max(site, key=int)
        out.append({"what": f"site build wall ratio guidepress/stock ({last} locales)", "target": f"<= {TARGET_SITE_RATIO}",
                    "measured": site[last]["ratio_wall"], "met": site[last]["ratio_wall"] <= TARGET_SITE_RATIO})
    pv = results.get("preview")
    if pv:
        worst = max((x for x in pv["latencies_s"] if x is not None), default=None)
        ok = worst is not None and None not in pv["latencies_s"] and worst <= TARGET_PREVIEW_S
        out.append({"what": "preview shows an edit (worst of the edits), s", "target": f"<= {TARGET_PREVIEW_S}",
                    "measured": worst if None not in pv["latencies_s"] else None, "met": ok})
    pdf = results.get("pdf")
    if pdf:
        out.append({"what": "PDF speed-up, 2 workers vs 1", "target": f">= {TARGET_PDF_SPEEDUP}",
                    "measured": pdf["speedup_2_vs_1"], "met": pdf["speedup_2_vs_1"] >= TARGET_PDF_SPEEDUP})
        best = max(pdf["j1"]["pages_per_s_per_core"], pdf["j2"]["pages_per_s_per_core"])
        out.append({"what": f"PDF pages per second per core ({pdf['lang']}, best of -j 1 and -j 2)",
                    "target": f">= {TARGET_PDF_PAGES_PER_S_PER_CORE}", "measured": best,
                    "met": best >= TARGET_PDF_PAGES_PER_S_PER_CORE})
        n = pdf["second_run"]["rerendered"]
        out.append({"what": "PDFs re-rendered by a second run with nothing changed", "target": "0",
                    "measured": n, "met": n == 0})
    sc = results.get("scale")
    if sc:
        out.append({"what": f"peak memory (process tree RSS) of the {sc['guide_pages']}-page build, MB",
                    "target": f"< {TARGET_SCALE_PEAK_MB}", "measured": sc["run"]["peak_rss_tree_mb"],
                    "met": sc["run"]["peak_rss_tree_mb"] < TARGET_SCALE_PEAK_MB})
    return out


def text_report(results: dict) -> str:
    lines = []
    m, c = results["machine"], results["corpus"]
    lines.append(f"guidepress benchmark, {results['date']}: {m['cores']} cores ({m['cpu_model']}), "
                 f"{m['memory_gb']} GB, Python {m['python']}, guidepress {m['versions']['guidepress']}")
    code = results.get("code") or {}
    if code:
        lines.append(f"code measured: {code['source']} at {code['commit'][:10] if code.get('commit') else '?'}"
                     + (" (with uncommitted changes)" if code.get("dirty") else ""))
        if code.get("changed_during_run"):
            lines.append("WARNING: the measured code changed while the benchmark ran (someone edited the working "
                         "tree): the runs mix versions. Use --snapshot to measure a commit.")
    lines.append(f"corpus: {c['guides']} guides x {c['pages']} pages x locales {c['locale_counts']}, "
                 f"about {c['words']} words per page, seed {c['seed']}")
    lines.append(f"medians of {c['repeat']} runs; CPU = user+sys of the process tree (rusage, or /proc samples when larger); "
                 f"RSS = peak of the summed RSS of the process tree, sampled every {int(SAMPLE_S * 1000)} ms")
    site = results.get("site")
    if site:
        lines.append("")
        lines.append("site build        guide |          stock           |        guidepress        |  guidepress/stock")
        lines.append("locales           pages |  wall s   CPU s   RSS MB |  wall s   CPU s   RSS MB |   wall    CPU   RSS")
        for n, r in site.items():
            s, g = r["stock"]["median"], r["guidepress"]["median"]
            lines.append(f"{n:>7}       {r['guide_pages']:>9} | {s['wall_s']:7.2f} {s['cpu_s']:7.2f} {s['peak_rss_tree_mb']:8.1f} | "
                         f"{g['wall_s']:7.2f} {g['cpu_s']:7.2f} {g['peak_rss_tree_mb']:8.1f} | "
                         f"{r['ratio_wall']:6.2f} {r['ratio_cpu']:6.2f} {r['ratio_peak_rss']:5.2f}")
        for n, r in site.items():
            lines.append(f"  {n} locales: the stock site has {r['html_files']['stock']} HTML files ({r['site_mb']['stock']} MB), "
                         f"guidepress's {r['html_files']['guidepress']} ({r['site_mb']['guidepress']} MB)")
        lin = results.get("linearity") or {}
        for kind in ("stock", "guidepress"):
            if kind in lin:
                e = lin[kind]
                per = ", ".join(f"{k}: {v:.2f}" for k, v in e["wall_s_per_locale"].items())
                extra = (f"; fit {e['intercept_s']:.2f} s + {e['slope_s_per_locale']:.2f} s x locales (R² {e['r_squared']:.3f})"
                         if "slope_s_per_locale" in e else "")
                lines.append(f"  {kind} wall seconds per locale ({per}){extra}")
    pdf = results.get("pdf")
    if pdf:
        lines.append("")
        lines.append(f"PDFs ({pdf['lang']}, {pdf['variant']})   PDFs  pages   wall s   CPU s   RSS MB  pages/s/core")
        for key in ("j1", "j2"):
            r = pdf[key]
            lines.append(f"  -j {r['jobs']}               {r['pdfs']:5} {r['pdf_pages']:6} {r['wall_s']:8.2f} {r['cpu_s']:7.2f} "
                         f"{r['peak_rss_tree_mb']:8.1f} {r['pages_per_s_per_core']:13.2f}")
        s = pdf["second_run"]
        lines.append(f"  speed-up 2 workers vs 1: {pdf['speedup_2_vs_1']:.2f}; second run, nothing changed: "
                     f"{s['rerendered']} re-rendered in {s['wall_s']:.2f} s")
    pv = results.get("preview")
    if pv:
        lat = ", ".join("never" if x is None else f"{x:.2f}" for x in pv["latencies_s"])
        lines.append("")
        lines.append(f"preview (guidepress serve --lang {pv['lang']}, shipped site): first page after {pv['startup_s']:.2f} s; "
                     f"an edit of {pv['page']} shown after {lat} s")
    sc = results.get("scale")
    if sc:
        r = sc["run"]
        lines.append("")
        lines.append(f"scale: {sc['guide_pages']} guide pages ({sc['guides']} guides x {sc['pages']} pages x {sc['locales']} locales): "
                     f"peak tree RSS {r['peak_rss_tree_mb']:.0f} MB (largest process {r['max_rss_single_mb']:.0f} MB), "
                     f"{r['wall_s']:.1f} s wall")
    noise = results.get("machine_noise") or {}
    if noise.get("other_load_cores_mean") is not None:
        lines.append("")
        busy = noise["other_load_cores_mean"] > 0.2
        lines.append(f"other work on the machine during the runs: {noise['other_load_cores_mean']:.2f} cores on average "
                     f"(max {noise['other_load_cores_max']:.2f})" + (": the machine was busy, figures are noisy" if busy else ""))
    if results.get("targets"):
        lines.append("")
        lines.append("targets (issue):")
        for t in results["targets"]:
            mark = "met" if t["met"] else "NOT met"
            lines.append(f"  {t['what']}: {t['measured']} (target {t['target']}): {mark}")
    return "\n".join(lines)


def markdown_report(results: dict) -> str:
    m, c = results["machine"], results["corpus"]
    code = results.get("code") or {}
    at = (f"commit `{code['commit'][:10]}` ({code['source']})" if code.get("commit") else f"`{m['git_commit']}`")
    if code.get("dirty"):
        at += " with uncommitted changes"
    if code.get("changed_during_run"):
        at += " (the code changed during the run: figures mix versions)"
    out = [f"Measured {results['date']} on {m['cores']} cores ({m['cpu_model']}, {m['memory_gb']} GB), "
           f"guidepress {m['versions']['guidepress']} at {at}, "
           f"mkdocs {m['versions']['mkdocs']}, Material {m['versions']['mkdocs-material']}, "
           f"mkdocs-static-i18n {m['versions']['mkdocs-static-i18n']}, WeasyPrint {m['versions']['weasyprint']}; "
           f"corpus {c['guides']} guides x {c['pages']} pages, about {c['words']} words a page; medians of {c['repeat']} runs"
           + (f"; other processes used {results['machine_noise']['other_load_cores_mean']:.2f} cores on average meanwhile."
              if (results.get("machine_noise") or {}).get("other_load_cores_mean") is not None else "."),
           ""]
    site = results.get("site")
    if site:
        out += [("| locales | guide pages | stock wall s | stock CPU s | stock RSS MB | guidepress wall s "
                 "| guidepress CPU s | guidepress RSS MB | ratio wall | ratio CPU |"),
                "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for n, r in site.items():
            s, g = r["stock"]["median"], r["guidepress"]["median"]
            out.append(f"| {n} | {r['guide_pages']} | {s['wall_s']:.2f} | {s['cpu_s']:.2f} | {s['peak_rss_tree_mb']:.0f} | "
                       f"{g['wall_s']:.2f} | {g['cpu_s']:.2f} | {g['peak_rss_tree_mb']:.0f} | {r['ratio_wall']:.2f} | {r['ratio_cpu']:.2f} |")
        out.append("")
    if results.get("targets"):
        out += ["| target (issue) | wanted | measured | met |", "| --- | --- | --- | --- |"]
        for t in results["targets"]:
            out.append(f"| {t['what']} | {t['target']} | {t['measured']} | {'yes' if t['met'] else 'no'} |")
        out.append("")
    pdf = results.get("pdf")
    if pdf:
        out += [f"| PDFs ({pdf['lang']}, {pdf['variant']}) | PDFs | pages | wall s | CPU s | pages/s/core |",
                "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for key in ("j1", "j2"):
            r = pdf[key]
            out.append(f"| `-j {r['jobs']}`, empty cache | {r['pdfs']} | {r['pdf_pages']} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} "
                       f"| {r['pages_per_s_per_core']:.2f} |")
        s = pdf["second_run"]
        out.append(f"| second run, nothing changed | {s['rerendered']} re-rendered | | {s['wall_s']:.2f} | {s['cpu_s']:.2f} | |")
        out.append("")
    return "\n".join(out)


def ratio_line(results: dict) -> str:
    site = results.get("site") or {}
    if not site:
        return "site build wall ratio guidepress/stock: n/a"
    last = max(site, key=int)
    return f"site build wall ratio guidepress/stock: {site[last]['ratio_wall']:.2f}"
