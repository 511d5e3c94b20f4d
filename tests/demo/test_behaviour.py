"""Simulated behaviour: events, orders and reviews are consistent and carry taste signal."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

from shop.demo.engine import EVENT_KINDS, ORDER_STATUSES, DemoShop
from shop.demo.engine import vocabulary as vocab

VIEW, CART, PURCHASE, RATING = (EVENT_KINDS.index(kind) for kind in EVENT_KINDS)


def test_event_columns_are_well_formed(medium_shop: DemoShop) -> None:
    events = medium_shop.event_arrays
    kinds = np.bincount(events.kind, minlength=4)

    assert kinds[VIEW] > kinds[CART] > kinds[PURCHASE] > 0 and kinds[RATING] > 0
    assert np.all(events.value[events.kind == VIEW] == 1)
    quantities = events.value[(events.kind == CART) | (events.kind == PURCHASE)]
    assert quantities.min() >= 1 and quantities.max() <= 3
    stars = events.value[events.kind == RATING]
    assert set(np.unique(stars)) <= {1, 2, 3, 4, 5}
    assert 3.6 < stars.mean() < 4.4
    assert events.days_ago.min() >= 0 and events.days_ago.max() <= 366
    assert np.all(np.diff(events.days_ago) <= 0), "events are oldest first"
    assert events.customer.max() < len(medium_shop.customers)
    assert events.product.max() < len(medium_shop.products)


def test_events_respect_sign_up_and_listing_dates(medium_shop: DemoShop) -> None:
    events = medium_shop.event_arrays
    joined = np.array([c.joined_days_ago for c in medium_shop.customers])
    listed = np.array([p.created_days_ago for p in medium_shop.products])

    assert np.all(events.days_ago <= joined[events.customer])
    assert np.all(events.days_ago <= listed[events.product])


def test_recent_activity_is_denser(medium_shop: DemoShop) -> None:
    days = medium_shop.event_arrays.days_ago

    assert np.sum(days < 90) > 2 * np.sum(days > 275)
    assert np.sum(days > 275) > 0.03 * days.shape[0]


def test_popularity_is_long_tailed(medium_shop: DemoShop) -> None:
    per_product = np.sort(np.bincount(medium_shop.event_arrays.product))[::-1]

    assert per_product[: per_product.shape[0] // 10].sum() > 0.35 * per_product.sum()


def test_purchases_follow_views_and_carts(medium_shop: DemoShop) -> None:
    events = medium_shop.event_arrays
    pairs = {
        kind: set(
            zip(
                events.customer[events.kind == kind],
                events.product[events.kind == kind],
                strict=True,
            )
        )
        for kind in (VIEW, CART, PURCHASE)
    }

    assert pairs[PURCHASE] <= pairs[CART] <= pairs[VIEW]


@pytest.mark.parametrize("shop_name", ["small_shop", "medium_shop"])
def test_orders_cover_every_status(shop_name: str, request: pytest.FixtureRequest) -> None:
    shop: DemoShop = request.getfixturevalue(shop_name)

    assert {order.status for order in shop.orders} == set(ORDER_STATUSES)


def test_order_status_follows_order_age(medium_shop: DemoShop) -> None:
    newest = {
        status: min(o.days_ago for o in medium_shop.orders if o.status == status)
        for status in ORDER_STATUSES
    }
    oldest = {
        status: max(o.days_ago for o in medium_shop.orders if o.status == status)
        for status in ORDER_STATUSES
    }
    share = Counter(order.status for order in medium_shop.orders)

    assert oldest["pending"] <= newest["shipped"] and oldest["paid"] <= newest["shipped"]
    assert oldest["shipped"] <= newest["refunded"]
    assert share["delivered"] > 0.7 * len(medium_shop.orders)


@pytest.mark.parametrize("shop_name", ["small_shop", "medium_shop"])
def test_every_purchase_event_is_exactly_one_order_line(
    shop_name: str, request: pytest.FixtureRequest
) -> None:
    shop: DemoShop = request.getfixturevalue(shop_name)
    purchases = Counter(
        (event.customer, event.sku, event.days_ago, int(event.value))
        for event in shop.events()
        if event.kind == "purchase"
    )
    lines = Counter(
        (order.customer, sku, order.days_ago, quantity)
        for order in shop.orders
        for sku, quantity in order.lines
    )

    assert purchases == lines
    assert max(purchases.values()) == 1
    for order in shop.orders:
        assert len({sku for sku, _ in order.lines}) == len(order.lines)


def test_orders_are_baskets(medium_shop: DemoShop) -> None:
    sizes = Counter(len(order.lines) for order in medium_shop.orders)

    assert sizes[1] < 0.8 * len(medium_shop.orders)
    assert max(sizes) >= 3


def taste_categories(shop: DemoShop, customer: int) -> set[str]:
    return {
        slug
        for taste in np.flatnonzero(shop.taste_weights[customer] >= 0.2)
        for slug in shop.tastes[int(taste)].category_slugs
    }


def test_purchases_concentrate_in_hidden_tastes(medium_shop: DemoShop) -> None:
    shop = medium_shop
    product_share = Counter(p.category_slug for p in shop.products)
    category_of = {p.sku: p.category_slug for p in shop.products}
    inside = total = 0
    expected = 0.0
    for order in shop.orders:
        favourites = taste_categories(shop, order.customer)
        chance = sum(product_share[slug] for slug in favourites) / len(shop.products)
        for sku, _ in order.lines:
            inside += category_of[sku] in favourites
            expected += chance
            total += 1

    assert inside / total > 0.6
    assert inside > 3 * expected


def test_stars_follow_taste(medium_shop: DemoShop) -> None:
    shop = medium_shop
    category_of = {p.sku: p.category_slug for p in shop.products}
    liked: list[int] = []
    other: list[int] = []
    for review in shop.reviews:
        favourite = category_of[review.sku] in taste_categories(shop, review.customer)
        (liked if favourite else other).append(review.stars)

    assert np.mean(liked) > np.mean(other) + 0.3


def test_reviews_match_rating_events(medium_shop: DemoShop) -> None:
    ratings = [
        (e.customer, e.sku, int(e.value), e.days_ago)
        for e in medium_shop.events()
        if e.kind == "rating"
    ]
    reviews = [(r.customer, r.sku, r.stars, r.days_ago) for r in medium_shop.reviews]

    assert reviews == ratings
    assert len(set((c, s) for c, s, _, _ in ratings)) == len(ratings), "one rating per product"
    with_text = [r for r in medium_shop.reviews if r.body]
    assert 0.4 < len(with_text) / len(reviews) < 0.85
    assert all(r.title for r in with_text)
    assert all(not r.title for r in medium_shop.reviews if not r.body)


def tone_of(title: str) -> str:
    for tone, templates in vocab.REVIEW_TITLES.items():
        for template in templates:
            pattern = re.sub(r"\\\{\w+\\\}", ".+", re.escape(template))
            if re.fullmatch(pattern, title):
                return tone
    raise AssertionError(f"unknown review title {title!r}")


def test_review_tone_mostly_matches_stars(medium_shop: DemoShop) -> None:
    expected = {5: "positive", 4: "positive", 3: "neutral", 2: "negative", 1: "negative"}
    reviews = [r for r in medium_shop.reviews if r.title]
    mismatched = sum(tone_of(r.title) != expected[r.stars] for r in reviews)

    assert 0 < mismatched < 0.1 * len(reviews)


def test_review_text_mentions_the_product(medium_shop: DemoShop) -> None:
    """Most written reviews quote the product's own noun, variant or features."""
    by_sku = {p.sku: p for p in medium_shop.products}
    mentions = 0
    written = [r for r in medium_shop.reviews if r.body]
    for review in written:
        product = by_sku[review.sku]
        known = set(re.findall(r"[a-z]{6,}", f"{product.title} {product.description}".lower()))
        said = set(re.findall(r"[a-z]{6,}", f"{review.title} {review.body}".lower()))
        mentions += bool(known & said)

    assert mentions > 0.5 * len(written)
