"""Readability figures remembered between builds, by page content.

The translators' status page shows a figure for every page in every language, so every build
(and every preview rebuild) would measure every page again: about 5 ms a page, and more for
Chinese, which is segmented into words. The figures depend only on the page's text, its language
and the measuring code, so they are kept in ``.cache/readability.json`` under a hash of the text
and language; the whole file is thrown away when ``readability.py`` (or the Chinese segmenter)
changes. Only the figures used by the last run are kept, so the file does not grow. Each kept
figure is checked (every field of :class:`~guidepress.text.readability.Readability`, of its type)
before use; anything else is measured again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import TypeGuard

from guidepress.text import readability, textunits, words
from guidepress.model.files import write_cache
from guidepress.text.readability import Readability

CACHE_FILE = Path(".cache") / "readability.json"


@lru_cache(maxsize=1)
def code_version() -> str:
    """What the figures were computed with."""
    digest = hashlib.sha256()
    for module in (readability, textunits, words):  # the formulas and what they count
        assert module.__file__ is not None  # modules of this package, read from their files
        digest.update(Path(module.__file__).read_bytes())
    try:
        import jieba

        digest.update(str(jieba.__version__).encode())
    except ImportError:  # pragma: no cover - jieba is a dependency
        pass
    return digest.hexdigest()


_TYPES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,), "None": (type(None),)}


@lru_cache(maxsize=1)
def _field_types() -> dict[str, tuple[type, ...]]:
    """The types each field of :class:`Readability` may hold, from its annotations."""
    kinds = {}
    for field in dataclasses.fields(Readability):
        names = [part.strip() for part in str(field.type).split("|")]
        kinds[field.name] = tuple(t for name in names for t in _TYPES.get(name, (object,)))
    return kinds


def _valid_figure(found: object, lang: str) -> TypeGuard[dict]:
    """Whether a kept figure has exactly the fields of :class:`Readability`, each of its type."""
    kinds = _field_types()
    if not isinstance(found, dict) or found.keys() != kinds.keys() or found.get("lang") != lang:
        return False
    for name, value in found.items():
        if not isinstance(value, kinds[name]) or (isinstance(value, bool) and bool not in kinds[name]):
            return False
    return True


class FigureCache:
    def __init__(self, root: Path | None):
        self.path = (root / CACHE_FILE) if root is not None else None
        self._known: dict[str, dict] = {}
        self._used: dict[str, dict] = {}
        self.measured = 0
        if self.path is not None and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("version") == code_version() and isinstance(data.get("figures"), dict):
                    self._known = data["figures"]
            except (OSError, ValueError, AttributeError):
                self._known = {}  # a damaged cache is measured again

    def measure(self, text: str, lang: str) -> Readability:
        key = hashlib.sha256(f"{lang}\0{text}".encode()).hexdigest()[:32]
        found = self._known.get(key)
        if _valid_figure(found, lang):
            self._used[key] = found
            return Readability(**found)
        figure = readability.measure(text, lang)
        self.measured += 1
        self._used[key] = dataclasses.asdict(figure)
        return figure

    def save(self) -> None:
        """Write the figures this run used (atomically; a read-only project just goes without)."""
        if self.path is None or (self.measured == 0 and self._used.keys() == self._known.keys()):
            return
        write_cache(self.path, json.dumps({"version": code_version(), "figures": self._used}, ensure_ascii=False))
