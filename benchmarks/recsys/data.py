"""Data and splits of the recommendation benchmarks (read in place from ``shared/data``).

Every split is made twice the same way: once on the whole log (train / test) and once more on
the training part only (fit / validation), so that tuning never sees the test split.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from recommendations.engine.evaluation import split_per_user
from recommendations.engine.interactions import InteractionMatrix, build_from_values

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"
MOVIELENS = SHARED / "ml-latest-small"
GROCERIES = SHARED / "groceries"
SEED = 42
TEST_FRACTION = 0.2


@dataclass(frozen=True)
class Log:
    """Interaction log as parallel arrays in file order (ids are strings)."""

    users: np.ndarray
    items: np.ndarray
    values: np.ndarray
    timestamps: np.ndarray

    def subset(self, mask: np.ndarray) -> Log:
        return Log(self.users[mask], self.items[mask], self.values[mask], self.timestamps[mask])

    def user_index(self) -> np.ndarray:
        return np.unique(self.users, return_inverse=True)[1].ravel()

    def write_csv(self, path: Path) -> None:
        with open(path, "w", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["user", "item", "value", "timestamp"])
            writer.writerows(
                zip(
                    self.users.tolist(),
                    self.items.tolist(),
                    self.values.tolist(),
                    self.timestamps.tolist(),
                    strict=True,
                )
            )


def load_movielens(directory: Path = MOVIELENS) -> Log:
    users, items, values, stamps = [], [], [], []
    with open(directory / "ratings.csv", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for user, item, rating, stamp in reader:
            users.append(user)
            items.append(item)
            values.append(float(rating))
            stamps.append(float(stamp))
    return Log(_objects(users), _objects(items), np.array(values), np.array(stamps))


def load_synthetic() -> Log:
    """Generated shop baskets: quantities as values, one timestamp per basket."""
    from benchmarks.synthetic import generate_shop

    shop = generate_shop(
        n_users=4000, n_items=6000, n_interactions=150_000, n_categories=60, seed=1
    )
    return Log(
        _objects([f"u{u}" for u in shop.users]),
        _objects([f"i{i}" for i in shop.items]),
        shop.quantities.astype(np.float64),
        shop.timestamps,
    )


def temporal_per_user(
    user_index: np.ndarray, timestamps: np.ndarray, test_fraction: float = TEST_FRACTION
) -> np.ndarray:
    """Held-out mask: each user's newest ``round(fraction * n)`` interactions (at least one,
    none for single-interaction users), the same counts as ``split_per_user``. Ties in time
    are broken by file order."""
    users = np.asarray(user_index)
    n = users.size
    order = np.lexsort((np.arange(n), timestamps, users))
    sorted_users = users[order]
    starts = np.r_[0, np.flatnonzero(sorted_users[1:] != sorted_users[:-1]) + 1] if n else []
    counts = np.diff(np.r_[starts, n])
    n_test = np.where(counts >= 2, np.maximum(1, np.round(test_fraction * counts)), 0)
    rank = np.arange(n) - np.repeat(starts, counts)
    test = np.zeros(n, dtype=bool)
    test[order[rank >= np.repeat(counts - n_test, counts)]] = True
    return test


def random_per_user(user_index: np.ndarray, timestamps: np.ndarray) -> np.ndarray:
    del timestamps  # same signature as temporal_per_user
    return split_per_user(user_index, TEST_FRACTION, SEED)


SPLITS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "random": random_per_user,
    "temporal": temporal_per_user,
}


@dataclass
class Split:
    """A training log, its matrices (built from the training rows only) and the held-out set.

    ``test`` is users x catalogue (binary); ``users`` are the rows of ``train`` that hold
    something out, in the order of ``test``'s non-empty rows.
    """

    train_log: Log
    train: InteractionMatrix
    test: sp.csr_matrix
    users: np.ndarray

    @property
    def n_catalogue(self) -> int:
        return self.train.n_items

    def user_ids(self) -> list[str]:
        return [str(u) for u in self.train.user_ids[self.users].tolist()]


def make_split(log: Log, kind: str) -> tuple[Split, Log]:
    """The split of ``log`` (train / held-out) and the held-out log itself."""
    test_mask = SPLITS[kind](log.user_index(), log.timestamps)
    catalogue = np.unique(log.items)
    train_log, held = log.subset(~test_mask), log.subset(test_mask)
    # Matrices, sessions and events come from the training rows alone: nothing of a held-out
    # interaction (not even its timestamp, which could cut or join a session) reaches them.
    train = build_from_values(
        train_log.users,
        train_log.items,
        train_log.values,
        train_log.timestamps,
        item_universe=catalogue,
    )
    rows = np.array([train.user_row(u) for u in held.users], dtype=object)
    known = np.array([r is not None for r in rows], dtype=bool)
    cols = np.array([train.item_col(i) for i in held.items[known]], dtype=np.int64)
    test = sp.csr_matrix(
        (np.ones(cols.size), (rows[known].astype(np.int64), cols)), shape=train.matrix.shape
    )
    test.sum_duplicates()
    test.data[:] = 1.0
    users = np.flatnonzero(np.diff(test.indptr) > 0)
    return Split(train_log, train, sp.csr_matrix(test[users]), users), held


def check_no_leak(split: Split, held: Log) -> int:
    """Held-out (user, item) pairs found in the training matrix or its session rows: 0.

    The session rows are built from the training rows only, so a rating burst whose ratings
    fall on both sides of a random split is cut to its training half: the held-out films
    never co-occur with anything through it.
    """
    leaks = 0
    for user, item in zip(held.users.tolist(), held.items.tolist(), strict=True):
        row, col = split.train.user_row(user), split.train.item_col(item)
        if row is not None and col is not None and split.train.matrix[row, col] != 0:
            leaks += 1
    events = split.train.events
    if events is not None:
        held_pairs = {(u, i) for u, i in zip(held.users.tolist(), held.items.tolist(), strict=True)}
        train_users = split.train.user_ids[events.users].tolist()
        train_items = split.train.item_ids[events.items].tolist()
        leaks += sum((u, i) in held_pairs for u, i in zip(train_users, train_items, strict=True))
    return leaks


def _objects(values: list[str]) -> np.ndarray:
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr
