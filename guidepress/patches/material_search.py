"""Material's search plugin: the entries of one language build, read from its internals.

guidepress writes one search index per language (:mod:`guidepress.plugin.search`). In a build of
one language (a shard) it needs that build's entries before the next language's build replaces
them: the plugin keeps them in ``search_index`` (a ``SearchIndex``) and makes its JSON with
``generate_search_index``, neither of which is documented. Written for mkdocs-material 9.8.1
(``WRITTEN_FOR``); the search index cannot be made without it, so on another version it is read
all the same, with one warning, and a plugin without it gives no entries.
"""

from __future__ import annotations

import json

from guidepress.patches import written_for

WRITTEN_FOR = {"mkdocs-material": "9.8.1"}


def build_entries(config) -> dict | None:
    """The search index (config and entries) of the language build that just finished, or None
    without a search plugin."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None:
        return None
    written_for("Material search entries", WRITTEN_FOR, required=True)
    index = getattr(plugin, "search_index", None)
    if index is None or not hasattr(index, "generate_search_index"):
        return None
    return json.loads(index.generate_search_index(None))
