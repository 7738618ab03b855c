"""Rules for gettext catalogs: valid syntax, identical placeholders, complete plural forms
(as many as CLDR has for the language), and no fuzzy entry."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from babel import Locale
from babel.messages.pofile import PoFileError, read_po

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


def check_po(path: Path, where: str, lang: str) -> list[Finding]:
    try:
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang.replace("-", "_"), abort_invalid=True)
    except PoFileError as exc:
        return [Finding(where, getattr(exc, "lineno", None), "po",
                        f"the catalog cannot be read: {exc}. Check quotes (write \\\" inside a string) and the msgid/msgstr pairs")]
    out = _msgfmt(path, where)
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
    """(translated, total) messages of a catalog; fuzzy entries do not count as translated."""
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang.replace("-", "_"))
    total = translated = 0
    for message in catalog:
        if not message.id:
            continue
        total += 1
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        if all(strings) and not message.fuzzy:
            translated += 1
    return translated, total
