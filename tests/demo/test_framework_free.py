"""The generator must stay usable without Django: only stdlib, numpy and Pillow imports."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import shop.catalogue.demo as demo

ALLOWED_THIRD_PARTY = {"numpy", "PIL"}


def test_demo_package_imports_only_stdlib_numpy_and_pillow() -> None:
    package = Path(demo.__file__).parent
    imported: set[str] = set()
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])

    assert imported - sys.stdlib_module_names - ALLOWED_THIRD_PARTY == set()
