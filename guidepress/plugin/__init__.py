"""The site: the MkDocs plugin and everything that builds the website.

The plugin itself (``plugin``: MkDocs events, from the configuration to the written pages), the
bridge to mkdocs-static-i18n (``i18n_bridge``), the search index (``search``), hreflang
alternates and the sitemap (``alternates``), the reference pages (``reference_pages``), the
parallel build of one language per process and its merge (``shards``), staged publishing of
``site/`` (``staging``). It drives the print package for the PDFs; it imports print, view,
text, the model and the patches of other libraries (:mod:`guidepress.patches`), and nothing
imports it but the commands.
"""

from guidepress.plugin.plugin import GuidesPlugin

__all__ = ["GuidesPlugin"]
