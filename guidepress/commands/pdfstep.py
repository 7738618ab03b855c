"""The PDF step of ``guidepress build`` and ``guidepress pdf``: the PDFs of a built site rendered
(or copied from the cache) and linked from its guide pages as they come."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from mkdocs.config import load_config


def pdf_step(args, site_dir: Path | None, shard: bool, render: bool, config=None) -> int:
    """Put the PDFs into ``site_dir`` (verified cache entries copied, the others rendered unless
    ``render`` is false) and link them from the guide pages; say what is missing. ``config``: the
    configuration the site build set up (project loaded and checked), else it is loaded, while
    the workers get WeasyPrint ready."""
    from guidepress.pdf.render import start_workers

    workers = max(1, args.jobs or os.cpu_count() or 1)
    pool = start_workers(workers) if config is None and render and workers > 1 else None
    try:
        return _steps(args, site_dir, shard, render, config, pool, workers)
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def _steps(args, site_dir, shard, render, config, pool, workers) -> int:
    from guidepress.pdf.build import Linker, Selection, plan
    from guidepress.pdf.render import render_all
    from guidepress.plugin.shards import use_page_facts, write_pdf_data

    if config is not None and site_dir is not None:
        config["site_dir"] = str(Path(site_dir).resolve())
    else:
        config = load_config(config_file=args.config_file, **({"site_dir": str(site_dir)} if site_dir else {}))
        use_page_facts(config)  # those the site build kept (not saved: this step asks for some only)
        config.plugins.on_startup(command="build", dirty=False)
        config.plugins["guidepress"].on_config(config)
    project = config.plugins["guidepress"].project
    prefix = config.plugins["guidepress"].config.url_prefix
    site_dir = Path(config.site_dir)
    selection = Selection(tuple(args.guide or ()), tuple(args.lang or ()), tuple(args.variant or ()))
    jobs = plan(project, site_dir, prefix, selection, Path(args.cache_dir) if args.cache_dir else None,
                cached_only=not render)
    linker = Linker(project, site_dir, prefix, jobs)  # pages are linked as their PDFs come
    start = time.perf_counter()

    def progress(result, done, total):
        if render:
            what = f"rendered in {result.seconds:.1f} s" if result.rendered else "unchanged"
            print(f"[{done}/{total}] {Path(result.job.output).relative_to(site_dir)}: {result.pages} pages, {what}",
                  flush=True)
        linker.done(result.job, result)

    def failed(failure):  # a failure with several problems: all of them now, one line in the summary
        if len(failure.lines()) > 1:
            print("\n".join(failure.lines()), file=sys.stderr, flush=True)
        linker.done(failure.job)

    try:
        results = render_all(jobs, workers=workers, progress=progress, render=render, failed=failed, pool=pool)
    finally:
        linker.finish()  # the pages whose PDFs were not all made: to those that were
    if shard and (results or render):  # the merge links the pages of other shards to these PDFs
        write_pdf_data(site_dir, results)
    rendered = sum(r.rendered for r in results)
    if render:
        print(f"PDFs: {len(results)} ({rendered} rendered, {len(results) - rendered} unchanged) in "
              f"{time.perf_counter() - start:.1f} s")
    else:
        missing = len(jobs) - len(results)
        print(f"PDFs: {len(results)} of {len(jobs)} kept from the cache"
              + (f"; {missing} PDF{'s' * (missing != 1)} not rendered: run 'guidepress pdf'" if missing else ""), flush=True)
    notes = [r.cache_note for r in results if r.cache_note]
    if notes:
        print(f"note: {len(notes)} rendered PDF(s) could not be kept in the cache ({notes[0]}); "
              "the next build renders them again", flush=True)
    return 0
