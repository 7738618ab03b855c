"""Options of the ``guidepress`` MkDocs plugin."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class GuidesConfig(Config):
    guides_dir = c.Type(str, default="guides")
    """Folder of the guides, relative to mkdocs.yml: ``<guides_dir>/<slug>/guide.yml``."""
    locales_dir = c.Type(str, default="locales")
    """Folder of the gettext catalogs: ``<locales_dir>/<lang>/LC_MESSAGES/messages.po``."""
    url_prefix = c.Type(str, default="guides")
    """URL folder of the guides in every language: ``/<lang>/<url_prefix>/<slug>/<page>/``."""
    glossary_page = c.Type(str, default="glossary.md")
    """The glossary page in ``docs/<lang>/``: terms in guide pages link to its entries."""
