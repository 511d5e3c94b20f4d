"""Basket-completion benchmark on the real Groceries baskets: "Complete your order".

Prints the protocol, tuned parameters, figures and PASS/FAIL; it is not a test.

* Data: ``shared/data/groceries/baskets.csv`` (9,835 point-of-sale baskets, 169 categories),
  read in place, baskets in transaction order.
* Splits: the newest 20% of baskets are the test baskets; the newest 20% of the remaining
  ones are the validation baskets, the older ones fit the models while tuning.
* Cases: from each test basket of two or more items one item (seed 42) is held out and the
  model completes the rest; hit-rate@10 and NDCG@10 of the held-out item. Validation holds
  out every item of every validation basket in turn (five times the cases: steadier tuning).
* Models, each tuned on validation hit-rate@10 over its grid, then refitted on all training
  baskets and scored once on the test cases: popularity; association rules (support,
  confidence, lift or confidence, max or sum over the basket's rules); item-kNN (shrunk
  cosine, neighbours); the shipped complements model (``recommendations.engine.complements``)
  through the real CLI (``offline recommend --baskets``). Dense EASE on the baskets is
  reported as a reference.

    python benchmarks/recsys_baskets.py
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from benchmarks.recsys import baskets as bk  # noqa: E402
from benchmarks.recsys.baselines import grid  # noqa: E402
from benchmarks.recsys.data import GROCERIES  # noqa: E402
from benchmarks.recsys.report import print_checks  # noqa: E402
from recommendations.engine.complements import Complements, ComplementsConfig  # noqa: E402
from recommendations.engine.params import ModelParams  # noqa: E402

TARGET_RATIO = 1.05
TARGETED = ("popularity", "association-rules", "item-knn")
REFERENCE = ("ease",)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


Runner = Callable[[bk.Baskets, bk.Counts, bk.Cases, dict[str, Any]], np.ndarray]


def models() -> dict[str, tuple[Callable[[], Iterable[dict[str, Any]]], Runner]]:
    return {
        "popularity": (lambda: [{}], lambda b, c, cases, p: bk.popularity(c, cases)),
        "association-rules": (
            lambda: grid(
                min_support=[1, 2, 3, 5, 10, 20, 40],
                min_confidence=[0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3],
                measure=["lift", "confidence"],
                combine=["max", "sum"],
            ),
            lambda b, c, cases, p: bk.association_rules(c, cases, **p),
        ),
        "item-knn": (
            lambda: grid(
                neighbours=[5, 10, 20, 50, 100, 200], shrink=[0.0, 5.0, 20.0, 100.0, 300.0, 1000.0]
            ),
            lambda b, c, cases, p: bk.item_knn(c, cases, **p),
        ),
        "ease": (
            lambda: grid(l2=[1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0]),
            lambda b, c, cases, p: bk.ease(b, cases, **p),
        ),
        "shipped": (shipped_space, shipped_in_process),
    }


def shipped_space() -> Iterable[dict[str, Any]]:
    return grid(
        k=[20, 50, 200],
        l2=[0.1, 0.25, 0.5, 1.0, 2.0, 4.0],
        prior_weight=[0.0, 0.01, 0.02, 0.05, 0.1],
    )


_FITTED: dict[tuple[int, int, float], Complements] = {}


def shipped_in_process(
    baskets: bk.Baskets, counts: bk.Counts, cases: bk.Cases, p: dict[str, Any]
) -> np.ndarray:
    """The engine's complements model, fitted once per (k, l2): the prior weight only scores."""
    config = shipped_config(p)
    key = (id(baskets), config.k, config.l2)
    if key not in _FITTED:
        _FITTED.clear()
        _FITTED[key] = Complements(config).fit(baskets.matrix)
    model = _FITTED[key]
    model.config = config
    return model.complete_many(cases.seeds, bk.K).items


def shipped_config(p: dict[str, Any]) -> ComplementsConfig:
    return dataclasses.replace(
        ComplementsConfig(min_source_baskets=1), neighbours=max(100, p["k"]), **p
    )


def tune(name: str, fit: bk.Baskets, cases: bk.Cases) -> tuple[dict[str, Any], float, int]:
    space, run = models()[name]
    counts = bk.Counts.of(fit)
    best: tuple[float, dict[str, Any]] = (-1.0, {})
    tried = 0
    for params in space():
        hit, _ = bk.hit_rate_ndcg(run(fit, counts, cases, params), cases.held)
        tried += 1
        if hit > best[0]:
            best = (hit, params)
            say(f"  {name}: {hit:.4f} {params}")
    return best[1], best[0], tried


