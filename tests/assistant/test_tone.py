from __future__ import annotations

import pytest

from customer_service.assistant.tone import tone_score


@pytest.mark.parametrize(
    "text",
    [
        "This is absolutely ridiculous, worst service ever",
        "WHERE IS MY ORDER!!!",
        "you are a bunch of scammers",
        "I am sick and tired of waiting, this is a joke",
        "What the hell is going on, useless company!!",
    ],
)
def test_angry(text: str) -> None:
    result = tone_score(text)
    assert result.is_angry
    assert -1.0 <= result.score <= -0.6
    assert result.cues  # the reason is visible


@pytest.mark.parametrize(
    "text",
    [
        "where is my order",
        "my parcel has not arrived yet",
        "I want to return a broken kettle",
        "WHERE IS MY ORDER",  # shouting alone is not enough
        "the item is damaged",
        "not bad at all",
        "tell me a joke",
    ],
)
def test_not_angry(text: str) -> None:
    assert not tone_score(text).is_angry


def test_positive_and_neutral() -> None:
    assert tone_score("thanks so much, that was really helpful").score > 0.5
    assert tone_score("where is my order").score == 0.0


def test_negation_flips_praise() -> None:
    assert tone_score("I am not happy").score < 0 < tone_score("I am happy").score


def test_intensifiers_and_exclamations_make_it_worse() -> None:
    plain = tone_score("this is terrible").score
    assert tone_score("this is really terrible").score < plain
    assert tone_score("this is terrible!!!").score < plain
    assert tone_score("THIS IS TERRIBLE").score < plain


def test_score_is_bounded() -> None:
    text = "SCAM FRAUD THIEVES LIARS DISGUSTING PATHETIC USELESS!!!!!! " * 5
    assert tone_score(text).score >= -1.0
