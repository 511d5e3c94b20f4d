"""Offline command line: batch recommendations and evaluation from CSV files.

    python -m recommendations.offline recommend --train TRAIN.csv --users USERS.txt \\
        --k 10 --out RECS.csv [--config PARAMS.json]
    python -m recommendations.offline recommend --train TRAIN.csv --baskets SEEDS.csv \\
        --k 10 --out RECS.csv [--config PARAMS.json]
    python -m recommendations.offline evaluate --interactions FILE.csv

Input CSV: header ``user,item,value[,timestamp]``; ids are strings, ``value`` is a rating or a
quantity (weighted by ``log1p``; zero or negative values are ignored), ``timestamp`` (unix
seconds) is optional and lets the model use sessions, order and recency. Malformed input stops
with a message naming the line and exit status 2. Progress goes to stderr.

``--users`` writes personal recommendations (``user,item,rank``). ``--baskets`` takes seed
baskets (``basket,item``, one row per item) and writes their completions
(``basket,item,rank``) from the complements model, the code path of the cart's "Complete your
order": training baskets are each user's events split at 600 s of silence when the CSV has
timestamps, else each user's rows. ``--config`` sets the models' parameters
(``recommendations.engine.params``).

Framework-free on purpose: it runs where Django is not installed, and it is what the quality
benchmark times as "the shipped recommender's whole process".
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TextIO

import numpy as np
import scipy.sparse as sp

from recommendations.engine.complements import Complements, baskets_of
from recommendations.engine.evaluation import ranking_metrics, split_per_user
from recommendations.engine.interactions import InteractionMatrix, build_from_values
from recommendations.engine.params import ModelParams
from recommendations.engine.popularity import item_popularity
from recommendations.engine.recommender import Recommender
from recommendations.engine.similarity import Neighbours

EXIT_INPUT_ERROR = 2
PROGRESS_EVERY = 200_000
USERS_PER_BATCH = 20_000


class InputError(Exception):
    """Malformed input; the message names the file and line."""


@dataclass(frozen=True)
class Interactions:
    """Columns of an interactions CSV (parallel arrays)."""

    users: np.ndarray
    items: np.ndarray
    values: np.ndarray
    timestamps: np.ndarray | None

    def subset(self, mask: np.ndarray) -> Interactions:
        times = None if self.timestamps is None else self.timestamps[mask]
        return Interactions(self.users[mask], self.items[mask], self.values[mask], times)

    def to_matrix(self, item_universe: np.ndarray | None = None) -> InteractionMatrix:
        return build_from_values(
            self.users, self.items, self.values, self.timestamps, item_universe=item_universe
        )


class Progress:
    """Terse progress lines on stderr, only once the input is large enough to wait for."""

    def __init__(self, stream: TextIO, quiet: bool = False) -> None:
        self.stream = stream
        self.quiet = quiet
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            elapsed = time.perf_counter() - self.start
            print(f"[{elapsed:7.1f}s] {message}", file=self.stream, flush=True)


def read_interactions(path: Path, progress: Progress) -> Interactions:
    """Parse and validate an interactions CSV.

    Rows are split by the csv module and checked for their width; numbers are converted in
    bulk and only re-scanned one by one, to name the offending line, when that fails.
    """
    users: list[str] = []
    items: list[str] = []
    values: list[str] = []
    stamps: list[str] = []
    lines: list[int] = []
    with _open(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        expected = ["user", "item", "value"]
        names = [h.strip().lower() for h in header] if header else []
        if names not in (expected, [*expected, "timestamp"]):
            raise InputError(
                f"{path}: line 1: bad header {header!r}; expected user,item,value[,timestamp]"
            )
        width = len(names)
        for row in reader:
            if len(row) != width:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue  # blank line
                raise InputError(
                    f"{path}: line {reader.line_num}: expected {width} columns, got {len(row)}"
                )
            user, item = row[0].strip(), row[1].strip()
            if not user or not item:
                raise InputError(f"{path}: line {reader.line_num}: empty user or item id")
            users.append(user)
            items.append(item)
            values.append(row[2])
            if width == 4:
                stamps.append(row[3])
            lines.append(reader.line_num)
            if len(users) % PROGRESS_EVERY == 0:
                progress(f"read {len(users):,} rows")
    progress(f"read {len(users):,} rows from {path}")
    return Interactions(
        users=_strings(users),
        items=_strings(items),
        values=_numbers(values, "value", path, lines),
        timestamps=_numbers(stamps, "timestamp", path, lines) if width == 4 else None,
    )


def read_users(path: Path) -> list[str]:
    """One user id per line; blank lines are skipped, order and duplicates are kept."""
    with _open(path) as handle:
        return [line.strip() for line in handle if line.strip()]


def read_baskets(path: Path) -> tuple[list[str], list[list[str]]]:
    """Seed baskets from a ``basket,item`` CSV: ids in first-seen order and their items."""
    baskets: dict[str, list[str]] = {}
    with _open(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header or [h.strip().lower() for h in header] != ["basket", "item"]:
            raise InputError(f"{path}: line 1: bad header {header!r}; expected basket,item")
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != 2 or not row[0].strip() or not row[1].strip():
                raise InputError(f"{path}: line {reader.line_num}: expected basket,item")
            baskets.setdefault(row[0].strip(), []).append(row[1].strip())
    return list(baskets), list(baskets.values())


def read_params(path: str | None) -> ModelParams:
    if path is None:
        return ModelParams()
    try:
        with _open(Path(path)) as handle:
            return ModelParams.from_dict(json.load(handle))
    except (ValueError, TypeError) as exc:
        raise InputError(f"{path}: {exc}") from None


def cmd_recommend(args: argparse.Namespace, progress: Progress) -> int:
    params = read_params(args.config)
    data = read_interactions(Path(args.train), progress)
    train = data.to_matrix()
    if args.baskets:
        return _complete_baskets(args, params, train, progress)
    wanted = read_users(Path(args.users))
    progress(f"fitting on {train.n_users:,} users x {train.n_items:,} items")
    model = params.recommender().fit(train.matrix, train.sessions, train.events)

    rows = np.array([train.user_row(u) for u in wanted], dtype=object)
    known = np.array([r is not None for r in rows], dtype=bool)
    picked = model.scored_history(rows[known].astype(np.int64))
    histories = _scatter_rows(picked, np.flatnonzero(known), len(wanted))
    progress(f"recommending for {len(wanted):,} users ({int((~known).sum()):,} unknown)")
    with _open(Path(args.out), "w") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["user", "item", "rank"])
        ids = train.item_ids
        for lo in range(0, len(wanted), USERS_PER_BATCH):
            batch = histories[lo : lo + USERS_PER_BATCH]
            recs = model.recommend_histories(batch, args.k, explain=False)
            for user, row in zip(wanted[lo : lo + USERS_PER_BATCH], recs.items, strict=True):
                for rank, item in enumerate(row[row >= 0].tolist(), start=1):
                    writer.writerow([user, ids[item], rank])
            progress(f"{min(lo + USERS_PER_BATCH, len(wanted)):,} users done")
    progress(f"wrote {args.out}")
    return 0


def _complete_baskets(
    args: argparse.Namespace, params: ModelParams, train: InteractionMatrix, progress: Progress
) -> int:
    """``recommend --baskets``: each seed basket completed by the complements model.

    Seed items outside the training catalogue cannot point anywhere and are ignored; a basket
    of only such items gets the size prior's choice.
    """
    names, seeds = read_baskets(Path(args.baskets))
    baskets = baskets_of(train)
    progress(f"fitting complements on {baskets.shape[0]:,} baskets x {train.n_items:,} items")
    model = Complements(params.complements).fit(baskets)
    cols = [[c for c in map(train.item_col, items) if c is not None] for items in seeds]
    rows = np.repeat(np.arange(len(cols)), [len(c) for c in cols])
    flat = np.fromiter((c for row in cols for c in row), dtype=np.int64, count=rows.size)
    matrix = sp.csr_matrix(
        (np.ones(rows.size, np.float32), (rows, flat)), shape=(len(cols), train.n_items)
    )
    progress(f"completing {len(names):,} baskets")
    done = model.complete_many(matrix, args.k)
    with _open(Path(args.out), "w") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["basket", "item", "rank"])
        for name, row in zip(names, done.items, strict=True):
            for rank, item in enumerate(row[row >= 0].tolist(), start=1):
                writer.writerow([name, train.item_ids[item], rank])
    progress(f"wrote {args.out}")
    return 0


def cmd_evaluate(args: argparse.Namespace, progress: Progress) -> int:
    data = read_interactions(Path(args.interactions), progress)
    split = evaluate_split(data, args.k, args.seed, progress)
    print(f"users evaluated: {split['users']}, catalogue: {split['catalogue']} items")
    print(f"{'model':<12} {'P@k':>8} {'R@k':>8} {'NDCG@k':>8} {'MAP@k':>8} {'coverage':>9}")
    for name in ("popularity", "shipped"):
        m = split[name]
        print(
            f"{name:<12} {m['precision']:8.4f} {m['recall']:8.4f} {m['ndcg']:8.4f} "
            f"{m['map']:8.4f} {m['coverage']:9.4f}"
        )
    return 0


def evaluate_split(
    data: Interactions, k: int = 10, seed: int = 42, progress: Progress | None = None
) -> dict[str, Any]:
    """80/20 per-user split; metrics of the popularity baseline and the shipped recommender."""
    progress = progress or Progress(sys.stderr, quiet=True)
    _, user_index = np.unique(data.users, return_inverse=True)
    test_mask = split_per_user(user_index, seed=seed)
    catalogue = np.unique(data.items)
    train = data.subset(~test_mask).to_matrix(item_universe=catalogue)
    test = data.subset(test_mask)
    rows = np.array([train.user_row(u) for u in test.users], dtype=object)
    cols = np.array([train.item_col(i) for i in test.items], dtype=np.int64)
    seen = np.array([r is not None for r in rows], dtype=bool)
    test_matrix = sp.csr_matrix(
        (np.ones(int(seen.sum())), (rows[seen].astype(np.int64), cols[seen])),
        shape=train.matrix.shape,
    )
    users = np.flatnonzero(np.diff(test_matrix.indptr) > 0)
    progress(f"train {train.matrix.nnz:,} / test {test_matrix.nnz:,} interactions")

    results: dict[str, Any] = {"users": int(users.size), "catalogue": int(catalogue.size)}
    popularity = Recommender.from_neighbours(
        Neighbours.empty(train.n_items), item_popularity(train.matrix)
    )
    shipped = Recommender().fit(train.matrix, train.sessions)
    progress("fitted")
    for name, model in (("popularity", popularity), ("shipped", shipped)):
        recs = model.recommend_histories(train.matrix[users], k, explain=False)
        metrics = ranking_metrics(recs.items, test_matrix[users], catalogue.size, k)
        results[name] = metrics.as_dict()
        progress(f"{name}: {users.size:,} users done")
    return results


def _scatter_rows(picked: sp.csr_matrix, positions: np.ndarray, n_rows: int) -> sp.csr_matrix:
    """Place ``picked`` rows at ``positions`` of an otherwise empty ``n_rows`` matrix."""
    place = sp.csr_matrix(
        (np.ones(positions.size, np.float32), (positions, np.arange(positions.size))),
        shape=(n_rows, positions.size),
    )
    return (place @ picked).tocsr()


def _numbers(texts: list[str], column: str, path: Path, lines: list[int]) -> np.ndarray:
    """Convert a column to float64; on failure name the first offending line."""
    try:
        values = np.array(texts, dtype=np.float64)
    except ValueError:
        values = None
    if values is not None and np.isfinite(values).all():
        return values
    for text, line in zip(texts, lines, strict=True):
        try:
            ok = math.isfinite(float(text))
        except ValueError:
            ok = False
        if not ok:
            raise InputError(f"{path}: line {line}: {column} {text!r} is not a finite number")
    raise AssertionError("unreachable: a conversion failed but every row converts")


def _strings(values: list[str]) -> np.ndarray:
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


def _open(path: Path, mode: str = "r") -> IO[str]:
    try:
        return open(path, mode, newline="", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m recommendations.offline", description=__doc__)
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    rec = sub.add_parser("recommend", help="top-k for listed users or for seed baskets")
    rec.add_argument("--train", required=True, help="interactions CSV: user,item,value[,timestamp]")
    whom = rec.add_mutually_exclusive_group(required=True)
    whom.add_argument("--users", help="text file, one user id per line")
    whom.add_argument("--baskets", help="seed baskets CSV: basket,item (cart completion)")
    rec.add_argument("--k", type=int, default=10, help="recommendations per row (default 10)")
    rec.add_argument("--out", required=True, help="output CSV: user|basket,item,rank")
    rec.add_argument("--config", help="model parameters, JSON (recommendations.engine.params)")

    ev = sub.add_parser("evaluate", help="80/20 per-user hold-out: popularity vs shipped model")
    ev.add_argument("--interactions", required=True, help="interactions CSV")
    ev.add_argument("--k", type=int, default=10, help="list length (default 10)")
    ev.add_argument("--seed", type=int, default=42, help="split seed (default 42)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "k", 1) < 1:
        parser.error("--k must be at least 1")
    progress = Progress(sys.stderr, quiet=args.quiet)
    commands = {"recommend": cmd_recommend, "evaluate": cmd_evaluate}
    try:
        return commands[args.command](args, progress)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERROR


if __name__ == "__main__":
    sys.exit(main())
