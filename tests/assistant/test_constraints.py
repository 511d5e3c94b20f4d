"""Product constraints: type, brand, colour, size, attributes, price, sort, people, country."""

from __future__ import annotations

from decimal import Decimal

import pytest

from customer_service.assistant import Assistant, DialogueState
from customer_service.assistant.constraint_eval import (
    ConstraintReport,
    evaluate_constraints,
    score_constraints,
)
from customer_service.assistant.constraints import (
    ConstraintExtractor,
    PriceLevel,
    ProductConstraints,
    Sort,
)
from customer_service.assistant.vocabulary import ShopVocabulary, forms

from .test_dialogue import ScriptedClassifier

VOCABULARY = ShopVocabulary.build(
    product_types=["Wireless Headphones", "Tent", "Running Shoes", "Hair Dryer", "Phone Case"],
    type_aliases={"Wireless Headphones": ["headset"]},
    brands=["Voltara", "Casa Verde"],
    colours={"Black": [], "Grey": ["gray"], "Fire Red": []},
    sizes={"S": ["small"], "M": ["medium"], "EU 42": [], "king": []},
    attributes={"material": ["leather", "cast iron"], "firmness": ["medium"]},
    countries={"Canada": "CA", "the Netherlands": "NL"},
)


@pytest.fixture(scope="module")
def extract():
    return ConstraintExtractor(VOCABULARY).extract


def test_the_issue_examples(extract) -> None:
    assert extract("can you recommend headphones under 100 euros") == ProductConstraints(
        product_types=("Wireless Headphones",), price_max=Decimal("100")
    )
    assert extract("do you have a tent for 2 people?") == ProductConstraints(
        product_types=("Tent",), people=2
    )
    assert extract("red running shoes size 42") == ProductConstraints(
        product_types=("Running Shoes",), colour="red", size="EU 42"
    )
    assert extract("cheapest hair dryer") == ProductConstraints(
        product_types=("Hair Dryer",), sort=Sort.PRICE_ASC
    )


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("between 20 and 50", "20", "50"),
        ("from €20 to €50", "20", "50"),
        ("20-50 euros", "20", "50"),
        ("under 100", None, "100"),
        ("no more than 1,000 euros", None, "1000"),
        ("at least 30 euros", "30", None),
        ("200 euros or more", "200", None),
        ("around 100 euros", "80.0", "120.0"),
        ("a 30 euro one", None, "30"),
        ("my budget is 45.50", None, "45.50"),
        ("up to 10 kg", None, None),  # a weight, not a price
        ("for 4 people", None, None),
    ],
)
def test_price_bounds(extract, text: str, low: str | None, high: str | None) -> None:
    found = extract(text)
    assert found.price_min == (Decimal(low) if low else None)
    assert found.price_max == (Decimal(high) if high else None)


def test_levels_sorts_and_people(extract) -> None:
    assert extract("a cheap tent").price_level is PriceLevel.LOW
    assert extract("a budget of 50 euros").price_level is None  # "budget" with a number
    assert extract("not too pricey please").price_level is PriceLevel.LOW
    assert extract("premium headset").price_level is PriceLevel.HIGH
    assert extract("best rated tents").sort is Sort.RATING
    assert extract("the most expensive one").sort is Sort.PRICE_DESC
    assert extract("best-selling headphones").sort is Sort.POPULARITY
    assert extract("newest phone cases").sort is Sort.NEWEST
    for text, people in [
        ("a 3-person tent", 3),
        ("tent that sleeps four", 4),
        ("for a family of five", 5),
        ("a tent for two", 2),
        ("tent for 2", 2),
        ("headphones for 50 euros", None),
        ("a tent for 3 nights", None),
    ]:
        assert extract(text).people == people, text


