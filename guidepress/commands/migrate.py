"""``guidepress migrate manifests``: move each language's strings out of ``guides/<slug>/guide.yml``.

The title, summary, funder name and independence statement of every language other than the
source language move to ``guides/<slug>/<lang>/guide.yml`` (:mod:`guidepress.model.manifest_langs`),
so that a translator's pull request touches only their language's folder. The main manifest is
edited as text: only the moved lines go, every other line and comment stays as it was; a
comment line written just above a moved line moves with it. Running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from guidepress.model.errors import ContentError, Finding, display_path
from guidepress.model.manifest import MANIFEST_NAME
from guidepress.model.manifest_langs import FIELDS, LANG_MANIFEST, lang_manifest_path
from guidepress.model.safefiles import read_text
from guidepress.model.yamlfile import YamlError, load_yaml

HEADER = ("# The strings of the guide \"{slug}\" in {name} ({lang}): title, summary, funder.\n"
          "# The main manifest (../guide.yml) holds everything else. See TRANSLATING.md.\n")


@dataclass
class Moved:
    """What moves to one language's file: ``key path -> (text, comment lines)``."""

    values: dict = field(default_factory=dict)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _entry_span(lines: list[str], start: int) -> tuple[int, int]:
    """(first, last) 0-based line indexes of the mapping entry that starts on ``start``: its own
    lines (a long or block value continues on deeper-indented lines) and the comment lines
    written just above it at its indentation."""
    indent = _indent(lines[start])
    end = start
    for i in range(start + 1, len(lines)):
        if lines[i].strip() and _indent(lines[i]) <= indent:
            break
        if lines[i].strip():
            end = i
    first = start
    while first > 0 and lines[first - 1].strip().startswith("#") and _indent(lines[first - 1]) == indent:
        first -= 1
    return first, end


def _plan(text: str, where: str, languages, default_lang: str,
          notes: list[str] | None = None) -> tuple[dict[str, Moved], set[int]]:
    """What moves to each language, and the 0-based lines of the main manifest that go (a field
    that cannot be edited line by line is added to ``notes``)."""
    try:
        loaded = load_yaml(text)
    except YamlError as exc:
        raise ContentError([Finding(where, line, "manifest", message) for line, message in exc.problems]) from None
    lines = text.split("\n")
    moved: dict[str, Moved] = {}
    drop: set[int] = set()
    for key_path in FIELDS:
        value = loaded.data
        for key in key_path:
            value = value.get(key) if isinstance(value, dict) else None
        if not isinstance(value, dict):
            continue
        codes = [code for code in value if code and code != default_lang and code in languages
                 and isinstance(value[code], str)]
        if len(codes) == len(value):
            continue  # the source language's text stays: the main manifest must keep one
        entry_lines = [loaded.line_of(*key_path, code) for code in value]
        if len(set(entry_lines)) != len(entry_lines) or loaded.line_of(*key_path) in entry_lines:
            if notes is not None:  # written on one line ({en: ..., fr: ...}): not edited as text
                notes.append(f"{where}:{loaded.line_of(*key_path)}: '{'.'.join(key_path)}' is written on one "
                             f"line: write one 'lang: text' line per language, then run this again")
            continue
        for code in codes:
            line = loaded.line_of(*key_path, code)
            assert line is not None  # a key of the mapping just read: it has its line
            first, last = _entry_span(lines, line - 1)
            comments = [lines[i].strip() for i in range(first, last + 1) if lines[i].strip().startswith("#")
                        and i < line - 1]
            moved.setdefault(code, Moved()).values[key_path] = (value[code].strip(), comments)
            drop.update(range(first, last + 1))
    return moved, drop


def _scalar(key: str, text: str, indent: str) -> str:
    dumped = yaml.safe_dump({key: text}, allow_unicode=True, width=10**6, sort_keys=False)
    return "".join(indent + line + "\n" for line in dumped.rstrip("\n").split("\n"))


