"""RFM table in, one named segment per customer out.

Every customer is named by the rule table (``naming``) on their own numbers. Buyers are also
clustered (a seeded KMeans on scaled RFM), which describes the shapes of the customer base
for staff; a cluster is labelled by the segment most of its members are in, with the full
breakdown beside it, since a cluster can straddle a rule's boundary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from .clustering import K_RANGE, cluster_points
from .features import RFMTable, from_log_space, log_space, standardise
from .naming import SEGMENTS, Customers, NamingRules, Profile, Reference, name_customers

NO_CLUSTER = -1


@dataclass(frozen=True)
class ClusterSummary:
    cluster: int
    segment: str  # the segment most of its members are in
    size: int
    profile: Profile  # the centroid in days, orders and money
    segments: dict[str, int] = field(default_factory=dict)  # members per segment


@dataclass(frozen=True)
class Segmentation:
    segments: list[str]  # one per row of the RFM table
    clusters: npt.NDArray[np.int64]  # NO_CLUSTER for customers who never ordered
    summaries: list[ClusterSummary]
    k: int
    silhouette: float | None
    reference: Reference

    def sizes(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for segment in self.segments:
            sizes[segment] = sizes.get(segment, 0) + 1
        return sizes


def segment_customers(
    table: RFMTable,
    *,
    rules: NamingRules | None = None,
    k_range: range = K_RANGE,
    seed: int = 0,
) -> Segmentation:
    """Name every customer by the rule table; cluster the customers who ordered to describe
    them (customers who never ordered have nothing to cluster on)."""
    rules = rules or NamingRules()
    buyers = np.flatnonzero(table.has_ordered)
    # "A lot" is measured against buyers active in the window: those whose orders are all
    # older would pull the medians towards zero and make everyone look like a big spender.
    active = table.frequency > 0
    reference = Reference(
        median_frequency=float(np.median(table.frequency[active])) if active.any() else 0.0,
        median_monetary=float(np.median(table.monetary[active])) if active.any() else 0.0,
    )
    customers = Customers(table.recency_days, table.frequency, table.monetary, table.tenure_days)
    segments = name_customers(customers, reference, rules)
    clusters = np.full(len(table), NO_CLUSTER, dtype=np.int64)
    summaries: list[ClusterSummary] = []
    if not buyers.size:
        return Segmentation(segments, clusters, summaries, 0, None, reference)
    logged = log_space(table.recency_days[buyers], table.frequency[buyers], table.monetary[buyers])
    scaled, mean, std = standardise(logged)
    clustering = cluster_points(scaled, k_range=k_range, seed=seed)
    if clustering is None:
        # Too few distinct buyers to cluster: the rules have named each already.
        return Segmentation(segments, clusters, summaries, 0, None, reference)
    centroids = from_log_space(clustering.centers * std + mean)
    # Number clusters by size, largest first, so that the numbers shown in admin are stable
    # too (KMeans' own numbering depends on its initialisation).
    counts = np.bincount(clustering.labels, minlength=clustering.k)
    order = sorted(range(clustering.k), key=lambda c: (-counts[c], tuple(centroids[c])))
    renumber = {old: new for new, old in enumerate(order)}
    for position, label in zip(buyers.tolist(), clustering.labels.tolist(), strict=True):
        clusters[position] = renumber[label]
    for old in order:
        recency, frequency, monetary = (float(v) for v in centroids[old])
        members = Counter(segments[i] for i in np.flatnonzero(clusters == renumber[old]))
        # Most members first; ties in the segments' reading order.
        breakdown = dict(sorted(members.items(), key=lambda kv: (-kv[1], SEGMENTS.index(kv[0]))))
        summaries.append(
            ClusterSummary(
                cluster=renumber[old],
                segment=next(iter(breakdown)),
                size=int(counts[old]),
                profile=Profile(recency, frequency, monetary),
                segments=breakdown,
            )
        )
    return Segmentation(
        segments, clusters, summaries, clustering.k, clustering.silhouette, reference
    )
