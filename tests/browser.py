"""Real pages in a real Chromium: Debian's /usr/bin/chromium driven by Playwright, served from a
local HTTP server. Nothing leaves this machine."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-features=Translate,OptimizationHints,MediaRouter"]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; a missing page gets the 404 page of its language, as a web server
    configured for the site would do."""

    languages: tuple[str, ...] = ()

    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser went on to another page

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        first = self.path.lstrip("/").split("/", 1)[0]
        page = Path(self.directory) / (f"{first}/404.html" if first in self.languages else "404.html")
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(site: Path, languages: tuple[str, ...] = (), port: int = 0):
    handler = type("Handler", (_Handler,), {"languages": languages})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_source() -> str:
    """axe-core, from the installed package that ships it (no network)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


def run_axe(page) -> list[dict]:
    """axe-core's violations on the loaded page, for the WCAG 2.0/2.1/2.2 A and AA tags."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        # evaluated, not added as a <script>: the site's Content-Security-Policy refuses inline scripts
        page.evaluate(axe_source())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]
