"""``guides/<slug>/<lang>/guide.yml``: one language's strings of a guide, in that language's folder.

A translator's title, summary, funder name and independence statement can live next to their
pages, so that their pull request touches only their language's folder (and CODEOWNERS can give
the folder to the language team)::

    title: Questions à poser à votre équipe soignante
    summary: Des idées simples ...
    funder:
      independence: Aucun financeur n'a eu son mot à dire ...

Every field is optional. The file is read through :mod:`guidepress.model.safefiles`, validated with a
schema (every problem at once, with its line), and merged over the main manifest's values for
that language. The main manifest's per-language form (``title: {fr: ...}``) stays readable; a
value given in both places is an error naming both lines. ``guidepress migrate manifests``
(:mod:`guidepress.commands.migrate`) moves the strings from the main manifest into these files.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from guidepress.model.datafile import plain, read_yaml, validate_config
from guidepress.model.errors import Finding, display_path

LANG_MANIFEST = "guide.yml"
"""Name of a language's strings file, inside ``guides/<slug>/<lang>/`` (not a page: not ``.md``)."""

FIELDS = {("title",): "title", ("summary",): "summary", ("funder", "name"): "funder_name",
          ("funder", "independence"): "independence"}
"""Key path in the files -> attribute of :class:`guidepress.model.manifest.Guide`."""


def _text_option() -> c.Optional:
    return c.Optional(c.Type(str))


class LanguageFunderConfig(Config):
    name = _text_option()
    """The funder's name in this language (when it has one)."""
    independence = _text_option()
    """The independence statement in this language."""


class LanguageStringsConfig(Config):
    """Schema of ``guides/<slug>/<lang>/guide.yml``."""

    title = _text_option()
    """The guide's title in this language."""
    summary = _text_option()
    """The guide's summary in this language."""
    funder = c.Optional(c.Type(dict))
    """``name`` and ``independence`` of the funder in this language."""
    videos = c.Optional(c.Type(dict))
    """Each video's title in this language: ``videos: {<id>: {title: ...}}``."""


def lang_manifest_path(guide_dir: Path, lang: str) -> Path:
    return guide_dir / lang / LANG_MANIFEST


def _schema_findings(cfg: Config, data: dict, loaded, where: str, parent: tuple = ()) -> list[Finding]:
    """Every failing or unknown field of ``cfg`` (loaded from ``data``), with its line."""
    cfg.load_dict(data)
    failed, warnings = validate_config(cfg)
    out = []
    for key, err in failed:
        message = plain(err)
        if "Expected type" in message:
            message = "write the text after the colon, on one line or as a YAML block" if key != "funder" else \
                "write 'funder:' followed by indented 'name: ...' and/or 'independence: ...' lines"
        out.append(Finding(where, loaded.line_of(*parent, key), "manifest", f"'{'.'.join((*parent, key))}': {message}"))
    for key, _ in warnings:
        known = ", ".join(sorted(cfg._schema_keys))
        out.append(Finding(where, loaded.line_of(*parent, key), "manifest",
                           f"'{'.'.join((*parent, key))}': unknown field: remove it or check its spelling "
                           f"(a language's guide.yml holds {known})"))
    return out


