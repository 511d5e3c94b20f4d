"""Whole processes: the shipped model through the real offline CLI, implicit's cosine through
``recsys_quality.py --run-cosine``; both read the same CSV with the same reader."""

from __future__ import annotations

import csv
import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .data import REPO

SCRIPT = REPO / "benchmarks" / "recsys_quality.py"


def shipped_command(train: Path, users: Path, config: Path, out: Path, k: int) -> list[str]:
    return [
        sys.executable, "-m", "recommendations.offline", "--quiet", "recommend",
        "--train", str(train), "--users", str(users), "--k", str(k), "--out", str(out),
        "--config", str(config),
    ]  # fmt: skip


def cosine_command(train: Path, users: Path, params: Path, out: Path, k: int) -> list[str]:
    return [
        sys.executable, str(SCRIPT), "--run-cosine", str(params),
        "--train", str(train), "--users", str(users), "--k", str(k), "--out", str(out),
    ]  # fmt: skip


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr}")
    return elapsed


@dataclass(frozen=True)
class Race:
    """Interleaved timings (A B A B ...) of two commands."""

    a: list[float]
    b: list[float]

    @property
    def ratios(self) -> list[float]:
        return [x / y for x, y in zip(self.a, self.b, strict=True)]

    @property
    def median_ratio(self) -> float:
        return statistics.median(self.ratios)


def race(a: list[str], b: list[str], repeats: int) -> Race:
    timed(a), timed(b)  # warm the page cache and the interpreter's bytecode
    times_a, times_b = [], []
    for i in range(repeats):
        times_a.append(timed(a))
        times_b.append(timed(b))
        print(f"  timing {i + 1}/{repeats}: {times_a[-1]:.2f} s / {times_b[-1]:.2f} s",
              file=sys.stderr, flush=True)  # fmt: skip
    return Race(times_a, times_b)


def read_recs(path: Path, user_pos: dict[str, int], item_pos: dict[str, int], k: int) -> np.ndarray:
    recs = np.full((len(user_pos), k), -1, dtype=np.int64)
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            rank = int(row["rank"])
            if rank <= k:
                recs[user_pos[row["user"]], rank - 1] = item_pos.get(row["item"], -1)
    return recs


def run_cosine(params_path: Path, train: Path, users: Path, k: int, out: Path) -> None:
    """``--run-cosine``: implicit's cosine as a whole process, reading like the shipped CLI."""
    from recommendations.engine.sequence import recency_history
    from recommendations.engine.similarity import design_matrix
    from recommendations.offline import Progress, read_interactions, read_users

    from . import baselines as bl

    params: dict[str, Any] = json.loads(params_path.read_text())
    data = read_interactions(train, Progress(sys.stderr, quiet=True))
    matrix = data.to_matrix()
    x = matrix.matrix.copy()
    if params["values"] == "binary":
        x.data[:] = 1.0
    sessions = matrix.sessions if params["sessions"] else None
    if sessions is not None and params["values"] == "binary":
        sessions = sessions.copy()
        sessions.data[:] = 1.0
    model = bl.cosine_model(design_matrix(x, sessions), params["neighbours"])
    if params["half_life"] and matrix.events is not None:
        x = recency_history(x, matrix.events, params["half_life"])
    wanted = read_users(users)
    rows = np.array([matrix.user_row(u) for u in wanted], dtype=np.int64)
    ids = bl.implicit_recommend(model, x[rows], np.arange(rows.size), k)
    with open(out, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["user", "item", "rank"])
        for user, row in zip(wanted, ids, strict=True):
            for rank, item in enumerate([i for i in row.tolist() if i >= 0][:k], start=1):
                writer.writerow([user, matrix.item_ids[item], rank])
