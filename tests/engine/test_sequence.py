"""Sequence neighbours, their blend into the regression's lists, recency of a history."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp

from recommendations.engine.interactions import EventLog, build_from_values
from recommendations.engine.recommender import Recommender
from recommendations.engine.sequence import (
    SequenceConfig,
    blend_sequence,
    recency_history,
    recency_weights,
    sequence_neighbours,
)
from recommendations.engine.similarity import Neighbours, SimilarityConfig

A, B, C, D = range(4)


def log(*events: tuple[int, int, float]) -> EventLog:
    users, items, times = zip(*events, strict=True)
    return EventLog(
        np.array(users, np.int64), np.array(items, np.int64), np.array(times, np.float64)
    )


def lists(nb: Neighbours) -> dict[int, dict[int, float]]:
    return {i: {int(j): round(float(s), 4) for j, s in zip(*nb.row(i), strict=True)}
            for i in range(nb.n_items) if nb.row(i)[0].size}  # fmt: skip


def test_directed_next_items_by_hand():
    # u0: a b c, u1: a b, u2: a c -> a->b twice, b->c once, a->c once (window 1)
    events = log((0, A, 1), (0, B, 2), (0, C, 3), (1, A, 1), (1, B, 5), (2, A, 1), (2, C, 9))
    nb = sequence_neighbours(events, 4, SequenceConfig(window=1, directed=True))
    l2, l3 = math.log(2), math.log(3)  # log1p of the counts 1 and 2
    out_a, in_c = l3 + l2, 2 * l2
    assert lists(nb) == {
        A: {B: round(l3 / math.sqrt(out_a * l3), 4), C: round(l2 / math.sqrt(out_a * in_c), 4)},
        B: {C: round(l2 / math.sqrt(l2 * in_c), 4)},
    }


def test_undirected_and_wider_windows_add_the_reverse_and_skipped_pairs():
    events = log((0, A, 1), (0, B, 2), (0, C, 3))
    one = lists(sequence_neighbours(events, 4, SequenceConfig(window=1)))
    assert {i: set(row) for i, row in one.items()} == {A: {B}, B: {A, C}, C: {B}}
    two = lists(sequence_neighbours(events, 4, SequenceConfig(window=2, directed=True)))
    assert {i: set(row) for i, row in two.items()} == {A: {B, C}, B: {C}}


def test_events_at_the_same_time_have_no_order():
    events = log((0, A, 5), (0, B, 5), (0, C, 6))
    nb = lists(sequence_neighbours(events, 4, SequenceConfig(window=1, directed=True)))
    assert B in nb and A in nb[B]  # a and b share a timestamp: both directions
    assert C not in nb  # c came strictly later: it suggests nothing


def test_blend_scales_the_sequence_to_the_regressions_mean():
    regression = Neighbours(np.array([[1, 2], [-1, -1], [-1, -1]], np.int32),
                            np.array([[0.4, 0.2], [0, 0], [0, 0]], np.float32))  # fmt: skip
    sequence = Neighbours(np.array([[2], [0], [-1]], np.int32),
                          np.array([[1.0], [3.0], [0]], np.float32))  # fmt: skip
    # regression mean 0.3, sequence mean 2.0: weight 1 adds 0.15 x the sequence score
    blended = lists(blend_sequence(regression, sequence, 1.0))
    assert blended == {0: {2: 0.35, 1: 0.4}, 1: {0: 0.45}}
    assert list(blended[0]) == [1, 2]  # 0.4 still beats 0.2 + 0.15
    assert blend_sequence(regression, sequence, 0.0) is regression


def test_recency_counts_newer_events_and_ties_share_it():
    events = log((0, A, 30), (0, B, 10), (1, A, 1), (0, C, 20), (0, D, 20))
    weights = recency_weights(events, half_life=1.0)
    # user 0: a newest (0 newer), c and d tied (1 newer), b oldest (3 newer); user 1 alone
    assert weights.tolist() == [1.0, 0.125, 1.0, 0.5, 0.5]
    assert recency_weights(events, None).tolist() == [1.0] * 5


def test_recency_history_uses_the_latest_event_of_a_pair_and_keeps_untimed_entries():
    matrix = sp.csr_matrix(np.array([[2.0, 4.0, 1.0]], np.float32))
    events = log((0, A, 1), (0, B, 2), (0, A, 3))  # a bought again last; c has no event
    weighted = recency_history(matrix, events, half_life=1.0).toarray()
    assert weighted.tolist() == [[2.0, 2.0, 1.0]]  # b: one newer event -> x 0.5


def test_recommender_uses_sequence_and_recency_when_given_events():
    # everybody watches a, b, c, d in this order; the last user has watched a then c
    users = [u for u in range(6) for _ in range(4)] + [9, 9]
    items = ["a", "b", "c", "d"] * 6 + ["a", "c"]
    times = [float(t) for _ in range(6) for t in range(4)] + [0.0, 2.0]
    data = build_from_values(users, items, None, times)
    assert data.events is not None and data.events.users.size == 26
    config = SimilarityConfig(min_source_rows=1, shrink=0.0)
    plain = Recommender(config).fit(data.matrix, data.sessions, data.events)
    timed = Recommender(config, SequenceConfig(weight=1.0, window=1, directed=True), 1.0)
    timed.fit(data.matrix, data.sessions, data.events)
    row = data.user_row(9)
    assert plain.recommend([row], k=2).items[0].tolist() == [1, 3]  # b and d tie: by index
    # directed lists say d follows c: with c the newest event, d comes first
    assert timed.recommend([row], k=2).items[0].tolist()[0] == 3
    assert timed.scored_history([row]).toarray()[0].tolist() == pytest.approx(
        [0.5 * math.log(2), 0, math.log(2), 0]
    )
