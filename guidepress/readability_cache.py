"""Readability figures remembered between builds, by page content.

The translators' status page shows a figure for every page in every language, so every build
(and every preview rebuild) would measure every page again: about 5 ms a page, and more for
Chinese, which is segmented into words. The figures depend only on the page's text, its language
and the measuring code, so they are kept in ``.cache/readability.json`` under a hash of the text
and language; the whole file is thrown away when ``readability.py`` (or the Chinese segmenter)
changes. Only the figures used by the last run are kept, so the file does not grow.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from . import readability, textunits, words
from .files import write_cache
from .readability import Readability

CACHE_FILE = Path(".cache") / "readability.json"


@lru_cache(maxsize=1)
def code_version() -> str:
    """What the figures were computed with."""
    digest = hashlib.sha256()
    for module in (readability, textunits, words):  # the formulas and what they count
        digest.update(Path(module.__file__).read_bytes())
    try:
        import jieba

        digest.update(str(jieba.__version__).encode())
    except ImportError:  # pragma: no cover - jieba is a dependency
        pass
    return digest.hexdigest()


class FigureCache:
    def __init__(self, root: Path | None):
        self.path = (root / CACHE_FILE) if root is not None else None
        self._known: dict[str, dict] = {}
        self._used: dict[str, dict] = {}
        self.measured = 0
        if self.path is not None and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("version") == code_version():
                    self._known = data.get("figures", {})
            except (OSError, ValueError, AttributeError):
                self._known = {}  # a damaged cache is measured again

    def measure(self, text: str, lang: str) -> Readability:
        key = hashlib.sha256(f"{lang}\0{text}".encode("utf-8")).hexdigest()[:32]
        found = self._known.get(key)
        if found is not None:
            try:
                figure = Readability(**found)
            except TypeError:
                figure = None
            if figure is not None:
                self._used[key] = found
                return figure
        figure = readability.measure(text, lang)
        self.measured += 1
        self._used[key] = dataclasses.asdict(figure)
        return figure

    def save(self) -> None:
        """Write the figures this run used (atomically; a read-only project just goes without)."""
        if self.path is None or (self.measured == 0 and self._used.keys() == self._known.keys()):
            return
        write_cache(self.path, json.dumps({"version": code_version(), "figures": self._used}, ensure_ascii=False))
