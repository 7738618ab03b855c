"""Glossaries of medical terms, one per language: ``locales/<lang>/glossary.yml`` (translator-owned).

The source language's file lists the terms; each has a stable ``id`` that every language shares
(it is the anchor on the glossary page: ``glossary/#chemotherapy``). Each language gives, per id,
the term as a heading, the ``forms`` to find in the guides' text (plural and other inflections,
written by the translator) and the definition in plain words::

    translation:          # translations only, like a page's front matter
      status: draft
      translators:
        - name: Ana Example
    terms:
      - id: chemotherapy
        term: Chemotherapy
        forms: [chemotherapy, chemo]
        definition: Medicine that kills cancer cells or stops them from growing.

The site's glossary page is generated from it, each guide page explains the first use of every
term in place (see :func:`mark_terms`), and each guide's PDF lists the terms its pages use.
"""

from __future__ import annotations

import dataclasses
import html as htmllib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from guidepress.model.datafile import read_yaml, sort_key, validate_item
from guidepress.model.errors import Finding, display_path
from guidepress.model.files import write_atomic
from guidepress.model.safefiles import read_text
from guidepress.model.translation import TRANSLATION_STATUSES, TranslatorConfig, source_hash

GLOSSARY_FILE = "glossary.yml"
MARKER = "<!-- guidepress:glossary -->"
"""The line of the glossary page (``docs/<lang>/glossary.md``) where the list of terms goes."""
RULE = "glossary"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class FormsOption(c.BaseConfigOption[list]):
    """A list of texts: ``[side effect, side effects]``."""

    def run_validation(self, value: object) -> list:
        if not isinstance(value, list):
            raise ValidationError("write the forms as a list, such as [side effect, side effects]")
        for item in value:
            if not isinstance(item, str):
                raise ValidationError(f"the form {item!r} is not text: put it in quotes, such as \"{item}\"")
        return value


class TermConfig(Config):
    """One entry of a glossary."""

    id = c.Type(str)
    """Stable identifier shared by every language, lowercase with hyphens (``side-effect``); the
    anchor of the entry on the glossary page. Translations use the source language's ids."""
    term = c.Type(str)
    """The term as shown at the head of the entry (``Side effect``)."""
    forms = FormsOption()
    """Every form of the term to find in the guides' text, such as singular and plural
    (``[side effect, side effects]``). Matched whole-word and ignoring case; in Chinese and other
    languages written without spaces, anywhere in the text."""
    definition = c.Type(str)
    """What the term means, in plain words (one to three short sentences)."""
    source = c.Optional(c.Type(str))
    """Translations only: the fingerprint of the source entry (its term and definition) that this
    entry translates, written by ``guidepress mark-current locales/<lang>/glossary.yml``. When the
    source entry changes, ``check`` and ``status`` report this entry as outdated."""


class GlossaryTranslationConfig(Config):
    """The ``translation`` block of a translated glossary (as in a page's front matter)."""

    status = c.Choice(TRANSLATION_STATUSES, default="draft")
    """``draft``, ``translated`` or ``reviewed``."""
    translators = c.ListOfItems(c.SubConfig(TranslatorConfig), default=[])
    """Who translated the glossary."""


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    forms: tuple[str, ...]
    definition: str
    lang: str
    source: str | None = None
    """The fingerprint of the source entry it was translated from (translations only)."""
    line: int | None = None
    """The line of its ``id`` in the file."""

    @property
    def fingerprint(self) -> str:
        """What a translation records in ``source``: the hash of this entry's term and definition."""
        return entry_hash(self.term, self.definition)


def entry_hash(term: str, definition: str) -> str:
    return source_hash(f"{term}\n{definition}")


@dataclass(frozen=True)
class Glossary:
    """The validated glossary of one language."""

    lang: str
    terms: tuple[Term, ...]
    status: str
    """``source`` for the source language, else the translation's status."""
    translators: tuple[str, ...]
    outdated: tuple[str, ...] = ()
    """Ids of translated entries whose source entry changed since (or that record no ``source``)."""

    def get(self, term_id: str) -> Term | None:
        return next((t for t in self.terms if t.id == term_id), None)


def glossary_path(locales_dir: Path, lang: str) -> Path:
    return locales_dir / lang / GLOSSARY_FILE


# -- loading and validation -------------------------------------------------------------------

