"""Request-time scoring over stored neighbour lists (plain Python, ids in, ids out).

A page needs one short list for a handful of seeds (the product shown, the cart, the user's
recent history), and the stored lists of those seeds are a single indexed read. Scoring them
here, without building matrices, keeps a request in microseconds. The arithmetic is the same as
``Recommender.recommend_histories``: ``score(j) = sum_i seed_weight[i] * weight(i -> j)``, the
seeds themselves and excluded items never suggested, and the strongest seed reported as the
reason.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    """One suggested item, its score and the seed that contributed most (-1: none)."""

    item: int
    score: float
    because: int


def score_from_neighbours(
    seeds: Mapping[int, float],
    lists: Mapping[int, tuple[Sequence[int], Sequence[float]]],
    exclude: Collection[int] = (),
    limit: int = 10,
) -> list[Suggestion]:
    """Combine the seeds' neighbour lists into the ``limit`` best suggestions.

    ``seeds`` maps item -> interest weight; ``lists`` maps item -> (neighbour ids, scores)
    and may lack some seeds (no list stored). Ties are broken by item id for stable pages.
    """
    totals: dict[int, float] = {}
    best: dict[int, tuple[float, int]] = {}
    for seed, interest in seeds.items():
        if interest <= 0 or seed not in lists:
            continue
        ids, scores = lists[seed]
        for item, score in zip(ids, scores, strict=True):
            contribution = interest * score
            if contribution <= 0:
                continue
            totals[item] = totals.get(item, 0.0) + contribution
            if contribution > best.get(item, (0.0, -1))[0]:
                best[item] = (contribution, seed)
    blocked = set(exclude) | set(seeds)
    ranked = sorted((item for item in totals if item not in blocked), key=lambda i: (-totals[i], i))
    return [Suggestion(item, totals[item], best[item][1]) for item in ranked[:limit]]


def diversify(
    items: Sequence[int],
    categories: Mapping[int, Hashable | None],
    limit: int,
    max_per_category: int | None = None,
) -> list[int]:
    """Keep rank order but let no category take more than half the row (or the given cap).

    Items passed over are used to fill the row when nothing else qualifies, so a row is only
    short when there are fewer than ``limit`` items at all.
    """
    cap = max_per_category if max_per_category is not None else max(1, limit // 2)
    chosen: list[int] = []
    skipped: list[int] = []
    used: dict[Hashable | None, int] = {}
    for item in items:
        if len(chosen) == limit:
            break
        category = categories.get(item)
        if category is not None and used.get(category, 0) >= cap:
            skipped.append(item)
            continue
        used[category] = used.get(category, 0) + 1
        chosen.append(item)
    return chosen + skipped[: limit - len(chosen)]
