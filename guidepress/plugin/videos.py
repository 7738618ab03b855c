"""Videos on the site (issue #14): the ``::video <id>`` marker's extension, the player in its
place, the files in the site, and the page's frame policy.

* :meth:`Videos.configure` (``on_config``) adds :class:`guidepress.text.video.VideoExtension` to
  MkDocs' Markdown extensions (one instance: each page's slots are read after its conversion).
* :meth:`Videos.start` (``on_page_markdown``) refuses a marker of an unknown video, with its
  file and line, before the page is converted.
* :meth:`Videos.fill` (``on_page_content``, after the safety check of the author's HTML) puts the
  rendered ``partials/guidepress/video.html`` in each slot: for the site, and in its print form
  (poster, QR code of the page) for the print document.
* :func:`copy_files` writes each guide's videos, posters and captions once into
  ``<prefix>/<slug>/videos/`` (not per language).
* :func:`policy` lets frames come from the hosts of the page's external videos only.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from guidepress.model.errors import ContentError, Finding, display_path
from guidepress.model.files import write_atomic
from guidepress.model.manifest import Guide
from guidepress.model.roles import N_
from guidepress.model.safefiles import read_bytes
from guidepress.pdf.document import qr_data_uri
from guidepress.text.video import VideoExtension, unknown_findings
from guidepress.view.escaping import ui_text
from guidepress.view.video import files_url, site_files, video_context

TEMPLATE = "partials/guidepress/video.html"
WATCH = N_("Scan the code or open this address to watch the video:")


def policy(csp: str, origins: list[str]) -> str:
    """``csp`` with ``frame-src`` allowing exactly ``origins`` (the policy unchanged without them)."""
    if not csp or not origins:
        return csp
    parts = [p.strip() for p in csp.split(";") if p.strip()]
    rest = [p for p in parts if not p.startswith("frame-src")]
    return "; ".join(rest + ["frame-src " + " ".join(sorted(set(origins)))])


class Videos:
    def __init__(self):
        self.ext = VideoExtension()
        self.env = None
        self.guide: Guide | None = None
        self.origins: dict[str, list[str]] = {}
        """Page URL -> origins of the external videos it shows (for its frame policy)."""

    def configure(self, config) -> None:
        if not any(e is self.ext for e in config.markdown_extensions):
            config.markdown_extensions.append(self.ext)

    def start(self, text: str, guide: Guide | None, src: str, root: Path | None) -> None:
        self.ext.reset()
        self.guide = guide
        problems = unknown_findings(text, guide, display_path(src, root))
        if problems:
            raise ContentError(problems)

    def _template(self, config, translations, lang: str):
        """The video template in a Jinja environment of the theme for ``lang`` (MkDocs converts the
        pages before it makes the theme's environment: this one is made once per language)."""
        if self.env is None or self.env[0] != lang:
            from jinja2 import ChoiceLoader, FileSystemLoader

            from guidepress.view import escaping, reader

            env = config.theme.get_env()
            env.add_extension("jinja2.ext.i18n")
            escaping.theme_env(env, translations, lang)
            env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(reader.MACROS))])
            self.env = (lang, env.get_template(TEMPLATE))
        return self.env[1]

    def fill(self, html: str, page, config, project, lang: str, translations, prefix: str,
             for_print: bool = False) -> str:
        if not self.ext.slots:
            return html
        site_url = config.site_url
        template = self._template(config, translations, lang)
        origins = []
        for token, vid in self.ext.slots.items():
            guide = self.guide
            video = guide.video(vid) if guide else None
            slot = self.ext.slot_html(token)
            if guide is None or video is None:  # a marker :func:`markers` did not see (indented in a box): the same error
                known = ", ".join(v.id for v in guide.videos) if guide else "none"
                raise ContentError([Finding(page.file.src_uri, None, "videos", f"'::video {vid}': the guide has no "
                                            f"video '{vid}' (its videos: {known}): fix the id or add the video to guide.yml")])
            if slot not in html:
                raise ContentError([Finding(page.file.src_uri, None, "videos",
                                            f"'::video {vid}' must be a paragraph of its own (a blank line before and after)")])
            if video.external and video.embed_origin:
                origins.append(video.embed_origin)
            ctx = video_context(project, guide, video, lang, translations, prefix, page.url)
            if for_print:
                address = urljoin(site_url, page.url) if site_url else "/" + page.url
                ctx["print"] = {"url": address, "label": ui_text(translations, lang, WATCH),
                                "qr": qr_data_uri(address)}
            html = html.replace(slot, template.render(v=ctx, page=page, base_url=""), 1)
        self.origins[page.url] = origins
        return html


def copy_files(project, site_dir: Path, prefix: str) -> None:
    """Each guide's video files, posters and captions, once, read without following links."""
    for guide in project.guides:
        for name, path in site_files(project, guide).items():
            data = read_bytes(path, display_path(path, project.root), "videos", project.root, limit=64 * 1024 * 1024)
            target = site_dir / files_url(prefix, guide) / name
            if not target.is_file() or target.read_bytes() != data:
                write_atomic(target, data)
