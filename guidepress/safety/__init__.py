"""One place that decides what a page may contain: ``guidepress check`` (rule ``unsafe``), the
build (``on_page_content``, for ``guidepress build`` and plain ``mkdocs build``) and the PDF step
all call these functions and give the same ``path:line: [unsafe] message``.

The HTML judged is the page's rendered HTML (Python-Markdown with the site's extensions): raw HTML
in Markdown passes through it untouched, so this covers both, and code blocks (escaped) are not
mistaken for markup. Modules: :mod:`.tokenizer` (WHATWG tokenization, linear),
:mod:`.html` (the allow-list), :mod:`.urls`, :mod:`.css` (``tinycss2``), :mod:`.svg`, :mod:`.files`
(which files may be published as content).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path

from guidepress.model.errors import ContentError, Finding, display_path
from guidepress.safety.html import Problem, page_problems, resource_problems
from guidepress.safety.tokenizer import lower, preprocess

RULE = "unsafe"
MAX_REPORTED = 50
"""Problems reported per page (locating each one searches the file): the rest are counted."""

__all__ = ["RULE", "Problem", "page_problems", "resource_problems", "page_findings", "locate",
           "render_markdown", "markdown_findings", "read_source", "refuse_unsafe_page", "refuse_unsafe_files"]


def locate(problems: list[Problem], source: str) -> list[int | None]:
    """The line of the author's file (``source``) where each problem is, found by searching the
    file (case-insensitively) for the problem's needles, most precise first: past the text found
    for the previous problem (from its line when it is in the same tag) and past the last place
    the same needle was found (two identical tags are two lines), then from the top; None only when
    no needle is in the file."""
    if not problems:  # nearly every page: nothing to search for
        return []
    text = lower(preprocess(source))
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    cursor, group_start, previous = 0, 0, None
    after: dict[str, int] = {}
    lines: list[int | None] = []
    for problem in problems:
        base = group_start if problem.offset == previous else cursor
        pos, needle = -1, ""
        for needle in (lower(preprocess(n)) for n in problem.needles):
            if not needle.strip():
                continue
            for start in (max(base, after.get(needle, 0)), after.get(needle, 0), 0):
                pos = text.find(needle, start)
                if pos >= 0:
                    break
            if pos >= 0:
                break
        if pos < 0:
            lines.append(None)
            continue
        after[needle] = cursor = pos + len(needle)
        line = bisect_right(starts, pos)
        if problem.offset != previous:
            group_start, previous = starts[line - 1], problem.offset
        lines.append(line)
    return lines


def page_findings(html: str, source: str, where: str) -> list[Finding]:
    """Findings for the rendered HTML of a page, with lines in its Markdown file ``source``."""
    problems = page_problems(html)
    shown = problems[:MAX_REPORTED]
    out = [Finding(where, line, p.rule, p.message) for p, line in zip(shown, locate(shown, source), strict=True)]
    if len(problems) > len(shown):
        out.append(Finding(where, None, RULE, f"{len(problems) - len(shown)} more problems like these: fix the "
                                              f"ones above and run the check again"))
    return out


def read_source(path: str | Path) -> str:
    """The author's file, for finding lines ("" when it cannot be read)."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def render_markdown(text: str, extensions: list, configs: dict) -> str:
    """The HTML Python-Markdown makes of a page (front matter removed), as in the build."""
    import markdown
    from mkdocs.utils.meta import get_data

    body, _ = get_data(text)
    return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(body)


def markdown_findings(text: str, where: str, extensions: list, configs: dict) -> list[Finding]:
    """What ``check`` reports for a Markdown page: the same as the build."""
    return page_findings(render_markdown(text, extensions, configs), text, where)


def refuse_unsafe_page(html: str, src: str, root: Path | None) -> None:
    """The build's check of one page's rendered HTML: raise :class:`ContentError` (a MkDocs
    ``PluginError``) naming every problem with its line in the Markdown file ``src``. The file is
    read only when there is a problem to locate in it."""
    if page_problems(html):
        raise ContentError(page_findings(html, read_source(src), display_path(src, root)))


def refuse_unsafe_files(files, docs_dir: str, image_dirs: list[Path], root: Path | None) -> None:
    """The build's check of the content files it will publish (types, SVG images)."""
    from guidepress.safety.files import published_file_findings

    findings = published_file_findings(files, docs_dir, image_dirs, root)
    if findings:
        raise ContentError(findings)
