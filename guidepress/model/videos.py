"""A guide's videos (manifest ``videos:``) and their captions, with the same translation state as pages.

The schema of a ``videos:`` entry is :class:`guidepress.model.manifest.VideoConfig`; this module
checks what a schema cannot (a slug id, a duration, consent, where the file or the host is) and
carries a video as a small frozen dataclass.

Captions are WebVTT files per language beside the pages: ``guides/<slug>/<lang>/videos/<id>.vtt``.
A caption file's "front matter" is the block of ``NOTE`` lines before its first cue::

    WEBVTT

    NOTE guidepress source-hash: sha256:0123abcd...

    NOTE draft translation, not yet reviewed

:func:`caption_meta` reads it and :func:`with_source_hash` writes it (``guidepress mark-current``);
the hash is :func:`guidepress.model.translation.source_hash` of the cues (notes left out), and the
state is :func:`guidepress.model.translation.page_state`, as for a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from guidepress.model.errors import Finding, display_path

# guidepress.model.translation imports the manifest, which imports this module: its two helpers
# are imported where they are used

VIDEOS_DIR = "videos"
CAPTIONS_RULE = "captions"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HASH_NOTE = "NOTE guidepress source-hash:"
STATUS_NOTE = "NOTE guidepress status:"
DRAFT_NOTE = "NOTE draft translation"
"""A note a machine-assisted translation starts with (the sample captions carry it): status draft."""

HOSTS = {
    "youtube": ("www.youtube.com", "youtube.com", "youtu.be", "m.youtube.com", "www.youtube-nocookie.com"),
    "vimeo": ("vimeo.com", "www.vimeo.com", "player.vimeo.com"),
    "peertube": (),  # federated: any instance, with a PeerTube address (/w/<id> or /videos/watch/<id>)
}
"""Video hosts an external video may be on, and the host names their addresses use."""

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_PEERTUBE_PATH = re.compile(r"^/(?:w|videos/watch|videos/embed)/([A-Za-z0-9-]{6,64})/?$")
_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class VideoPerson:
    name: str
    role: str
    consent: bool


@dataclass(frozen=True)
class Video:
    """One entry of a guide's ``videos:``."""

    id: str
    title: dict
    """{language: title}; the source language's is always there."""
    duration: int
    """Seconds."""
    people: tuple[VideoPerson, ...] = ()
    file: str | None = None
    """``videos/<id>.webm`` inside the guide (self-hosted), or None."""
    poster: str | None = None
    host: str | None = None
    """``youtube``, ``vimeo`` or ``peertube`` for an external video."""
    url: str | None = None
    """The external video's page address."""

    @property
    def external(self) -> bool:
        return self.host is not None

    def text(self, lang: str, default_lang: str) -> str:
        return self.title.get(lang) or self.title[default_lang]

    @property
    def duration_text(self) -> str:
        """``1:07`` (m:ss), or ``1:02:07``."""
        h, rest = divmod(self.duration, 3600)
        m, s = divmod(rest, 60)
        return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"

    @property
    def embed_url(self) -> str | None:
        """The player's address, loaded in an iframe only after the reader asks for it."""
        if not self.url:
            return None
        parts = urlsplit(self.url)
        if self.host == "youtube":
            vid = _youtube_id(parts)
            return f"https://www.youtube-nocookie.com/embed/{vid}"
        if self.host == "vimeo":
            vid = parts.path.strip("/").split("/")[-1]
            return f"https://player.vimeo.com/video/{vid}"
        match = _PEERTUBE_PATH.match(parts.path)
        return f"https://{parts.hostname}/videos/embed/{match.group(1)}" if match else None

    @property
    def embed_origin(self) -> str | None:
        """``https://host`` of :attr:`embed_url`: the one origin the page's policy lets a frame load."""
        url = self.embed_url
        return f"https://{urlsplit(url).hostname}" if url else None

    @property
    def embed_host(self) -> str | None:
        url = self.embed_url
        return urlsplit(url).hostname if url else None


def _youtube_id(parts) -> str | None:
    if parts.hostname == "youtu.be":
        vid = parts.path.strip("/")
    elif parts.path.startswith(("/embed/", "/shorts/", "/live/")):
        vid = parts.path.split("/")[2]
    else:
        vid = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p).get("v", "")
    return vid if _YOUTUBE_ID.match(vid or "") else None


