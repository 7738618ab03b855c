"""The packages of guidepress show the data flow, and imports only point down it.

commands -> plugin (the site) -> pdf (print) -> view -> text, safety -> model (and patches, the
changes made to other libraries, which imports no other package). A module may import
its own package and any package below it; an import that points back up (or sideways between
text and safety) fails here, wherever it is written (top of the module or inside a function).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "guidepress"
RANKS = {
    "patches": 0,  # imports only the libraries it patches; the site and print call it
    "model": 0,
    "safety": 1,
    "text": 1,
    "view": 2,
    "pdf": 3,
    "plugin": 4,
    "commands": 5,
}
TOP = {"__init__", "__main__"}


def _module(path: Path) -> list[str]:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _imports(path: Path):
    """(line, imported module as a dotted list) for every guidepress import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    here = _module(path)
    package = here if path.name == "__init__.py" else here[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "guidepress":
                    yield node.lineno, alias.name.split(".")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = base + (node.module.split(".") if node.module else [])
            elif node.module and node.module.split(".")[0] == "guidepress":
                target = node.module.split(".")
            else:
                continue
            if len(target) == 1:  # from guidepress import x: x is the package imported
                for alias in node.names:
                    yield node.lineno, target + [alias.name]
            else:
                yield node.lineno, target


def _package(parts: list[str]) -> str | None:
    return parts[1] if len(parts) > 1 and parts[1] not in TOP and (PACKAGE / parts[1]).is_dir() else None


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_lives_in_a_package_of_the_flow():
    loose = [str(p.relative_to(PACKAGE.parent)) for p in _modules()
             if p.parent == PACKAGE and p.stem not in TOP]
    assert not loose, f"modules outside the packages {sorted(RANKS)}: {loose}"
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages == set(RANKS), f"packages {sorted(packages)} != the flow {sorted(RANKS)}"


@pytest.mark.parametrize("package", sorted(RANKS))
def test_each_package_says_what_it_owns(package):
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc.split()) >= 25, f"guidepress/{package}/__init__.py needs a paragraph saying what it owns"


def test_imports_only_point_down():
    back = []
    for path in _modules():
        own = _package(_module(path))
        if own is None:
            continue
        for line, target in _imports(path):
            other = _package(target)
            if other is None or other == own:
                continue
            if RANKS[other] >= RANKS[own]:
                back.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {own} imports {'.'.join(target)} ({other})")
    assert not back, "imports that point back up the flow:\n" + "\n".join(back)


def test_the_check_sees_an_import_that_points_back(tmp_path, monkeypatch):
    """The checker itself: a model module that imports the site is reported, also inside a function."""
    fake = tmp_path / "guidepress"
    for package in RANKS:
        (fake / package).mkdir(parents=True)
        (fake / package / "__init__.py").write_text('"""x"""\n')
    (fake / "model" / "bad.py").write_text("def f():\n    from ..plugin import shards\n")
    (fake / "text" / "bad.py").write_text("import guidepress.safety.html\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    with pytest.raises(AssertionError) as failure:
        test_imports_only_point_down()
    assert "guidepress/model/bad.py:2: model imports guidepress.plugin (plugin)" in str(failure.value)
    assert "guidepress/text/bad.py:1: text imports guidepress.safety.html" in str(failure.value)
