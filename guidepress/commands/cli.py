"""``guidepress``: the one command line of the project.

    guidepress build                      build the site (languages in parallel), then the PDFs
    guidepress build --lang fr [-d DIR]   build one language's shard (site and PDFs)
    guidepress merge SHARD... [-d DIR]    combine shards into the site, as 'build' makes it
    guidepress pdf [--guide S] [--lang L] render the PDFs of the built site (changed ones only)
    guidepress serve [--lang fr]          live preview; --lang previews one language plus the source
    guidepress new guide SLUG             scaffold a guide
    guidepress new translation SLUG LANG PAGE...  start translating pages of a guide into LANG
    guidepress new site LANG PAGE...              start translating site pages into LANG
    guidepress mark-current PATH...       record that translations (pages, captions, glossary.yml) match the source
    guidepress check [PATH...]            check translations; every problem as path:line: [rule] message
    guidepress status                     what is missing or outdated, per guide and language
    guidepress diff LANG PAGE             what changed in the source since PAGE was translated
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from guidepress import __version__
from guidepress.model.errors import ContentError, display_path
from guidepress.model.glossary import GLOSSARY_FILE
from guidepress.patches import static_i18n
from guidepress.pdf.render import RenderError, RenderFailed
from guidepress.plugin.shards import ShardError
from guidepress.plugin.staging import SiteFolderError
from guidepress.commands.pdfstep import pdf_step
from guidepress.commands.scaffold import (ScaffoldError, mark_caption_current, mark_current, new_guide, new_site_translation,
                                          new_translation)

from guidepress.plugin.plugin import LANGUAGES_ENV


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(format="%(levelname)-7s -  %(message)s")
    level = logging.DEBUG if verbose else logging.INFO
    for name in ("mkdocs", "guidepress"):
        logging.getLogger(name).setLevel(level)
    if not logging.getLogger("mkdocs").handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logging.getLogger("mkdocs").addHandler(handler)
        logging.getLogger("mkdocs").propagate = False


def _load(config_file: str, **overrides):
    config = load_config(config_file=config_file, **overrides)
    return config


def project_from_config(config_file: str):
    """The validated :class:`~guidepress.model.project.Project` of ``mkdocs.yml``, without building;
    raises :class:`ContentError` listing every problem."""
    return _content_project(config_file, None)


def _content_project(config_file: str, errors: list | None):
    """The project of ``mkdocs.yml``; content errors are added to ``errors`` (or raised when None)."""
    from guidepress.model.project import load_project

    config = _load(config_file)
    plugin = config.plugins["guidepress"]
    i18n = plugin._i18n(config)
    codes = static_i18n.configured_languages(i18n)
    project = load_project(Path(config.config_file_path).parent, codes, i18n.default_language,
                           plugin.config.guides_dir, plugin.config.locales_dir, config.docs_dir, errors=errors,
                           theme_dir=config.theme.custom_dir, config_file=config.config_file_path)
    return config, project


def cmd_check(args) -> int:
    from guidepress.commands.checks import format_findings, run_checks, selection

    errors: list = []
    config, project = _content_project(args.config_file, errors)
    paths = [Path(p) for p in args.paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise ScaffoldError(f"no such file or folder: {', '.join(missing)}")
    if any(p.resolve() == Path(config.config_file_path).resolve() for p in paths):
        paths = []  # every rule reads mkdocs.yml (languages, Markdown extensions): check everything
    selected = selection(paths)  # the same rules for a file however it is named: only findings are chosen
    errors = [f for f in errors if selected(project.root / f.path)]
    markdown = (list(config.markdown_extensions), dict(config.mdx_configs or {}))  # pages as the build renders them
    findings = sorted(set(errors + run_checks(project, paths or None, markdown)),
                      key=lambda f: (f.path, f.line or 0, f.rule, f.message))
    output = format_findings(findings, args.format)
    if output:
        print(output)
    return 1 if any(f.severity == "error" for f in findings) else 0


def cmd_status(args) -> int:
    from guidepress.view.status import collect, render

    errors: list = []
    _, project = _content_project(args.config_file, errors)
    for finding in errors:
        print(f"guidepress: {finding}", file=sys.stderr)
    if args.lang:  # one language's pages by name, with the commands to run
        from guidepress.commands.status_lang import render_todos

        print(render_todos(project, list(dict.fromkeys(args.lang)), args.format))
        return 0
    print(render(collect(project), args.format))
    return 0


def cmd_diff(args) -> int:
    import difflib
    from collections.abc import Callable

    from guidepress.model.history import VersionNotFound, find_version
    from guidepress.model.safefiles import PAGE_RULE, read_text
    from guidepress.model.translation import read_translation_meta, source_hash as page_hash

    config, project = project_from_config(args.config_file)
    translated = _translation_path(project, Path(config.docs_dir), args.lang, args.page)
    source = _source_of(translated, project, Path(config.docs_dir))
    where = display_path(translated, project.root)
    captions = translated.suffix == ".vtt"  # a caption file: its NOTE lines, its cues' hash (guidepress.model.videos)
    source_hash: Callable[[str], str] = page_hash
    if captions:
        from guidepress.model.videos import CAPTIONS_RULE, caption_hash, caption_meta

        rule, source_hash = CAPTIONS_RULE, caption_hash
        meta = caption_meta(read_text(translated, where, CAPTIONS_RULE, project.root)) if translated.is_file() else None
    else:
        rule = PAGE_RULE
        meta = read_translation_meta(translated, where) if translated.is_file() else None
    if meta is None or not meta.source_hash:
        raise ScaffoldError(f"{where} does not record the source version it was translated from "
                            f"({'NOTE guidepress source-hash' if captions else 'translation.source_hash'}): "
                            "compare it with the source by hand, then run 'guidepress mark-current' on it")
    current = read_text(source, display_path(source, project.root), rule, project.root)
    src_name = display_path(source, project.root)
    if source_hash(current) == meta.source_hash:
        print(f"{src_name} has not changed since {where} was translated from it.")
        return 0
    try:
        commit, date, old = find_version(source, project.root, meta.source_hash, source_hash)
    except VersionNotFound as exc:
        raise ScaffoldError(f"{where} was translated from a version of {src_name} ({meta.source_hash}) that is not in "
                            f"the git history ({exc}). It may have been an uncommitted draft, or the clone is "
                            "shallow (try 'git fetch --unshallow'). Compare with the current source by hand.") from None
    diff = difflib.unified_diff(old.splitlines(keepends=True), current.splitlines(keepends=True),
                                fromfile=f"a/{src_name} (translated from, {commit[:10]}, {date})",
                                tofile=f"b/{src_name} (now)")
    sys.stdout.writelines(diff)
    return 0


def _translation_path(project, docs_dir: Path, lang: str, page: str) -> Path:
    """The translated page meant by PAGE: a path, or GUIDE/PAGE.md, or a site page name."""
    if lang not in project.languages or lang == project.default_lang:
        raise ScaffoldError(f"'{lang}' is not a translated language of this site ({' '.join(project.languages[1:])})")
    path = Path(page)
    if path.exists():
        path = path.resolve()
        for base, i in ((project.guides_dir, 1), (docs_dir.resolve(), 0)):
            if path.is_relative_to(base):
                parts = list(path.relative_to(base).parts)
                if len(parts) > i + 1:
                    parts[i] = lang
                    return base.joinpath(*parts)
        raise ScaffoldError(f"{page} is not a guide page or a site page")
    parts = page.strip("/").split("/")
    if len(parts) == 2 and any(g.slug == parts[0] for g in project.guides):
        return project.guides_dir / parts[0] / lang / parts[1]
    if (docs_dir / project.default_lang / page).is_file():
        return docs_dir / lang / page
    raise ScaffoldError(f"no page '{page}': give a path (guides/<guide>/<lang>/<page>.md) or <guide>/<page>.md")


def _set_languages(langs: list[str] | None) -> None:
    if langs:
        os.environ[LANGUAGES_ENV] = ",".join(langs)
    else:
        os.environ.pop(LANGUAGES_ENV, None)


def _site_dir(args) -> tuple[Path, Path]:
    """The site folder of the command (absolute, its parent created) and the project's root."""
    from guidepress.plugin.shards import load
    from guidepress.plugin.staging import check_site_dir

    site_dir = Path(args.site_dir) if args.site_dir else Path(load(args.config_file).site_dir)
    return check_site_dir(site_dir), Path(os.path.abspath(args.config_file)).parent


