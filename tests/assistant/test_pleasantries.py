from __future__ import annotations

import pytest

from customer_service.assistant.normalise import normalise
from customer_service.assistant.pleasantries import strip_pleasantries


@pytest.mark.parametrize(
    ("message", "core"),
    [
        (
            "Hello, I was hoping someone could explain how I go about sending back a jacket I "
            "bought last week. Many thanks, Anna",
            "explain how i go about sending back a jacket i bought last week",
        ),
        (
            "Dear Sir or Madam, I placed an order and have not received it. Kind regards, Maria",
            "i placed an order and have not received it",
        ),
        ("Hi there, quick question. where is my order? Thanks in advance.", "where is my order?"),
        ("Good morning, I would like to cancel my order please", "i would like to cancel my order"),
        ("Sorry to bother you, but my card was declined", "my card was declined"),
        ("what is the weather in Paris, thanks Tom", "what is the weather in paris"),
    ],
)
def test_politeness_around_a_request_is_dropped(message: str, core: str) -> None:
    assert strip_pleasantries(normalise(message)) == core


@pytest.mark.parametrize("message", ["hello there", "thank you", "hi, refund?", "kind regards"])
def test_a_message_that_is_only_politeness_is_kept(message: str) -> None:
    assert strip_pleasantries(normalise(message)) == normalise(message)


def test_words_that_carry_the_request_are_kept() -> None:
    # "help" and "please" inside the request are not politeness to strip.
    assert strip_pleasantries("i need help with my password please") == (
        "i need help with my password"
    )
    assert strip_pleasantries("please cancel my order") == "please cancel my order"