def shipped_through_cli(
    train: bk.Baskets, cases: bk.Cases, params: dict[str, Any], work: Path
) -> np.ndarray:
    """Test completions from ``python -m recommendations.offline recommend --baskets``."""
    train_csv, seeds_csv, config, out = (
        work / n for n in ("train.csv", "seeds.csv", "c.json", "out.csv")
    )
    x, names = train.matrix, train.items
    with open(train_csv, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["user", "item", "value"])  # no timestamps: one user row = one basket
        for b in range(x.shape[0]):
            for i in x.indices[x.indptr[b] : x.indptr[b + 1]]:
                writer.writerow([f"b{train.ids[b]}", names[i], 1])
    with open(seeds_csv, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["basket", "item"])
        s = cases.seeds
        for r in range(s.shape[0]):
            for i in s.indices[s.indptr[r] : s.indptr[r + 1]]:
                writer.writerow([f"case{r}", names[i]])
    complements = dataclasses.asdict(shipped_config(params))
    config.write_text(json.dumps({**ModelParams().to_dict(), "complements": complements}))
    argv = [sys.executable, "-m", "recommendations.offline", "--quiet", "recommend",
            "--train", str(train_csv), "--baskets", str(seeds_csv), "--k", str(bk.K),
            "--out", str(out), "--config", str(config)]  # fmt: skip
    done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"offline recommend --baskets failed:\n{done.stderr}")
    position = {str(n): i for i, n in enumerate(names.tolist())}
    recs = np.full((s.shape[0], bk.K), -1, dtype=np.int64)
    with open(out, newline="") as handle:
        for row in csv.DictReader(handle):
            recs[int(row["basket"][4:]), int(row["rank"]) - 1] = position[row["item"]]
    return recs


def benchmark(args: argparse.Namespace) -> int:
    data = bk.load_groceries(Path(args.data))
    train, test = bk.split_baskets(data)
    fit, validation = bk.split_baskets(train)
    val_cases = bk.leave_one_out(validation, every_item=True)
    test_cases = bk.leave_one_out(test)
    test_every = bk.leave_one_out(test, every_item=True)
    print(f"data: {args.data}/baskets.csv: {data.matrix.shape[0]:,} baskets, "
          f"{data.matrix.shape[1]} items, {data.matrix.nnz:,} lines")  # fmt: skip
    print(f"split (transaction order): fit {fit.matrix.shape[0]:,} / validation "
          f"{validation.matrix.shape[0]:,} ({val_cases.held.size:,} cases, every item held "
          f"out in turn) / test {test.matrix.shape[0]:,} baskets ({test_cases.held.size:,} "
          f"cases, one held-out item per basket of 2+, seed {bk.SEED})")  # fmt: skip
    rows: dict[str, dict[str, Any]] = {}
    ranks: dict[str, np.ndarray] = {}
    counts = bk.Counts.of(train)
    with tempfile.TemporaryDirectory(prefix="recsys-baskets-") as tmp:
        for name in (*TARGETED, *REFERENCE, "shipped"):
            say(f"tuning {name} on the validation baskets")
            params, valid, tried = tune(name, fit, val_cases)
            run = models()[name][1]
            if name == "shipped":
                recs = shipped_through_cli(train, test_cases, params, Path(tmp))
                in_process = run(train, counts, test_cases, params)
                parity = bool((in_process == recs).all())
            else:
                recs, parity = run(train, counts, test_cases, params), True
            every = run(train, counts, test_every, params)
            hit, gain = bk.hit_rate_ndcg(recs, test_cases.held)
            ranks[name] = bk.hits(recs, test_cases.held)
            rows[name] = {"valid": valid, "hit": hit, "ndcg": gain, "tried": tried,
                          "params": params, "parity": parity,
                          "every": bk.hit_rate_ndcg(every, test_every.held)[0]}  # fmt: skip
    print(f"\n{'model':<18} {'valid HR@10':>11} {'HR@10':>7} {'NDCG@10':>8} "
          f"{'HR@10 every item':>16} {'grid':>5}  tuned parameters")  # fmt: skip
    for name, r in rows.items():
        label = f"{name} (ref.)" if name in REFERENCE else name
        print(f"{label:<18} {r['valid']:11.4f} {r['hit']:7.4f} {r['ndcg']:8.4f} "
              f"{r['every']:16.4f} {r['tried']:5d}  {json.dumps(r['params'])}")  # fmt: skip
    print(f"shipped through the CLI == in-process engine lists: {rows['shipped']['parity']}")
    best = max(TARGETED, key=lambda n: rows[n]["hit"])
    ours, theirs = rows["shipped"]["hit"], rows[best]["hit"]
    low, high = bk.bootstrap_ratio(ranks["shipped"], ranks[best], test_cases.basket)
    ref = rows["ease"]["hit"]
    print(f"shipped / {best}: {ours / theirs:.3f}x (95% bootstrap over test baskets "
          f"{low:.3f}-{high:.3f}); shipped / EASE (reference): {ours / ref:.3f}x")  # fmt: skip
    checks = [
        ("HR@10 >= 1.05x best tuned baseline", ours >= TARGET_RATIO * theirs,
         f"{ours:.4f} / {best} {theirs:.4f} = {ours / theirs:.3f}x"),
        ("CLI lists == engine lists", rows["shipped"]["parity"], ""),
    ]  # fmt: skip
    return print_checks(checks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(GROCERIES), help="directory of baskets.csv")
    return benchmark(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
