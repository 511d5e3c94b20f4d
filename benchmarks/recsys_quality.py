"""Recommendation quality benchmark: the shipped recommender against standard baselines.

Prints figures and PASS/FAIL against the targets; it is not a test.

Protocol (benchmarks/README_recsys.md): MovieLens latest-small ratings, read in place; a
per-user random 80/20 hold-out (seed 42) with every rating counted as an interaction; top-10
lists that exclude the user's training items; precision, recall, NDCG (binary gains, ideal DCG
over min(|test|, 10)), MAP@10 and catalogue coverage, all from
``recommendations.engine.evaluation`` (the same code as ``offline evaluate``).

Every model runs as its own process doing the whole job - read the training CSV, fit,
recommend for the test users, write a CSV - and that process is timed: the shipped recommender
through the real CLI (``python -m recommendations.offline recommend``), the baselines through
this script's ``--run MODEL`` mode. The shipped recommender and implicit's cosine are run
``--repeats`` times, interleaved, and compared on their median time, because other jobs on a
shared machine add noise.

    python benchmarks/recsys_quality.py                 # MovieLens, targets checked
    python benchmarks/recsys_quality.py --ablation      # plus variants of the shipped model
    python benchmarks/recsys_quality.py --synthetic     # generated baskets (quantities)

Needs the ``implicit`` package (baselines).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from recommendations.engine.evaluation import ranking_metrics, split_per_user  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "ml-latest-small"
BASELINES = ("popularity", "implicit-cosine", "implicit-als", "ease")
SHIPPED = "shipped"
TARGET_NDCG = 0.37
TARGET_TIME_RATIO = 2.0


@dataclass
class Dataset:
    """Interaction log as parallel lists of strings / floats (file order)."""

    users: np.ndarray
    items: np.ndarray
    values: np.ndarray
    timestamps: np.ndarray


# --------------------------------------------------------------------------- data


def load_movielens(directory: Path) -> Dataset:
    users, items, values, stamps = [], [], [], []
    with open(directory / "ratings.csv", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for user, item, rating, stamp in reader:
            users.append(user)
            items.append(item)
            values.append(float(rating))
            stamps.append(float(stamp))
    return Dataset(
        np.array(users, dtype=object),
        np.array(items, dtype=object),
        np.array(values),
        np.array(stamps),
    )


def load_synthetic() -> Dataset:
    """Generated shop baskets: quantities as values, one timestamp per basket."""
    from benchmarks.synthetic import generate_shop

    shop = generate_shop(
        n_users=4000, n_items=6000, n_interactions=150_000, n_categories=60, seed=1
    )
    return Dataset(
        np.array([f"u{u}" for u in shop.users], dtype=object),
        np.array([f"i{i}" for i in shop.items], dtype=object),
        shop.quantities.astype(np.float64),
        shop.timestamps,
    )


def write_train(path: Path, data: Dataset) -> None:
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["user", "item", "value", "timestamp"])
        writer.writerows(
            zip(data.users, data.items, data.values.tolist(), data.timestamps.tolist(), strict=True)
        )


def subset(data: Dataset, mask: np.ndarray) -> Dataset:
    return Dataset(data.users[mask], data.items[mask], data.values[mask], data.timestamps[mask])


# --------------------------------------------------------------------------- baselines
# Each runner is the whole job of one model, run in its own process by ``--run``.


def read_train_csv(path: Path) -> tuple[np.ndarray, np.ndarray, sp.csr_matrix]:
    """Binary user x item matrix of a ``user,item,value[,timestamp]`` CSV, with the ids."""
    users, items = [], []
    with open(path, newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            users.append(row[0])
            items.append(row[1])
    user_ids, u = np.unique(np.array(users, dtype=object), return_inverse=True)
    item_ids, i = np.unique(np.array(items, dtype=object), return_inverse=True)
    matrix = sp.csr_matrix(
        (np.ones(u.size, np.float32), (u, i)), shape=(user_ids.size, item_ids.size)
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return user_ids, item_ids, matrix


def top_k_dense(scores: np.ndarray, seen: sp.csr_matrix, k: int) -> np.ndarray:
    """Best k columns per row of a dense score matrix, never a seen item."""
    scores = np.array(scores, dtype=np.float32)
    scores[seen.nonzero()] = -np.inf
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1, kind="stable")
    return np.take_along_axis(top, order, axis=1)


def run_popularity(x: sp.csr_matrix, rows: np.ndarray, k: int) -> np.ndarray:
    popularity = np.asarray(x.sum(axis=0)).ravel()
    return top_k_dense(np.tile(popularity, (rows.size, 1)), x[rows], k)


def run_implicit_cosine(x: sp.csr_matrix, rows: np.ndarray, k: int) -> np.ndarray:
    from implicit.nearest_neighbours import CosineRecommender

    model = CosineRecommender(K=50)
    model.fit(x, show_progress=False)
    ids, _ = model.recommend(rows, x[rows], N=k, filter_already_liked_items=True)
    return ids


def run_implicit_als(x: sp.csr_matrix, rows: np.ndarray, k: int) -> np.ndarray:
    from implicit.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits

    model = AlternatingLeastSquares(factors=64, iterations=15, random_state=42)
    with threadpool_limits(1, "blas"):  # implicit's own advice for its CPU solver
        model.fit(x, show_progress=False)
    ids, _ = model.recommend(rows, x[rows], N=k, filter_already_liked_items=True)
    return ids


def run_ease(x: sp.csr_matrix, rows: np.ndarray, k: int, l2: float = 500.0) -> np.ndarray:
    """Dense EASE (Steck 2019): B = I - P diagMat(1/diag(P)), P = (X^T X + l2 I)^-1."""
    gram = (x.T @ x).toarray().astype(np.float64)
    gram[np.diag_indices_from(gram)] += l2
    inverse = np.linalg.inv(gram)
    weights = (-inverse / np.diag(inverse)).astype(np.float32)
    np.fill_diagonal(weights, 0.0)
    out = np.empty((rows.size, k), dtype=np.int64)
    for lo in range(0, rows.size, 1024):
        batch = x[rows[lo : lo + 1024]]
        out[lo : lo + 1024] = top_k_dense(batch @ weights, batch, k)
    return out


RUNNERS = {
    "popularity": run_popularity,
    "implicit-cosine": run_implicit_cosine,
    "implicit-als": run_implicit_als,
    "ease": run_ease,
}


def run_model(model: str, train: Path, users: Path, k: int, out: Path) -> None:
    """``--run`` mode: the whole process of one baseline (read, fit, recommend, write)."""
    user_ids, item_ids, x = read_train_csv(train)
    index = {u: r for r, u in enumerate(user_ids.tolist())}
    wanted = [line.strip() for line in users.read_text().splitlines() if line.strip()]
    rows = np.array([index[u] for u in wanted], dtype=np.int64)
    recs = RUNNERS[model](x, rows, k)
    with open(out, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["user", "item", "rank"])
        for user, row in zip(wanted, recs, strict=True):
            for rank, item in enumerate([i for i in row.tolist() if i >= 0][:k], start=1):
                writer.writerow([user, item_ids[item], rank])


# --------------------------------------------------------------------------- harness


def command(model: str, train: Path, users: Path, k: int, out: Path) -> list[str]:
    files = ["--train", str(train), "--users", str(users), "--k", str(k), "--out", str(out)]
    if model == SHIPPED:
        return [sys.executable, "-m", "recommendations.offline", "--quiet", "recommend", *files]
    return [sys.executable, str(Path(__file__).resolve()), "--run", model, *files]


def timed_run(argv: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr}")
    return elapsed


def read_recs(path: Path, user_pos: dict[str, int], item_pos: dict[str, int], k: int) -> np.ndarray:
    recs = np.full((len(user_pos), k), -1, dtype=np.int64)
    with open(path, newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            rank = int(row["rank"])
            if rank <= k:
                recs[user_pos[row["user"]], rank - 1] = item_pos.get(row["item"], -1)
    return recs


@dataclass
class Split:
    train: Dataset
    users: list[str]
    test: sp.csr_matrix  # users x catalogue
    item_pos: dict[str, int]
    catalogue: np.ndarray  # item ids, column order of ``test``

    @property
    def n_catalogue(self) -> int:
        return int(self.catalogue.size)


def make_split(data: Dataset, seed: int) -> Split:
    _, user_index = np.unique(data.users, return_inverse=True)
    test_mask = split_per_user(user_index, seed=seed)
    catalogue = np.unique(data.items)
    item_pos = {item: i for i, item in enumerate(catalogue.tolist())}
    test = subset(data, test_mask)
    users = sorted(set(test.users.tolist()))
    user_pos = {u: r for r, u in enumerate(users)}
    rows = np.array([user_pos[u] for u in test.users], dtype=np.int64)
    cols = np.array([item_pos[i] for i in test.items], dtype=np.int64)
    matrix = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(len(users), catalogue.size))
    return Split(subset(data, ~test_mask), users, matrix, item_pos, catalogue)


def ablation(split: Split, k: int) -> list[tuple[str, dict[str, float], float]]:
    """Variants of the shipped model, in-process on the same split (fit time only)."""
    from recommendations.engine.interactions import ValueTransform, build_from_values
    from recommendations.engine.recommender import Recommender
    from recommendations.engine.similarity import SimilarityConfig

    train = split.train
    variants: list[tuple[str, ValueTransform, bool, SimilarityConfig]] = [
        ("shipped: ridge, log1p, sessions", "log1p", True, SimilarityConfig()),
        ("ridge, binary values", "binary", True, SimilarityConfig()),
        ("ridge, no sessions", "log1p", False, SimilarityConfig()),
        ("ridge, k=30 candidates", "log1p", True, SimilarityConfig(k=30)),
        ("cosine (shrink 10), sessions", "log1p", True, SimilarityConfig(method="cosine")),
        ("cosine, no sessions", "log1p", False, SimilarityConfig(method="cosine")),
    ]
    results = []
    for label, transform, sessions, config in variants:
        matrix = build_from_values(
            train.users,
            train.items,
            train.values,
            train.timestamps if sessions else None,
            transform=transform,
            item_universe=split.catalogue,
        )
        start = time.perf_counter()
        model = Recommender(config).fit(matrix.matrix, matrix.sessions)
        fit = time.perf_counter() - start
        rows = np.array([matrix.user_row(u) for u in split.users], dtype=np.int64)
        recs = model.recommend(rows, k)
        metrics = ranking_metrics(recs.items, split.test, split.n_catalogue, k)
        results.append((label, metrics.as_dict(), fit))
    return results


def print_table(rows: list[tuple[str, dict[str, float], str]], k: int) -> None:
    print(
        f"{'model':<32} {'P@' + str(k):>7} {'R@' + str(k):>7} {'NDCG@' + str(k):>8} "
        f"{'MAP@' + str(k):>7} {'cover':>7} {'time':>16}"
    )
    for name, m, timing in rows:
        print(
            f"{name:<32} {m['precision']:7.4f} {m['recall']:7.4f} {m['ndcg']:8.4f} "
            f"{m['map']:7.4f} {m['coverage']:7.4f} {timing:>16}"
        )


def benchmark(args: argparse.Namespace) -> int:
    data = load_synthetic() if args.synthetic else load_movielens(Path(args.data))
    split = make_split(data, args.seed)
    user_pos = {u: r for r, u in enumerate(split.users)}
    source = "generated baskets" if args.synthetic else str(Path(args.data) / "ratings.csv")
    print(f"data: {source}: {data.users.size:,} interactions, {split.n_catalogue:,} items")
    print(f"split: seed {args.seed}, {split.train.users.size:,} train interactions, "
          f"{len(split.users):,} test users, {int(split.test.nnz):,} held-out")  # fmt: skip

    models = [SHIPPED, *BASELINES]
    times: dict[str, list[float]] = {m: [] for m in models}
    metrics: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="recsys-quality-") as tmp:
        work = Path(tmp)
        train_csv, users_txt = work / "train.csv", work / "users.txt"
        write_train(train_csv, split.train)
        users_txt.write_text("\n".join(split.users) + "\n")
        for repeat in range(args.repeats):
            for model in models:
                if repeat and model not in (SHIPPED, "implicit-cosine"):
                    continue
                out = work / f"{model}.csv"
                times[model].append(timed_run(command(model, train_csv, users_txt, args.k, out)))
                if repeat == 0:
                    recs = read_recs(out, user_pos, split.item_pos, args.k)
                    m = ranking_metrics(recs, split.test, split.n_catalogue, args.k)
                    metrics[model] = m.as_dict()
                print(f"  ran {model} ({times[model][-1]:.2f} s)", file=sys.stderr)

    median = {m: statistics.median(t) for m, t in times.items()}
    print()
    print_table(
        [
            (
                "shipped (offline recommend CLI)" if m == SHIPPED else m,
                metrics[m],
                f"{median[m]:.2f} s" + (f" (n={len(times[m])})" if len(times[m]) > 1 else ""),
            )
            for m in models
        ],
        args.k,
    )
    print("time = whole process: read CSV, fit, recommend, write CSV (median of n runs)")

    if args.ablation:
        print("\nablation (same split, in-process; time = fit only):")
        print_table([(n, m, f"fit {t:.2f} s") for n, m, t in ablation(split, args.k)], args.k)

    if args.synthetic:
        print("\ntargets are defined on MovieLens; generated baskets are reported only.")
        return 0
    ratio = median[SHIPPED] / median["implicit-cosine"]
    best_baseline = max(BASELINES, key=lambda b: metrics[b]["ndcg"])
    checks = [
        (f"NDCG@{args.k} >= {TARGET_NDCG}", metrics[SHIPPED]["ndcg"] >= TARGET_NDCG,
         f"{metrics[SHIPPED]['ndcg']:.4f}"),
        ("NDCG ahead of every baseline", metrics[SHIPPED]["ndcg"] > metrics[best_baseline]["ndcg"],
         f"best baseline {best_baseline} {metrics[best_baseline]['ndcg']:.4f}"),
        (f"time <= {TARGET_TIME_RATIO:g}x implicit cosine", ratio <= TARGET_TIME_RATIO,
         f"{median[SHIPPED]:.2f} s / {median['implicit-cosine']:.2f} s = {ratio:.2f}x"),
    ]  # fmt: skip
    print()
    for label, ok, detail in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label:<36} {detail}")
    return 0 if all(ok for _, ok, _ in checks) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="MovieLens directory")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of shipped/cosine")
    parser.add_argument("--ablation", action="store_true", help="also evaluate model variants")
    parser.add_argument("--synthetic", action="store_true", help="generated baskets instead")
    parser.add_argument("--run", choices=sorted(RUNNERS), help=argparse.SUPPRESS)
    parser.add_argument("--train", help=argparse.SUPPRESS)
    parser.add_argument("--users", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        run_model(args.run, Path(args.train), Path(args.users), args.k, Path(args.out))
        return 0
    return benchmark(args)


if __name__ == "__main__":
    sys.exit(main())
