"""One search index per language instead of mkdocs-static-i18n's single index of every language.

A reader's first search downloads only their language's index (and that language's lunr
stemmer), and finds the pages of their language's site: its own pages, and the source-language
pages it shows where a translation is missing (fallback pages), whose results say so
("Fatigue (in English)"). Pages point Material's search at their language's index by using the
language's folder as the search base.

The glossary page is one result per entry, each leading to its term's anchor (Material splits
a page at its headings only, and the glossary's entries are a definition list).
"""

from __future__ import annotations

import functools
import html as html_module
import json
import re
from pathlib import Path

from guidepress.patches import material_search
from guidepress.view import escaping
from guidepress.view.urls import lang_prefix

INDEX = "search/search_index.json"
CJK_SEPARATOR = r"[\s\u200b\-]+"
"""Chinese text is segmented into words at build time (jieba, through Material's search plugin),
with zero-width spaces between them."""


@functools.cache
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
    without a search plugin (read from the plugin's internals: :mod:`guidepress.patches.material_search`)."""
    return material_search.build_entries(config)


def fallback_label(gettext, language: str) -> str:
    """What a fallback page's result title says after it, in the reader's language: "(in English)"
    (``language``: the source language's name in the reader's language). HTML, as the titles of
    Material's index are."""
    return str(escaping.text(gettext("(in %(language)s)") % {"language": language}))


_GLOSSARY = re.compile(r'<dl class="gp-glossary">(.*?)</dl>', re.S)
_ENTRY = re.compile(r'<dt id="([^"]+)"([^>]*)>(.*?)</dt>\s*<dd\b[^>]*>(.*?)</dd>', re.S)
_TAG = re.compile(r"<[^>]+>")


def _plain(fragment: str) -> str:
    """Text of an HTML fragment, escaped and segmented as Material's index has it (quotes kept;
    Chinese words between zero-width spaces, as Material's search plugin does with jieba)."""
    return _segment(html_module.escape(html_module.unescape(_TAG.sub("", fragment)), quote=False).strip())


def _segment(text: str) -> str:
    try:
        from material.plugins.search.plugin import SearchIndex, jieba
    except ImportError:  # another theme: no segmentation
        return text
    if jieba is None:
        return text
    return SearchIndex._segment_chinese(None, text)  # uses nothing of the index


def glossary_docs(html: str, page_url: str) -> list[dict]:
    """One search document per entry of a glossary page's definition list (``html``: the page's
    content), located at its term's anchor. An entry shown in the source language (no
    translation yet: its term carries ``lang``) is marked ``"fallback"``."""
    docs = []
    for listing in _GLOSSARY.findall(html):
        for anchor, attrs, term, definition in _ENTRY.findall(listing):
            doc: dict[str, str | bool] = {"location": f"{page_url}#{anchor}", "title": _plain(term), "text": f"<p>{_plain(definition)}</p>"}
            if " lang=" in attrs:
                doc["fallback"] = True
            docs.append(doc)
    return docs


def _without_entries(doc: dict, entries: list[dict]) -> dict:
    """The glossary page's own document without the entries' words (each is a result of its own)."""
    text = doc.get("text", "")
    for entry in entries:
        words = f"{entry['title']} {entry['text'][3:-4]}".replace("\u200b", "")
        text = re.sub("\u200b*".join(map(re.escape, words)), "", text)
    return {**doc, "text": re.sub(r"\s+", " ", text).strip()}


def language_index(merged: dict, lang: str, default_lang: str, fallback_urls: set[str],
                   others: list[str] | None = None, label: str = "",
                   extra: dict[str, list[dict]] | None = None) -> dict:
    """The index of one language from ``merged`` (one language build's, or static-i18n's index of
    every language): its own pages and its fallback pages (each page's result titled with
    ``label``, "(in English)"), locations relative to its folder, and its own lunr language.
    ``extra``: documents to add after a page's own (page URL as in ``merged`` -> documents), the
    glossary's entries."""
    prefix = lang_prefix(lang, default_lang)
    extra = extra or {}
    source_docs = merged["docs"]
    if prefix:
        # static-i18n's index of every language (reconfigure_search) drops a fallback page's
        # entries as duplicates of the source page's: the source page's then stand for them
        present = {doc["location"].split("#", 1)[0] for doc in source_docs}
        missing = {url[len(prefix):] for url in fallback_urls if url.startswith(prefix) and url not in present}
        if missing:
            source_docs = source_docs + [{**doc, "location": prefix + doc["location"]} for doc in merged["docs"]
                                         if doc["location"].split("#", 1)[0] in missing]
    docs = []
    for doc in source_docs:
        location = doc["location"]
        page = location.split("#", 1)[0]
        if lang == default_lang:
            if others and any(page.startswith(f"{o}/") for o in others):
                continue
        elif not page.startswith(prefix):
            continue
        if page in fallback_urls and label and location == page:
            doc = {**doc, "title": f"{doc['title']} {label}"}
        entries = extra.get(page)
        if entries:
            doc = _without_entries(doc, entries)
        docs.append({**doc, "location": location[len(prefix):]})
        if entries and location == page:
            for entry in entries:
                title = f"{entry['title']} {label}" if entry.get("fallback") and label else entry["title"]
                docs.append({"location": entry["location"][len(prefix):], "title": title, "text": entry["text"]})
    config = dict(merged.get("config", {}))
    code = lang.split("_")[0].split("-")[0]
    config["lang"] = [code] if code in lunr_languages() | {"en"} else ["en"]
    if re.match(r"^(zh|ja|ko)\b", lang):
        config["separator"] = CJK_SEPARATOR
    return {"config": config, "docs": docs}


def write_index(site_dir: Path, lang: str, default_lang: str, index: dict) -> int:
    """Write ``<lang>/search/search_index.json`` (the source language's at the root); its size."""
    prefix = lang_prefix(lang, default_lang)
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    target = site_dir / prefix / INDEX
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(data, encoding="utf-8")
    return len(data.encode("utf-8"))


def split_index(site_dir: Path, languages: list[str], default_lang: str, fallback_urls: set[str],
                labels: dict[str, str] | None = None, extra: dict[str, list[dict]] | None = None) -> dict[str, int]:
    """Split static-i18n's index of every language (``mkdocs build``) into one per language
    (``labels``: each language's :func:`fallback_label`)."""
    merged_path = site_dir / INDEX
    if not merged_path.is_file():
        return {}
    merged = json.loads(merged_path.read_text(encoding="utf-8"))
    others = [lang for lang in languages if lang != default_lang]
    labels = labels or {}
    return {lang: write_index(site_dir, lang, default_lang,
                              language_index(merged, lang, default_lang, fallback_urls, others,
                                             labels.get(lang, ""), extra))
            for lang in languages}


def language_base(base: str, lang: str, default_lang: str) -> str:
    """The search base of a page in ``lang`` whose ``base_url`` is ``base``: Material looks for
    the search index (and resolves results) in the language's folder. ``overrides/base.html``
    writes it into the page's ``__config`` (through ``gp_document.search_base``)."""
    if lang == default_lang:
        return base
    # a trailing slash, so that the browser resolves the index inside the folder
    head = base.rstrip("/")  # "/" (the 404 page's absolute base) stays absolute: "/zh/"
    return f"{head or ('' if base.startswith('/') else '.')}/{lang}/"
