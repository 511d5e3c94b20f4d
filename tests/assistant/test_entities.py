from __future__ import annotations

import pytest

from customer_service.assistant.entities import (
    extract_order_index,
    extract_order_number,
    extract_search_query,
    mask_order_numbers,
)


@pytest.mark.parametrize(
    "text",
    [
        "ORD-7K4M9QX2",
        "where is ord-7k4m9qx2?",
        "order ORD 7K4M9QX2 please",
        "ORD7K4M9QX2",
        "#ORD-7K4M9QX2",
        "# ord 7k4m9qx2",
        "my order is #7K4M9QX2",
        "ord_7k4m9qx2 hasn't arrived",
        "(ORD-7K4M9QX2)",
    ],
)
def test_order_number_variants_are_normalised(text: str) -> None:
    assert extract_order_number(text) == "ORD-7K4M9QX2"


@pytest.mark.parametrize(
    "text",
    [
        "where is my order",
        "ORD-7K4M9QX",  # too short
        "ORD-7K4M9QX2Z",  # too long
        "ORD-7K4M0QX2",  # 0 is not in the alphabet
        "ORD-7K4MIQX2",  # neither is I
        "WORD-7K4M9QX2",  # prefix inside a longer word
        "7K4M9QX2",  # a bare code needs the dialogue to be waiting for one
    ],
)
def test_not_an_order_number(text: str) -> None:
    assert extract_order_number(text) is None


def test_first_order_number_wins() -> None:
    assert extract_order_number("ORD-2222AAAA or ORD-3333BBBB") == "ORD-2222AAAA"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7K4M9QX2", "ORD-7K4M9QX2"),
        ("it's 7k4m9qx2", "ORD-7K4M9QX2"),
        ("KMNPQRST", "ORD-KMNPQRST"),  # no digit, but typed in capitals
        ("purchase", None),  # an ordinary eight-letter word fits the alphabet
        ("the latest", None),
    ],
)
def test_bare_codes_when_allowed(text: str, expected: str | None) -> None:
    assert extract_order_number(text, allow_bare=True) == expected


def test_mask_order_numbers() -> None:
    assert mask_order_numbers("where is ORD-7K4M9QX2?").split() == [
        "where",
        "is",
        "ordernumber",
        "?",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the first one", 0),
        ("my latest order", 0),
        ("the most recent", 0),
        ("the second one", 1),
        ("3rd", 2),
        ("2", 1),
        ("number 1", 0),
        ("what is the weather like on the first day of the holidays there", None),
        ("hmm", None),
    ],
)
def test_order_index(text: str, expected: int | None) -> None:
    assert extract_order_index(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("do you have red running shoes", "red running shoes"),
        ("do you have red running shoes?", "red running shoes"),
        ("i am looking for a waterproof jacket", "waterproof jacket"),
        ("hi, do you sell yoga mats in stock", "yoga mats"),
        ("have you got any wireless headphones?", "wireless headphones"),
        ("show me leather boots in size 8", "leather boots in size 8"),
        ("can you recommend a good laptop bag", "laptop bag"),
        ("search for something", None),
        ("do you have any?", None),
    ],
)
def test_search_query(text: str, expected: str | None) -> None:
    assert extract_search_query(text) == expected
