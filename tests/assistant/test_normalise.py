from __future__ import annotations

import pytest

from customer_service.assistant.normalise import clean, normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Where   IS my\tORDER?  ", "where is my order?"),
        ("<p>Hello <b>there</b></p>", "hello there"),
        ("I can\u2019t log in", "i cannot log in"),
        ("I won't pay", "i will not pay"),
        ("it doesn't fit", "it does not fit"),
        ("I'm sure you've seen it", "i am sure you have seen it"),
        ("dont u have it pls", "do not you have it please"),
        ("thx soooooo much", "thanks soo much"),
        ("\uff37\uff28\uff25\uff32\uff25 is it", "where is it"),  # full-width letters
        ("zero\u200bwidth", "zero width"),
        ("fish &amp; chips", "fish & chips"),
        ("my adress is wrong", "my address is wrong"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalise_is_idempotent() -> None:
    text = "I'd like a REFUND pls!!! <br> it's brokennnn"
    assert normalise(normalise(text)) == normalise(text)


def test_clean_keeps_case_for_codes_and_shouting() -> None:
    assert clean("  WHERE is <i>ORD-7K4M9QX2</i>  ") == "WHERE is ORD-7K4M9QX2"


def test_shorthand_only_replaces_whole_words() -> None:
    assert normalise("status update") == "status update"  # "u" and "r" inside words survive
