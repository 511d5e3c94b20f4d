"""The framework-free query analysis: what a shopper's words are taken to mean."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.search.engine import TermKind, Vocabulary, analyse, singular, tokenise


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.build(
        [
            ("Wireless Headphones", 20),
            ("Hair Dryer", 5),
            ("Tent", 12),
            ("2-person", 3),
            ("Blender", 4),
            ("Midnight Black", 9),
            ("Voltara", 10),
            ("Sleeping Bag", 4),
            ("True Wireless Earbuds", 5),
        ],
        synonym_groups=[["sofa", "couch"], ["tv", "television"]],
        brands=["Voltara"],
    )


def kinds(analysis):
    return [(t.text, t.kind) for t in analysis.terms]


def test_tokens_are_plain_words_without_syntax():
    assert tokenise("a&b|c:* 'DROP' Décor") == ["a", "b", "c", "drop", "decor"]
    assert singular("batteries") == "battery" and singular("boxes") == "box"
    assert singular("dress") == "dress" and singular("blenders") == "blender"


def test_typos_are_corrected_to_catalogue_words(vocabulary):
    analysis = analyse("wireless headphnes black", vocabulary)
    assert kinds(analysis) == [
        ("wireless", TermKind.EXACT),
        ("headphones", TermKind.CORRECTED),
        ("black", TermKind.EXACT),
    ]
    assert analysis.corrected_query == "wireless headphones black"
    # Two typos in a long word; a transposition counts as one.
    assert analyse("hedphnes", vocabulary).terms[0].text == "headphones"
    assert analyse("tnet", vocabulary).terms[0].text == "tent"


def test_two_typos_by_the_length_of_the_word_meant():
    vocabulary = Vocabulary.build([("Botanika", 8), ("Willowby", 5), ("Bottle", 3)])
    # Two letters dropped from an 8-letter word: 6 typed, the word meant still has 8.
    assert analyse("botnika", vocabulary).terms[0].text == "botanika"
    assert analyse("wlowby", vocabulary).terms[0].text == "willowby"
    assert analyse("botnkia", vocabulary).terms[0].text == "botanika"
    # A 6-letter word meant allows one typo, however long the word typed.
    assert analyse("botle", vocabulary).terms[0].text == "bottle"
    assert analyse("boxtlle", vocabulary).terms[0].kind is TermKind.UNKNOWN
    assert analyse("btlle", vocabulary).terms[0].kind is TermKind.UNKNOWN
    assert analyse("btle", vocabulary).terms[0].kind is TermKind.UNKNOWN


def test_a_correction_of_the_word_as_typed_before_one_of_its_singular():
    # "bluhs" is "blush" with two letters swapped; its singular "bluh" is one from "blue".
    vocabulary = Vocabulary.build([("Blue", 40), ("Blush", 2), ("Canvas", 1), ("Casa", 30)])
    assert analyse("bluhs", vocabulary).terms[0].text == "blush"
    assert analyse("cavas", vocabulary).terms[0].text == "canvas"
    # Among corrections as close, the word the catalogue uses most.
    assert Vocabulary.build([("Lamp", 9), ("Lame", 1)]).correct("lamx") == "lamp"


def test_short_words_are_taken_as_typed(vocabulary):
    (term,) = analyse("xyz", vocabulary).terms
    assert term.kind is TermKind.UNKNOWN and analyse("xyz", vocabulary).corrected_query is None


def test_compounds_joined_and_split(vocabulary):
    (term,) = analyse("hairdryer", vocabulary).terms
    assert term.kind is TermKind.COMPOUND and term.forms == ("hair dryer", "hairdryer")
    (term,) = analyse("ear buds", vocabulary).terms
    assert term.text == "earbuds" and term.kind is TermKind.COMPOUND
    assert analyse("hairdryr", vocabulary).terms[0].text == "hair dryer"
    assert [t.text for t in analyse("hair dryer", vocabulary).terms] == ["hair", "dryer"]


def test_natural_phrasing_stop_words_numbers_and_plurals(vocabulary):
    assert [t.text for t in analyse("do you have blenders", vocabulary).terms] == ["blenders"]
    assert analyse("do you have blenders", vocabulary).terms[0].forms == ("blender",)
    assert [t.forms for t in analyse("a tent for 2 people", vocabulary).terms] == [
        ("tent",),
        ("2 person", "2-person"),
    ]


def test_price_words_are_filters(vocabulary):
    analysis = analyse("headphones under €50", vocabulary)
    assert analysis.price_max == Decimal("50") and [t.text for t in analysis.terms] == [
        "headphones"
    ]
    analysis = analyse("tent between 20 and 80 euros", vocabulary)
    assert (analysis.price_min, analysis.price_max) == (Decimal("20"), Decimal("80"))
    assert analyse("tent over 100", vocabulary).price_min == Decimal("100")
    cheap = analyse("cheap voltra earbuds", vocabulary)
    assert cheap.cheap and [t.text for t in cheap.terms] == ["voltara", "earbuds"]


def test_synonyms_both_ways(vocabulary):
    assert analyse("couch", vocabulary).terms[0].forms == ("couch", "sofa")
    assert analyse("sofa", vocabulary).terms[0].forms == ("sofa", "couch")
    assert "television" in analyse("tv", vocabulary).terms[0].forms
    # A synonym the catalogue does not use is still corrected when misspelt.
    assert analyse("couhc", vocabulary).terms[0].text == "couch"


@pytest.mark.parametrize(
    "query", ["", "   ", "x" * 5000, "'; DROP TABLE catalogue_product; --", "émoji 🎧", "%_\\"]
)
def test_any_input_is_bounded(vocabulary, query):
    analysis = analyse(query, vocabulary, max_length=200)
    assert len(analysis.query) <= 200 and len(analysis.terms) <= 8
    assert all(len(t.original) <= 40 for t in analysis.terms)


def test_completion_by_frequency(vocabulary):
    assert vocabulary.complete("w")[0] == "wireless"
    assert vocabulary.complete("he") == ["headphones"]
    assert vocabulary.complete("") == []