def load_lang_strings(guide_dir: Path, lang: str, root: Path | None = None) -> tuple[dict, list[Finding]]:
    """The strings of ``<lang>/guide.yml`` as ``{("title",): (text, line), ...}`` and every problem
    of the file (empty when there is no such file)."""
    path = lang_manifest_path(guide_dir, lang)
    if not path.is_file() and not path.is_symlink():
        return {}, []
    where = display_path(path, root)
    try:
        loaded, findings = read_yaml(path, where, "manifest", root)
    except FileNotFoundError:
        return {}, []
    if loaded is None:
        return {}, findings
    data = loaded.data
    if data is None:
        return {}, findings
    if not isinstance(data, dict):
        return {}, findings + [Finding(where, 1, "manifest", "this file must be 'key: value' lines: title, summary, "
                                                             "funder (with name and independence)")]
    findings += _schema_findings(LanguageStringsConfig(config_file_path=str(path)), data, loaded, where)
    if isinstance(data.get("funder"), dict):
        findings += _schema_findings(LanguageFunderConfig(), data["funder"], loaded, where, ("funder",))
    out = {}
    for key_path in FIELDS:
        value: object = data
        for key in key_path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None:
            continue
        if isinstance(value, str) and value.strip():
            out[key_path] = (value.strip(), loaded.line_of(*key_path))
        elif isinstance(value, str):
            findings.append(Finding(where, loaded.line_of(*key_path), "manifest",
                                    f"'{'.'.join(key_path)}' is empty: write the text, or remove the line"))
    for vid, entry in (data.get("videos") or {}).items() if isinstance(data.get("videos"), dict) else ():
        title = entry.get("title") if isinstance(entry, dict) else None
        if not isinstance(title, str) or not title.strip() or set(entry) != {"title"}:
            findings.append(Finding(where, loaded.line_of("videos", vid), "manifest",
                                    f"'videos.{vid}' must hold one line 'title: ...' (the video's title in this language)"))
            continue
        out["videos", str(vid), "title"] = (title.strip(), loaded.line_of("videos", vid, "title"))
    return out, findings


def merge_lang_strings(guide_dir: Path, languages, values: dict[str, dict], main_lines: dict,
                       main_where: str, root: Path | None = None) -> list[Finding]:
    """Merge every language folder's strings into ``values`` (``Guide`` attribute -> {lang: text})
    and return the problems. ``main_lines[(attribute, lang)]`` is the line where the main manifest
    gives that language's value: giving it in both files is an error naming both."""
    findings: list[Finding] = []
    for lang in languages:
        strings, problems = load_lang_strings(guide_dir, lang, root)
        findings += problems
        where = display_path(lang_manifest_path(guide_dir, lang), root)
        for key_path, (text, line) in strings.items():
            if key_path[0] == "videos":  # a video's title
                titles = values.get("videos", {}).get(key_path[1])
                if titles is None:
                    findings.append(Finding(where, line, "manifest", f"there is no video '{key_path[1]}' in "
                                                                     f"{main_where}: fix the id or remove it"))
                elif ("videos", key_path[1], lang) in main_lines:
                    findings.append(Finding(where, line, "manifest", f"the title of the video '{key_path[1]}' in "
                                            f"'{lang}' is given twice: here and in {main_where}:"
                                            f"{main_lines['videos', key_path[1], lang]}: keep one"))
                else:
                    titles[lang] = text
                continue
            attribute = FIELDS[key_path]
            target = values.get(attribute)
            if not isinstance(target, dict):
                findings.append(Finding(where, line, "manifest", f"'{'.'.join(key_path)}' cannot be given per "
                                                                 f"language: write it in {main_where}"))
                continue
            if (attribute, lang) in main_lines:
                other = main_lines[attribute, lang]
                findings.append(Finding(where, line, "manifest",
                                        f"'{'.'.join(key_path)}' in '{lang}' is given twice: here and in "
                                        f"{main_where}:{other}: keep one (guidepress migrate manifests moves "
                                        f"the main manifest's strings into this file)"))
                continue
            target[lang] = text
    return findings


def main_lines(loaded, default_lang: str) -> dict:
    """``(Guide attribute, lang) -> line`` of each per-language string of the main manifest (a
    plain string is the source language's)."""
    out: dict[tuple[str, ...], int | None] = {}
    for key_path, attribute in FIELDS.items():
        value = loaded.data
        for key in key_path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, dict):
            out.update({(attribute, code or default_lang): loaded.line_of(*key_path, code) for code in value})
        elif isinstance(value, str):
            out[attribute, default_lang] = loaded.line_of(*key_path)
    videos = loaded.data.get("videos")
    for i, item in enumerate(videos if isinstance(videos, list) else ()):
        if isinstance(item, dict) and isinstance(item.get("title"), dict):
            out.update({("videos", str(item.get("id")), code): loaded.line_of("videos", i, "title", code)
                        for code in item["title"]})
    return out
