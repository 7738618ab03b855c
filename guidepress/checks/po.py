"""Rules for gettext catalogs: valid syntax, identical placeholders, complete plural forms
(as many as CLDR has for the language), and no fuzzy entry."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from babel import Locale

from ..catalogs import SYNTAX_MESSAGE, load_catalog
from ..errors import Finding

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in _PLACEHOLDER.finditer(text or ""))


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
            hint = "" if severity == "warning" else (": fix this line (each msgid and msgstr is text in double "
                                                     "quotes, with \\\" for a quote inside)")
            out.append(Finding(where, int(m.group(1)), "po",
                               f"msgfmt says: {message.removeprefix('warning: ')}{hint}", severity))
    if proc.returncode != 0 and not out:
        out.append(Finding(where, None, "po", f"msgfmt --check failed: {proc.stderr.strip()}"))
    return out


def check_po(path: Path, where: str, lang: str, root: Path | None = None) -> list[Finding]:
    """Everything the build refuses (:func:`guidepress.catalogs.load_catalog`), what ``msgfmt
    --check`` says, and the rules of translation: placeholders, plural forms, fuzzy entries."""
    catalog, loaded = load_catalog(path, where, lang, root)
    if catalog is None and any(f.rule == "symlink" or f.line is None and "MB" in f.message for f in loaded):
        return loaded  # not read at all: msgfmt must not read it either
    out = _msgfmt(path, where) if not any(f.message.startswith("this file is not UTF-8") or "NUL" in f.message
                                          for f in loaded) else []
    # msgfmt names an unterminated string on the line after it: one message for one mistake
    msgfmt_lines = {line for f in out if f.severity == "error" and f.line for line in (f.line, f.line - 1)}
    out += [f for f in loaded if not (f.message == SYNTAX_MESSAGE and f.line in msgfmt_lines)]
    if catalog is None:
        return out
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
        expected = placeholders(ids[-1] if len(ids) > 1 else ids[0])
        for i, text in enumerate(strings):
            if text and placeholders(text) != expected and not (len(ids) > 1 and placeholders(text) == placeholders(ids[0])):
                out.append(Finding(where, line, "po",
                                   f"the translation of \"{ids[0]}\" has the placeholders {placeholders(text) or 'none'} "
                                   f"but the English has {expected or 'none'}: keep each %(name)s exactly"))
        if len(ids) > 1:
            if len(strings) != catalog.num_plurals or not all(strings):
                out.append(Finding(where, line, "po",
                                   f"the plural entry \"{ids[0]}\" needs {catalog.num_plurals} forms (msgstr[0] to "
                                   f"msgstr[{catalog.num_plurals - 1}]), all filled in"))
    return out


def completeness(path: Path, lang: str) -> tuple[int, int]:
    """(translated, total) messages of a catalog; fuzzy entries do not count as translated (a
    catalog that cannot be read counts as empty: ``check`` and the build say why)."""
    catalog, _ = load_catalog(path, str(path), lang)
    total = translated = 0
    for message in catalog or ():
        if not message.id:
            continue
        total += 1
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if all(strings) and not message.fuzzy:
            translated += 1
    return translated, total