def cmd_build(args) -> int:
    """Build the site (or a shard) and its PDFs in a staging folder; swap it in for the site
    only when it is complete, so that a failed or killed build leaves the old site as it was."""
    from guidepress.plugin.shards import build_parallel, build_shard
    from guidepress.plugin.staging import check_replaceable, publish, staged

    site_dir, root = _site_dir(args)
    check_replaceable(root, site_dir)
    start = time.perf_counter()
    with staged(root, site_dir) as work:
        new = work / "site"
        prepared: dict = {}
        if args.lang:
            build_shard(args.config_file, args.lang, new, args.site_url)
            print(f"Shard of {', '.join(args.lang)} built in {time.perf_counter() - start:.1f} s", flush=True)
        else:
            langs = build_parallel(args.config_file, new, args.site_url, workers=args.jobs, prepared=prepared)
            print(f"Site built in {time.perf_counter() - start:.1f} s: {len(langs)} languages", flush=True)
        pdf_step(args, new, shard=bool(args.lang), render=not args.no_pdf, config=prepared.get("config"))
        publish(new, site_dir, work)
    done = f"in {time.perf_counter() - start:.1f} s: {site_dir}"
    print(f"Shard ready {done}; combine shards with 'guidepress merge'" if args.lang else f"Site ready {done}")
    return 0