def parse_duration(value: object) -> int | None:
    """Seconds from ``67``, ``"67"``, ``"1:07"`` or ``"1:02:07"``; None when it is none of those."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return int(text) or None
        match = _DURATION.match(text)
        if match:
            h, m, s = (int(g or 0) for g in match.groups())
            if s < 60 and (not match.group(1) or m < 60):
                return (h * 3600 + m * 60 + s) or None
    return None


def url_problem(host: str, url: str) -> str | None:
    """Why ``url`` is not the address of a video on ``host`` (None when it is)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"'{url}' is not an address: write the video's page address, starting with https://"
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password or parts.port:
        return f"'{url}' must be a plain https:// address (no http, no user name, no port)"
    name = parts.hostname.lower()
    if host == "peertube":
        if not _PEERTUBE_PATH.match(parts.path):
            return (f"'{url}' is not a PeerTube video address: write it as "
                    f"https://<instance>/w/<video id> (the address of the video's page)")
        return None
    if name not in HOSTS[host]:
        return f"'{url}' is not on {host} ({', '.join(HOSTS[host])}): fix the address or the host"
    if host == "youtube" and not _youtube_id(parts):
        return f"'{url}' has no YouTube video id: write it as https://www.youtube.com/watch?v=<id>"
    if host == "vimeo" and not parts.path.strip("/").split("/")[-1].isdigit():
        return f"'{url}' has no Vimeo video number: write it as https://vimeo.com/<number>"
    return None


def build_videos(entries: list, loaded, where: str, guide_dir: Path, default_lang: str,
                 languages, root: Path | None) -> tuple[tuple[Video, ...], dict, list[Finding]]:
    """The validated ``videos:`` (schema-checked configs ``entries``) as :class:`Video` items,
    their titles (``{id: {lang: title}}``, filled in later from the language folders) and the
    problems the schema cannot see, each with its line."""
    findings: list[Finding] = []
    out, titles, seen = [], {}, set()
    for i, cfg in enumerate(entries):
        def at(*keys, i: int = i):  # this item's index, bound now
            return loaded.line_of("videos", i, *keys)

        vid = cfg.id
        if not SLUG.match(vid):
            findings.append(Finding(where, at("id"), "manifest", f"'videos' item {i + 1}, 'id': '{vid}' is not a "
                                    f"video id: use lowercase letters, digits and hyphens, like getting-ready"))
        if vid in seen:
            findings.append(Finding(where, at("id"), "manifest", f"the video id '{vid}' is listed twice in 'videos'"))
        seen.add(vid)
        duration = parse_duration(cfg.duration)
        if duration is None:
            findings.append(Finding(where, at("duration"), "manifest", f"'videos' item {i + 1}, 'duration': "
                                    f"{cfg.duration!r} is not a duration: write seconds (67) or minutes:seconds (\"1:07\")"))
        title = {}
        for code, text in cfg.title.items():
            code = code or default_lang
            if code not in languages:
                findings.append(Finding(where, at("title", code), "manifest", f"'videos' item {i + 1}, 'title' has "
                                        f"text for the unknown language '{code}'"))
            title[code] = text
        if default_lang not in title:
            findings.append(Finding(where, at("title"), "manifest", f"'videos' item {i + 1}, 'title' has no text "
                                    f"in the source language '{default_lang}': add a line '{default_lang}: ...'"))
        people = []
        for j, person in enumerate(cfg.people):
            if person.consent is not True:
                findings.append(Finding(where, at("people", j, "consent"), "manifest",
                                        f"'videos' item {i + 1}: {person.name} appears in the video without "
                                        f"recorded consent: record it ('consent: true') once they have agreed, "
                                        f"or take the video out"))
            people.append(VideoPerson(person.name, person.role, bool(person.consent)))
        source = cfg.source
        file = poster = host = url = None
        if (source.file is None) == (source.external is None):
            findings.append(Finding(where, at("source"), "manifest", f"'videos' item {i + 1}, 'source': give "
                                    f"either 'file: videos/{vid}.webm' (in the guide) or 'external:' (host and url)"))
        elif source.file is not None:
            file, poster = source.file, source.poster
            for key, rel in (("file", file), ("poster", poster)):
                if rel is None:
                    continue
                path = guide_dir / rel
                if (not rel.startswith(VIDEOS_DIR + "/") or "/" in rel[len(VIDEOS_DIR) + 1:]
                        or rel.endswith("/") or ".." in rel):
                    findings.append(Finding(where, at("source", key), "manifest", f"'videos' item {i + 1}, "
                                            f"'{key}': '{rel}' must be a file in the guide's videos/ folder, "
                                            f"like videos/{vid}.webm"))
                elif not path.is_file() or path.is_symlink():
                    findings.append(Finding(where, at("source", key), "manifest", f"'videos' item {i + 1}, "
                                            f"'{key}': {display_path(path, root)} does not exist: add the file "
                                            f"or fix the name"))
            if not file.endswith((".webm", ".mp4")):
                findings.append(Finding(where, at("source", "file"), "manifest", f"'videos' item {i + 1}: "
                                        f"'{file}' is not a .webm or .mp4 video"))
        else:
            from guidepress.model.datafile import validate_item  # reads files: not needed above
            from guidepress.model.manifest import ExternalVideoConfig

            ext, problems = validate_item(ExternalVideoConfig, source.external, loaded, ("videos", i, "source", "external"),
                                          f"'videos' item {i + 1}, 'external'", where, "manifest", "")
            findings += problems
            host, url = (ext.host, ext.url) if ext is not None else (None, None)
            problem = None
            if ext is not None:
                assert host is not None and url is not None  # both required: a valid entry has them
                problem = url_problem(host, url)
            if problem:
                findings.append(Finding(where, at("source", "external", "url"), "manifest",
                                        f"'videos' item {i + 1}: {problem}"))
        titles[vid] = title
        out.append(Video(vid, title, duration or 0, tuple(people), file, poster, host, url))
    return tuple(out), titles, findings


