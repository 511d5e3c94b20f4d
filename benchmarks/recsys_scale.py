"""Scale benchmark of the neighbour build (prints figures and PASS/FAIL; not a test).

Generates a shop log with a hidden taste structure (default: 1M purchase lines, 50k items,
20k users, 250 categories, texts for every item) and measures, each in a fresh process:

* the full build in one process: events -> matrices, texts -> TF-IDF, collaborative and
  content neighbours, merge + blend, sequence lists blended in, the complements model on the
  orders (baskets); wall time and peak memory (ru_maxrss);
* the chunked build with a pool of 1 and of 2 worker processes running the same chunk tasks:
  each task does what a Celery task does (build the matrices from the raw events, vectorise
  the texts, ``pipeline.compute_chunk`` for its slice), then the parent runs
  ``pipeline.combine_chunks``. Each worker runs one small task before the clock starts, as
  long-lived Celery workers have run builds before.

Targets: full build <= 60 s, peak memory <= 2 GB, 2 workers >= 1.6x faster than 1. Other jobs
on a shared machine steal cores, so every chunked configuration is run ``--repeats`` times,
interleaved, and a pure-Python calibration shows how much parallelism the machine offered.

    python benchmarks/recsys_scale.py                 # full size
    python benchmarks/recsys_scale.py --quick         # 100k lines / 5k items smoke run
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.recsys.report import print_checks  # noqa: E402
from benchmarks.synthetic import SyntheticShop, generate_shop  # noqa: E402
from recommendations.engine.complements import Complements, baskets_of  # noqa: E402
from recommendations.engine.content import ItemTexts, vectorize_items  # noqa: E402
from recommendations.engine.interactions import InteractionMatrix, build_interactions  # noqa: E402
from recommendations.engine.pipeline import (  # noqa: E402
    ChunkResult,
    build_neighbours,
    chunk_bounds,
    combine_chunks,
    compute_chunk,
)
from recommendations.engine.sequence import (  # noqa: E402
    SequenceConfig,
    blend_sequence,
    sequence_neighbours,
)

TARGET_SECONDS = 60.0
TARGET_MEMORY_MB = 2048.0
TARGET_SPEEDUP = 1.6

SEQUENCE = SequenceConfig(weight=1.0)  # the sequence step costs the same at any weight > 0
_SHOP: SyntheticShop | None = None  # inherited by forked pool workers
_BARRIER: Any = None  # set in each worker by _init_worker


def prepare(shop: SyntheticShop) -> tuple[InteractionMatrix, ItemTexts]:
    """What every worker does first: the shop's events and catalogue as engine inputs."""
    kinds = np.full(shop.users.size, "purchase", dtype=object)
    matrix = build_interactions(
        shop.users,
        shop.items,
        kinds,
        shop.quantities,
        shop.timestamps,
        item_universe=np.arange(shop.n_items),
    )
    texts = vectorize_items(shop.titles, shop.descriptions, shop.categories, shop.brands)
    return matrix, texts


def chunk_task(bounds: tuple[int, int]) -> ChunkResult:
    """One Celery-equivalent task: build inputs from the raw data, compute one slice."""
    assert _SHOP is not None
    matrix, texts = prepare(_SHOP)
    return compute_chunk(matrix.matrix, bounds[0], bounds[1], matrix.sessions, texts)


def _warm_up(_: int) -> None:
    """Run one small task, then wait for every worker to have done the same.

    Long-lived Celery workers have run builds before; a fresh process pays extra for its first
    large allocations (first touch of memory, notably slow on virtual machines), which would
    otherwise be charged to whichever configuration happens to start more processes.
    """
    chunk_task((0, 1))
    assert _BARRIER is not None
    _BARRIER.wait()


def _init_worker(barrier: Any) -> None:
    global _BARRIER
    _BARRIER = barrier


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def max_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0  # Linux reports KiB


def child_full(shop: SyntheticShop) -> dict:
    """The whole rebuild in one process: neighbours, sequence lists blended in, complements."""
    before = max_rss_mb()
    start = time.perf_counter()
    matrix, texts = prepare(shop)
    neighbours = build_neighbours(matrix.matrix, matrix.sessions, texts)
    lists = time.perf_counter()
    assert matrix.events is not None
    following = sequence_neighbours(matrix.events, matrix.n_items, SEQUENCE)
    neighbours = blend_sequence(neighbours, following, SEQUENCE.weight)
    sequence = time.perf_counter()
    complements = Complements().fit(baskets_of(matrix))
    done = time.perf_counter()
    filled = float((neighbours.indices[:, 0] >= 0).mean())
    return {
        "seconds": done - start,
        "neighbours_s": lists - start,
        "sequence_s": sequence - lists,
        "complements_s": done - sequence,
        "baskets": complements.n_baskets,
        "rss_mb": max_rss_mb(),
        "rss_before_mb": before,
        "filled": filled,
    }


