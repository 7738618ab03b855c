"""Support organisations and helplines: ``locales/support.yml``, one file for every language.

Each entry says which countries it serves (ISO 3166 codes, or ``worldwide``) and in which
languages, has a description per language (English when a language has none) and the date
someone last checked it. The site's "find support" page of each language and the back matter of
each PDF list the entries that serve that language.

Honest sample data: an entry marked ``example: true`` must have its website on a domain reserved
for examples (``example.org``, ``example.net``, ``example.com``) and no phone number at all, so that
no reader can mistake it for a real service or call a number that belongs to someone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from guidepress.model.datafile import read_yaml, sort_key, validate_item
from guidepress.model.errors import Finding, display_path
from guidepress.model.manifest import DateOption, LocalizedText
from guidepress.model.roles import N_

SUPPORT_FILE = "support.yml"
MARKER = "<!-- guidepress:support -->"
"""The line of the "find support" page (``docs/<lang>/find-support.md``) where the list goes."""
RULE = "support"
WORLDWIDE = "worldwide"
STALE_AFTER_MONTHS = 12
EXAMPLE_DOMAINS = ("example.org", "example.net", "example.com")
"""Domains reserved for examples (RFC 2606): they will never belong to a real service."""

KINDS = {
    "patient-organisation": N_("Patient organisation"),
    "helpline": N_("Helpline"),
    "caregiver-support": N_("Caregiver support"),
    "information-service": N_("Information service"),
}
"""What an organisation is; the labels are translated through the catalogs."""

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CountriesOption(c.BaseConfigOption[tuple]):
    """``worldwide``, or a list of ISO 3166-1 alpha-2 country codes in capitals (``[FR, BE]``)."""

    def run_validation(self, value: object) -> tuple:
        if value == WORLDWIDE:
            return (WORLDWIDE,)
        if not isinstance(value, list) or not value:
            raise ValidationError("write 'worldwide', or a list of country codes such as [FR, BE]")
        known = _territories()
        out = []
        for code in value:
            if not isinstance(code, str) or code.upper() not in known:
                raise ValidationError(f"{code!r} is not an ISO 3166 country code: use two capital letters, "
                                        f"such as FR for France or GB for the United Kingdom")
            if code != code.upper():
                raise ValidationError(f"write the country code {code!r} in capitals: {code.upper()}")
            out.append(code)
        return tuple(out)


class LanguagesOption(c.BaseConfigOption[tuple]):
    """Language codes (``[en, fr]``) of the languages the service works in."""

    def run_validation(self, value: object) -> tuple:
        if not isinstance(value, list) or not value:
            raise ValidationError("list the languages the service answers in, such as [en, fr]")
        for code in value:
            if not isinstance(code, str) or not _known_language(code):
                raise ValidationError(f"{code!r} is not a language code that CLDR knows: use codes such as 'fr' or 'pt_BR'")
        return tuple(value)


class EntryConfig(Config):
    """One organisation or helpline in ``locales/support.yml``."""

    id = c.Type(str)
    """Stable identifier, lowercase with hyphens; the entry's anchor on the "find support" page."""
    name = c.Type(str)
    """The organisation's own name, as it writes it."""
    kind = c.Choice(tuple(KINDS))
    """``patient-organisation``, ``helpline``, ``caregiver-support`` or ``information-service``."""
    countries = CountriesOption()
    """Where it helps: ``worldwide`` or ISO 3166-1 alpha-2 codes (``[FR, BE]``); readers see the
    country names in their language."""
    languages = LanguagesOption()
    """Languages it answers in; it is listed on the page and in the PDFs of each of them."""
    website = c.Optional(c.Type(str))
    """Its address, starting with https:// (shown as a link, never fetched)."""
    phone = c.Optional(c.Type(str))
    """A phone number copied from the organisation's own website, in international form
    (+44 ...). Never on an example entry."""
    description = LocalizedText()
    """What it offers, in plain words, per language: ``en:`` is required; other languages show the
    English text until they have their own."""
    last_checked = DateOption()
    """When someone last checked that the details are right (YYYY-MM-DD)."""
    example = c.Type(bool)
    """``true`` for sample data that is not a real service (shown with a visible label)."""


