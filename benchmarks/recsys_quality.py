"""Recommendation quality benchmark on MovieLens: every model tuned the same way, scored once.

Prints the protocol, the tuned parameters, figures and PASS/FAIL against the targets; it is
not a test. Protocol (benchmarks/README_recsys.md has it in full):

* two splits of MovieLens latest-small, read in place: random per user (seed 42, 80/20) and
  temporal (each user's newest 20%); every rating is an interaction;
* for each split, a validation split is carved from its training rows the same way; every
  model - popularity, implicit's cosine and ALS, dense EASE, RP3beta and the shipped model -
  walks its grid on the validation split and keeps its best NDCG@10;
* each model is then fitted on the whole training split with its winner and the test split is
  scored once (top-10, the user's training items excluded), the shipped model through the
  real CLI (``python -m recommendations.offline recommend --config``);
* baselines get the shipped model's value weighting (``log1p``), session rows and recency-
  weighted history wherever they can use them (each a grid axis, so tuning decides);
* session rows, sequences and recency are built from the training rows of the split only;
  the script counts held-out pairs found in them (must be 0);
* speed: the shipped CLI and implicit's cosine (as a process reading the same CSV) are run
  interleaved ``--repeats`` times; the median of the per-pair time ratios is checked.

    python benchmarks/recsys_quality.py                  # both splits, targets (~15 min)
    python benchmarks/recsys_quality.py --splits random  # one split
    python benchmarks/recsys_quality.py --synthetic      # generated baskets, no targets

Needs the ``bench`` extra (``implicit``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from benchmarks.recsys import processes as proc  # noqa: E402
from benchmarks.recsys import tuning  # noqa: E402
from benchmarks.recsys.data import (  # noqa: E402
    MOVIELENS,
    Split,
    check_no_leak,
    load_movielens,
    load_synthetic,
    make_split,
)
from benchmarks.recsys.report import print_checks  # noqa: E402
from recommendations.engine.evaluation import ranking_metrics  # noqa: E402

TARGET_RATIO = 1.05
TARGET_TIME_RATIO = 1.5
BASELINES = ("popularity", "implicit-cosine", "implicit-als", "ease", "rp3beta")
K = tuning.K


def run_split(kind: str, log: Any, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    say = tuning.progress
    split, held = make_split(log, kind)
    validation, _ = make_split(split.train_log, kind)
    leaks = check_no_leak(split, held)
    print(f"\n== {kind} split: {split.train_log.users.size:,} training interactions, "
          f"{split.users.size:,} test users, {int(split.test.nnz):,} held out; validation "
          f"(from training only): {validation.users.size:,} users, "
          f"{int(validation.test.nnz):,} held out; held-out pairs in training matrices, "
          f"sessions or sequences: {leaks}")  # fmt: skip
    families = tuning.families()
    results: dict[str, Any] = {"leaks": leaks, "models": {}}
    for name in (*BASELINES, "shipped"):
        if name not in args.models:
            continue
        say(f"[{kind}] tuning {name} on the validation split")
        family = families[name]
        if name == "shipped":
            tuned = tuning.tune_shipped(family, validation, say)
        else:
            tuned = tuning.tune(family, validation, say)
        if name == "shipped":
            items, parity = shipped_on_test(split, tuned.params, work / kind)
        else:
            items, parity = family.run(split, tuned.params), None
            family.cache.clear()
        metrics = ranking_metrics(items, split.test, split.n_catalogue, K).as_dict()
        results["models"][name] = {"tuned": tuned, "test": metrics, "parity": parity}
        say(f"[{kind}] {name}: validation {tuned.validation_ndcg:.4f}, test {metrics['ndcg']:.4f}")
    print_split(results)
    return {"split": split, **results}


def shipped_on_test(split: Split, params: dict[str, Any], work: Path) -> tuple[np.ndarray, float]:
    """Test lists of the shipped model from the real CLI; also the in-process NDCG (parity)."""
    work.mkdir(parents=True, exist_ok=True)
    train_csv, users_txt = work / "train.csv", work / "users.txt"
    config, out = work / "shipped.json", work / "shipped.csv"
    split.train_log.write_csv(train_csv)
    users = split.user_ids()
    users_txt.write_text("\n".join(users) + "\n")
    config.write_text(json.dumps(tuning.shipped_params(params).to_dict()))
    proc.timed(proc.shipped_command(train_csv, users_txt, config, out, K))
    user_pos = {u: r for r, u in enumerate(users)}
    item_pos = {str(i): c for c, i in enumerate(split.train.item_ids.tolist())}
    items = proc.read_recs(out, user_pos, item_pos, K)
    in_process = tuning.ndcg(split, tuning.families()["shipped"].run(split, params))
    return items, in_process


def print_split(results: dict[str, Any]) -> None:
    print(f"{'model':<18} {'valid NDCG':>10} {'P@10':>7} {'R@10':>7} {'NDCG@10':>8} "
          f"{'MAP@10':>7} {'cover':>6} {'grid':>5} {'tune s':>7}  tuned parameters")  # fmt: skip
    for name, r in results["models"].items():
        t, m = r["tuned"], r["test"]
        print(f"{name:<18} {t.validation_ndcg:10.4f} {m['precision']:7.4f} {m['recall']:7.4f} "
              f"{m['ndcg']:8.4f} {m['map']:7.4f} {m['coverage']:6.4f} {t.tried:5d} "
              f"{t.seconds:7.1f}  {json.dumps(t.params)}")  # fmt: skip
    shipped = results["models"].get("shipped")
    if shipped:
        print(f"shipped through the CLI: NDCG@10 {shipped['test']['ndcg']:.4f}; the same "
              f"parameters in-process: {shipped['parity']:.4f}")  # fmt: skip


def time_race(split: Split, shipped: dict[str, Any], cosine: dict[str, Any], work: Path,
              repeats: int) -> proc.Race:  # fmt: skip
    train_csv, users_txt = work / "race-train.csv", work / "race-users.txt"
    split.train_log.write_csv(train_csv)
    users_txt.write_text("\n".join(split.user_ids()) + "\n")
    config, cos = work / "race-shipped.json", work / "race-cosine.json"
    config.write_text(json.dumps(tuning.shipped_params(shipped).to_dict()))
    cos.write_text(json.dumps(cosine))
    return proc.race(
        proc.shipped_command(train_csv, users_txt, config, work / "race-a.csv", K),
        proc.cosine_command(train_csv, users_txt, cos, work / "race-b.csv", K),
        repeats,
    )


def benchmark(args: argparse.Namespace) -> int:
    log = load_synthetic() if args.synthetic else load_movielens(Path(args.data))
    source = "generated baskets" if args.synthetic else str(Path(args.data) / "ratings.csv")
    print(f"data: {source}: {log.users.size:,} interactions, "
          f"{np.unique(log.users).size:,} users, {np.unique(log.items).size:,} items")  # fmt: skip
    print("protocol: validation carved from each split's training rows; every model tuned on "
          "it by NDCG@10 over its grid; test scored once with the winner")  # fmt: skip
    checks: list[tuple[str, bool, str]] = []
    with tempfile.TemporaryDirectory(prefix="recsys-quality-") as tmp:
        work = Path(tmp)
        done = {kind: run_split(kind, log, work, args) for kind in args.splits}
        for kind, result in done.items():
            models = result["models"]
            checks.append((f"{kind}: no held-out pair in training data", result["leaks"] == 0,
                           f"{result['leaks']} found"))  # fmt: skip
            base = [b for b in BASELINES if b in models]
            if "shipped" not in models or not base:
                continue
            best = max(base, key=lambda b: models[b]["test"]["ndcg"])
            ours, theirs = models["shipped"]["test"]["ndcg"], models[best]["test"]["ndcg"]
            checks.append((f"{kind}: NDCG@10 >= {TARGET_RATIO}x best baseline",
                           ours >= TARGET_RATIO * theirs,
                           f"{ours:.4f} / {best} {theirs:.4f} = {ours / theirs:.3f}x"))  # fmt: skip
        first = done[args.splits[0]]["models"]
        if args.repeats and "shipped" in first and "implicit-cosine" in first:
            print(f"\nspeed: whole process (read CSV, fit, recommend, write CSV) on the "
                  f"{args.splits[0]} split, tuned parameters, interleaved A B A B ...")  # fmt: skip
            shipped, cosine = first["shipped"]["tuned"], first["implicit-cosine"]["tuned"]
            race = time_race(
                done[args.splits[0]]["split"], shipped.params, cosine.params, work, args.repeats
            )
            print(f"shipped CLI:     {' '.join(f'{t:.2f}' for t in race.a)} s")
            print(f"implicit cosine: {' '.join(f'{t:.2f}' for t in race.b)} s")
            print(f"ratios:          {' '.join(f'{r:.2f}' for r in race.ratios)}")
            checks.append((f"time <= {TARGET_TIME_RATIO}x implicit cosine (median ratio)",
                           race.median_ratio <= TARGET_TIME_RATIO,
                           f"{race.median_ratio:.2f}x"))  # fmt: skip
    if args.synthetic:
        print("\ntargets are defined on MovieLens; generated baskets are reported only.")
        return 0
    return print_checks(checks, 46)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(MOVIELENS), help="MovieLens directory")
    parser.add_argument("--splits", default="random,temporal", help="comma-separated")
    parser.add_argument("--models", default=",".join((*BASELINES, "shipped")))
    parser.add_argument("--repeats", type=int, default=9, help="timed runs (0: no race)")
    parser.add_argument("--synthetic", action="store_true", help="generated baskets instead")
    parser.add_argument("--run-cosine", help=argparse.SUPPRESS)
    parser.add_argument("--train", help=argparse.SUPPRESS)
    parser.add_argument("--users", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--k", type=int, default=K, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run_cosine:
        proc.run_cosine(Path(args.run_cosine), Path(args.train), Path(args.users), args.k,
                        Path(args.out))  # fmt: skip
        return 0
    args.splits = [s for s in args.splits.split(",") if s]
    args.models = set(args.models.split(","))
    return benchmark(args)


if __name__ == "__main__":
    sys.exit(main())
