"""Shared helpers for the YAML data files under ``locales/`` (glossaries, support organisations):
read a file into :class:`~guidepress.yamlfile.LoadedYaml` or findings, validate one item of a
list against a :class:`~mkdocs.config.base.Config` schema with the line of every problem, and
collate text in a language's alphabetical order (ICU, from CLDR)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from mkdocs.config.base import Config

from .errors import Finding
from .yamlfile import LoadedYaml, YamlError, load_yaml


def read_yaml(path: Path, where: str, rule: str) -> tuple[LoadedYaml | None, list[Finding]]:
    """The parsed file, or None and the findings that say why it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Finding(where, None, rule, "the file is not UTF-8 text: save it as UTF-8")]
    try:
        return load_yaml(text), []
    except YamlError as exc:
        return None, [Finding(where, exc.line, rule, str(exc))]


def plain(message: object) -> str:
    message = str(message)
    if message.startswith("Required configuration not provided"):
        return "this field is missing: add it"
    return message


def validate_item(schema: type[Config], item: object, loaded: LoadedYaml, path: tuple, label: str,
                  where: str, rule: str, config_file: str) -> tuple[Config | None, list[Finding]]:
    """Validate one mapping of a list (``path`` is its place in the file, such as ``("terms", 3)``)."""
    if not isinstance(item, dict):
        return None, [Finding(where, loaded.line_of(*path), rule,
                              f"{label} must be a set of 'field: value' lines, each field on its own line")]
    cfg = schema(config_file_path=config_file)
    cfg.load_dict(item)
    failed, warnings = cfg.validate()
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
