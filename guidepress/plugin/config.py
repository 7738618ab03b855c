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
    content_security_policy = c.Type(str, default=(
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; media-src 'self'; worker-src 'self'; manifest-src 'self'; "
        "base-uri 'none'; form-action 'none'; object-src 'none'"))
    """The Content-Security-Policy every generated page declares in a ``<meta http-equiv>`` (site
    pages, 404 pages, print pages): the browser then runs only the site's own script files and
    loads nothing from another host, even if unsafe markup got through. Set it to ``""`` to leave
    it out (a server that sends the header itself; see SECURITY.md for the header form, which can
    add ``frame-ancestors 'none'``)."""
