"""The generator must stay usable without Django: only stdlib, numpy and Pillow imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import shop.demo.engine as demo

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


def test_importing_and_running_the_generator_loads_neither_django_nor_celery() -> None:
    # A fresh interpreter: this test process has Django loaded already. The parent packages
    # (shop, shop.demo) are imported on the way, so they must stay framework-free too.
    script = (
        "import sys\n"
        "from shop.demo.engine import generate, render_product_image\n"
        "generate('small', seed=1)\n"
        "render_product_image(title='Kite', category='toys', seed=1, size=64)\n"
        "print(sorted(m for m in ('django', 'celery') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(demo.__file__).parents[3],
    )
    assert result.stdout.strip() == "[]"
