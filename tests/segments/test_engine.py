"""The segmentation engine on synthetic customers: no database."""

from __future__ import annotations

import numpy as np
import pytest

from shop.segments.engine import naming
from shop.segments.engine.clustering import cluster_points
from shop.segments.engine.features import RFMTable, log_space, standardise
from shop.segments.engine.naming import NamingRules, Profile, Reference, name_buyers
from shop.segments.engine.segmentation import NO_CLUSTER, segment_customers

GROUPS = {
    # name: (count, recency range, orders range, spend range, tenure range)
    "champions": (30, (2, 15), (8, 13), (900, 1600), (300, 900)),
    "recent": (40, (5, 40), (1, 2), (30, 80), (20, 400)),
    "slipping": (30, (120, 200), (5, 8), (350, 600), (400, 900)),
    "gone": (40, (300, 360), (1, 2), (20, 60), (400, 900)),
}


def synthetic(seed: int = 7) -> tuple[RFMTable, list[str]]:
    """Four well-separated groups of buyers, plus new sign-ups and old prospects who never
    ordered. Returns the table and each row's true group."""
    rng = np.random.default_rng(seed)
    recency, frequency, monetary, tenure, truth = [], [], [], [], []
    for name, (count, r, f, m, t) in GROUPS.items():
        recency += rng.uniform(*r, count).tolist()
        frequency += rng.integers(f[0], f[1] + 1, count).tolist()
        monetary += rng.uniform(*m, count).tolist()
        tenure += rng.uniform(*t, count).tolist()
        truth += [name] * count
    for name, days in (("fresh", (1, 20)), ("browsers", (60, 500))):
        recency += [np.nan] * 10
        frequency += [0] * 10
        monetary += [0.0] * 10
        tenure += rng.uniform(*days, 10).tolist()
        truth += [name] * 10
    table = RFMTable(
        customer_ids=np.arange(1, len(truth) + 1, dtype=np.int64),
        recency_days=np.array(recency, dtype=np.float64),
        frequency=np.array(frequency, dtype=np.float64),
        monetary=np.array(monetary, dtype=np.float64),
        tenure_days=np.array(tenure, dtype=np.float64),
    )
    return table, truth


def names_of(truth: list[str], segments: list[str], group: str) -> set[str]:
    return {segment for segment, true in zip(segments, truth, strict=True) if true == group}


def test_groups_get_the_names_their_behaviour_deserves():
    table, truth = synthetic()
    result = segment_customers(table, seed=42)
    assert names_of(truth, result.segments, "champions") <= {naming.BIG_SPENDERS, naming.LOYAL}
    assert names_of(truth, result.segments, "recent") == {naming.PROMISING}
    assert names_of(truth, result.segments, "slipping") == {naming.AT_RISK}
    assert names_of(truth, result.segments, "gone") == {naming.LOST}
    assert names_of(truth, result.segments, "fresh") == {naming.NEW}
    assert names_of(truth, result.segments, "browsers") == {naming.PROSPECT}
    assert 4 <= result.k <= 8 and result.silhouette is not None and result.silhouette > 0.3
    assert sum(result.sizes().values()) == len(table)


def test_customers_without_orders_are_not_clustered():
    table, truth = synthetic()
    result = segment_customers(table, seed=42)
    never = np.array([t in ("fresh", "browsers") for t in truth])
    assert np.all(result.clusters[never] == NO_CLUSTER)
    assert np.all(result.clusters[~never] >= 0)


def test_cluster_summaries_are_numbered_by_size_and_describe_their_members():
    table, _truth = synthetic()
    result = segment_customers(table, seed=42)
    sizes = [summary.size for summary in result.summaries]
    assert sizes == sorted(sizes, reverse=True)
    assert [s.cluster for s in result.summaries] == list(range(result.k))
    for summary in result.summaries:
        members = result.clusters == summary.cluster
        assert members.sum() == summary.size
        # The centroid lies within its members' range (it is a mean in log space).
        recency = table.recency_days[members]
        assert recency.min() <= summary.profile.recency_days <= recency.max()
        assert {result.segments[i] for i in np.flatnonzero(members)} == {summary.segment}


