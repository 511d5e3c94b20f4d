"""The training corpus: sizes, groups, provenance, determinism, and no normalised duplicates."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from pathlib import Path

import pytest

from customer_service.assistant import augment
from customer_service.assistant.corpus import (
    MIN_PER_INTENT,
    SOURCE_FILES,
    TRAINING_DIR,
    duplicate_key,
    load_corpus,
    provenance,
)
from customer_service.assistant.data import DataValidationError
from customer_service.assistant.definitions import load_definitions, neighbour_pairs
from customer_service.assistant.evaluation_sets import EVALUATION_SETS, load_evaluation_set
from customer_service.assistant.schema import INTENTS
from shop.ml.protocol import find_duplicates


@pytest.fixture(scope="module")
def corpus() -> list:
    return load_corpus()


def test_every_intent_has_enough_varied_examples(corpus: list) -> None:
    counts = Counter(phrasing.intent for phrasing in corpus)
    assert set(counts) == set(INTENTS)
    assert min(counts.values()) >= MIN_PER_INTENT
    assert counts["out_of_scope"] >= 1000
    # Not one source: every in-scope intent draws on hand-written lines and templates.
    for intent in INTENTS:
        sources = {p.source.split(":")[0] for p in corpus if p.intent == intent}
        assert any(s.startswith("templates.yaml") for s in sources), intent
        assert any(s in ("legacy.yaml", "phrasings.yaml") for s in sources), intent


def test_no_duplicates_after_full_normalisation_within_or_across_sets(corpus: list) -> None:
    sets = {"training": [p.text for p in corpus]}
    sets |= {name: [text for text, _ in load_evaluation_set(name)] for name in EVALUATION_SETS}
    found = find_duplicates(sets, key=duplicate_key)
    assert [duplicate.describe() for duplicate in found] == []


def test_the_duplicate_key_ignores_case_punctuation_spacing_digits_and_codes() -> None:
    assert duplicate_key("Hello?") == duplicate_key("hello!!") == duplicate_key("  HELLO ")
    assert duplicate_key("size 42 please") == duplicate_key("size 44, please")
    assert duplicate_key("where is ORD-7K4M9QX2") == duplicate_key("where is #ord-2222aaaa")
    assert duplicate_key("mail anna@example.com") == duplicate_key("mail tom@example.org")
    assert duplicate_key("where is my order") != duplicate_key("where is my parcel")


def test_rewrites_share_their_phrasing_group_and_templates_have_their_own(corpus: list) -> None:
    by_group: dict[str, set[str]] = {}
    for phrasing in corpus:
        by_group.setdefault(phrasing.group, set()).add(phrasing.intent)
    assert all(len(intents) == 1 for intents in by_group.values())
    rewrites = [p for p in corpus if p.source.endswith("(rewrite)")]
    originals = {p.group for p in corpus if not p.generated}
    assert rewrites and all(p.group in originals for p in rewrites)
    templated = [p for p in corpus if p.source.startswith("templates.yaml")]
    assert templated and all(p.group.startswith("templates.yaml:") for p in templated)
    assert max(Counter(p.group for p in templated).values()) > 1  # fillings share a group


def test_loading_is_deterministic(corpus: list) -> None:
    assert load_corpus() == corpus


def test_every_source_file_says_where_it_came_from() -> None:
    origins = provenance()
    assert set(origins) == set(SOURCE_FILES)
    assert all(len(origin) > 20 for origin in origins.values())


def test_hand_written_repeats_are_reported_with_their_sources(tmp_path: Path) -> None:
    copy = tmp_path / "training"
    shutil.copytree(TRAINING_DIR, copy)
    domains = copy / "out_of_scope.yaml"
    # "Cancel my order!!" repeats a cancel_order line after normalisation.
    domains.write_text(
        domains.read_text(encoding="utf-8") + "clash:\n- Cancel my order!!\n- blah blah blah\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as error:
        load_corpus(copy)
    assert any(
        "'Cancel my order!!' repeats" in problem and "also under 'cancel_order'" in problem
        for problem in error.value.problems
    )
    assert any("'blah blah blah' repeats" in problem for problem in error.value.problems)


def test_unknown_intents_and_thin_intents_are_reported(tmp_path: Path) -> None:
    copy = tmp_path / "training"
    shutil.copytree(TRAINING_DIR, copy)
    phrasings = copy / "phrasings.yaml"
    phrasings.write_text(
        phrasings.read_text(encoding="utf-8") + "greetings:\n- hello, Dolly\n", encoding="utf-8"
    )
    with pytest.raises(DataValidationError) as error:
        load_corpus(copy)
    assert "phrasings.yaml: unknown intent 'greetings'" in error.value.problems
    with pytest.raises(DataValidationError) as error:
        load_corpus(TRAINING_DIR, min_per_intent=10_000)
    assert len(error.value.problems) == len(INTENTS)
    assert all("at least 10000 needed" in problem for problem in error.value.problems)


def test_frames_wrap_without_changing_the_request() -> None:
    frames = augment.Frames(
        wrap_intents=frozenset({"order_status"}),
        openers=("Dear Sir or Madam,",),
        wrappers=("Quick question: {text}",),
        closers=("Kind regards, {name}",),
        help_frames=("I need help with {topic}",),
    )
    slots = {"name": ["Anna"]}
    framed = frames.frame("Where is my order", slots, augment.rng_for("x"))
    assert "where is my order" in framed.lower() and framed != "Where is my order"
    # Small talk is not framed (no "Dear Sir or Madam, hi"), only misspelt at most.
    assert all("Dear" not in r for r in augment.rewrites("hello there", "greeting", frames, slots))
    assert augment.topic_statements("a return", frames, slots, count=1) == [
        "I need help with a return"
    ]


def test_misspellings_change_one_word_by_one_slip() -> None:
    rng = random.Random(3)
    for text in ("where is my parcel", "please cancel the order", "refund for the kettle"):
        typo = augment.misspell(text, rng)
        assert typo is not None and typo != text
        changed = [(a, b) for a, b in zip(text.split(), typo.split(), strict=True) if a != b]
        assert len(changed) == 1 and abs(len(changed[0][0]) - len(changed[0][1])) <= 1
    assert augment.misspell("hi yo", rng) is None  # no word long enough


def test_templates_fill_every_slot_and_generate_codes() -> None:
    slots = {"item": ["kettle", "tent"]}
    fillings = augment.template_fillings("where is the {item} of {order}", slots, count=2)
    assert len(fillings) == 2 and all("{" not in text for text in fillings)
    with pytest.raises(KeyError, match="colour"):
        augment.fill("a {colour} tent", slots, random.Random(0))


def test_definitions_cover_every_intent_and_their_neighbours() -> None:
    definitions = load_definitions()
    assert list(definitions) == list(INTENTS)
    pairs = neighbour_pairs(definitions)
    for pair in (
        ("return_refund", "payment_issue"),
        ("order_status", "shipping_info"),
        ("cancel_order", "change_order"),
        ("change_order", "account_help"),
        ("greeting", "out_of_scope"),
        ("product_search", "out_of_scope"),
        ("product_search", "recommendation"),
    ):
        assert pair in pairs or pair[::-1] in pairs
