"""Which languages a change touches, for the workflows in ``.github/workflows/``.

    python scripts/ci_languages.py --all                 every language, source first (JSON list)
    python scripts/ci_languages.py --changed-from BASE   the languages the change since BASE touches

A change inside one language's folders (``guides/*/<lang>/``, ``docs/<lang>/``, ``locales/<lang>/``)
touches that language only; any other change (a source page, a ``guide.yml``, an image, code,
``mkdocs.yml``) touches every language. The source language always comes first: every other
language's pages fall back to it. The output is a JSON list, for a build matrix or
``guidepress build --lang``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import PurePosixPath


def touched(paths: list[str], languages: list[str], default: str) -> list[str]:
    """The languages (source first, then in site order) that a change of ``paths`` touches."""
    found: set[str] = set()
    others = [lang for lang in languages if lang != default]
    for path in paths:
        parts = PurePosixPath(path).parts
        lang = None
        if len(parts) >= 4 and parts[0] == "guides" and parts[2] in others:
            lang = parts[2]
        elif len(parts) >= 3 and parts[0] in ("docs", "locales") and parts[1] in others:
            lang = parts[1]
        if lang is None:
            return [default] + others
        found.add(lang)
    return [default] + [lang for lang in others if lang in found]


def changed_files(base: str) -> list[str]:
    out = subprocess.run(["git", "diff", "--name-only", "--no-renames", f"{base}...HEAD"], capture_output=True,
                         text=True, check=True).stdout
    return [line for line in out.splitlines() if line]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--all", action="store_true", help="every language of the site")
    group.add_argument("--changed-from", metavar="BASE", help="a commit: the languages the change since it touches")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    args = parser.parse_args(argv)
    from guidepress.plugin.shards import load, site_languages

    languages, default = site_languages(load(args.config_file))
    result = languages if args.all else touched(changed_files(args.changed_from), languages, default)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
