"""What the assistant answers from the shop's own data: products that satisfy every constraint
asked (or the nearest, said so), delivery per country from the shipping zones, and the FAQ
entries for payment methods, the return window and support hours."""

from __future__ import annotations

from decimal import Decimal

import pytest

from customer_service.assistant import ProductConstraints, Sort
from customer_service.models import Message, SupportTicket
from customer_service.selectors import products_find
from shop.catalogue.models import ProductVariant
from tests.customer_service.catalogue import build_catalogue
from tests.customer_service.test_chat import ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():  # type: ignore[no-untyped-def]
    return build_catalogue()


def titles(data) -> list[str]:  # type: ignore[no-untyped-def]
    return [card["title"] for card in data["products"]]


def test_headphones_under_100_euros_are_headphones_under_100(client, catalogue):
    data = ask(client, "can you recommend headphones under 100 euros")
    assert titles(data) == ["Sonora Air Headphones"]
    assert [Decimal(card["price"]) for card in data["products"]] == [Decimal("79.99")]


def test_a_tent_for_2_people_is_the_2_person_tent(client, catalogue):
    data = ask(client, "do you have a tent for 2 people?")
    assert titles(data) == ["Ridge Tent"]
    assert "couldn't find" not in data["reply"]


def test_red_running_shoes_size_42_have_that_variant_in_stock(client, catalogue):
    data = ask(client, "red running shoes size 42")
    # Tempo's red 42 is sold out; Pace comes only in black.
    assert titles(data) == ["Stride Running Shoes"]
    card = data["products"][0]
    variant = ProductVariant.objects.get(pk=int(card["url"].split("variant=")[1]))
    assert variant.name == "Fire Red / EU 42" and variant.stock_quantity > 0
    assert card["price"] == "89.99"


def test_cheapest_blender_comes_first(client, catalogue):
    data = ask(client, "cheapest blender")
    assert titles(data)[0] == "Mini Blender"
    assert titles(data) == ["Mini Blender", "Whirl Blender", "Pro Blender"]


def test_nothing_within_the_budget_offers_the_nearest_and_says_so(client, catalogue):
    data = ask(client, "headphones under 50 euros")
    assert "Nothing we have matches" in data["reply"] and "price range" in data["reply"]
    assert titles(data)[0] == "Sonora Air Headphones"  # the cheapest above the budget
    assert Message.objects.get(sender="customer").handled is False


def test_every_product_found_satisfies_every_constraint(catalogue):
    constraints = ProductConstraints(
        product_types=("Running Shoes",), colour="black", size="EU 42", price_max=Decimal("80")
    )
    match = products_find(constraints=constraints, query="black running shoes", limit=4)
    assert match.exact and [hit.product.title for hit in match.hits] == ["Pace Running Shoes"]
    for hit in match.hits:
        assert hit.variant is not None and "Black" in hit.variant.name and hit.price <= 80
    sorted_match = products_find(
        constraints=ProductConstraints(product_types=("Tent",), sort=Sort.PRICE_DESC),
        query="tent",
        limit=4,
    )
    assert sorted_match.hits[0].product.title == "Family Dome Tent"


def test_nearest_when_no_colour_matches_names_what_is_missing(catalogue):
    constraints = ProductConstraints(product_types=("Blender",), colour="red")
    match = products_find(constraints=constraints, query="red blender", limit=4)
    # Blenders come in no colours: the colour cannot be met, the type still is.
    assert not match.exact and match.unmet == ("colour",)
    assert {hit.product.title for hit in match.hits} <= {
        "Mini Blender",
        "Whirl Blender",
        "Pro Blender",
    }


def test_nothing_at_all_is_unanswered(catalogue):
    match = products_find(constraints=None, query="unicorn saddle", limit=4)
    assert match.hits == [] and not match.exact


def test_do_you_ship_to_a_served_country_says_yes_with_price_and_time(client):
    data = ask(client, "do you ship to Norway?")
    assert data["reply"].startswith("Yes, we deliver to Norway.")
    assert "€" in data["reply"] and "working days" in data["reply"]


def test_do_you_ship_to_canada_says_no_and_where_we_deliver(client):
    data = ask(client, "do you ship to Canada?")
    assert data["reply"].startswith("No, we don't deliver to Canada.")
    assert "We deliver to" in data["reply"]


def test_payment_methods_and_return_window_come_from_the_faq(client):
    assert "Visa" in ask(client, "what payment methods do you accept?")["reply"]
    assert "30 days" in ask(client, "how long do I have to return something?")["reply"]


def test_support_hours_are_answered_not_handed_over(client):
    data = ask(client, "what are your support hours?")
    assert "Monday to Friday" in data["reply"] and data["handoff"] is False
    assert not SupportTicket.objects.exists()


def test_a_vague_recommendation_gets_the_best_sellers(client, catalogue):
    data = ask(client, "can you recommend something nice for my dad")
    assert data["intent"] == "recommendation" and data["reply"] == "These are popular right now:"
    assert data["products"]


def test_the_faq_index_is_fitted_once_and_follows_edits():
    from customer_service.models import FAQEntry
    from customer_service.selectors.conversations import _faq_index, faq_best_for

    FAQEntry.objects.filter(topic="return_refund").delete()
    first = FAQEntry.objects.create(
        topic="return_refund", question="Can I return a gift?", answer="Yes."
    )
    second = FAQEntry.objects.create(
        topic="return_refund", question="How long do refunds take?", answer="Five days.", position=1
    )
    assert faq_best_for(topic="return_refund", text="how long will the refunds take") == second
    fitted = _faq_index.cache_info().misses
    assert faq_best_for(topic="return_refund", text="returning a present, a gift") == first
    assert _faq_index.cache_info().misses == fitted  # the same entries: no new fit
    second.question, second.answer = "Do you take cards?", "Visa and Mastercard."
    second.save()
    assert faq_best_for(topic="return_refund", text="which cards do you take") == second
    assert _faq_index.cache_info().misses == fitted + 1  # edited entries: fitted afresh


def test_a_brand_added_after_a_first_answer_is_known_at_once(client, catalogue):
    from customer_service.services.conversations import assistant_get
    from shop.catalogue.factories import ProductFactory
    from shop.catalogue.services import product_variant_create

    before = assistant_get()
    ask(client, "do you have tents?")
    assert assistant_get() is before  # nothing changed: the same assistant, not rebuilt
    tent = ProductFactory(title="Nimbus Trail Tent", brand="Nimbusco", variants=False)
    # (The catalogue's own variants took the ids the factory's default variant would take.)
    product_variant_create(product=tent, sku="NIMBUS-1", price=Decimal("150.00"), stock=4)
    assert assistant_get() is not before  # the product's save gave the words a new version
    data = ask(client, "do you sell anything by Nimbusco?")
    assert "Nimbus Trail Tent" in titles(data)


def test_an_edited_faq_answer_is_given_at_once(client):
    from customer_service.models import FAQEntry

    question = "what payment methods do you accept?"
    first = ask(client, question)["reply"]
    entry = next(e for e in FAQEntry.objects.all() if e.answer and e.answer in first)
    entry.answer = "We take cards and, from today, bank transfers."
    entry.save()
    assert "bank transfers" in ask(client, question)["reply"]
