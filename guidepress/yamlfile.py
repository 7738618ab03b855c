"""Load YAML (files and front matter) keeping the line of every mapping key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: the schema parses them and names the bad ones."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same with libyaml's parser (about ten times faster: every build reads the front
    matter of every translated page). Errors are reported by the pure-Python parser, whose
    messages the checks and their tests know."""


for _cls in (_Loader, _FastLoader):
    _cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class YamlError(ValueError):
    def __init__(self, line: int | None, message: str):
        self.line = line
        super().__init__(message)


@dataclass
class LoadedYaml:
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)
    """Line (1-based) of each key, by path: ``("co_creators", 0, "role") -> 12``."""

    def line_of(self, *path: Any, default: int | None = None) -> int | None:
        """Line of the deepest known key along ``path``."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return default


def _index(node: yaml.Node, path: tuple, lines: dict, offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = path + (key.value,)
            lines[sub] = key.start_mark.line + 1 + offset
            _index(value, sub, lines, offset)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1 + offset
            _index(item, path + (i,), lines, offset)


def load_yaml(text: str, line_offset: int = 0) -> LoadedYaml:
    """Parse ``text``; ``line_offset`` is added to every reported line (front matter)."""
    try:
        node, data = _parse(text, _FastLoader)
    except yaml.YAMLError:
        node, data = None, None
    else:
        return LoadedYaml(data, _lines(node, line_offset))
    try:
        node, data = _parse(text, _Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 + line_offset if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlError(line, f"this is not valid YAML ({problem}); check indentation, colons and quotes") from exc
    return LoadedYaml(data, _lines(node, line_offset))


def _parse(text: str, loader_class) -> tuple:
    """The node tree (for lines) and the data, from one parse."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _lines(node, line_offset: int) -> dict[tuple, int]:
    lines: dict[tuple, int] = {}
    if node is not None:
        _index(node, (), lines, line_offset)
    return lines


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split ``---`` front matter from a Markdown page.

    Returns ``(front_matter_text or None, body, body_start_line)`` where ``body_start_line`` is
    the 1-based line of the body's first line in the file.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    raise YamlError(1, "the front matter that starts on line 1 is never closed: add a line '---' after it")
