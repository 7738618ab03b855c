"""``check`` of the captions (issue #14): every ``guides/<slug>/<lang>/videos/<id>.vtt``.

One rule, one function (as Babel's checkers), each returning findings with ``file:line``:

* ``captions-syntax``: a WebVTT file (``WEBVTT`` first, then cues: a timing line
  ``00:00:01.000 --> 00:00:04.000`` and at least one line of text; times that go forwards);
  webvtt-py reads it as well, and what it refuses is reported at the line it names or the first;
* ``captions-cues``: as many cues as the source captions (the same audio);
* ``captions-timing``: each cue's times equal to the source cue's;
* ``captions-numbers``: each cue keeps the digits of the source cue (the same numbers, any order);
* ``captions-lines``: at most two lines per cue;
* ``captions-length``: characters per line within the language's limit;
* ``captions-speed``: characters per second (the cue's text over its duration) within the limit.

Limits per script (the language's script comes from CLDR's likely subtags, through Babel), from
published subtitle guidelines: the BBC Subtitle Guidelines (about 37 characters per line, 160-180
words per minute) and the Netflix Timed Text Style Guides (42 characters per line for Latin,
Greek and Cyrillic; 16 for Simplified and Traditional Chinese and Japanese; 17 characters per
second for adult programmes, and 9 for Chinese and Japanese). The defaults: Latin, Greek and
Cyrillic 42 characters per line and 17 per second; CJK 16 and 9. The plugin option
``caption_limits`` in mkdocs.yml changes them per script or per language.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from guidepress.model.errors import ContentError, Finding, display_path
from guidepress.model.project import Project
from guidepress.model.safefiles import read_text
from guidepress.model.translation import State
from guidepress.model.videos import CAPTIONS_RULE, VIDEOS_DIR, caption_path, cue_text, parse_timestamp, read_cues

RULES = ("captions-syntax", "captions-cues", "captions-timing", "captions-numbers", "captions-lines",
         "captions-length", "captions-speed", "videos")
DEFAULT_LIMITS = {
    "latin": {"chars_per_line": 42, "chars_per_second": 17},
    "greek": {"chars_per_line": 42, "chars_per_second": 17},
    "cyrillic": {"chars_per_line": 42, "chars_per_second": 17},
    "cjk": {"chars_per_line": 16, "chars_per_second": 9},
}
"""BBC Subtitle Guidelines; Netflix Timed Text Style Guides (see the module's docstring)."""
MAX_LINES = 2
_SCRIPTS = {"Latn": "latin", "Grek": "greek", "Cyrl": "cyrillic", "Hans": "cjk", "Hant": "cjk", "Jpan": "cjk",
            "Kore": "cjk", "Hani": "cjk"}
_TIMING = re.compile(r"^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+.*)?$")
_DIGITS = re.compile(r"\d+")


def script_of(lang: str) -> str:
    """``latin``, ``greek``, ``cyrillic`` or ``cjk``: the language's script (CLDR likely subtags);
    any other script is measured as Latin."""
    from babel.core import get_global

    likely = get_global("likely_subtags").get(lang.replace("-", "_").split("_")[0], "")
    parts = likely.split("_")
    return _SCRIPTS.get(parts[1] if len(parts) > 2 else "", "latin")


def limits_for(lang: str, configured: dict | None = None) -> dict:
    """The limits of ``lang``: the script's defaults, then the configured script's, then the
    configured language's (``caption_limits: {cjk: {chars_per_line: 14}, fi: {chars_per_second: 15}}``)."""
    configured = configured or {}
    script = script_of(lang)
    out = dict(DEFAULT_LIMITS[script])
    out.update(configured.get(script) or {})
    out.update(configured.get(lang) or {})
    return out


def shown_text(lines, lang: str) -> str:
    """What a cue shows, its lines joined (without a space in CJK), tags removed."""
    joiner = "" if script_of(lang) == "cjk" else " "
    return joiner.join(cue_text(line).strip() for line in lines)


# -- rules ------------------------------------------------------------------------------------

def check_syntax(text: str, where: str) -> list[Finding]:
    """The file's WebVTT structure, with the line of each problem."""
    import webvtt

    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    out = []
    if not lines[0].startswith("WEBVTT") or lines[0][6:7] not in ("", " ", "\t"):
        return [Finding(where, 1, "captions-syntax", "a caption file starts with the line WEBVTT: add it as the first line")]
    i = 1
    previous: float | None = None
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        start = i
        block = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i])
            i += 1
        if block[0].startswith(("NOTE", "STYLE", "REGION")) and "-->" not in block[0]:
            continue
        timing_at = 0 if "-->" in block[0] else 1
        if timing_at >= len(block) or "-->" not in block[timing_at]:
            out.append(Finding(where, start + 1, "captions-syntax", f"'{block[0][:60]}' is not a cue: a cue is a timing line "
                                                                   f"'00:00:01.000 --> 00:00:04.000' followed by its text "
                                                                   f"(and a blank line between cues)"))
            continue
        line_no = start + 1 + timing_at
        match = _TIMING.match(block[timing_at].strip())
        begins = parse_timestamp(match.group(1)) if match else None
        ends = parse_timestamp(match.group(2)) if match else None
        if begins is None or ends is None:
            out.append(Finding(where, line_no, "captions-syntax", f"'{block[timing_at].strip()[:60]}' is not a timing line: "
                                                                 f"write it as 00:00:01.000 --> 00:00:04.000 "
                                                                 f"(hours optional, milliseconds with 3 digits)"))
            continue
        if ends <= begins:
            out.append(Finding(where, line_no, "captions-syntax", "the cue ends before it starts: the second time must be later"))
        elif previous is not None and begins < previous:
            out.append(Finding(where, line_no, "captions-syntax", "this cue starts before the one above it: keep the cues in time order"))
        previous = begins
        if len(block) == timing_at + 1:
            out.append(Finding(where, line_no, "captions-syntax", "this cue has no text: write its text on the next line"))
    if not out:
        try:
            webvtt.from_string(text)
        except Exception as exc:  # webvtt-py's own verdict (any exception it raises), reported, never raised
            out.append(Finding(where, _line_in(str(exc)) or 1, "captions-syntax", f"not a valid WebVTT file: {exc}"))
    return out