def _lang_file_text(slug: str, lang: str, name: str, values: dict) -> str:
    """The text of a language's strings file: header, then title, summary, funder."""
    out = [HEADER.format(slug=slug, lang=lang, name=name)]
    for key_path in FIELDS:
        if key_path not in values or key_path[0] == "funder":
            continue
        text, comments = values[key_path]
        out += [c + "\n" for c in comments] + [_scalar(key_path[0], text, "")]
    funder = [k for k in FIELDS if k[0] == "funder" and k in values]
    if funder:
        out.append("funder:\n")
        for key_path in funder:
            text, comments = values[key_path]
            out += ["  " + c + "\n" for c in comments] + [_scalar(key_path[1], text, "  ")]
    return "".join(out)


def _existing(path: Path, where: str, root: Path | None) -> dict:
    """The values already in a language's file, as ``key path -> (text, [])``."""
    if not path.is_file():
        return {}
    try:
        data = load_yaml(read_text(path, where, "manifest", root)).data or {}
    except YamlError as exc:
        raise ContentError([Finding(where, line, "manifest", message) for line, message in exc.problems]) from None
    out: dict[tuple[str, ...], tuple[str, list[str]]] = {}
    for key_path in FIELDS:
        value: object = data
        for key in key_path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str):
            out[key_path] = (value.strip(), [])
    return out


def migrate_guide(guide_dir: Path, languages, default_lang: str, names: dict, root: Path | None = None,
                  notes: list[str] | None = None) -> list[Path]:
    """Move one guide's per-language strings; return the files written (none when already done).
    A value that its language's file already has is left where it is (``check`` names both)."""
    path = guide_dir / MANIFEST_NAME
    where = display_path(path, root)
    text = read_text(path, where, "manifest", root)
    moved, drop = _plan(text, where, languages, default_lang, notes)
    written = []
    lines = text.split("\n")
    for lang, plan in sorted(moved.items()):
        target = lang_manifest_path(guide_dir, lang)
        existing = _existing(target, display_path(target, root), root)
        clashes = set(plan.values) & set(existing)
        for key_path in clashes:  # keep the main manifest's line: the conflict stays visible
            first, last = _entry_span(lines, _line_in(text, key_path, lang) - 1)
            drop.difference_update(range(first, last + 1))
            del plan.values[key_path]
        if not plan.values:
            continue
        target.parent.mkdir(exist_ok=True)
        target.write_text(_lang_file_text(guide_dir.name, lang, names.get(lang, lang), {**existing, **plan.values}),
                          encoding="utf-8")
        written.append(target)
    if drop:
        path.write_text("\n".join(line for i, line in enumerate(lines) if i not in drop), encoding="utf-8")
        written.insert(0, path)
    return written


def _line_in(text: str, key_path: tuple, lang: str) -> int:
    """The line of ``key_path``'s ``lang`` entry in ``text`` (the plan found it there)."""
    line = load_yaml(text).line_of(*key_path, lang)
    assert line is not None
    return line


def migrate_manifests(project, names: dict, notes: list[str] | None = None) -> list[Path]:
    """Migrate every guide of ``project``; the files written."""
    written = []
    for guide in project.guides:
        written += migrate_guide(guide.path, project.languages, project.default_lang, names, project.root, notes)
    return written


def migrate_and_report(project) -> str:
    """Migrate every guide; one line per file written, then a summary."""
    names = {lang: project.language_info[lang].native_name for lang in project.languages}
    notes: list[str] = []
    written = migrate_manifests(project, names, notes)
    lines = [f"{display_path(path, project.root)}: written" for path in written] + notes
    lines.append(f"{len(written)} files written" if written else
                 "nothing moved" if notes else "nothing to move: every language's strings are already in its own folder")
    return "\n".join(lines)


__all__ = ["migrate_manifests", "migrate_guide", "migrate_and_report", "LANG_MANIFEST"]