@lru_cache(maxsize=1)
def _territories() -> frozenset[str]:
    return frozenset(k for k in Locale("en").territories if isinstance(k, str) and len(k) == 2 and k.isalpha() and k != "ZZ")


@lru_cache(maxsize=256)
def _known_language(code: str) -> bool:
    try:
        Locale.parse(code.replace("-", "_"))
        return True
    except (UnknownLocaleError, ValueError):
        return False


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    kind: str
    countries: tuple[str, ...]
    languages: tuple[str, ...]
    website: str | None
    phone: str | None
    description: dict
    last_checked: dt.date
    example: bool
    line: int | None = None

    def text(self, lang: str, default_lang: str) -> tuple[str, str]:
        """(description, language of that description)."""
        if lang in self.description:
            return self.description[lang], lang
        return self.description[default_lang], default_lang


def support_path(locales_dir: Path) -> Path:
    return locales_dir / SUPPORT_FILE


def _example_domain(host: str) -> bool:
    return any(host == d or host.endswith("." + d) for d in EXAMPLE_DOMAINS)


def read_support(path: Path, default_lang: str, root: Path | None,
                 today: dt.date | None = None) -> tuple[list[Entry], list[Finding]]:
    """Read and validate the support file: errors, and a warning for each entry not checked for
    more than 12 months."""
    where = display_path(path, root)
    loaded, findings = read_yaml(path, where, RULE, root)
    if loaded is None:
        return [], findings
    data = loaded.data
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        return [], findings + [Finding(where, 1, RULE, "the file must have a line 'entries:' followed by a list of "
                                            "organisations, each starting with '- id: ...' (see CONTRIBUTING.md)")]
    for key in data:
        if key != "entries":
            findings.append(Finding(where, loaded.line_of(key), RULE, f"unknown field '{key}': the file has only 'entries'"))
    today = today or dt.date.today()
    stale_before = _months_before(today, STALE_AFTER_MONTHS)
    entries: list[Entry] = []
    ids: dict[str, int | None] = {}
    for i, item in enumerate(data["entries"]):
        line = loaded.line_of("entries", i)
        cfg, found = validate_item(EntryConfig, item, loaded, ("entries", i), f"entry {i + 1}", where, RULE, str(path))
        findings += [Finding(f.path, f.line, f.rule, f.message.replace(
            "add it", "write 'example: true' for sample data or 'example: false' for a real organisation"))
            if f.message.endswith("'example': this field is missing: add it") else f for f in found]
        if cfg is None:
            continue

        def at(field: str, *sub, i: int = i, line: int | None = line) -> int | None:  # this entry's i and line
            return loaded.line_of("entries", i, field, *sub, default=line)

        eid = cfg.id.strip()
        label = f"entry '{eid}'"
        if not _ID.match(eid):
            findings.append(Finding(where, at("id"), RULE, f"the id '{eid}' is not valid: use lowercase letters, "
                                                           f"digits and hyphens, such as 'example-helpline'"))
        elif eid in ids:
            findings.append(Finding(where, at("id"), RULE, f"the id '{eid}' is already used on line {ids[eid]}: "
                                                           f"give each entry its own id"))
        ids.setdefault(eid, at("id"))
        for code in cfg.description:
            if code and not _known_language(code):
                findings.append(Finding(where, at("description", code), RULE,
                                        f"{label}: the description has text for the unknown language '{code}'"))
        description = {(code or default_lang): text for code, text in cfg.description.items()}
        if default_lang not in description:
            findings.append(Finding(where, at("description"), RULE,
                                    f"{label}: the description has no '{default_lang}:' text: add it (other "
                                    f"languages show it until they have their own)"))
        if not cfg.website and not cfg.phone:
            findings.append(Finding(where, line, RULE, f"{label}: give a 'website' or a 'phone' (or both), so that "
                                                       f"readers can reach it"))
        host = ""
        if cfg.website:
            parts = urlsplit(cfg.website.strip())
            host = (parts.hostname or "").lower()
            if parts.scheme not in ("https", "http") or not host:
                findings.append(Finding(where, at("website"), RULE,
                                        f"{label}: '{cfg.website}' is not a web address: write it in full, "
                                        f"starting with https://"))
        if cfg.example:
            if cfg.phone:
                findings.append(Finding(where, at("phone"), RULE,
                                        f"{label} is an example: remove its phone number. An invented number may "
                                        f"belong to a real person or service"))
            if cfg.website and host and not _example_domain(host):
                findings.append(Finding(where, at("website"), RULE,
                                        f"{label} is an example, but '{host}' may be a real website: use an address on "
                                        f"{', '.join(EXAMPLE_DOMAINS)}, which never belong to anyone"))
        elif host and _example_domain(host):
            findings.append(Finding(where, at("example"), RULE,
                                    f"{label} has an example address ('{host}') but says 'example: false': mark it "
                                    f"'example: true', or give the organisation's real address"))
        if cfg.last_checked > today:
            findings.append(Finding(where, at("last_checked"), RULE,
                                    f"{label}: 'last_checked' ({cfg.last_checked.isoformat()}) is in the future: "
                                    f"write the day you checked it"))
        elif cfg.last_checked < stale_before:
            findings.append(Finding(where, at("last_checked"), RULE,
                                    f"{label} was last checked on {cfg.last_checked.isoformat()}, more than "
                                    f"{STALE_AFTER_MONTHS} months ago: check its details, then update 'last_checked'",
                                    severity="warning"))
        entries.append(Entry(eid, cfg.name.strip(), cfg.kind, cfg.countries, cfg.languages,
                             cfg.website.strip() if cfg.website else None, cfg.phone.strip() if cfg.phone else None,
                             description, cfg.last_checked, cfg.example, line))
    return entries, findings


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def load_support(locales_dir: Path, default_lang: str, root: Path | None,
                 today: dt.date | None = None) -> tuple[list[Entry], list[Finding]]:
    """The entries of ``locales/support.yml`` (none when there is no file), and every finding."""
    path = support_path(locales_dir)
    if not path.is_file():
        return [], []
    return _load(str(path), path.stat().st_mtime_ns, default_lang, str(root) if root else None,
                 today or dt.date.today())