def test_same_data_same_seed_same_segments_whatever_the_row_order():
    table, _truth = synthetic()
    first = segment_customers(table, seed=42)
    assert segment_customers(table, seed=42).segments == first.segments
    order = np.random.default_rng(3).permutation(len(table))
    shuffled = RFMTable(
        customer_ids=table.customer_ids[order],
        recency_days=table.recency_days[order],
        frequency=table.frequency[order],
        monetary=table.monetary[order],
        tenure_days=table.tenure_days[order],
    )
    again = segment_customers(shuffled, seed=42)
    by_customer = dict(zip(table.customer_ids.tolist(), first.segments, strict=True))
    assert all(
        by_customer[c] == s
        for c, s in zip(shuffled.customer_ids.tolist(), again.segments, strict=True)
    )


def test_too_few_buyers_are_named_one_by_one():
    table = RFMTable(
        customer_ids=np.array([1, 2, 3], dtype=np.int64),
        recency_days=np.array([3.0, 400.0, np.nan]),
        frequency=np.array([1.0, 0.0, 0.0]),
        monetary=np.array([25.0, 0.0, 0.0]),
        tenure_days=np.array([10.0, 500.0, 3.0]),
    )
    result = segment_customers(table)
    assert result.segments == [naming.PROMISING, naming.LOST, naming.NEW]
    assert result.k == 0 and result.silhouette is None and result.summaries == []


def test_a_shop_without_customers_or_buyers():
    empty = RFMTable(
        customer_ids=np.array([], dtype=np.int64),
        recency_days=np.array([]),
        frequency=np.array([]),
        monetary=np.array([]),
        tenure_days=np.array([]),
    )
    assert segment_customers(empty).segments == []
    browsers = RFMTable(
        customer_ids=np.array([1, 2], dtype=np.int64),
        recency_days=np.array([np.nan, np.nan]),
        frequency=np.zeros(2),
        monetary=np.zeros(2),
        tenure_days=np.array([2.0, 90.0]),
    )
    assert segment_customers(browsers).segments == [naming.NEW, naming.PROSPECT]


def test_mismatched_or_negative_columns_are_refused():
    with pytest.raises(ValueError, match="one value per customer"):
        RFMTable(
            customer_ids=np.array([1, 2], dtype=np.int64),
            recency_days=np.array([1.0]),
            frequency=np.zeros(2),
            monetary=np.zeros(2),
            tenure_days=np.zeros(2),
        )
    with pytest.raises(ValueError, match="negative"):
        RFMTable(
            customer_ids=np.array([1], dtype=np.int64),
            recency_days=np.array([1.0]),
            frequency=np.array([-1.0]),
            monetary=np.zeros(1),
            tenure_days=np.zeros(1),
        )


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (Profile(10, 1, 40), naming.PROMISING),
        (Profile(10, 2, 500), naming.BIG_SPENDERS),
        (Profile(10, 6, 120), naming.LOYAL),
        (Profile(10, 6, 500), naming.LOYAL),
        (Profile(120, 6, 120), naming.AT_RISK),
        (Profile(120, 1, 500), naming.AT_RISK),
        (Profile(120, 1, 40), naming.HIBERNATING),
        (Profile(300, 9, 900), naming.LOST),
    ],
)
def test_naming_rules(profile, expected):
    # The median buyer: 2 orders, 100 spent; big spend from 200, many orders from 4.
    reference = Reference(median_frequency=2, median_monetary=100)
    assert name_buyers(profile, reference, NamingRules()) == expected


def test_scaling_tames_long_tails_and_constant_columns():
    points = log_space(np.array([1.0, 1000.0]), np.array([1.0, 1.0]), np.array([0.0, 1e6]))
    scaled, _mean, _std = standardise(points)
    assert np.allclose(scaled.mean(axis=0), 0.0)
    assert np.all(scaled[:, 1] == 0.0)  # the constant order count does not divide by zero


def test_clustering_gives_up_on_identical_points():
    assert cluster_points(np.zeros((5, 3))) is None
