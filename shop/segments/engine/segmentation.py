"""RFM table in, one named segment per customer out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .clustering import K_RANGE, cluster_points
from .features import RFMTable, from_log_space, log_space, standardise
from .naming import NamingRules, Profile, Reference, name_buyers, name_non_buyer

NO_CLUSTER = -1


@dataclass(frozen=True)
class ClusterSummary:
    cluster: int
    segment: str
    size: int
    profile: Profile  # the centroid in days, orders and money


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
    """Cluster the customers who ordered, name each cluster by its centroid; customers who
    never ordered are named by tenure alone (there is nothing else to go on)."""
    rules = rules or NamingRules()
    buyers = np.flatnonzero(table.has_ordered)
    # "A lot" is measured against buyers active in the window: those whose orders are all
    # older would pull the medians towards zero and make everyone look like a big spender.
    active = table.frequency > 0
    reference = Reference(
        median_frequency=float(np.median(table.frequency[active])) if active.any() else 0.0,
        median_monetary=float(np.median(table.monetary[active])) if active.any() else 0.0,
    )
    segments = [name_non_buyer(float(tenure), rules) for tenure in table.tenure_days]
    clusters = np.full(len(table), NO_CLUSTER, dtype=np.int64)
    summaries: list[ClusterSummary] = []
    if not buyers.size:
        return Segmentation(segments, clusters, summaries, 0, None, reference)
    logged = log_space(table.recency_days[buyers], table.frequency[buyers], table.monetary[buyers])
    scaled, mean, std = standardise(logged)
    clustering = cluster_points(scaled, k_range=k_range, seed=seed)
    if clustering is None:
        # Too few distinct buyers to cluster: each is named by the rules on their own numbers.
        for row in buyers.tolist():
            profile = Profile(
                float(table.recency_days[row]),
                float(table.frequency[row]),
                float(table.monetary[row]),
            )
            segments[row] = name_buyers(profile, reference, rules)
        return Segmentation(segments, clusters, summaries, 0, None, reference)
    centroids = from_log_space(clustering.centers * std + mean)
    # Number clusters by size, largest first, so that the numbers shown in admin are stable
    # too (KMeans' own numbering depends on its initialisation).
    counts = np.bincount(clustering.labels, minlength=clustering.k)
    order = sorted(range(clustering.k), key=lambda c: (-counts[c], tuple(centroids[c])))
    renumber = {old: new for new, old in enumerate(order)}
    for old in order:
        recency, frequency, monetary = (float(v) for v in centroids[old])
        profile = Profile(recency, frequency, monetary)
        summaries.append(
            ClusterSummary(
                renumber[old], name_buyers(profile, reference, rules), int(counts[old]), profile
            )
        )
    named = {summary.cluster: summary.segment for summary in summaries}
    for position, label in zip(buyers.tolist(), clustering.labels.tolist(), strict=True):
        clusters[position] = renumber[label]
        segments[position] = named[renumber[label]]
    return Segmentation(
        segments, clusters, summaries, clustering.k, clustering.silhouette, reference
    )