def cmd_merge(args) -> int:
    """Combine shards in a staging folder, then swap it in for the (new or empty) site folder."""
    from guidepress.plugin.shards import merge
    from guidepress.plugin.staging import publish, staged

    site_dir, root = _site_dir(args)
    if site_dir.is_dir() and any(site_dir.iterdir()):
        raise ShardError(f"{site_dir} is not empty: merge into a new folder")
    start = time.perf_counter()
    with staged(root, site_dir) as work:
        merge(args.config_file, [Path(s) for s in args.shards], work / "site", site_url=args.site_url)
        publish(work / "site", site_dir, work)
    print(f"Merged {len(args.shards)} shard(s) into {site_dir} in {time.perf_counter() - start:.1f} s")
    return 0


def cmd_pdf(args) -> int:
    """Render the PDFs of the built site in place: each file written atomically, and each page
    linked to its PDFs once they are all done."""
    return pdf_step(args, Path(args.site_dir) if args.site_dir else None, shard=False, render=True)


def cmd_serve(args) -> int:
    from mkdocs.commands.serve import serve

    _set_languages(args.lang)
    serve(config_file=args.config_file, dev_addr=args.dev_addr, livereload=True, open_in_browser=False)
    return 0


def cmd_new(args) -> int:
    config, project = project_from_config(args.config_file)
    if args.kind == "guide":
        created = new_guide(project, args.slug, args.title)
    elif args.kind == "translation":
        created = new_translation(project, args.slug, args.lang, args.pages, args.all)
    else:
        created = new_site_translation(project, Path(config.docs_dir), args.lang, args.pages, args.all)
    for path in created:
        print(f"created {display_path(path, project.root)}")
    if not created:
        print("nothing to create: every page already exists")
    return 0


def _source_of(path: Path, project, docs_dir: Path) -> Path:
    """The source-language page a translated page was made from."""
    path = path.resolve()
    for base in (project.guides_dir, docs_dir.resolve()):
        try:
            rel = path.relative_to(base)
        except ValueError:
            continue
        parts = list(rel.parts)
        i = 1 if base == project.guides_dir else 0  # guides/<slug>/<lang>/..., docs/<lang>/...
        if len(parts) > i + 1 and parts[i] in project.languages and parts[i] != project.default_lang:
            parts[i] = project.default_lang
            source = base.joinpath(*parts)
            if source.is_file():
                return source
            raise ScaffoldError(f"{display_path(path, project.root)}: there is no source page "
                                f"{display_path(source, project.root)} to compare with")
    raise ScaffoldError(f"{path}: not a translated page (expected guides/<guide>/<lang>/<page>.md or docs/<lang>/<page>.md)")


