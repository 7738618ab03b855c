"""The video marker of a page: a line ``::video <id>`` shows the guide's video ``<id>``.

It is a Python-Markdown block processor (:class:`VideoExtension`), not a pattern over HTML: the
block becomes an empty ``<div class="gp-video-slot">`` holding a token that only this build knows
(a random nonce, as Python-Markdown's own placeholders), and the site puts the rendered player in
its place after the page's HTML has passed the safety check (:mod:`guidepress.safety`): an author
cannot write a token, and the player's markup (``<video>``, ``<track>``, ``<button>``) is made
by guidepress's template, never by the page.

:func:`markers` finds the same lines with their line numbers (fenced code skipped), for the
build's "unknown video" error and for ``check``.
"""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

from guidepress.model.errors import Finding
from guidepress.model.yamlfile import YamlError, split_front_matter

MARKER = re.compile(r"^ {0,3}::video[ \t]+(\S+)[ \t]*$")
"""``::video getting-ready`` alone on its line."""
_FENCE = re.compile(r"^\s*(```|~~~)")


def markers(text: str) -> list[tuple[int, str]]:
    """``(line, id)`` of every video marker of a Markdown page (line numbers in the file)."""
    try:
        _, body, start = split_front_matter(text)
    except YamlError:
        body, start = text, 1
    out, fence = [], None
    for n, line in enumerate(body.split("\n"), start):
        found = _FENCE.match(line)
        if found:
            fence = None if fence == found.group(1) else (fence or found.group(1))
            continue
        if fence is None:
            match = MARKER.match(line)
            if match:
                out.append((n, match.group(1)))
    return out


def unknown_findings(text: str, guide, where: str) -> list[Finding]:
    """A marker of a video the guide does not list (or on a page that is not a guide's)."""
    out = []
    for line, vid in markers(text):
        if guide is None:
            out.append(Finding(where, line, "videos", f"'::video {vid}': only a guide's pages can show videos "
                                                     f"(listed in the guide's guide.yml, 'videos')"))
        elif guide.video(vid) is None:
            known = ", ".join(v.id for v in guide.videos) or "none"
            out.append(Finding(where, line, "videos", f"'::video {vid}': the guide has no video '{vid}' "
                                                     f"(its videos: {known}): fix the id or add the video to guide.yml"))
    return out


class _VideoProcessor(BlockProcessor):
    def __init__(self, parser, ext: VideoExtension):
        super().__init__(parser)
        self.ext = ext

    def test(self, parent, block: str) -> bool:
        return any(MARKER.match(line) for line in block.split("\n"))

    def run(self, parent, blocks: list[str]) -> None:
        lines = blocks.pop(0).split("\n")
        at, marker = next((i, m) for i, m in enumerate(map(MARKER.match, lines)) if m)
        before, after = "\n".join(lines[:at]), "\n".join(lines[at + 1:])
        if after.strip():
            blocks.insert(0, after)
        if before.strip():
            self.parser.parseBlocks(parent, [before])
        slot = etree.SubElement(parent, "div")
        slot.set("class", "gp-video-slot")
        slot.text = self.ext.slot(marker.group(1))


class VideoExtension(Extension):
    """Registers the ``::video <id>`` block; :attr:`slots` maps each token of the page being
    converted to its video id (:meth:`reset` before each page)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.nonce = secrets.token_hex(8)
        self.slots: dict[str, str] = {}

    def reset(self) -> None:
        self.slots = {}

    def slot(self, video_id: str) -> str:
        token = f"gpvideo{self.nonce}n{len(self.slots)}"
        self.slots[token] = video_id
        return token

    @staticmethod
    def slot_html(token: str) -> str:
        """How Python-Markdown writes a slot (what the site replaces with the player)."""
        return f'<div class="gp-video-slot">{token}</div>'

    def extendMarkdown(self, md) -> None:  # Python-Markdown's name for the hook
        md.parser.blockprocessors.register(_VideoProcessor(md.parser, self), "guidepress_video", 105)
