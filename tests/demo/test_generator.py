"""The generated catalogue, customers and addresses: determinism, sizes, keys, plausibility."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import fields
from decimal import Decimal

import numpy as np
import pytest

from shop.demo.engine import SIZES, DemoShop, EventArrays, generate, generate_event_arrays

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def assert_same_arrays(left: EventArrays, right: EventArrays) -> None:
    for field in fields(left):
        assert np.array_equal(getattr(left, field.name), getattr(right, field.name)), field.name


def test_same_seed_gives_identical_shop(small_shop: DemoShop) -> None:
    again = generate("small", seed=42)

    for name in ("categories", "products", "customers", "addresses", "orders", "reviews"):
        assert getattr(again, name) == getattr(small_shop, name), name
    assert again.tastes == small_shop.tastes
    assert np.array_equal(again.taste_weights, small_shop.taste_weights)
    assert_same_arrays(again.event_arrays, small_shop.event_arrays)
    assert list(again.events()) == list(small_shop.events())


def test_other_seed_gives_other_shop(small_shop: DemoShop) -> None:
    other = generate("small", seed=7)

    assert [p.title for p in other.products] != [p.title for p in small_shop.products]
    assert not np.array_equal(other.event_arrays.product, small_shop.event_arrays.product)


def test_event_arrays_alone_match_the_full_shop() -> None:
    assert_same_arrays(
        generate_event_arrays("small", seed=3), generate("small", seed=3).event_arrays
    )


def test_unknown_size_is_rejected() -> None:
    with pytest.raises(ValueError, match="huge"):
        generate("huge")


@pytest.mark.parametrize("shop_name", ["small_shop", "medium_shop"])
def test_counts_match_the_size(shop_name: str, request: pytest.FixtureRequest) -> None:
    shop: DemoShop = request.getfixturevalue(shop_name)
    size = SIZES[shop.size.name]

    counts = shop.counts
    assert counts["products"] == size.products
    assert counts["customers"] == size.customers
    assert counts["events"] == size.events == sum(1 for _ in shop.events())
    assert counts["categories"] >= 12
    assert counts["orders"] == len(shop.orders) > 0
    assert counts["order_lines"] == sum(len(order.lines) for order in shop.orders)


def test_medium_meets_the_demo_minimums(medium_shop: DemoShop) -> None:
    assert len(medium_shop.products) >= 600
    assert len({c.name for c in medium_shop.categories}) >= 12
    assert len(medium_shop.customers) >= 400
    assert 40_000 <= len(medium_shop.event_arrays) <= 60_000


def test_natural_keys_are_unique(medium_shop: DemoShop) -> None:
    products, customers = medium_shop.products, medium_shop.customers

    for values in (
        [p.sku for p in products],
        [p.slug for p in products],
        [p.title for p in products],
        [c.username for c in customers],
        [c.email.lower() for c in customers],
        [c.slug for c in medium_shop.categories],
    ):
        assert len(set(values)) == len(values)


def test_category_tree_has_departments_with_leaves(small_shop: DemoShop) -> None:
    categories = small_shop.categories
    departments = {c.slug for c in categories if c.parent_slug is None}
    children = Counter(c.parent_slug for c in categories if c.parent_slug is not None)

    assert 6 <= len(departments) <= 8
    assert set(children) == departments
    assert all(2 <= count <= 4 for count in children.values())
    leaves = {c.slug for c in categories if c.parent_slug is not None}
    # Even the small shop fills every leaf, and only leaves.
    assert {p.category_slug for p in small_shop.products} == leaves


def test_products_look_like_a_real_catalogue(medium_shop: DemoShop) -> None:
    products = medium_shop.products

    for product in products:
        assert isinstance(product.price, Decimal)
        assert product.price.as_tuple().exponent == -2
        assert product.price > 0
        assert product.currency == "EUR"
        assert SLUG.match(product.slug) and len(product.slug) <= 200
        assert len(product.title) <= 200 and len(product.sku) <= 40
        assert product.description.count(". ") >= 2
        assert product.brand in product.title or product.brand in product.description
        assert product.stock >= 0 and product.created_days_ago >= 0

    stock = Counter("out" if p.stock == 0 else "low" if p.stock <= 3 else "in" for p in products)
    assert stock["in"] > 0.6 * len(products)
    assert stock["low"] > 0 and stock["out"] > 0
    inactive = sum(not p.active for p in products)
    assert 0 < inactive < 0.1 * len(products)


def test_prices_are_plausible_per_category(medium_shop: DemoShop) -> None:
    def median_price(slug: str) -> Decimal:
        return statistics.median(p.price for p in medium_shop.products if p.category_slug == slug)

    assert median_price("laptops-computing") > 4 * median_price("fiction")
    assert median_price("outdoor-furniture") > median_price("planters-pots")


def test_descriptions_share_vocabulary_within_a_category(medium_shop: DemoShop) -> None:
    """Content similarity needs related products to share words beyond the boilerplate."""

    def words(slug: str) -> set[str]:
        text = " ".join(p.description for p in medium_shop.products if p.category_slug == slug)
        return set(re.findall(r"[a-z]{5,}", text.lower()))

    audio, fiction = words("audio-headphones"), words("fiction")
    assert {"bluetooth", "battery", "noise"} <= audio
    assert not {"bluetooth", "battery"} & fiction


def test_customers_and_addresses(medium_shop: DemoShop) -> None:
    customers, addresses = medium_shop.customers, medium_shop.addresses

    for customer in customers:
        assert customer.email.endswith(("@example.com", "@example.org"))
        assert re.fullmatch(r"[a-z0-9.]+", customer.username)
        assert customer.first_name and customer.last_name and customer.joined_days_ago >= 1
    per_customer = Counter(address.customer for address in addresses)
    assert set(per_customer) == set(range(len(customers)))
    assert set(per_customer.values()) == {1, 2}
    for address in addresses:
        assert re.fullmatch(r"[A-Z]{2}", address.country)
        assert address.full_name and address.line1 and address.city and address.postcode
        assert address.phone.startswith("+")