def read_glossary(path: Path, lang: str, root: Path | None, source_ids: dict[str, int] | None,
                  source_where: str = "") -> tuple[Glossary | None, list[Finding]]:
    """Read and validate one glossary; ``source_ids`` (id -> line) are the source language's ids,
    or None when this is the source language's file."""
    where = display_path(path, root)
    loaded, findings = read_yaml(path, where, RULE, root)
    if loaded is None:
        return None, findings
    data = loaded.data
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        return None, findings + [Finding(where, 1, RULE, "the glossary must have a line 'terms:' followed by a list of terms, "
                                              "each starting with '- id: ...' (see TRANSLATING.md, 'The glossary')")]
    for key in data:
        if key not in ("terms", "translation"):
            findings.append(Finding(where, loaded.line_of(key), RULE,
                                    f"unknown field '{key}': a glossary has only 'terms' (and 'translation' in a translation)"))
    status: str = "source"
    translators: tuple[str, ...] = ()
    if source_ids is None and "translation" in data:
        findings.append(Finding(where, loaded.line_of("translation"), RULE,
                                "the source language's glossary has no 'translation' block: remove it"))
    elif source_ids is not None:
        block = data.get("translation") or {}
        block_cfg, found = validate_item(GlossaryTranslationConfig, block, loaded, ("translation",), "'translation'",
                                         where, RULE, str(path))
        findings += found
        if block_cfg is not None:
            status, translators = block_cfg.status, tuple(t.name for t in block_cfg.translators)
    terms: list[Term] = []
    ids: dict[str, int | None] = {}
    forms: dict[str, tuple[str, int | None]] = {}
    for i, item in enumerate(data["terms"]):
        line = loaded.line_of("terms", i)
        cfg, found = validate_item(TermConfig, item, loaded, ("terms", i), f"term {i + 1}", where, RULE, str(path))
        findings += found
        if cfg is None:
            continue
        tid = cfg.id.strip()
        id_line = loaded.line_of("terms", i, "id", default=line)
        if not _ID.match(tid):
            findings.append(Finding(where, id_line, RULE,
                                    f"the id '{tid}' is not a valid anchor: use lowercase letters, digits and hyphens, "
                                    f"such as 'side-effect'"))
        elif tid in ids:
            findings.append(Finding(where, id_line, RULE,
                                    f"the id '{tid}' is already used on line {ids[tid]}: each term has its own id"))
        elif source_ids is not None and tid not in source_ids:
            known = ", ".join(sorted(source_ids))
            findings.append(Finding(where, id_line, RULE,
                                    f"the id '{tid}' is not in the source glossary {source_where}: use the id of the "
                                    f"English entry you translate (known ids: {known})"))
        ids.setdefault(tid, id_line)
        if source_ids is None and cfg.source is not None:
            findings.append(Finding(where, loaded.line_of("terms", i, "source", default=line), RULE,
                                    f"term '{tid}': the source language's glossary has no 'source' field: remove it"))
        for field in ("term", "definition"):
            if not getattr(cfg, field).strip():
                findings.append(Finding(where, loaded.line_of("terms", i, field, default=line), RULE,
                                        f"term '{tid}': '{field}' is empty: write it"))
        if not cfg.forms:
            findings.append(Finding(where, loaded.line_of("terms", i, "forms", default=line), RULE,
                                    f"term '{tid}': 'forms' is empty: list the words to find in the guides, "
                                    f"such as [{cfg.term.strip().lower()}]"))
        clean_forms = []
        for k, form in enumerate(cfg.forms):
            form_line = loaded.line_of("terms", i, "forms", k, default=loaded.line_of("terms", i, "forms", default=line))
            form = " ".join(form.split())
            if not form:
                findings.append(Finding(where, form_line, RULE, f"term '{tid}': form {k + 1} is empty: remove it"))
                continue
            key = form.casefold()
            if key in forms:
                other, other_line = forms[key]
                findings.append(Finding(where, form_line, RULE,
                                        f"the form '{form}' is listed twice (term '{other}', line {other_line}): "
                                        f"a form can belong to one term only, so the guides know which one it means"))
                continue
            forms[key] = (tid, form_line)
            clean_forms.append(form)
        terms.append(Term(tid, cfg.term.strip(), tuple(clean_forms), " ".join(cfg.definition.split()), lang,
                          (cfg.source or "").strip() or None if source_ids is not None else None, id_line))
    return Glossary(lang, tuple(terms), status, translators), findings


def _stamp(paths: list[Path]) -> tuple:
    return tuple((str(p), p.stat().st_mtime_ns if p.is_file() else None) for p in paths)


def load_glossaries(locales_dir: Path, languages: tuple[str, ...], default_lang: str,
                    root: Path | None) -> tuple[dict[str, Glossary], list[Finding]]:
    """Every language's glossary (languages without a file are left out), and every finding:
    errors, and warnings for source terms that a translation does not have yet."""
    paths = [glossary_path(locales_dir, lang) for lang in languages]
    return _load(_stamp(paths), tuple(languages), default_lang, str(root) if root else None)


