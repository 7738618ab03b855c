"""Rules for gettext catalogs: valid syntax, identical placeholders, complete plural forms
(as many as CLDR has for the language), and no fuzzy entry."""

from __future__ import annotations

import re
import shutil
import subprocess
from itertools import pairwise
from pathlib import Path

from babel import Locale

from guidepress.model.catalogs import SYNTAX_MESSAGE, format_problem, load_catalog, placeholders  # noqa: F401  (placeholders: used by callers)
from guidepress.model.errors import Finding

# msgfmt's messages about the file's syntax (the only ones its quoting hint is about)
_MSGFMT_SYNTAX = re.compile(r"syntax error|end-of-line within string|end-of-file within string|invalid control "
                            r"sequence|invalid multibyte|keyword .* unknown|missing '?msg|duplicate message", re.I)


def _msgfmt(path: Path, where: str) -> list[Finding]:
    if shutil.which("msgfmt") is None:
        return []
    proc = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    out = []
    for line in proc.stderr.splitlines():
        m = re.match(r"^.*?:(\d+):\s*(.*)$", line)
        if m and "fatal" not in m.group(2):
            message = m.group(2)
            severity = "warning" if message.startswith("warning:") else "error"
            hint = "" if severity == "warning" or not _MSGFMT_SYNTAX.search(message) else (
                ": fix this line (each msgid and msgstr is text in double quotes, with \\\" for a quote inside)")
            out.append(Finding(where, int(m.group(1)), "po",
                               f"msgfmt says: {message.removeprefix('warning: ')}{hint}", severity))
    if proc.returncode != 0 and not out:
        out.append(Finding(where, None, "po", f"msgfmt --check failed: {proc.stderr.strip()}"))
    return out


def check_po(path: Path, where: str, lang: str, root: Path | None = None) -> list[Finding]:
    """Everything the build refuses (:func:`guidepress.model.catalogs.load_catalog`), what ``msgfmt
    --check`` says, and the rules of translation: placeholders, plural forms, fuzzy entries."""
    catalog, loaded = load_catalog(path, where, lang, root)
    if catalog is None and any(f.rule == "symlink" or f.line is None and "MB" in f.message for f in loaded):
        return loaded  # not read at all: msgfmt must not read it either
    msgfmt = _msgfmt(path, where) if not any(f.message.startswith("this file is not UTF-8") or "NUL" in f.message
                                             for f in loaded) else []
    # msgfmt names an unterminated string on the line after it: one message for one mistake
    msgfmt_lines = {line for f in msgfmt if f.severity == "error" and f.line for line in (f.line, f.line - 1)}
    own = [f for f in loaded if not (f.message == SYNTAX_MESSAGE and f.line in msgfmt_lines)]
    if catalog is not None:
        own += _translation_rules(catalog, where, lang)
    # a mistake in an entry that guidepress's own rules name (placeholders, plural forms) is not
    # reported again by msgfmt in other words
    covered = _entry_lines(own, catalog)
    return [f for f in msgfmt if _MSGFMT_SYNTAX.search(f.message) or f.line not in covered] + own


def _translation_rules(catalog, where: str, lang: str) -> list[Finding]:
    """Plural forms as CLDR has them, no fuzzy entry, every plural form filled in."""
    out = []
    rule = Locale.parse(lang.replace("-", "_")).plural_form
    cldr_forms = len({rule(n) for n in [*range(0, 1001), 10**6, 10**9]})  # the categories whole numbers use
    if catalog.num_plurals != cldr_forms:
        out.append(Finding(where, None, "po",
                           f"the Plural-Forms header has {catalog.num_plurals} forms but CLDR has {cldr_forms} for "
                           f"'{lang}': fix the header (make catalogs writes the right one)", severity="warning"))
    for message in catalog:
        if not message.id:
            continue
        line = message.lineno
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if message.fuzzy:
            out.append(Finding(where, line, "po",
                               f"the entry \"{ids[0]}\" is marked fuzzy, so readers see English: check the translation, "
                               f"then remove the '#, fuzzy' line"))
        if not any(strings):
            continue
        if len(ids) > 1:
            if len(strings) != catalog.num_plurals or not all(strings):
                out.append(Finding(where, line, "po",
                                   f"the plural entry \"{ids[0]}\" needs {catalog.num_plurals} forms (msgstr[0] to "
                                   f"msgstr[{catalog.num_plurals - 1}]), all filled in"))
    return out


def _entry_lines(loaded: list[Finding], catalog) -> set[int]:
    """The lines of the catalog entries that a finding of guidepress's own rules is on."""
    if catalog is None:
        return set()
    lines = {f.line for f in loaded if f.line and f.severity == "error"}
    starts = sorted(m.lineno for m in catalog if m.id and m.lineno) + [10**9]
    out = set()
    for start, end in pairwise(starts):
        span = set(range(start, min(end, start + 200)))
        if lines & span:
            out |= span
    return out


