"""The benchmark's report (scripts/bench.py): the issue's targets next to what was measured, as
text and as Markdown for PERFORMANCE.md, and the last line, the site build ratio."""

from __future__ import annotations

from benchmeasure import SAMPLE_S

# The issues' targets (2 cores, every corpus shape; #16): reported next to the measurements.
TARGET_COLD_WALL = 0.45
TARGET_COLD_CPU = 0.75
TARGET_WARM_WALL = 0.10
TARGET_EDIT_WALL = 0.15
TARGET_PREVIEW_S = 3.0
TARGET_PDF_SPEEDUP = 1.7
TARGET_PDF_PAGES_PER_S_PER_CORE = 8.0
TARGET_SCALE_PEAK_MB = 1024


def targets(results: dict) -> list[dict]:
    out = []
    for name, sh in (results.get("shapes") or {}).items():
        r = sh["ratio"]
        for what, kind, key, limit in (("cold, wall", "cold", "wall", TARGET_COLD_WALL),
                                       ("cold, CPU", "cold", "cpu", TARGET_COLD_CPU),
                                       ("warm nothing changed, wall", "warm", "wall", TARGET_WARM_WALL),
                                       ("warm one page edited, wall", "edit", "wall", TARGET_EDIT_WALL)):
            if kind in r:
                out.append({"what": f"{name}: {what} guidepress/stock", "target": f"<= {limit}",
                            "measured": r[kind][key], "met": r[kind][key] <= limit})
        check = sh.get("edit_check")
        if check:
            out.append({"what": f"{name}: edited site byte-identical to a clean build", "target": "true",
                        "measured": check["identical"], "met": bool(check["identical"])})
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
        if "ratio_pages_per_s_per_core_j1_vs_plain" in pdf:
            out.append({"what": "PDF pages/s/core, guidepress -j 1 / plain WeasyPrint (paired)", "target": "report",
                        "measured": pdf["ratio_pages_per_s_per_core_j1_vs_plain"], "met": True})
            out.append({"what": "PDF pages/s/core, guidepress -j 2 / plain WeasyPrint (paired)", "target": "report",
                        "measured": pdf["ratio_pages_per_s_per_core_j2_vs_plain"], "met": True})
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
    shapes_txt = "; ".join(f"{k} {v['guides']} guides x {v['pages']} pages x {v['words']} words"
                           for k, v in c["shapes"].items())
    lines.append(f"corpus shapes: {shapes_txt}; locales {c['locale_counts']}, seed {c['seed']}")
    lines.append(f"medians of {c['repeat']} runs; CPU = user+sys of the process tree (rusage, or /proc samples when larger); "
                 f"RSS = peak of the summed RSS of the process tree, sampled every {int(SAMPLE_S * 1000)} ms")
    shapes = results.get("shapes")
    if shapes:
        lines.append("")
        lines.append("shape         loc  pages |   stock wall    CPU |   cold wall    CPU |   warm wall    CPU |   edit wall    CPU "
                     "| ratio cold wall/CPU  warm wall/CPU  edit wall/CPU | RSS MB stock/cold | edit identical")
        for name, sh in shapes.items():
            st, r = sh["stock"]["median"], sh["ratio"]
            cells = []
            for kind in ("cold", "warm", "edit"):
                m = sh[kind]["median"] if kind in sh else None
                cells.append(f"{m['wall_s']:11.2f} {m['cpu_s']:6.2f}" if m else f"{'-':>11} {'-':>6}")
            rat = "  ".join(f"{r[k]['wall']:5.2f}/{r[k]['cpu']:4.2f}" if k in r else "   -/-   " for k in ("cold", "warm", "edit"))
            check = sh.get("edit_check") or {}
            ident = check.get("identical")
            lines.append(f"{name:<13} {len(sh['locales']):>3} {sh['guide_pages']:>6} | {st['wall_s']:12.2f} {st['cpu_s']:6.2f} | "
                         + " | ".join(cells) + f" |      {rat}     | {st['peak_rss_tree_mb']:6.0f}/{sh['cold']['median']['peak_rss_tree_mb']:<6.0f}    | "
                         + ("-" if ident is None else str(ident).lower()))
        for name, sh in shapes.items():
            check = sh.get("edit_check") or {}
            if check:
                lines.append(f"  {name}: edited {check['edited_page']}; {check['files_compared']} files compared with a clean "
                             f"build: " + ("identical" if check["identical"] else
                                           f"{check['differing_count']} differ: {', '.join(check['differing_files'][:10])}")
                             + "; warm site identical to cold: " + str(check.get("warm_identical_to_cold")).lower())
            lines.append(f"  {name}: the stock site has {sh['html_files']['stock']} HTML files ({sh['site_mb']['stock']} MB), "
                         f"guidepress's {sh['html_files']['cold']} ({sh['site_mb']['cold']} MB)")
    site = results.get("site")
    if site:
        lines.append("")
        lines.append("cost per locale   guide |          stock           |        guidepress        |  guidepress/stock")
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
        if pdf.get("plain"):
            r = pdf["plain"]
            lines.append(f"  plain WeasyPrint  {r['pdfs']:5} {r['pdf_pages']:6} {r['wall_s']:8.2f} {r['cpu_s']:7.2f} "
                         f"{r['peak_rss_tree_mb']:8.1f} {r['pages_per_s_per_core']:13.2f}")
            lines.append(f"  pages/s/core guidepress / plain WeasyPrint (paired medians): -j 1 "
                         f"{pdf['ratio_pages_per_s_per_core_j1_vs_plain']:.2f}, -j 2 {pdf['ratio_pages_per_s_per_core_j2_vs_plain']:.2f}")
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
           "corpus shapes " + "; ".join(f"{k} {v['guides']} guides x {v['pages']} pages x about {v['words']} words"
                                        for k, v in c["shapes"].items())
           + f" at {max(c['locale_counts'])} locales; medians of {c['repeat']} runs"
           + (f"; other processes used {results['machine_noise']['other_load_cores_mean']:.2f} cores on average meanwhile."
              if (results.get("machine_noise") or {}).get("other_load_cores_mean") is not None else "."),
           ""]
    shapes = results.get("shapes")
    if shapes:
        out += [("| shape (guides x pages x words) | guide pages | stock wall s | stock CPU s | build | guidepress wall s "
                 "| guidepress CPU s | ratio wall | ratio CPU | RSS MB stock / guidepress |"),
                "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
        for name, sh in shapes.items():
            st = sh["stock"]["median"]
            for kind in ("cold", "warm", "edit"):
                if kind not in sh:
                    continue
                m, r = sh[kind]["median"], sh["ratio"][kind]
                label = {"cold": "cold (empty `.cache/`)", "warm": "warm, nothing changed",
                         "edit": "warm, one page edited"}[kind]
                out.append(f"| {name} ({sh['guides']} x {sh['pages']} x {sh['words']}) | {sh['guide_pages']} | {st['wall_s']:.2f} "
                           f"| {st['cpu_s']:.2f} | {label} | {m['wall_s']:.2f} | {m['cpu_s']:.2f} | {r['wall']:.2f} | {r['cpu']:.2f} "
                           f"| {st['peak_rss_tree_mb']:.0f} / {m['peak_rss_tree_mb']:.0f} |")
        out.append("")
        for name, sh in shapes.items():
            check = sh.get("edit_check") or {}
            if check:
                out.append(f"- {name}: after the edit of `{check['edited_page']}`, the site is "
                           + ("byte-identical to a clean build" if check["identical"] else
                              f"NOT identical to a clean build ({check['differing_count']} files differ: "
                              f"{', '.join(check['differing_files'][:10])})")
                           + f" ({check['files_compared']} files)")
        out.append("")
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
        if pdf.get("plain"):
            r = pdf["plain"]
            out.append(f"| plain WeasyPrint, one process | {r['pdfs']} | {r['pdf_pages']} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} "
                       f"| {r['pages_per_s_per_core']:.2f} |")
        s = pdf["second_run"]
        out.append(f"| second run, nothing changed | {s['rerendered']} re-rendered | | {s['wall_s']:.2f} | {s['cpu_s']:.2f} | |")
        out.append("")
    return "\n".join(out)


def ratio_line(results: dict) -> str:
    """The worst (largest) cold wall ratio of the shapes."""
    shapes = results.get("shapes") or {}
    if not shapes:
        return "site build wall ratio guidepress/stock: n/a"
    worst = max(sh["ratio"]["cold"]["wall"] for sh in shapes.values())
    return f"site build wall ratio guidepress/stock: {worst:.2f}"
