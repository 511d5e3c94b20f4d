"""The three sentiments and one prediction."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Sentiment(StrEnum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


SENTIMENTS: tuple[str, ...] = tuple(sentiment.value for sentiment in Sentiment)


@dataclass(frozen=True, slots=True)
class Prediction:
    """The most probable sentiment, its probability, and the probability of each sentiment."""

    label: Sentiment
    confidence: float  # the probability of ``label``, in [0, 1]
    probabilities: dict[str, float]

    @property
    def negative(self) -> float:
        return self.probabilities[Sentiment.NEGATIVE]


def review_text(title: str, body: str) -> str:
    """The text the model reads for a review: title and body as one passage ("" if neither).

    Titles carry much of a review's sentiment ("Disappointed", "Worth every penny"), so they
    are read with the body rather than dropped.
    """
    title, body = title.strip(), body.strip()
    if title and body:
        return f"{title} {body}" if title[-1] in ".!?" else f"{title}. {body}"
    return title or body