@lru_cache(maxsize=8)
def _load(stamp: tuple, languages: tuple[str, ...], default_lang: str, root: str | None):
    root_path = Path(root) if root else None
    by_lang = dict(zip(languages, (Path(p) for p, _ in stamp), strict=True))
    source_path = by_lang[default_lang]
    if not source_path.is_file():
        return {}, []
    source, findings = read_glossary(source_path, default_lang, root_path, None)
    glossaries = {default_lang: source} if source is not None else {}
    source_where = display_path(source_path, root_path)
    if source is None:
        return glossaries, findings
    source_ids = {t.id: i for i, t in enumerate(source.terms)}
    for lang in languages:
        path = by_lang[lang]
        if lang == default_lang or not path.is_file():
            continue
        glossary, found = read_glossary(path, lang, root_path, source_ids, source_where)
        findings += found
        if glossary is None:
            continue
        where = display_path(path, root_path)
        outdated = []
        for term in {t.id: t for t in reversed(glossary.terms)}.values():  # an id listed twice: its first entry
            original = source.get(term.id)
            if original is None or term.source == original.fingerprint:
                continue
            outdated.append(term.id)
            if term.source is None:
                why = "does not say which version of the English entry it translates"
            else:
                why = "was translated from an earlier version of the English entry"
            findings.append(Finding(where, term.line, "outdated",
                                    f"term '{term.id}' {why} ({source_where}, line {original.line}): compare the "
                                    f"two, update the term and definition if needed, then run 'guidepress "
                                    f"mark-current {where}'", severity="warning"))
        glossary = dataclasses.replace(glossary, outdated=tuple(outdated))
        glossaries[lang] = glossary
        missing = [t.id for t in source.terms if glossary.get(t.id) is None]
        if missing:
            findings.append(Finding(display_path(path, root_path), None, RULE,
                                    f"{len(missing)} term{'s' if len(missing) > 1 else ''} of {source_where} "
                                    f"{'are' if len(missing) > 1 else 'is'} not translated yet ({', '.join(missing)}): "
                                    f"readers see the English entry until you add {'them' if len(missing) > 1 else 'it'}",
                                    severity="warning"))
    return glossaries, findings


# -- recording what a translation matches -----------------------------------------------------

_ENTRY = re.compile(r"^(?P<indent>[ ]*)- id:[ ]*['\"]?(?P<id>[a-z0-9-]+)['\"]?[ ]*(?:#.*)?$")


def mark_current(path: Path, source: Glossary) -> list[str]:
    """Record in every entry of the translated glossary ``path`` the fingerprint of the source
    entry it translates (a ``source:`` line under its ``id``), keeping the file's comments and
    layout; return the ids marked."""
    lines = read_text(path, display_path(path, None), RULE).split("\n")
    out: list[str] = []
    marked: list[str] = []
    i = 0
    while i < len(lines):
        m = _ENTRY.match(lines[i])
        original = source.get(m["id"]) if m else None
        out.append(lines[i])
        i += 1
        if m is None or original is None:
            continue
        child = " " * (len(m["indent"]) + 2)
        end = i
        while end < len(lines) and not _ENTRY.match(lines[end]) and (
                not lines[end].strip() or lines[end].startswith(child)):
            end += 1
        block = lines[i:end]
        line = f"{child}source: {original.fingerprint}"
        at = next((n for n, text in enumerate(block) if text.startswith(child + "source:")), None)
        if at is None:
            block.insert(0, line)
        else:
            block[at] = line
        out += block
        marked.append(m["id"])
        i = end
    write_atomic(path, "\n".join(out))
    return marked


# -- entries in a reader's language -----------------------------------------------------------

def entries(glossaries: dict[str, Glossary], lang: str, default_lang: str, ids: set[str] | None = None) -> list[Term]:
    """The terms shown to a reader of ``lang`` (each id in ``lang``, else in the source language),
    in ``lang``'s alphabetical order; only ``ids`` when given."""
    source = glossaries.get(default_lang)
    if source is None:
        return []
    own = glossaries.get(lang)
    out = []
    for term in source.terms:
        if ids is not None and term.id not in ids:
            continue
        out.append((own.get(term.id) if own else None) or term)
    key = sort_key(lang)
    return sorted(out, key=lambda t: (key(t.term), t.id))


# -- terms explained in place -----------------------------------------------------------------

_SPACELESS = ("CJK ", "HIRAGANA", "KATAKANA", "THAI", "LAO ", "KHMER", "MYANMAR", "TIBETAN")


def _spaceless(ch: str) -> bool:
    """A character of a script written without spaces between words: no word boundaries there."""
    return unicodedata.name(ch, "").startswith(_SPACELESS)


