#!/usr/bin/env python3
"""Screenshots of built pages in headless Chromium, to look at the site as a reader would.

    .venv/bin/python scripts/screenshots.py [--site site] [--out build/screenshots] PAGE...

PAGE is a path inside the built site ("fr/guides/fatigue-during-treatment/02-pacing/").
--click SELECTOR clicks the first element it matches before each shot (for example
".gp-term__button" opens the first glossary term of a guide page).
Each page is shot at phone width (360 px) and desktop width (1280 px), in light and dark.
Uses Debian's /usr/bin/chromium (installed by `make setup-browser`); nothing leaves this machine.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="site", type=Path)
    parser.add_argument("--out", default="build/screenshots", type=Path)
    parser.add_argument("--full-page", action="store_true")
    parser.add_argument("--click", metavar="SELECTOR", help="click this element before each screenshot")
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    server, base = serve(args.site)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width, height, label in ((360, 780, "phone"), (1280, 900, "desktop")):
                for scheme in ("light", "dark"):
                    ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
                    page = ctx.new_page()
                    for path in args.pages:
                        page.goto(base + path.lstrip("/"))
                        if args.click:
                            page.click(args.click)
                            page.locator(args.click).first.scroll_into_view_if_needed()
                        name = path.strip("/").replace("/", "_") or "home"
                        target = args.out / f"{name}.{label}.{scheme}.png"
                        page.screenshot(path=str(target), full_page=args.full_page)
                        print(target)
                    ctx.close()
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