@lru_cache(maxsize=8)
def _load(path: str, mtime: int, default_lang: str, root: str | None, today: dt.date):
    return read_support(Path(path), default_lang, Path(root) if root else None, today)


def coverage_findings(entries: list[Entry], languages: tuple[str, ...], where: str) -> list[Finding]:
    """A warning for every site language that no entry serves."""
    served = {lang for e in entries for lang in e.languages}
    missing = [lang for lang in languages if lang not in served]
    if not entries or not missing:
        return []
    return [Finding(where, None, RULE, f"no entry serves the language(s) {', '.join(missing)}: their readers see an "
                                       f"empty list. Add an entry with these codes in 'languages'", severity="warning")]


# -- what a reader sees -----------------------------------------------------------------------

def for_reader(entries: list[Entry], lang: str, default_lang: str, gettext) -> list[dict]:
    """The entries that serve ``lang``, worldwide ones first, then by name in ``lang``'s order;
    as plain dicts for the templates (country and language names, lists and dates from CLDR)."""
    locale = Locale.parse(lang.replace("-", "_"))
    key = sort_key(lang)
    chosen = sorted((e for e in entries if lang in e.languages),
                    key=lambda e: (e.countries != (WORLDWIDE,), key(e.name), e.id))
    out = []
    for e in chosen:
        text, text_lang = e.text(lang, default_lang)
        if e.countries == (WORLDWIDE,):
            countries = [gettext("Worldwide")]
        else:
            countries = sorted((locale.territories.get(code, code) for code in e.countries), key=key)
        languages = [Locale.parse(code.replace("-", "_")).get_display_name(locale) or code for code in e.languages]
        host = urlsplit(e.website).hostname if e.website else None
        out.append({
            "id": e.id, "name": e.name, "kind": gettext(KINDS[e.kind]), "example": e.example,
            "countries": format_list(countries, locale=locale), "languages": format_list(languages, locale=locale),
            "website": e.website,
            "website_label": (e.website.split("://", 1)[-1].rstrip("/") if e.website else None),
            "host": host, "phone": e.phone,
            "description": text, "description_lang": text_lang.replace("_", "-"),
            "last_checked": format_date(e.last_checked, format="long", locale=locale),
            "last_checked_iso": e.last_checked.isoformat(),
        })
    return out
