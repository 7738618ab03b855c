"""Errors a person can act on: each names a file, a line when known, and how to fix it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError


@dataclass(frozen=True)
class Finding:
    """One problem in one file: ``path:line: [rule] message``."""

    path: str
    line: int | None
    rule: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: [{self.rule}] {self.message}"


class ContentError(PluginError):
    """Invalid content (manifest, front matter, catalog). Carries every finding at once."""

    def __init__(self, findings: list[Finding]):
        self.findings = list(findings)
        super().__init__("\n".join(str(f) for f in self.findings))


def display_path(path: Path | str, root: Path | None) -> str:
    """``path`` relative to the project root when it is inside it, for messages."""
    path = Path(os.path.abspath(path))
    if root is not None:
        try:
            return path.relative_to(os.path.abspath(root)).as_posix()
        except ValueError:
            pass
    return str(path)
