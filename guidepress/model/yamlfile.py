"""Load YAML (files and front matter) keeping the line of every mapping key.

Bounded and unambiguous: anchors and aliases (``&name``, ``*name``) are refused before the
document is built (an alias bomb of a few lines would otherwise grow to gigabytes), so every
step is linear in the text; a key written twice in one mapping is refused with the line of the
second one (YAML would silently keep the last)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: the schema parses them and names the bad ones."""


if TYPE_CHECKING:  # the C loader, when PyYAML was built with libyaml, has the same interface
    _SafeBase = yaml.SafeLoader
else:
    _SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLoader(_SafeBase):
    """The same with libyaml's parser (about ten times faster: every build reads the front
    matter of every translated page). Errors are reported by the pure-Python parser, whose
    messages the checks and their tests know."""


for _cls in (_Loader, _FastLoader):
    _cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


ANCHOR_MESSAGE = ("YAML anchors and aliases (&name, *name) are not allowed in guidepress files: "
                  "write the value out")
MAX_DEPTH = 40
"""Deepest nesting of lists and mappings accepted (real files use five levels)."""


class YamlError(ValueError):
    """Why a YAML text cannot be used: ``problems`` holds every ``(line, message)`` found (the
    first is also ``line`` and the message); ``loaded`` is the document when it could still be
    built (duplicate keys: the caller may go on validating to report everything at once)."""

    def __init__(self, line: int | None, message: str, problems: list | None = None,
                 loaded: LoadedYaml | None = None):
        self.line = line
        self.problems = problems or [(line, message)]
        self.loaded = loaded
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


def _index(node: yaml.Node, path: tuple, lines: dict, offset: int, problems: list) -> None:
    """Record the line of every key and item; add keys written twice to ``problems``. The tree
    has no shared nodes (aliases are refused) and at most :data:`MAX_DEPTH` levels, so this is
    linear."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[tuple, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1 + offset
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                if (key.tag, key.value) in seen:
                    problems.append((line, (f"the key '{key.value}' is written twice in the same block "
                                            f"(first on line {seen[key.tag, key.value]}): keep only one "
                                            f"(YAML would silently use the last)")))
                else:
                    seen[key.tag, key.value] = line
            sub = path + (key.value,)
            lines[sub] = line
            _index(value, sub, lines, offset, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1 + offset
            _index(item, path + (i,), lines, offset, problems)


def load_yaml(text: str, line_offset: int = 0) -> LoadedYaml:
    """Parse ``text``; ``line_offset`` is added to every reported line (front matter).

    Raises :class:`YamlError` for invalid YAML, anchors or aliases, nesting deeper than
    :data:`MAX_DEPTH`, and keys written twice (then ``exc.loaded`` holds the document)."""
    refuse_anchors(text, line_offset)
    try:
        node, data = _parse(text, _FastLoader)
    except yaml.YAMLError:
        node, data = None, None
    else:
        return _checked(node, data, line_offset)
    try:
        node, data = _parse(text, _Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 + line_offset if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlError(line, f"this is not valid YAML ({problem}); check indentation, colons and quotes") from exc
    return _checked(node, data, line_offset)


def refuse_anchors(text: str, line_offset: int = 0) -> None:
    """Raise :class:`YamlError` naming every line with an anchor or an alias, or the line where
    the nesting gets deeper than :data:`MAX_DEPTH`, reading only the parser's events: nothing is
    built, and libyaml's composer (which recurses, and crashes the process on a few hundred
    thousand ``[``) never sees such a text. Linear in the text."""
    lines: list[int] = []
    depth = 0
    parser = _FastLoader(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 + line_offset if event.start_mark else None
                    raise YamlError(line, f"this YAML is nested more than {MAX_DEPTH} levels deep: "
                                          f"write it with fewer levels")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1 + line_offset
                if line not in lines:
                    lines.append(line)
    except yaml.YAMLError:
        pass  # the full parse reports the syntax error (anchors before it are reported first)
    finally:
        parser.dispose()
    if lines:
        raise YamlError(lines[0], ANCHOR_MESSAGE, [(line, ANCHOR_MESSAGE) for line in lines])


def _checked(node, data, line_offset: int) -> LoadedYaml:
    """The loaded document, or :class:`YamlError` for keys written twice."""
    lines: dict[tuple, int] = {}
    problems: list[tuple[int, str]] = []
    if node is not None:
        _index(node, (), lines, line_offset, problems)
    loaded = LoadedYaml(data, lines)
    if problems:
        raise YamlError(problems[0][0], problems[0][1], problems, loaded if data is not None else None)
    return loaded


def _lines(node, line_offset: int) -> dict[tuple, int]:
    """The line of every key and item of a node tree."""
    lines: dict[tuple, int] = {}
    if node is not None:
        _index(node, (), lines, line_offset, [])
    return lines


def _parse(text: str, loader_class) -> tuple:
    """The node tree (for lines) and the data, from one parse."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


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