def test_vocabulary_words_longest_first_and_never_twice(extract) -> None:
    found = extract("Voltara headset in gray, and a cast iron pan")
    assert found.product_types == ("Wireless Headphones",)
    assert found.brand == "Voltara" and found.colour == "Grey"
    assert found.attributes == (("material", "cast iron"),)
    assert extract("Casa Verde phone cases in fire red").colour == "Fire Red"
    assert extract("a case for my phone").product_types == ()  # "case" alone is too vague
    # "medium" after "in" is a size, not the firmness attribute.
    medium = extract("running shoes in medium")
    assert medium.size == "M" and medium.attributes == ()
    assert extract("king size duvet").size == "king"
    assert extract("a small tent").size is None  # tents have no size S
    assert extract("hairdryers").product_types == ("Hair Dryer",)


def test_order_numbers_and_emails_are_not_prices(extract) -> None:
    found = extract("order ORD-2345ABCD for anna.k@example.com under 20 euros")
    assert found.price_max == Decimal("20") and found.price_min is None
    assert ConstraintExtractor().extract("tent for 2 people") == ProductConstraints(people=2)


def test_countries_come_from_the_vocabulary() -> None:
    extractor = ConstraintExtractor(VOCABULARY)
    assert extractor.country("do you ship to Canada?") == "CA"
    assert extractor.country("delivery to the netherlands") == "NL"
    assert extractor.country("do you ship to Mars") is None
    assert ConstraintExtractor().country("do you ship to Canada") is None


def test_forms_cover_plurals_and_compounds() -> None:
    assert {"hair dryer", "hair dryers", "hairdryer", "hairdryers"} <= forms("Hair Dryer")
    assert {"running shoes", "running shoe"} <= forms("Running Shoes")


def test_scoring_needs_every_field_exactly_right() -> None:
    extractor = ConstraintExtractor(VOCABULARY)
    lines = [
        {"text": "tent under 50 euros", "expect": {"product_types": ["Tent"], "price_max": 50}},
        {"text": "black tent", "expect": {"product_types": ["Tent"]}},  # colour missed out
    ]
    report = score_constraints(lines, extractor, part="t")
    assert isinstance(report, ConstraintReport)
    assert (report.exact, report.total) == (1, 2)
    assert report.field_errors == {"colour": 1}
    assert "t: 1/2 exactly right (50.0%)" in report.render()[0]


def test_the_labelled_set_is_large_and_well_formed() -> None:
    reports = evaluate_constraints()
    assert [report.part for report in reports] == ["dev", "test", "test-2", "dev-2"]
    assert sum(report.total for report in reports) >= 300


def test_best_alone_nothing_more_than_and_sleeping() -> None:
    extractor = ConstraintExtractor(VOCABULARY)
    assert extractor.extract("what is the best blender").sort == Sort.RATING
    assert extractor.extract("best selling blender").sort == Sort.POPULARITY
    assert extractor.extract("blender at the best price").sort is None
    assert extractor.extract("a blender please, all the best").sort is None
    capped = extractor.extract("a tote bag, nothing more than 40 euros")
    assert (capped.price_min, capped.price_max) == (None, Decimal("40"))
    assert extractor.extract("tent sleeping 5").people == 5


def test_the_assistant_attaches_constraints_and_country_to_its_decision() -> None:
    classifier = ScriptedClassifier(
        {
            "Voltara headphones under 100 euros": ("product_search", 0.9),
            "do you ship to Canada": ("shipping_info", 0.9),
            "ship it to me, anna@example.com": ("shipping_info", 0.9),
        }
    )
    assistant = Assistant(classifier, threshold=0.3, margin=0.1, vocabulary=VOCABULARY)
    decision = assistant.decide(
        "Voltara headphones under 100 euros", DialogueState(), signed_in=False
    )
    assert decision.entities.constraints == ProductConstraints(
        product_types=("Wireless Headphones",), brand="Voltara", price_max=Decimal("100")
    )
    plain = decision.to_dict()["entities"]["constraints"]
    assert plain["price_max"] == "100" and plain["product_types"] == ["Wireless Headphones"]
    shipping = assistant.decide("do you ship to Canada", DialogueState(), signed_in=False)
    assert shipping.entities.country == "CA" and shipping.entities.constraints is None
    email = assistant.decide("ship it to me, anna@example.com", DialogueState(), signed_in=False)
    assert email.entities.email == "anna@example.com"
