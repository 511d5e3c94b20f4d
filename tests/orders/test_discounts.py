"""The discount rules of the framework-free pricing module, with amounts worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.orders import discounts, pricing
from shop.orders.discounts import FIXED, FREE_SHIPPING, PERCENTAGE, Item, Offer, Scope

D = Decimal


def line(key, price, qty=1, **scope):  # type: ignore[no-untyped-def]
    return pricing.LineInput(key, D(price), qty, "EUR", D("19"), **scope)


SHIP = pricing.ShippingRate("standard", D("4.90"), free_over=D("50.00"), tax_rate=D("19"))


def test_a_percentage_comes_off_each_line_in_scope_rounded_per_line():
    offer = Offer(
        1, "Shoes -15%", PERCENTAGE, D("15"), scope=Scope(product_type_ids=frozenset({7}))
    )
    q = pricing.quote(
        [line("a", "19.99", 3, product_type_id=7), line("b", "10.00", 1, product_type_id=8)],
        currency="EUR",
        offers=[offer],
    )
    a, b = q.lines
    # 59.97 x 15% = 8.9955 -> 9.00; b is out of scope
    assert (a.discount, a.total, b.discount, b.total) == (D("9.00"), D("50.97"), D("0"), D("10.00"))
    assert (q.subtotal, q.discount, q.total) == (D("69.97"), D("9.00"), D("60.97"))
    # tax from what is paid: 50.97 x 19/119 = 8.138 -> 8.14
    assert a.tax == D("8.14")


def test_a_fixed_amount_is_shared_in_proportion_and_the_cents_add_up():
    offer = Offer(1, "10 off", FIXED, D("10.00"))
    q = pricing.quote(
        [line("a", "10.00"), line("b", "10.00"), line("c", "10.00")], currency="EUR", offers=[offer]
    )
    # 1000 cents / 3 = 333.33 each; the one cent left goes to the first line
    assert [ln.discount for ln in q.lines] == [D("3.34"), D("3.33"), D("3.33")]
    assert q.discount == D("10.00")


def test_a_fixed_amount_never_exceeds_the_lines_in_scope():
    offer = Offer(1, "50 off", FIXED, D("50.00"))
    q = pricing.quote([line("a", "12.50")], currency="EUR", offers=[offer])
    assert (q.discount, q.total) == (D("12.50"), D("0.00"))


def test_minimum_spend_counts_the_lines_in_scope_before_discounts():
    offer = Offer(1, "10% over 50", PERCENTAGE, D("10"), min_spend=D("50.00"))
    below = pricing.quote([line("a", "49.99")], currency="EUR", offers=[offer])
    assert below.discount == 0
    (refused,) = below.discounts.refused
    assert (refused.reason, refused.missing) == (discounts.BELOW_MINIMUM, D("0.01"))
    at = pricing.quote([line("a", "50.00")], currency="EUR", offers=[offer])
    assert at.discount == D("5.00")


def test_every_scope_dimension_set_must_match_and_any_value_in_it_is_enough():
    scope = Scope(brands=frozenset({"Acme"}), category_ids=frozenset({1, 2}))
    assert scope.covers(Item("x", D("1"), category_id=2, brand="acme"))
    assert not scope.covers(Item("x", D("1"), category_id=3, brand="Acme"))
    assert not scope.covers(Item("x", D("1"), category_id=1, brand="Other"))
    assert Scope().covers(Item("x", D("1")))
    assert Scope(product_ids=frozenset({5})).covers(Item("x", D("1"), product_id=5))


def test_a_segment_offer_needs_the_shopper_in_the_segment():
    offer = Offer(1, "Loyal 20%", PERCENTAGE, D("20"), segments=frozenset({"loyal"}))
    stranger = pricing.quote([line("a", "10.00")], currency="EUR", offers=[offer])
    assert stranger.discount == 0
    assert stranger.discounts.refused[0].reason == discounts.NOT_IN_SEGMENT
    loyal = pricing.quote(
        [line("a", "10.00")], currency="EUR", offers=[offer], segments=frozenset({"loyal"})
    )
    assert loyal.discount == D("2.00")


def test_combinable_offers_stack_by_priority_each_on_what_is_left():
    first = Offer(1, "10 off", FIXED, D("10.00"), priority=5)
    second = Offer(2, "10%", PERCENTAGE, D("10"), priority=1)
    q = pricing.quote([line("a", "100.00")], currency="EUR", offers=[second, first])
    # 100 - 10 = 90, then 10% of 90 = 9
    assert q.discount == D("19.00")
    assert [a.amount for a in q.discounts.applied] == [D("10.00"), D("9.00")]


def test_offers_of_one_group_exclude_each_other_and_the_better_one_wins():
    small = Offer(1, "5%", PERCENTAGE, D("5"), group="sale")
    big = Offer(2, "8 off", FIXED, D("8.00"), group="sale")
    q = pricing.quote([line("a", "100.00")], currency="EUR", offers=[small, big])
    assert q.discount == D("8.00")
    assert q.discounts.refusal_of(1).reason == discounts.EXCLUDED


def test_a_non_combinable_offer_wins_only_when_it_beats_the_stack():
    alone = Offer(1, "25% alone", PERCENTAGE, D("25"), combinable=False)
    a = Offer(2, "10%", PERCENTAGE, D("10"))
    b = Offer(3, "10 off", FIXED, D("10.00"))
    # stack: 10% of 100 = 10, then 10 off = 20 in all; alone: 25 -> alone wins
    q = pricing.quote([line("x", "100.00")], currency="EUR", offers=[alone, a, b])
    assert q.discount == D("25.00")
    assert {r.offer.id for r in q.discounts.refused} == {2, 3}
    # with the stack worth 30 the stack wins and the exclusive one is refused
    c = Offer(4, "10 more", FIXED, D("10.00"))
    q = pricing.quote([line("x", "100.00")], currency="EUR", offers=[alone, a, b, c])
    assert q.discount == D("30.00")
    assert q.discounts.refusal_of(1).reason == discounts.EXCLUDED


def test_free_shipping_makes_delivery_free_and_counts_as_a_saving():
    offer = Offer(1, "Free delivery", FREE_SHIPPING)
    q = pricing.quote([line("a", "20.00")], currency="EUR", shipping=SHIP, offers=[offer])
    assert (q.shipping, q.shipping_discount, q.total) == (D("0"), D("4.90"), D("20.00"))
    assert q.shipping_tax == 0


def test_best_for_customer_weighs_free_shipping_against_a_discount():
    free = Offer(1, "Free delivery", FREE_SHIPPING, group="g")
    three = Offer(2, "3 off", FIXED, D("3.00"), group="g")
    q = pricing.quote([line("a", "20.00")], currency="EUR", shipping=SHIP, offers=[free, three])
    # free delivery saves 4.90, 3 off saves 3.00
    assert q.total == D("20.00") and q.discount == 0


def test_the_zone_threshold_compares_the_goods_after_discounts():
    offer = Offer(1, "10 off", FIXED, D("10.00"))
    q = pricing.quote([line("a", "55.00")], currency="EUR", shipping=SHIP, offers=[offer])
    # 55 - 10 = 45 < 50: delivery is charged again
    assert (q.goods_total, q.shipping, q.total) == (D("45.00"), D("4.90"), D("49.90"))


def test_an_offer_that_would_not_lower_the_total_is_not_applied():
    offer = Offer(1, "Free delivery", FREE_SHIPPING)
    q = pricing.quote([line("a", "60.00")], currency="EUR", shipping=SHIP, offers=[offer])
    assert q.discounts.applied == ()
    assert q.discounts.refused[0].reason == discounts.NO_GAIN


def test_a_voucher_beaten_by_an_exclusive_promotion_says_by_which():
    promo = Offer(1, "Summer sale", PERCENTAGE, D("30"), combinable=False)
    voucher = Offer("v", "SAVE10", PERCENTAGE, D("10"), voucher_code="SAVE10")
    q = pricing.quote([line("a", "100.00")], currency="EUR", offers=[promo, voucher])
    refused = q.discounts.refusal_of("v")
    assert (refused.reason, refused.beaten_by) == (discounts.EXCLUDED, "Summer sale")


def test_many_stackable_groups_still_find_a_good_stack():
    offers = [Offer(i, f"{i}", FIXED, D("1.00"), group=f"g{i}") for i in range(12)]
    q = pricing.quote([line("a", "100.00")], currency="EUR", offers=offers)
    assert q.discount == D("12.00")


def test_no_offers_price_as_before():
    plain = pricing.quote([line("a", "10.00", 2)], currency="EUR", shipping=SHIP)
    assert (plain.subtotal, plain.discount, plain.total) == (D("20.00"), 0, D("24.90"))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": "bogus"},
        {"kind": PERCENTAGE, "value": D("101")},
        {"kind": FIXED, "value": D("-1")},
    ],
)
def test_an_impossible_offer_is_refused(kwargs):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        Offer(1, "x", **kwargs)
