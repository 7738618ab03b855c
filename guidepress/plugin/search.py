"""One search index per language instead of mkdocs-static-i18n's single index of every language.

A reader's first search downloads only their language's index (and that language's lunr
stemmer), and finds only pages in their language: fallback copies of source-language pages are
left out of the other languages' indexes. Pages point Material's search at their language's
index by using the language's folder as the search base.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

INDEX = "search/search_index.json"
CJK_SEPARATOR = r"[\s\u200b\-]+"
"""Chinese text is segmented into words at build time (jieba, through Material's search plugin),
with zero-width spaces between them."""


@functools.lru_cache(maxsize=None)
def lunr_languages() -> frozenset[str]:
    """Languages with a lunr stemmer shipped by Material (read from the installed package)."""
    import material

    folder = Path(material.__file__).parent / "templates/assets/javascripts/lunr/min"
    found = {p.name.split(".")[1] for p in folder.glob("lunr.*.min.js")}
    # lunr.zh needs a segmenter in the browser that Material does not ship; Chinese is segmented
    # at build time instead and searched with the default pipeline.
    return frozenset(found - {"multi", "stemmer", "zh"})


def entries_of_build(config) -> dict | None:
    """The search index (config and entries) of the language build that just finished, or None
    without a search plugin."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    if index is None:
        return None
    return json.loads(index.generate_search_index(None))


def language_index(merged: dict, lang: str, default_lang: str, fallback_urls: set[str],
                   others: list[str] | None = None) -> dict:
    """The index of one language from ``merged`` (one language build's, or static-i18n's index of
    every language): its own pages only, never fallback copies, locations relative to its folder,
    and its own lunr language."""
    prefix = "" if lang == default_lang else f"{lang}/"
    docs = []
    for doc in merged["docs"]:
        location = doc["location"]
        page = location.split("#", 1)[0]
        if lang == default_lang:
            if others and any(page.startswith(f"{o}/") for o in others):
                continue
        elif not page.startswith(prefix) or page in fallback_urls:
            continue
        docs.append({**doc, "location": location[len(prefix):]})
    config = dict(merged.get("config", {}))
    code = lang.split("_")[0].split("-")[0]
    config["lang"] = [code] if code in lunr_languages() | {"en"} else ["en"]
    if re.match(r"^(zh|ja|ko)\b", lang):
        config["separator"] = CJK_SEPARATOR
    return {"config": config, "docs": docs}


def write_index(site_dir: Path, lang: str, default_lang: str, index: dict) -> int:
    """Write ``<lang>/search/search_index.json`` (the source language's at the root); its size."""
    prefix = "" if lang == default_lang else f"{lang}/"
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    target = site_dir / prefix / INDEX
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(data, encoding="utf-8")
    return len(data.encode("utf-8"))


def split_index(site_dir: Path, languages: list[str], default_lang: str, fallback_urls: set[str]) -> dict[str, int]:
    """Split static-i18n's index of every language (``mkdocs build``) into one per language."""
    merged_path = site_dir / INDEX
    if not merged_path.is_file():
        return {}
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    others = [lang for lang in languages if lang != default_lang]
    return {lang: write_index(site_dir, lang, default_lang,
                              language_index(merged, lang, default_lang, fallback_urls, others))
            for lang in languages}


_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base":\s*")([^"]*)(")')


def point_search_at_language(output: str, lang: str, default_lang: str) -> str:
    """Make Material look for the search index (and resolve results) in the language's folder."""
    if lang == default_lang:
        return output
    # a trailing slash, so that the browser resolves the index inside the folder
    def language_base(base: str) -> str:
        head = base.rstrip("/")  # "/" (the 404 page's absolute base) stays absolute: "/zh/"
        return f"{head or ('' if base.startswith('/') else '.')}/{lang}/"
    return _BASE.sub(lambda m: f"{m.group(1)}{language_base(m.group(2))}{m.group(3)}", output, count=1)
