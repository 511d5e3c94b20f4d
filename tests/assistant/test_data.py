from __future__ import annotations

from pathlib import Path

import pytest

from customer_service.assistant.data import (
    DataValidationError,
    dataset_hash,
    load_dataset,
    validate_dataset,
)
from customer_service.assistant.schema import INTENTS


def complete(**overrides: list[str]) -> dict[str, list[str]]:
    """A valid dataset with two phrasings per intent, with some intents replaced."""
    data = {intent: [f"{intent} one", f"{intent} two"] for intent in INTENTS}
    data.update(overrides)
    return data


def problems(raw: object, **kwargs: object) -> list[str]:
    with pytest.raises(DataValidationError) as error:
        validate_dataset(raw, min_examples=2, **kwargs)  # type: ignore[arg-type]
    return error.value.problems


def test_valid_dataset_keeps_canonical_order() -> None:
    data = dict(reversed(list(complete().items())))
    assert list(validate_dataset(data, min_examples=2)) == list(INTENTS)


def test_top_level_must_be_a_mapping() -> None:
    assert "mapping" in problems(["hi", "hello"])[0]


def test_unknown_intent_name() -> None:
    found = problems({**complete(), "greetings": ["hi", "hello"]})
    assert any("unknown intent 'greetings'" in problem for problem in found)


def test_duplicate_within_an_intent_after_normalisation() -> None:
    found = problems(complete(thanks=["Thanks!", "thanks!", "cheers"]))
    assert found == ["thanks: duplicate phrasing 'thanks!' (twice)"]


def test_same_phrasing_under_two_intents() -> None:
    found = problems(complete(goodbye=["bye", "thanks one"]))
    assert "thanks: duplicate phrasing 'thanks one' (also under 'goodbye')" in found


def test_duplicates_differing_only_in_order_number_are_caught() -> None:
    found = problems(complete(order_status=["where is ORD-7K4M9QX2", "where is ORD-2222AAAA"]))
    assert any("duplicate phrasing" in problem for problem in found)


def test_too_few_examples_and_missing_intents() -> None:
    data = complete(greeting=["hi"])
    del data["complaint"]
    found = problems(data)
    assert "greeting: 1 phrasings, at least 2 needed" in found
    assert "missing intent 'complaint'" in found


def test_non_string_items() -> None:
    found = problems(complete(greeting=["hi", 42, ""]))  # type: ignore[list-item]
    assert "greeting: item 2 is not a non-empty string" in found
    assert "greeting: item 3 is not a non-empty string" in found


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    path = tmp_path / "intents.yaml"
    path.write_text("greeting: [hi]\nbogus: [x, y]\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as error:
        load_dataset(path, min_examples=2)
    assert len(error.value.problems) == 1 + 1 + (len(INTENTS) - 1)  # few, unknown, missing
    assert str(path) in str(error.value)


def test_invalid_yaml(tmp_path: Path) -> None:
    path = tmp_path / "intents.yaml"
    path.write_text("greeting: [hi\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="not valid YAML"):
        load_dataset(path)


def test_dataset_hash_ignores_order_but_not_content() -> None:
    examples = [("hi", "greeting"), ("bye", "goodbye")]
    assert dataset_hash(examples) == dataset_hash(list(reversed(examples)))
    assert dataset_hash(examples) != dataset_hash([("hi", "greeting"), ("bye", "thanks")])