def cmd_mark_current(args) -> int:
    config, project = project_from_config(args.config_file)
    docs_dir = Path(config.docs_dir)
    paths = []
    for p in args.paths:
        p = Path(p)
        paths.extend(sorted([*p.rglob("*.md"), *p.rglob("*.vtt")]) if p.is_dir() else [p])
    for path in paths:
        if path.name == GLOSSARY_FILE:
            _mark_glossary_current(path, project)
            continue
        source = _source_of(path, project, docs_dir)
        digest = (mark_caption_current if path.suffix == ".vtt" else mark_current)(path, source)
        print(f"{display_path(path, project.root)}: now matches {display_path(source, project.root)} ({digest})")
    return 0


def cmd_migrate(args) -> int:
    """``migrate manifests`` (:mod:`guidepress.commands.migrate`)."""
    from guidepress.commands.migrate import migrate_and_report

    print(migrate_and_report(project_from_config(args.config_file)[1]))
    return 0


def _mark_glossary_current(path: Path, project) -> None:
    """``mark-current locales/<lang>/glossary.yml``: every entry now matches its source entry."""
    from guidepress.model.glossary import glossary_path, load_glossaries, mark_current as mark_glossary_current

    lang = path.resolve().parent.name
    where = display_path(path, project.root)
    if path.resolve() != glossary_path(project.locales_dir, lang).resolve() or lang not in project.languages:
        raise ScaffoldError(f"{where}: not a glossary of the site (expected locales/<lang>/{GLOSSARY_FILE})")
    if lang == project.default_lang:
        raise ScaffoldError(f"{where}: the source glossary is what translations are compared with: "
                            f"mark a translation instead, such as locales/fr/{GLOSSARY_FILE}")
    glossaries, findings = load_glossaries(project.locales_dir, project.languages, project.default_lang, project.root)
    errors = [f for f in findings if f.severity == "error"]
    if errors or project.default_lang not in glossaries:
        problems = "\n".join(str(f) for f in errors) or "the source glossary is missing"
        raise ScaffoldError(f"fix the glossaries first, then mark {where} again:\n{problems}")
    marked = mark_glossary_current(path, glossaries[project.default_lang])
    print(f"{where}: {len(marked)} term{'s' if len(marked) != 1 else ''} now match "
          f"{display_path(glossary_path(project.locales_dir, project.default_lang), project.root)}")


def _pdf_options(p, with_lang: bool) -> None:
    p.add_argument("--guide", action="append", metavar="SLUG", help="only this guide's PDFs; repeatable")
    if with_lang:
        p.add_argument("--lang", action="append", metavar="LANG", help="only this language's PDFs; repeatable")
    p.add_argument("--variant", action="append", metavar="VARIANT",
                   help="only this variant (a4, letter, a4-large-print); repeatable")
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: one per core)")
    p.add_argument("--cache-dir", help="where rendered PDFs are kept between runs (default: .cache/pdf)")


