"""Shared helpers for the YAML data files under ``locales/`` (glossaries, support organisations):
read a file into :class:`~guidepress.model.yamlfile.LoadedYaml` or findings, validate one item of a
list against a :class:`~mkdocs.config.base.Config` schema with the line of every problem, and
collate text in a language's alphabetical order (ICU, from CLDR)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from mkdocs.config.base import Config, ValidationError

from guidepress.model.errors import ContentError, Finding
from guidepress.model.safefiles import read_text
from guidepress.model.yamlfile import LoadedYaml, YamlError, load_yaml

C = TypeVar("C", bound=Config)
"""The schema a :func:`validate_item` call validates with: the configuration it returns is of that type."""


def read_yaml(path: Path, where: str, rule: str, root: Path | None = None) -> tuple[LoadedYaml | None, list[Finding]]:
    """The parsed file, or None and the findings that say why it cannot be read (read with
    :func:`guidepress.model.safefiles.read_text`: no link, UTF-8, no NUL byte; no YAML alias). Keys
    written twice are findings, and the file is still returned so that every problem is found."""
    try:
        text = read_text(path, where, rule, root)
    except ContentError as exc:
        return None, exc.findings
    try:
        return load_yaml(text), []
    except YamlError as exc:
        return exc.loaded, [Finding(where, line, rule, message) for line, message in exc.problems]


def validate_config(cfg: Config) -> tuple[list, list]:
    """``cfg.validate()`` that reports every failing option, not only the first: MkDocs stops at
    the first error of a configuration, which would hide the others until it is fixed."""
    failed, warnings = cfg._pre_validate()
    for key, option in cfg._schema:
        try:
            cfg[key] = option.validate(cfg.get(key))
            warnings.extend((key, w) for w in option.warnings)
        except ValidationError as exc:
            failed.append((key, exc))
        finally:
            option.reset_warnings()
    warnings += [(key, f"Unrecognised configuration name: {key}") for key in sorted(set(cfg.keys()) - cfg._schema_keys)]
    if not failed:
        post_failed, post_warnings = cfg._post_validate()
        failed += post_failed
        warnings += post_warnings
    return failed, warnings


def plain(message: object) -> str:
    message = str(message)
    if message.startswith("Required configuration not provided"):
        return "this field is missing: add it"
    return message


def validate_item(schema: type[C], item: object, loaded: LoadedYaml, path: tuple, label: str,
                  where: str, rule: str, config_file: str) -> tuple[C | None, list[Finding]]:
    """Validate one mapping of a list (``path`` is its place in the file, such as ``("terms", 3)``)."""
    if not isinstance(item, dict):
        return None, [Finding(where, loaded.line_of(*path), rule,
                              f"{label} must be a set of 'field: value' lines, each field on its own line")]
    cfg = schema(config_file_path=config_file)
    cfg.load_dict(item)
    failed, warnings = validate_config(cfg)
    out = [Finding(where, loaded.line_of(*path, key), rule, f"{label}, '{key}': {plain(err)}") for key, err in failed]
    out += [Finding(where, loaded.line_of(*path, key), rule,
                    f"{label}: unknown field '{key}': remove it or check its spelling "
                    f"(known fields: {', '.join(sorted(cfg._schema_keys))})") for key, _ in warnings]
    return (None if failed else cfg), out


@lru_cache(maxsize=64)
def _collator(lang: str):
    import icu  # PyICU: CLDR's collation rules for every language (Babel has none)

    collator = icu.Collator.createInstance(icu.Locale(lang.replace("-", "_")))
    return collator


def sort_key(lang: str):
    """A key function that sorts text in ``lang``'s alphabetical order (CLDR collation through
    ICU: Swedish å ä ö after z, Czech ch after h, Chinese by pinyin...)."""
    return _collator(lang).getSortKey
