"""The load benchmark's server (benchmarks/load.py): production settings plus the floor view.

``config.benchmark_urls`` mounts, before the shop's own URLs, a view that touches neither the
database nor a template, so the benchmark can measure what the full middleware stack alone
costs on the machine. No deployment uses this module: production's ROOT_URLCONF is
``config.urls``, which has no such view.
"""

from __future__ import annotations

from .production import *  # noqa: F403

ROOT_URLCONF = "config.benchmark_urls"