def _form_pattern(form: str) -> str:
    parts = [re.escape(p).replace("'", "['\u2019]") for p in form.split()]
    body = r"\s+".join(parts)
    left = "" if _spaceless(form[0]) else r"(?<!\w)"
    right = "" if _spaceless(form[-1]) else r"(?!\w)"
    return left + body + right


class TermMatcher:
    """Finds the forms of a glossary's terms in text: whole words, ignoring case, the longest form
    first; in scripts written without spaces (Chinese...), anywhere."""

    def __init__(self, terms: list[Term] | tuple[Term, ...]):
        self.terms = {t.id: t for t in terms}
        forms = sorted(((f, t.id) for t in terms for f in t.forms), key=lambda x: (-len(x[0]), x[0]))
        self._ids = {f"t{i}": tid for i, (_, tid) in enumerate(forms)}
        self.pattern = re.compile("|".join(f"(?P<t{i}>{_form_pattern(f)})" for i, (f, _) in enumerate(forms)),
                                  re.IGNORECASE) if forms else None

    def find(self, text: str):
        """(start, end, term id) of every match in ``text``."""
        if self.pattern is None:
            return
        for m in self.pattern.finditer(text):
            assert m.lastgroup is not None  # every alternative of the pattern is a named group
            yield m.start(), m.end(), self._ids[m.lastgroup]


# Elements whose text is never a term: headings, links, code, controls, and what is not prose.
_SKIP = {"a", "button", "code", "pre", "kbd", "samp", "var", "script", "style", "textarea", "select", "option",
         "label", "summary", "h1", "h2", "h3", "h4", "h5", "h6", "svg", "math", "abbr", "dfn", "title", "template"}
_SKIP_CLASSES = {"admonition-title", "headerlink", "gp-term"}


class _TextNodes(HTMLParser):
    """The text nodes of an HTML fragment that may hold a term: (offset in the source, raw text)."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.skip: list[str] = []
        self.nodes: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        if self.skip or tag in _SKIP or classes & _SKIP_CLASSES:
            if tag not in ("br", "img", "hr", "input", "wbr", "meta", "link", "source", "col", "area"):
                self.skip.append(tag)

    def handle_endtag(self, tag):
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()
        elif tag in self.skip:  # an element left open inside a skipped one
            while self.skip and self.skip.pop() != tag:
                pass

    def handle_data(self, data):
        if self.skip or not data.strip():
            return
        line, col = self.getpos()
        offset = self.line_starts[line - 1] + col
        if self.source[offset:offset + len(data)] == data:
            self.nodes.append((offset, data))


def _attr(value: str) -> str:
    return htmllib.escape(value, quote=True)


def mark_terms(html: str, matcher: TermMatcher, glossary_url: str, more_label: str,
               skip_ids: set[str] | None = None) -> tuple[str, list[str]]:
    """Explain the first use of each term on a page: its text becomes a link to the glossary entry
    that carries the definition (``data-gp-definition``). Without JavaScript it is a plain link;
    ``guidepress.js`` turns it into a button that shows the definition and a link to the glossary.

    Only text is changed: never headings, links, code, box titles or attribute values.
    Returns the new HTML and the ids of the terms found, in order.
    """
    if matcher.pattern is None:
        return html, []
    parser = _TextNodes(html)
    parser.feed(html)
    parser.close()
    used = set(skip_ids or ())
    found: list[str] = []
    edits: list[tuple[int, int, str]] = []
    for offset, text in parser.nodes:
        for start, end, tid in matcher.find(text):
            if tid in used:
                continue
            used.add(tid)
            found.append(tid)
            term = matcher.terms[tid]
            markup = (f'<a class="gp-term" href="{_attr(glossary_url)}#{tid}" data-gp-term="{tid}" '
                      f'data-gp-definition="{_attr(term.definition)}" data-gp-more="{_attr(more_label)}">'
                      f"{text[start:end]}</a>")
            edits.append((offset + start, offset + end, markup))
    if not edits:
        return html, found
    out, last = [], 0
    for start, end, markup in edits:
        out += [html[last:start], markup]
        last = end
    out.append(html[last:])
    return "".join(out), found


_TERM_LINK = re.compile(r'<a class="gp-term" href="[^"]*" data-gp-term="([a-z0-9-]+)"[^>]*>')


def terms_for_print(html: str, anchor) -> tuple[str, list[str]]:
    """Term links of a page made to point inside the printed document (``anchor(id)``), without
    the definition attributes; and the ids of the terms the page uses."""
    ids: list[str] = []

    def sub(m: re.Match) -> str:
        ids.append(m.group(1))
        return f'<a class="gp-term" href="#{anchor(m.group(1))}">'

    return _TERM_LINK.sub(sub, html), ids
