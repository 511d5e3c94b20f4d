"""Text against stars: the disagreement rule and the agreement figure on demo reviews."""

from __future__ import annotations

import pytest

from shop.demo.engine import generate
from shop.ratings.sentiment import (
    SentimentClassifier,
    review_text,
    star_agreement,
    stars_disagree,
    stars_sentiment,
)


@pytest.mark.parametrize(
    ("stars", "label", "confidence", "expected"),
    [
        (5, "negative", 0.9, True),
        (4, "negative", 0.6, True),
        (5, "negative", 0.55, False),  # not sure enough to bother staff
        (1, "positive", 0.8, True),
        (2, "positive", 0.9, True),
        (5, "positive", 0.99, False),
        (1, "negative", 0.99, False),
        (3, "negative", 0.99, False),  # three stars contradict nothing
        (5, "neutral", 0.99, False),
    ],
)
def test_disagreement_needs_opposite_ends_and_confidence(
    stars: int, label: str, confidence: float, expected: bool
) -> None:
    assert stars_disagree(stars, label, confidence) is expected


def test_stars_sentiment() -> None:
    assert [stars_sentiment(s) for s in range(1, 6)] == [
        "negative",
        "negative",
        "neutral",
        "positive",
        "positive",
    ]


def test_review_text_joins_title_and_body() -> None:
    assert review_text("Disappointed.", "It broke.") == "Disappointed. It broke."
    assert review_text("  ", "Just the body") == "Just the body"
    assert review_text("", "") == ""


def test_agreement_with_stars_on_demo_reviews(classifier: SentimentClassifier) -> None:
    """The demo generator's tone follows the stars except for ~4% deliberate mismatches, and
    the model never saw its templates: agreement measures transfer to other writing."""
    shop = generate("small", seed=7)
    reviews = [r for r in shop.reviews if r.title or r.body]
    assert reviews
    predictions = classifier.predict([review_text(r.title, r.body) for r in reviews])
    agreement = star_agreement(
        [r.stars for r in reviews],
        [str(p.label) for p in predictions],
        [p.confidence for p in predictions],
    )
    assert agreement.total == len(reviews)
    assert agreement.agreement >= 0.8, agreement.render()
    assert agreement.flagged <= agreement.total * 0.1
