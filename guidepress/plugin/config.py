"""Options of the ``guidepress`` MkDocs plugin."""

from urllib.parse import quote, urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

FEEDBACK_FIELDS = ("url", "lang")


class FeedbackAddress(c.Type):
    """An address template for readers' feedback: ``https://`` or ``mailto:``, with ``{url}`` and
    ``{lang}`` as the only fields."""

    def __init__(self):
        super().__init__(str, default="")

    def run_validation(self, value):
        value = super().run_validation(value)
        if not value:
            return ""
        where = "mkdocs.yml, plugins > guidepress > feedback_url"
        scheme = urlsplit(value).scheme.lower()
        if scheme not in ("https", "mailto"):
            raise ValidationError(f"{where}: {value!r} must start with 'https://' or 'mailto:' "
                                  "(an issue form or an e-mail address), such as "
                                  "'https://example.org/feedback?page={url}&lang={lang}'")
        if scheme == "https" and not urlsplit(value).netloc:
            raise ValidationError(f"{where}: {value!r} names no host: write 'https://<host>/...'")
        try:
            fill_feedback(value, "https://example.org/page/", "en")
        except (KeyError, IndexError, ValueError) as exc:
            raise ValidationError(f"{where}: {value!r} may only use the fields {{url}} and {{lang}} "
                                  f"(write {{{{ and }}}} for a literal brace): {exc}") from None
        return value


def fill_feedback(template: str, url: str, lang: str) -> str:
    """The feedback address of a page: ``template`` with the page's URL and language, URL-encoded."""
    return template.format(url=quote(url, safe=""), lang=quote(lang, safe=""))



class GuidesConfig(Config):
    guides_dir = c.Type(str, default="guides")
    """Folder of the guides, relative to mkdocs.yml: ``<guides_dir>/<slug>/guide.yml``."""
    locales_dir = c.Type(str, default="locales")
    """Folder of the gettext catalogs: ``<locales_dir>/<lang>/LC_MESSAGES/messages.po``."""
    url_prefix = c.Type(str, default="guides")
    """URL folder of the guides in every language: ``/<lang>/<url_prefix>/<slug>/<page>/``."""
    glossary_page = c.Type(str, default="glossary.md")
    """The glossary page in ``docs/<lang>/``: terms in guide pages link to its entries."""
    caption_limits = c.Type(dict, default={})
    """Limits ``guidepress check`` applies to video captions, per script (``latin``, ``greek``,
    ``cyrillic``, ``cjk``) or per language code: ``{cjk: {chars_per_line: 16, chars_per_second: 9},
    fi: {chars_per_second: 15}}``. Defaults (BBC and Netflix subtitle guidelines): 42 characters
    per line and 17 per second for Latin, Greek and Cyrillic; 16 and 9 for CJK
    (:mod:`guidepress.commands.checks.captions`)."""
    content_security_policy = c.Type(str, default=(
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; media-src 'self'; worker-src 'self'; manifest-src 'self'; "
        "base-uri 'none'; form-action 'none'; object-src 'none'"))
    """The Content-Security-Policy every generated page declares in a ``<meta http-equiv>`` (site
    pages, 404 pages, print pages): the browser then runs only the site's own script files and
    loads nothing from another host, even if unsafe markup got through. Set it to ``""`` to leave
    it out (a server that sends the header itself; see SECURITY.md for the header form, which can
    add ``frame-ancestors 'none'``)."""
    feedback_url = FeedbackAddress()
    """Where a reader says what was unclear or wrong: every guide page ends with "Was this page
    helpful? Tell us what to improve", a plain link (no script, no cookie) to this address with
    ``{url}`` (the page's address) and ``{lang}`` (its language code) filled in, URL-encoded.
    ``https://`` (an issue form) or ``mailto:`` only. Empty (the default): no link."""
