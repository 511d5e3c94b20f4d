"""Review text for rating events.

Reviews are assembled from tone-specific sentence templates that quote the product's own noun,
variant, features and uses, so they read as being about that product. Tone follows the stars,
except for a deliberate few percent of mismatches (five stars over a complaint, a rave with two
stars) that real review data is full of and sentiment-aware code should survive.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np

from . import vocabulary as vocab
from .behaviour import RATING
from .catalogue import ProductFacts, capitalise
from .specs import EventArrays, ProductSpec, ReviewSpec

TEXT_SHARE = 0.62
MISMATCH_SHARE = 0.04


def build_reviews(
    events: EventArrays,
    products: Sequence[ProductSpec],
    facts: Sequence[ProductFacts],
    rng: random.Random,
) -> tuple[ReviewSpec, ...]:
    """One review per rating event, oldest first; about a third carry stars only."""
    rows = np.flatnonzero(events.kind == RATING)
    reviews = []
    for customer, product, stars, days_ago in zip(
        events.customer[rows].tolist(),
        events.product[rows].tolist(),
        events.value[rows].astype(int).tolist(),
        events.days_ago[rows].tolist(),
        strict=True,
    ):
        title = body = ""
        if rng.random() < TEXT_SHARE:
            title, body = review_text(stars, facts[product], rng)
        reviews.append(ReviewSpec(customer, products[product].sku, stars, title, body, days_ago))
    return tuple(reviews)


def review_text(stars: int, facts: ProductFacts, rng: random.Random) -> tuple[str, str]:
    """A (title, body) pair whose tone usually matches ``stars``."""
    tone = "positive" if stars >= 4 else "neutral" if stars == 3 else "negative"
    if rng.random() < MISMATCH_SHARE:
        tone = rng.choice([t for t in ("positive", "neutral", "negative") if t != tone])
    words = {
        "noun": facts.noun,
        "attr": facts.variant,
        "feature": rng.choice(facts.features),
        "use": rng.choice(facts.uses) if facts.uses else "",
    }
    titles = [t for t in vocab.REVIEW_TITLES[tone] if facts.uses or "{use}" not in t]
    pool = (vocab.BOOK_REVIEW_SENTENCES if facts.is_book else vocab.REVIEW_SENTENCES)[tone]
    sentences = rng.sample(pool, rng.randint(1, 3))
    body = " ".join(capitalise(sentence.format(**words)) for sentence in sentences)
    return rng.choice(titles).format(**words), body