def _page_choice(parser) -> None:
    """PAGE... and --all of ``new translation`` and ``new site``."""
    parser.add_argument("pages", nargs="*", metavar="PAGE", help="the pages you will translate (e.g. 02-pacing.md)")
    parser.add_argument("--all", action="store_true",
                        help="copy every page not yet translated (each counts as not translated until its text is)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="guidepress", description="Publish patient guides in many languages.")
    parser.add_argument("--version", action="version", version=f"guidepress {__version__}")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show debug messages")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error (for a bug report)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="build the site into site/ (languages in parallel), then the PDFs")
    p.add_argument("--lang", action="append", metavar="LANG",
                   help="build only this language, as a shard for 'guidepress merge'; repeatable")
    p.add_argument("-d", "--site-dir", help="where to write the site (default: site_dir of mkdocs.yml)")
    p.add_argument("--site-url", help="the address the site will be served from (default: site_url of mkdocs.yml), "
                                      "for a preview or staging copy")
    p.add_argument("--no-pdf", action="store_true", help="build the site only, without PDFs")
    _pdf_options(p, with_lang=False)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("merge", help="combine shards made by 'build --lang' into one site")
    p.add_argument("shards", nargs="+", metavar="SHARD", help="the site folders of 'guidepress build --lang'")
    p.add_argument("-d", "--site-dir", help="where to write the site, a new or empty folder "
                                            "(default: site_dir of mkdocs.yml)")
    p.add_argument("--site-url", help="as given to 'guidepress build --site-url'")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("pdf", help="render the PDFs of the built site (only those whose inputs changed)")
    p.add_argument("-d", "--site-dir", help="the built site (default: site_dir of mkdocs.yml)")
    _pdf_options(p, with_lang=True)
    p.set_defaults(func=cmd_pdf)

    p = sub.add_parser("serve", help="live preview on http://127.0.0.1:8000/")
    p.add_argument("--lang", action="append", metavar="LANG", help="preview only this language (and the source)")
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: %(default)s)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("new", help="scaffold a guide or a translation")
    kinds = p.add_subparsers(dest="kind", required=True, metavar="KIND")
    k = kinds.add_parser("guide", help="a new guide: guides/SLUG/ with guide.yml and a first page")
    k.add_argument("slug")
    k.add_argument("--title", help="the guide's title in the source language")
    k = kinds.add_parser("translation", help="start translating pages of guide SLUG into LANG")
    k.add_argument("slug")
    k.add_argument("lang")
    _page_choice(k)
    k = kinds.add_parser("site", help="start translating site pages (docs/) into LANG")
    k.add_argument("lang")
    _page_choice(k)
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("check", help="check translations and content; every problem at once")
    p.add_argument("paths", nargs="*", metavar="PATH", help="only these files or folders (default: everything)")
    p.add_argument("--format", choices=("text", "github", "json"), default="text",
                   help="text (path:line: [rule] message), github (workflow annotations) or json")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("status", help="what is missing or outdated, per guide and language")
    p.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    p.add_argument("--lang", action="append", metavar="LANG", help="this language's pages to work on, with the commands to run")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("diff", help="what changed in the source since a page was translated")
    p.add_argument("lang", help="the translation's language")
    p.add_argument("page", help="the page: a path, or GUIDE/PAGE.md, or a site page such as index.md")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("mark-current", help="record that translated pages (or a locales/<lang>/glossary.yml) now match their source")
    p.add_argument("paths", nargs="+", metavar="PATH", help="translated pages or folders of them")
    p.set_defaults(func=cmd_mark_current)

    p = sub.add_parser("migrate", help="update the repository's files to the current form")
    what = p.add_subparsers(dest="what", required=True, metavar="WHAT")
    what.add_parser("manifests", help="move each language's strings from guide.yml into guides/<slug>/<lang>/guide.yml")
    p.set_defaults(func=cmd_migrate)
    return parser


def _debug_traceback(args) -> None:
    """With ``--debug``: the traceback of the error being handled, before its one-line report."""
    if args.debug:
        import traceback

        traceback.print_exc()


def _remove_cache_links(root: Path) -> None:
    from guidepress.model.files import CACHE_LINK_REMOVED, remove_cache_links

    for name in remove_cache_links(root):
        logging.getLogger("mkdocs.plugins.guidepress").warning(CACHE_LINK_REMOVED.format(name))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_logging(args.verbose)
    try:
        if getattr(args, "config_file", None):  # before anything reads or writes a cache
            _remove_cache_links(Path(os.path.abspath(args.config_file)).parent)
        return args.func(args)
    except RenderFailed as exc:  # every failed document in one line; tracebacks only with --debug
        for failure in exc.failures:
            if args.debug and failure.details:
                print(f"{failure.lines()[0]}\n{failure.details}", file=sys.stderr)
        hint = "" if args.debug else " (run with --debug for the traceback)"
        print(f"guidepress: {exc.report(hint)}", file=sys.stderr)
        return 1
    except (ContentError, ScaffoldError, RenderError, ShardError, SiteFolderError) as exc:
        _debug_traceback(args)
        print(f"guidepress: {exc}", file=sys.stderr)
        return 1
    except (PluginError, ConfigurationError, Abort) as exc:
        _debug_traceback(args)
        print(f"guidepress: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder that cannot be read or written: named, without a traceback
        _debug_traceback(args)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"guidepress: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