def _line_in(message: str) -> int | None:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else None


def check_cue_count(cues, source_cues, where: str, source_where: str) -> list[Finding]:
    if len(cues) == len(source_cues):
        return []
    line = cues[-1].line if cues else 1
    return [Finding(where, line, "captions-cues", f"{len(cues)} cues, but {source_where} has {len(source_cues)}: the "
                                                  f"video is the same, so translate each cue into one cue")]


def check_timing(cues, source_cues, where: str, source_where: str) -> list[Finding]:
    out = []
    # The cue counts may differ (check_cue_count reports that): compare the cues both files have.
    for cue, src in zip(cues, source_cues, strict=False):
        if (cue.start, cue.end) != (src.start, src.end):
            out.append(Finding(where, cue.line, "captions-timing",
                               f"this cue's times are not those of the source cue ({source_where}:{src.line}): "
                               f"copy them from there (the audio is the same)"))
    return out


def check_numbers(cues, source_cues, where: str, source_where: str) -> list[Finding]:
    out = []
    # The cue counts may differ (check_cue_count reports that): compare the cues both files have.
    for cue, src in zip(cues, source_cues, strict=False):
        mine = Counter(_DIGITS.findall(" ".join(cue.lines)))
        theirs = Counter(_DIGITS.findall(" ".join(src.lines)))
        if mine != theirs:
            missing, extra = sorted((theirs - mine).elements()), sorted((mine - theirs).elements())
            said = "; ".join(p for p in (f"missing {', '.join(missing)}" if missing else "",
                                         f"not in the source: {', '.join(extra)}" if extra else "") if p)
            out.append(Finding(where, cue.line, "captions-numbers", f"the numbers differ from the source cue "
                                                                    f"({source_where}:{src.line}): {said}"))
    return out


def check_lines(cues, where: str) -> list[Finding]:
    return [Finding(where, cue.line, "captions-lines", f"this cue has {len(cue.lines)} lines: at most {MAX_LINES} "
                                                       f"fit on the screen; shorten it or join lines")
            for cue in cues if len(cue.lines) > MAX_LINES]


def check_length(cues, where: str, lang: str, limits: dict) -> list[Finding]:
    out, limit = [], limits["chars_per_line"]
    for cue in cues:
        for n, line in enumerate(cue.lines, 1):
            shown = cue_text(line).strip()
            if len(shown) > limit:
                out.append(Finding(where, cue.line + n, "captions-length",
                                   f"this caption line has {len(shown)} characters; the limit for {lang} is {limit}: "
                                   f"break it into two lines or say it in fewer words"))
    return out


def check_speed(cues, where: str, lang: str, limits: dict) -> list[Finding]:
    out, limit = [], limits["chars_per_second"]
    for cue in cues:
        seconds = cue.end - cue.start
        chars = len(shown_text(cue.lines, lang))
        if seconds > 0 and chars / seconds > limit:
            out.append(Finding(where, cue.line, "captions-speed",
                               f"{chars} characters in {seconds:.1f} s is {chars / seconds:.1f} characters per second; "
                               f"readers of {lang} can follow {limit:g}: say it in fewer words"))
    return out


# -- the files ---------------------------------------------------------------------------------

def configured_limits(project: Project) -> dict:
    """``caption_limits`` of the guidepress plugin in the project's mkdocs.yml ({} without it)."""
    import yaml

    path = project.root / "mkdocs.yml"
    try:
        text = read_text(path, "mkdocs.yml", "captions", project.root)
    except (ContentError, FileNotFoundError):
        return {}

    class _Loader(yaml.SafeLoader):  # mkdocs.yml may hold !!python/name tags: read them as text
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(text, Loader=_Loader) or {}
    except yaml.YAMLError:
        return {}
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("guidepress"), dict):
            found = plugin["guidepress"].get("caption_limits")
            return found if isinstance(found, dict) else {}
    return {}