def child_chunked(shop: SyntheticShop, workers: int, chunks: int) -> dict:
    global _SHOP
    _SHOP = shop
    bounds = chunk_bounds(shop.n_items, chunks)
    context = mp.get_context("fork")
    barrier = context.Barrier(workers)
    with context.Pool(workers, initializer=_init_worker, initargs=(barrier,)) as pool:
        pool.map(_warm_up, range(workers), chunksize=1)  # warm workers before the clock
        start = time.perf_counter()
        results = pool.map(chunk_task, bounds, chunksize=1)
        neighbours = combine_chunks(results)
        seconds = time.perf_counter() - start
    # Sanity: the chunked result equals the single-process build.
    matrix, texts = prepare(shop)
    full = build_neighbours(matrix.matrix, matrix.sessions, texts)
    same = bool(np.array_equal(full.indices, neighbours.indices))
    return {"seconds": seconds, "worker_rss_mb": max_rss_mb(resource.RUSAGE_CHILDREN), "same": same}


def child_calibrate(workers: int) -> dict:
    n = 3_000_000
    with mp.get_context("fork").Pool(workers) as pool:
        pool.map(_burn, [1] * workers)
        start = time.perf_counter()
        pool.map(_burn, [n] * 4, chunksize=1)
        return {"seconds": time.perf_counter() - start}


def run_child(args: argparse.Namespace, mode: str, workers: int = 1) -> dict:
    sizes = {
        "--workers": workers,
        "--chunks": args.chunks,
        "--users": args.users,
        "--items": args.items,
        "--interactions": args.interactions,
        "--categories": args.categories,
    }
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", mode]
    argv += [str(part) for pair in sizes.items() for part in pair]
    done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"child {mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def benchmark(args: argparse.Namespace) -> int:
    print(
        f"data: {args.interactions:,} lines, {args.items:,} items, {args.users:,} users, "
        f"{args.categories} categories; {args.chunks} chunks"
    )
    full = run_child(args, "full")
    print(
        f"full build, 1 process:  {full['seconds']:6.2f} s   peak RSS {full['rss_mb']:7.0f} MB "
        f"(of which {full['rss_before_mb']:.0f} MB interpreter + generated data); "
        f"{full['filled']:.1%} of items have neighbours"
    )
    print(
        f"  of which neighbours {full['neighbours_s']:.2f} s, sequence lists blended in "
        f"{full['sequence_s']:.2f} s, complements on {full['baskets']:,} baskets "
        f"{full['complements_s']:.2f} s"
    )
    timings: dict[int, list[float]] = {1: [], 2: []}
    calib: dict[int, list[float]] = {1: [], 2: []}
    rss, same = 0.0, True
    for _ in range(args.repeats):
        for workers in (1, 2):
            calib[workers].append(run_child(args, "calibrate", workers)["seconds"])
            result = run_child(args, "chunked", workers)
            timings[workers].append(result["seconds"])
            rss = max(rss, result["worker_rss_mb"])
            same = same and result["same"]
    one, two = statistics.median(timings[1]), statistics.median(timings[2])
    speedup = one / two
    calibration = statistics.median(calib[1]) / statistics.median(calib[2])
    runs = ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(timings[1], timings[2], strict=True))
    print(f"chunked, 1 worker:      {one:6.2f} s   (median of {args.repeats}; runs 1w/2w: {runs})")
    print(f"chunked, 2 workers:     {two:6.2f} s   speedup {speedup:.2f}x")
    print(f"peak RSS of a chunk worker: {rss:.0f} MB")
    print(f"chunked result identical to the single-process build: {'yes' if same else 'NO'}")
    print(f"machine check: pure-Python work ran {calibration:.2f}x faster on 2 workers than on 1")
    peak = max(full["rss_mb"], rss)
    checks = [
        (f"full build <= {TARGET_SECONDS:.0f} s", full["seconds"] <= TARGET_SECONDS,
         f"{full['seconds']:.2f} s"),
        (f"peak memory <= {TARGET_MEMORY_MB / 1024:.0f} GB", peak <= TARGET_MEMORY_MB,
         f"{peak:.0f} MB"),
        (f"2 workers >= {TARGET_SPEEDUP}x faster than 1", speedup >= TARGET_SPEEDUP,
         f"{speedup:.2f}x"),
        ("chunked == single-process result", same, ""),
    ]  # fmt: skip
    return print_checks(checks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--categories", type=int, default=250)
    parser.add_argument("--chunks", type=int, default=4, help="chunk tasks (same for 1 and 2)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each chunked config")
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--child", choices=["full", "chunked", "calibrate"], help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.users, args.items, args.interactions, args.categories = 2_000, 5_000, 100_000, 50
        args.repeats = min(args.repeats, 1)
    if args.child is None:
        return benchmark(args)
    if args.child == "calibrate":
        result = child_calibrate(args.workers)
    else:
        shop = generate_shop(args.users, args.items, args.interactions, args.categories)
        if args.child == "full":
            result = child_full(shop)
        else:
            result = child_chunked(shop, args.workers, args.chunks)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
