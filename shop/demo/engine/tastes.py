"""Hidden taste profiles: what each taste likes, and which tastes each customer has.

Every customer is a mixture of one to three latent tastes; a taste prefers a few leaf
categories, a few brands and a price band. Items get an affinity to every taste from those
preferences, which is what the simulation (``behaviour``) samples interactions from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from . import vocabulary as vocab
from .catalogue import (
    BRAND_TIER,
    BRANDS,
    DEPARTMENT_BRAND_COUNT,
    DEPARTMENT_BRAND_START,
    LEAF_DEPARTMENT,
    LEAVES,
    CataloguePlan,
)
from .people import CustomerPlan
from .specs import TasteSpec

# Affinity of an item to a taste: weights of matching leaf, department, brand and price band.
LEAF_WEIGHT, DEPARTMENT_WEIGHT, BRAND_WEIGHT, PRICE_WEIGHT = 1.0, 0.35, 0.6, 0.4
# Where each price band sits in a type's price range, and how picky the band is.
BAND_TARGETS = np.array([0.2, 0.5, 0.8])
BAND_WIDTH = 0.22
MAX_TASTES_PER_CUSTOMER = 3
TASTE_COUNT_PROBABILITIES = (0.4, 0.4, 0.2)


@dataclass(frozen=True, slots=True)
class TasteModel:
    """The hidden structure: tastes, item affinities and each customer's taste mixture.

    ``customer_tastes`` and ``customer_weights`` hold up to three (taste, weight) pairs per
    customer, with weight 0 for unused slots; this compact form keeps per-event lookups cheap.
    """

    tastes: tuple[TasteSpec, ...]
    affinity: npt.NDArray[np.float32]
    customer_tastes: npt.NDArray[np.int64]
    customer_weights: npt.NDArray[np.float64]

    def weight_matrix(self) -> npt.NDArray[np.float32]:
        """Dense customers x tastes mixture weights, for analysis and tests."""
        dense = np.zeros((self.customer_tastes.shape[0], len(self.tastes)), dtype=np.float32)
        rows = np.arange(self.customer_tastes.shape[0])[:, None]
        np.add.at(dense, (rows, self.customer_tastes), self.customer_weights)
        return dense


def build_taste_model(
    count: int, catalogue: CataloguePlan, customers: CustomerPlan, rng: np.random.Generator
) -> TasteModel:
    """Invent ``count`` tastes, score every item against them and mix them into customers."""
    departments = len(vocab.DEPARTMENTS)
    leaf_member = np.zeros((count, len(LEAVES)), dtype=bool)
    department_member = np.zeros((count, departments), dtype=bool)
    brand_member = np.zeros((count, len(BRANDS)), dtype=bool)
    bands = rng.integers(0, 3, count)
    primaries = np.concatenate(
        [rng.permutation(departments) for _ in range(count // departments + 1)]
    )[:count]
    tastes = []
    for taste, (primary, band) in enumerate(zip(primaries, bands, strict=True)):
        chosen = [int(primary)]
        if rng.random() < 0.5:
            chosen.append(int(rng.choice([d for d in range(departments) if d != primary])))
        leaf_names: list[str] = []
        for rank, department in enumerate(chosen):
            leaves = np.flatnonzero(np.equal(LEAF_DEPARTMENT, department))
            picks = 1 if rank else min(len(leaves), 3 if rng.random() < 0.3 else 2)
            for leaf in rng.choice(leaves, picks, replace=False):
                leaf_member[taste, leaf] = True
                leaf_names.append(LEAVES[leaf][1].slug)
            department_member[taste, department] = True
            start = DEPARTMENT_BRAND_START[department]
            brand_ids = np.arange(start, start + DEPARTMENT_BRAND_COUNT[department])
            closeness = np.exp(-1.5 * np.abs(BRAND_TIER[brand_ids] - band))
            brand_member[
                taste,
                rng.choice(
                    brand_ids, 1 if rank else 2, replace=False, p=closeness / closeness.sum()
                ),
            ] = True
        name = f"{vocab.PRICE_BANDS[band]} {vocab.DEPARTMENTS[chosen[0]].name.lower()}"
        if len(chosen) > 1:
            name += f" + {vocab.DEPARTMENTS[chosen[1]].name.lower()}"
        tastes.append(
            TasteSpec(
                name=name,
                category_slugs=tuple(leaf_names),
                brands=tuple(BRANDS[i].name for i in np.flatnonzero(brand_member[taste])),
                price_band=vocab.PRICE_BANDS[band],
            )
        )

    price_match = np.exp(
        -(((catalogue.price_position[:, None] - BAND_TARGETS[bands][None, :]) / BAND_WIDTH) ** 2)
    )
    affinity = (
        LEAF_WEIGHT * leaf_member[:, catalogue.leaf].T
        + DEPARTMENT_WEIGHT * department_member[:, catalogue.department].T
        + BRAND_WEIGHT * brand_member[:, catalogue.brand].T
        + PRICE_WEIGHT * price_match
    ).astype(np.float32)

    customer_tastes, customer_weights = _mix_tastes(len(customers), count, rng)
    return TasteModel(tuple(tastes), affinity, customer_tastes, customer_weights)


def _mix_tastes(
    customers: int, tastes: int, rng: np.random.Generator
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Give each customer one to three distinct tastes, some tastes more common than others.

    Distinct tastes are drawn without replacement with the Gumbel top-k trick, which does it
    for all customers at once.
    """
    prevalence = rng.dirichlet(np.full(tastes, 2.0))
    keys = np.log(prevalence)[None, :] + rng.gumbel(size=(customers, tastes))
    slots = min(MAX_TASTES_PER_CUSTOMER, tastes)
    chosen = np.argsort(-keys, axis=1)[:, :slots]
    counts = rng.choice(np.arange(1, 4), customers, p=TASTE_COUNT_PROBABILITIES)
    weights = rng.gamma(2.0, 1.0, (customers, slots))
    weights[np.arange(slots)[None, :] >= counts[:, None]] = 0.0
    weights /= weights.sum(axis=1, keepdims=True)
    return chosen.astype(np.int64), weights