def caption_files(project: Project) -> list[tuple]:
    """(path, guide, video id or None, lang) of every .vtt in the guides' language folders."""
    out = []
    for guide in project.guides:
        for lang in project.languages:
            folder = guide.path / lang / VIDEOS_DIR
            if folder.is_dir() and not folder.is_symlink():
                for path in sorted(folder.glob("*.vtt")):
                    vid = path.stem if guide.video(path.stem) is not None else None
                    out.append((path, guide, vid, lang))
    return out


def caption_findings(text: str, where: str, lang: str, limits: dict | None = None, source_text: str | None = None,
                     source_where: str = "") -> tuple[list[Finding], list[Finding]]:
    """Every rule on one caption file: (its own findings, its findings against the source captions
    ``source_text``, none without it or when the source itself is not valid WebVTT)."""
    findings = check_syntax(text, where)
    if findings:
        return findings, []
    cues = read_cues(text)
    mine = limits_for(lang, limits)
    findings += check_lines(cues, where) + check_length(cues, where, lang, mine) + check_speed(cues, where, lang, mine)
    if source_text is None or check_syntax(source_text, source_where):
        return findings, []
    source_cues = read_cues(source_text)
    return findings, (check_cue_count(cues, source_cues, where, source_where)
                      + check_timing(cues, source_cues, where, source_where)
                      + check_numbers(cues, source_cues, where, source_where))


def check_file(project: Project, path: Path, guide, vid: str | None, lang: str, limits: dict) -> list[Finding]:
    where = display_path(path, project.root)
    if vid is None:
        return [Finding(where, None, "videos", f"there is no video '{path.stem}' in {display_path(guide.path / 'guide.yml', project.root)}: "
                                               f"rename the file after a video's id, or remove it")]
    try:
        text = read_text(path, where, CAPTIONS_RULE, project.root)
    except ContentError as exc:
        return exc.findings
    if lang == project.default_lang:
        return caption_findings(text, where, lang, limits)[0]
    info = project.caption(guide, vid, lang)
    source = caption_path(guide.path, project.default_lang, vid)
    source_where = display_path(source, project.root)
    if info.state is State.FALLBACK:
        return caption_findings(text, where, lang, limits)[0] + [Finding(
            where, 1, "untranslated", "these captions are still the source's text, so readers get the source "
                                      "captions: translate them, or delete the file until you do", severity="warning")]
    try:
        source_text = read_text(source, source_where, CAPTIONS_RULE, project.root)
    except (ContentError, FileNotFoundError):
        source_text = None  # reported with the source file
    findings, parity = caption_findings(text, where, lang, limits, source_text, source_where)
    if info.state is not State.OUTDATED:
        return findings + parity
    reason = (f"the source captions ({source_where}) changed since these were translated"
              if info.meta and info.meta.source_hash else
              "these captions do not record which source captions they were translated from")
    return findings + [Finding(f.path, f.line, f.rule, f"outdated captions, to update: {f.message}", severity="warning")
                       for f in parity] + [
        Finding(where, 1, "outdated", reason + f": update them, then run 'guidepress mark-current {where}' "
                                               f"(see what changed: guidepress diff {lang} {where})", severity="warning")]


def check_videos(project: Project, selected) -> list[Finding]:
    """Every caption file's findings, a self-hosted video without source captions, and a page's
    video markers: a known video, and in a translation the same markers as its source."""
    from guidepress.text.video import markers, unknown_findings

    limits = configured_limits(project)
    out = []
    for path, guide, vid, lang in caption_files(project):
        if selected(path):
            out += check_file(project, path, guide, vid, lang, limits)
    for guide in project.guides:
        manifest = guide.path / "guide.yml"
        for video in guide.videos:
            source = caption_path(guide.path, project.default_lang, video.id)
            if not video.external and not source.is_file() and selected(manifest):
                out.append(Finding(display_path(manifest, project.root), None, "videos",
                                   f"the video '{video.id}' has no captions: add {display_path(source, project.root)} "
                                   f"(readers who cannot hear it need them)"))
        for name in guide.pages:
            source_markers = None
            for lang in project.languages:
                path = guide.page_path(lang, name)
                if not path.is_file() or not selected(path):
                    continue
                try:
                    text = read_text(path, display_path(path, project.root), "page", project.root)
                except ContentError:
                    continue  # the page rules report it
                where = display_path(path, project.root)
                out += unknown_findings(text, guide, where)
                if lang == project.default_lang:
                    continue
                if source_markers is None:
                    try:
                        source_markers = [v for _, v in markers(read_text(guide.page_path(project.default_lang, name), "",
                                                                          "page", project.root))]
                    except (ContentError, FileNotFoundError):
                        source_markers = []
                mine = [v for _, v in markers(text)]
                for vid in sorted(set(source_markers) - set(mine)):
                    out.append(Finding(where, None, "videos", f"the line '::video {vid}' is missing: the source page "
                                                              f"shows the video there. Copy that line to the same place"))
    return out
