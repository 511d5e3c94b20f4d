"""Latency of Assistant.decide, in process, with the evaluation figures alongside.

Usage: python benchmarks/assistant_latency.py [--model PATH] [--messages N]

The model is loaded once (trained and saved first if missing or stale), then ``decide`` is
timed over the evaluation messages, cycled, each as the first message of a conversation.
The target is a median of at most 20 ms per message.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

from customer_service.assistant import (
    Assistant,
    DialogueState,
    evaluate,
    load_dataset,
    load_or_train,
)
from customer_service.assistant.data import as_examples

EVAL_PATH = (
    Path(__file__).resolve().parent.parent
    / "customer_service"
    / "data"
    / "evaluation"
    / "heldout.yaml"
)
MEDIAN_TARGET_MS = 20.0


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="model file (default: a temporary one)")
    parser.add_argument("--messages", type=int, default=5000, help="decisions to time")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        model_path = args.model or Path(scratch) / "intent_model.joblib"
        started = time.perf_counter()
        classifier = load_or_train(model_path)
        print(f"model ready in {time.perf_counter() - started:.2f} s ({model_path})")

    assistant = Assistant(classifier)
    examples = as_examples(load_dataset(EVAL_PATH, min_examples=15))
    texts = [text for text, _ in examples]
    for text in texts[:50]:  # warm-up: first calls pay for lazy imports and caches
        assistant.decide(text, DialogueState(), signed_in=True)

    timings: list[float] = []
    for text in islice(cycle(texts), args.messages):
        started = time.perf_counter()
        assistant.decide(text, DialogueState(), signed_in=True)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    median = statistics.median(timings)
    print(
        f"decide() over {len(timings)} messages: median {median:.2f} ms, "
        f"p95 {percentile(timings, 0.95):.2f} ms, p99 {percentile(timings, 0.99):.2f} ms, "
        f"max {timings[-1]:.2f} ms (target median <= {MEDIAN_TARGET_MS:.0f} ms)"
    )
    print()
    print(evaluate(assistant, examples).render(show_errors=False))
    return 0 if median <= MEDIAN_TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
