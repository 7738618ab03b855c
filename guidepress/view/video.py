"""What a reader is shown for one video (``overrides/partials/guidepress/video.html``, the print
document too): the player's files and caption tracks, the click-to-load button of an external
host, the transcript in the reader's language and the captions' notice.

The captions' state is the model's (:meth:`guidepress.model.project.Project.caption`, the same
``page_state`` as pages); a language without captions gets the source language's, with a
fallback notice; outdated captions get the outdated notice. Every string is escaped text (the
template autoescapes, sentences from the catalog are :class:`markupsafe.Markup` made by
:func:`guidepress.view.escaping.ui_text`).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from markupsafe import Markup

from guidepress.model.history import last_changed
from guidepress.model.manifest import Guide
from guidepress.model.project import Project
from guidepress.model.roles import N_
from guidepress.model.safefiles import read_text
from guidepress.model.translation import State
from guidepress.model.videos import CAPTIONS_RULE, Video, cue_text, read_cues
from guidepress.model.errors import display_path
from guidepress.view.escaping import ui_text

VIDEO_FILES = "videos"
"""The site folder of a guide's videos, posters and captions: ``<prefix>/<slug>/videos/`` (once per
guide, not per language; captions ``<id>.<lang>.vtt``)."""

CAPTIONS_FALLBACK = N_("The captions of this video are not yet available in %(language)s. They are shown in %(source)s.")
CAPTIONS_OUTDATED = N_("The %(source)s captions of this video changed on %(date)s, after they were translated. Some captions may be out of date.")
CAPTIONS_DRAFT = N_("These captions are a draft translation. They have not been checked by a reviewer yet.")
LOAD = N_("Play video: this loads it from %(host)s")
PARAGRAPH_GAP = 0.5
"""Seconds of silence between two cues that start a new paragraph of the transcript."""


def files_url(prefix: str, guide: Guide) -> str:
    """Site-root-relative folder of the guide's video files."""
    return f"{prefix}/{guide.slug}/{VIDEO_FILES}/"


def caption_name(video: Video, lang: str) -> str:
    return f"{video.id}.{lang}.vtt"


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def join_text(parts) -> str:
    """Pieces of text joined with a space, except between two wide (CJK) characters: Chinese and
    Japanese put no space between sentences or caption lines."""
    out = ""
    for part in parts:
        part = " ".join(part.split())
        if not part:
            continue
        out = part if not out else out + ("" if _wide(out[-1]) and _wide(part[0]) else " ") + part
    return out


def transcript(text: str) -> list[str]:
    """The captions' text as paragraphs: cue lines joined, a new paragraph after a pause."""
    paragraphs: list[list[str]] = []
    last_end = None
    for cue in read_cues(text):
        words = join_text(cue_text(line) for line in cue.lines)
        if not words:
            continue
        if last_end is None or cue.start - last_end >= PARAGRAPH_GAP:
            paragraphs.append([])
        paragraphs[-1].append(words)
        last_end = cue.end
    return [join_text(p) for p in paragraphs]


def _notice(kind: str, box: str, message: str, body: Markup) -> dict:
    """The shape of :mod:`guidepress.view.reader`'s notices (rendered by its ``notice`` macro)."""
    return {"kind": f"captions-{kind}", "box": box, "message": message, "title": None, "text": body, "link": None}


def caption_notice(project: Project, info, lang: str, translations) -> dict | None:
    source = project.language_info[project.default_lang].name_in(lang)
    if info.state is State.FALLBACK:
        return _notice("fallback", "info", CAPTIONS_FALLBACK, ui_text(
            translations, lang, CAPTIONS_FALLBACK, language=project.language_info[lang].name_in(lang), source=source))
    if info.state is State.OUTDATED:
        changed = last_changed(project.source_path(info), project.root)
        return _notice("outdated", "info", CAPTIONS_OUTDATED, ui_text(
            translations, lang, CAPTIONS_OUTDATED, source=source,
            date=project.language_info[lang].format_date(changed)))
    if info.state is State.DRAFT:
        return _notice("draft", "note", CAPTIONS_DRAFT, ui_text(translations, lang, CAPTIONS_DRAFT))
    return None


def video_context(project: Project, guide: Guide, video: Video, lang: str, translations, prefix: str,
                  page_url: str) -> dict:
    """The template data of ``video`` on a page in ``lang``. URLs are site-root-relative (the
    template's ``url`` filter makes them relative to the page); ``page_url`` is the page's own."""
    default = project.default_lang
    folder = files_url(prefix, guide)
    mine = project.caption(guide, video.id, lang)
    shown_lang = default if mine.state is State.FALLBACK else lang
    tracks = []
    for code in project.languages:
        info = project.caption(guide, video.id, code)
        if info.path is None or info.state is State.FALLBACK:
            continue
        tracks.append({"lang": project.language_info[code].html_lang, "code": code,
                       "label": project.language_info[code].native_name,
                       "src": folder + caption_name(video, code), "default": code == shown_lang})
    text = read_text(mine.path, display_path(mine.path, project.root), CAPTIONS_RULE, project.root) \
        if mine.path is not None else ""
    shown = project.language_info[shown_lang]
    notice = caption_notice(project, mine, lang, translations) if mine.path is not None else None
    minutes, seconds = divmod(video.duration, 60)
    ctx = {
        "id": video.id,
        "title": video.text(lang, default),
        "title_lang": None if video.title.get(lang) else {"html_lang": project.language_info[default].html_lang,
                                                          "dir": project.language_info[default].direction},
        "duration": video.duration_text,
        "duration_iso": f"PT{minutes}M{seconds}S",
        "external": video.external,
        "tracks": tracks,
        "transcript": transcript(text),
        "transcript_lang": {"html_lang": shown.html_lang, "dir": shown.direction} if shown_lang != lang else None,
        "notices": [notice] if notice else [],
        "page_url": page_url,
    }
    if video.external:
        ctx.update(host=video.host, embed_url=video.embed_url, embed_host=video.embed_host,
                   load_label=ui_text(translations, lang, LOAD, host=video.embed_host))
    else:
        assert video.file is not None  # a video without a host has a file (load_videos reports any other entry)
        ctx.update(src=folder + video.file.split("/")[-1],
                   type="video/webm" if video.file.endswith(".webm") else "video/mp4",
                   poster=folder + video.poster.split("/")[-1] if video.poster else None)
    return ctx


def site_files(project: Project, guide: Guide) -> dict[str, Path]:
    """``{site-root-relative name inside files_url(): source path}`` of the guide's videos,
    posters and caption files (a language's captions only when they are not a fallback)."""
    out: dict[str, Path] = {}
    for video in guide.videos:
        for rel in (video.file, video.poster):
            if rel:
                out[rel.split("/")[-1]] = guide.path / rel
        for code in project.languages:
            info = project.caption(guide, video.id, code)
            if info.path is not None and info.state is not State.FALLBACK:
                out[caption_name(video, code)] = info.path
    return out
