"""No Python module over 400 lines outside migrations and data files (issue 12): a module that
grows past it is doing two jobs and splits along them."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 400


def tracked_python_modules() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return [ROOT / name for name in out.split() if "/migrations/" not in name]


def test_no_module_is_over_the_limit():
    modules = tracked_python_modules()
    assert len(modules) > 100  # the listing found the project, not an empty tree
    too_long = {
        str(path.relative_to(ROOT)): count
        for path in modules
        if path.exists() and (count := len(path.read_text().splitlines())) > LIMIT
    }
    assert too_long == {}
