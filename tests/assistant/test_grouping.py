"""Unanswered questions grouped by similarity (TF-IDF, agglomerative clustering)."""

from __future__ import annotations

from customer_service.assistant.grouping import group_questions

QUESTIONS = [
    "do you sell gift cards",
    "Do you have gift cards?",
    "gift card please",
    "can I pay by invoice",
    "pay by invoice possible?",
    "what's the weather in Paris",
    "weather in paris today",
    "book me a flight to rome",
    "do you have a loyalty programme",
    "loyalty points?",
]


def test_paraphrases_join_and_different_requests_stay_apart() -> None:
    groups = {frozenset(group.questions): group.count for group in group_questions(QUESTIONS)}
    assert groups == {
        frozenset({"do you sell gift cards", "do you have gift cards?", "gift card please"}): 3,
        frozenset({"can i pay by invoice", "pay by invoice possible?"}): 2,
        frozenset({"what's the weather in paris", "weather in paris today"}): 2,
        frozenset({"do you have a loyalty programme", "loyalty points?"}): 2,
        frozenset({"book me a flight to rome"}): 1,
    }


def test_largest_first_with_the_most_asked_wording_as_example() -> None:
    groups = group_questions(["Gift cards?", "gift cards?", "do you sell gift cards", "bye now"])
    assert groups[0].count == 3 and groups[0].example == "gift cards?"
    assert group_questions([]) == [] and group_questions(["  "]) == []
    assert group_questions(["only one"])[0].count == 1
