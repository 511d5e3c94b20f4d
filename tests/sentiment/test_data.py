"""The labelled corpus: well-formed, varied, held-out kept apart, demo templates kept out."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from shop.demo.engine import vocabulary as vocab
from shop.ratings.sentiment import (
    DEFAULT_HELDOUT_PATH,
    DEFAULT_TRAINING_PATH,
    SENTIMENTS,
    DataValidationError,
    load_examples,
)
from shop.ratings.sentiment.data import overlap, validate_lines


def test_shipped_corpus_is_valid_and_balanced() -> None:
    training = load_examples(DEFAULT_TRAINING_PATH)
    held_out = load_examples(DEFAULT_HELDOUT_PATH, min_examples=40)
    assert len(training) >= 400 and len(held_out) >= 140
    for examples in (training, held_out):
        counts = Counter(label for _, label in examples)
        assert set(counts) == set(SENTIMENTS)
        assert max(counts.values()) <= 1.2 * min(counts.values())


def test_held_out_reviews_are_not_in_the_training_data() -> None:
    assert (
        overlap(
            load_examples(DEFAULT_TRAINING_PATH),
            load_examples(DEFAULT_HELDOUT_PATH, min_examples=1),
        )
        == []
    )


def _template_patterns() -> list[re.Pattern[str]]:
    """Every demo review sentence and title as a regex, placeholders matching anything."""
    templates = [
        *vocab.REVIEW_TITLES.values(),
        *vocab.REVIEW_SENTENCES.values(),
        *vocab.BOOK_REVIEW_SENTENCES.values(),
    ]
    patterns = []
    for template in (t for group in templates for t in group):
        parts = re.split(r"\{\w+\}", template.lower().rstrip("."))
        patterns.append(re.compile(".+".join(map(re.escape, parts))))
    return patterns


def test_the_demo_generator_templates_are_not_training_data() -> None:
    """They are kept for measuring transfer to the demo reviews, so training must not see them."""
    patterns = _template_patterns()
    copied = [
        text
        for text, _ in load_examples(DEFAULT_TRAINING_PATH)
        if any(pattern.fullmatch(text.lower().rstrip(".")) for pattern in patterns)
    ]
    assert copied == []


def test_every_problem_is_listed_at_once() -> None:
    lines = [
        '{"label": "positive", "text": "Love it"}',
        "not json",
        '{"label": "happy", "text": "Great"}',
        '{"label": "negative", "text": "  "}',
        '{"label": "negative", "text": "love it!"}',
        '["positive", "list"]',
    ]
    with pytest.raises(DataValidationError) as raised:
        validate_lines(lines, source="x.jsonl", min_examples=1)
    problems = raised.value.problems
    assert any("line 2: not valid JSON" in p for p in problems)
    assert any("line 3: unknown label 'happy'" in p for p in problems)
    assert any("line 4: 'text' must be a non-empty string" in p for p in problems)
    assert any("line 5: duplicate of line 1 (labelled 'positive' there)" in p for p in problems)
    assert any("line 6: expected an object" in p for p in problems)
    assert any(p.startswith("neutral: 0 examples") for p in problems)
    assert "x.jsonl" in str(raised.value)
