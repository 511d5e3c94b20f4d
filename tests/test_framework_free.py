"""Every framework-free engine imports without Django or Celery, at run time.

The import-linter contract "Engines know no framework" (``make lint``) checks the import
statements; this checks what really happens when a fresh interpreter imports each engine
(package ``__init__`` files, conditional imports, imports made by libraries). The list of
engines is the contract's own, so a new engine is covered by adding it there once.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ("django", "celery", "kombu", "rest_framework")


def engines() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["name"] == "Engines know no framework"]
    return list(contract["source_modules"])


def test_the_contract_lists_the_engines():
    assert {
        "recommendations.engine",
        "customer_service.assistant",
        "shop.ml",
        "shop.offers.engine",
    } <= set(engines())


@pytest.mark.parametrize("module", engines())
def test_an_engine_imports_without_a_framework(module):
    probe = (
        "import importlib, json, os, pkgutil, sys\n"
        f"package = importlib.import_module({module!r})\n"
        # A package's submodules too: each is imported as its users import it.
        "paths = getattr(package, '__path__', [])\n"
        "for info in pkgutil.walk_packages(paths, package.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        f"print(json.dumps({{'loaded': sorted(m for m in {FRAMEWORKS!r} if m in sys.modules),"
        " 'settings': os.environ.get('DJANGO_SETTINGS_MODULE')}))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"loaded": [], "settings": None}