# -- captions -----------------------------------------------------------------------------------

def caption_path(guide_dir: Path, lang: str, video_id: str) -> Path:
    return guide_dir / lang / VIDEOS_DIR / f"{video_id}.vtt"


def split_header(text: str) -> tuple[list[str], str]:
    """The ``NOTE`` lines before the first cue, and the rest of the file from its first cue."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = text.split("\n\n")
    notes: list[str] = []
    for i, block in enumerate(blocks):
        stripped = block.strip("\n")
        if i == 0 and stripped.startswith("WEBVTT"):
            continue
        if stripped.startswith("NOTE"):
            notes.append(stripped)
            continue
        if not stripped:
            continue
        return notes, "\n\n".join(blocks[i:])
    return notes, ""


def caption_hash(text: str) -> str:
    """The source hash of a caption file: the page hash of its cues (notes left out)."""
    from guidepress.model.translation import source_hash

    return source_hash(split_header(text)[1])


def caption_meta(text: str):
    """What a caption file records about its translation, as a
    :class:`~guidepress.model.translation.TranslationMeta` (None: it records nothing)."""
    from guidepress.model.translation import TranslationMeta

    notes, _ = split_header(text)
    recorded, status = None, None
    for note in notes:
        if note.startswith(HASH_NOTE):
            recorded = note[len(HASH_NOTE):].split()[0] if note[len(HASH_NOTE):].split() else None
        elif note.startswith(STATUS_NOTE):
            status = note[len(STATUS_NOTE):].strip().split()[0] if note[len(STATUS_NOTE):].strip() else None
        elif note.startswith(DRAFT_NOTE) and status is None:
            status = "draft"
    if recorded is None and status is None:
        return None
    return TranslationMeta(recorded, status if status in ("draft", "translated", "reviewed") else "translated", (), ())


def with_source_hash(text: str, hash_: str) -> str:
    """The caption file with ``NOTE guidepress source-hash: <hash_>`` recorded (replaced, or added
    after the ``WEBVTT`` line); everything else unchanged."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(HASH_NOTE):
            lines[i] = f"{HASH_NOTE} {hash_}"
            return "\n".join(lines)
        if "-->" in line:
            break
    head, _, rest = text.partition("\n")
    return f"{head}\n\n{HASH_NOTE} {hash_}\n{rest if rest.startswith(chr(10)) else chr(10) + rest}"


_TAG = re.compile(r"<[^>]*>")


def cue_text(raw: str) -> str:
    """A cue's words without WebVTT tags (``<v Alex>``, ``<i>``) and entities decoded."""
    import html

    return html.unescape(_TAG.sub("", raw))


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]
    line: int
    """Line of the timing line in the file."""


def read_cues(text: str) -> list[Cue]:
    """The cues of a caption file (a light reader for files ``check`` has found valid: timings,
    text lines and the line each cue starts on)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    cues, i = [], 0
    while i < len(lines):
        if "-->" in lines[i] and not lines[i].startswith("NOTE"):
            times = lines[i].split("-->")
            start, end = parse_timestamp(times[0].strip()), parse_timestamp(times[1].strip().split()[0] if times[1].strip() else "")
            body, j = [], i + 1
            while j < len(lines) and lines[j].strip():
                body.append(lines[j])
                j += 1
            if start is not None and end is not None:
                cues.append(Cue(start, end, tuple(body), i + 1))
            i = j
        else:
            i += 1
    return cues


_TIMESTAMP = re.compile(r"^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$")


def parse_timestamp(value: str) -> float | None:
    match = _TIMESTAMP.match(value)
    if not match:
        return None
    h, m, s, ms = match.groups()
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000
