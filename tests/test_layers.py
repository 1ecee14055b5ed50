"""The layers import one way: core ← rules/readers/writers ← services ← cli/web."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "jixiao"

ALLOWED = {
    "core": {"core"},
    "rules": {"core", "rules"},
    "readers": {"core", "readers"},
    "writers": {"core", "writers"},
    "services": {"core", "rules", "readers", "writers", "services"},
    "web": {"core", "services", "web"},
    "cli": {"core", "services", "web"},
}
THIRD_PARTY_IN_CORE: set[str] = set()


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _layer_files() -> list[tuple[str, Path]]:
    out = [(p.relative_to(PACKAGE).parts[0], p) for p in PACKAGE.rglob("*.py")
           if p.relative_to(PACKAGE).parts[0] in ALLOWED]
    out += [("cli", PACKAGE / "cli.py")]
    return out


@pytest.mark.parametrize(("layer", "path"), _layer_files(), ids=lambda x: str(x))
def test_layer_imports_only_what_it_may(layer: str, path: Path) -> None:
    for name in _imports(path):
        if name.startswith("jixiao."):
            target = name.split(".")[1]
            if target in {"__init__"}:
                continue
            assert target in ALLOWED[layer], f"{path.name} ({layer}) imports {name}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "core").rglob("*.py")), ids=lambda p: p.name)
def test_core_uses_only_the_standard_library(path: Path) -> None:
    for name in _imports(path):
        top = name.split(".")[0]
        assert top == "jixiao" or top in sys.stdlib_module_names, f"{path.name} imports {name}"
