"""One search index per language instead of mkdocs-static-i18n's single index of every language.

A reader's first search downloads only their language's index (and that language's lunr
stemmer), and finds only pages in their language: fallback copies of source-language pages are
left out of the other languages' indexes. Pages point Material's search at their language's
index by using the language's folder as the search base.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

INDEX = "search/search_index.json"
CJK_SEPARATOR = r"[\s\u200b\-]+"
"""Chinese text is segmented into words at build time (jieba, through Material's search plugin),
with zero-width spaces between them."""


def lunr_languages() -> set[str]:
    """Languages with a lunr stemmer shipped by Material (read from the installed package)."""
    import material

    folder = Path(material.__file__).parent / "templates/assets/javascripts/lunr/min"
    found = {p.name.split(".")[1] for p in folder.glob("lunr.*.min.js")}
    # lunr.zh needs a segmenter in the browser that Material does not ship; Chinese is segmented
    # at build time instead and searched with the default pipeline.
    return found - {"multi", "stemmer", "zh"}


def split_index(site_dir: Path, languages: list[str], default_lang: str, fallback_urls: set[str]) -> dict[str, int]:
    """Write ``<lang>/search/search_index.json`` for every language; return their sizes in bytes."""
    merged_path = site_dir / INDEX
    if not merged_path.is_file():
        return {}
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    supported = lunr_languages() | {"en"}
    others = [lang for lang in languages if lang != default_lang]
    sizes = {}
    for lang in languages:
        prefix = "" if lang == default_lang else f"{lang}/"
        docs = []
        for doc in merged["docs"]:
            location = doc["location"]
            page = location.split("#", 1)[0]
            if lang == default_lang:
                if any(page.startswith(f"{o}/") for o in others):
                    continue
            elif not page.startswith(prefix) or page in fallback_urls:
                continue
            docs.append({**doc, "location": location[len(prefix):]})
        config = dict(merged.get("config", {}))
        code = lang.split("_")[0].split("-")[0]
        config["lang"] = [code] if code in supported else ["en"]
        if re.match(r"^(zh|ja|ko)\b", lang):
            config["separator"] = CJK_SEPARATOR
        data = json.dumps({"config": config, "docs": docs}, ensure_ascii=False, separators=(",", ":"))
        target = site_dir / prefix / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(data, encoding="utf-8")
        sizes[lang] = len(data.encode("utf-8"))
    return sizes


_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base":\s*")([^"]*)(")')


def point_search_at_language(output: str, lang: str, default_lang: str) -> str:
    """Make Material look for the search index (and resolve results) in the language's folder."""
    if lang == default_lang:
        return output
    # a trailing slash, so that the browser resolves the index inside the folder
    return _BASE.sub(lambda m: f"{m.group(1)}{m.group(2).rstrip('/') or '.'}/{lang}/{m.group(3)}", output, count=1)
