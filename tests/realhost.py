"""A built site served as a real web host serves it: text compressed (gzip) when the browser
accepts it, a Content-Type with its character set, cache headers (a year for files whose name
carries a content hash, revalidation for pages), and each language's 404 page for a missing page.
Threaded, on the loopback address only; every response is recorded for the tests to read."""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

TEXT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8", ".svg": "image/svg+xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".map": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8", ".vtt": "text/vtt; charset=utf-8",
}
HASHED = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?(?:js|css)$")  # Material's bundle.a5f9d56c.min.js


@dataclass
class Served:
    url: str
    log: list[tuple[str, int, int]] = field(default_factory=list)  # (path, status, bytes sent)


class _Handler(http.server.BaseHTTPRequestHandler):
    site: Path
    languages: tuple[str, ...] = ()
    served: Served
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went on to another page

    def do_HEAD(self):
        self._serve(head=True)

    def do_GET(self):
        self._serve(head=False)

    def _file(self, path: str) -> Path | None:
        parts = [p for p in unquote(path).split("/") if p]
        if any(p in (".", "..") or "\\" in p for p in parts):
            return None
        target = self.site.joinpath(*parts)
        if target.is_dir():
            if not path.endswith("/"):
                return None
            target = target / "index.html"
        return target if target.is_file() else None

    def _serve(self, head: bool) -> None:
        path = urlsplit(self.path).path
        target = self._file(path)
        status = 200
        if target is None and self.site.joinpath(*[p for p in path.split("/") if p]).is_dir():
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.served.log.append((path, 301, 0))
            return
        if target is None:
            first = path.lstrip("/").split("/", 1)[0]
            target = self.site / (f"{first}/404.html" if first in self.languages else "404.html")
            status = 404
        body = target.read_bytes()
        suffix = target.suffix.lower()
        ctype = TEXT_TYPES.get(suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        compress = suffix in TEXT_TYPES and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if compress:
            self.send_header("Content-Encoding", "gzip")
        if suffix in TEXT_TYPES:
            self.send_header("Vary", "Accept-Encoding")
        if status != 200 or suffix == ".html":
            self.send_header("Cache-Control", "no-cache")
        elif HASHED.search(target.name):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "public, max-age=86400")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)
        self.served.log.append((path, status, len(body)))


@contextmanager
def serve_compressed(site: Path, languages: tuple[str, ...] = (), port: int = 0):
    """Serve ``site`` on 127.0.0.1 (``port``, or a free one); yields a :class:`Served` whose
    ``url`` ends with a slash and whose ``log`` lists every response."""
    served = Served("")
    handler = type("Handler", (_Handler,), {"site": site, "languages": languages, "served": served})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    served.url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
