"""A facet's count is what its link gives: for every value shown, asking for that value alone
in its group (the other groups as chosen) lists exactly that many products. The facets are
counted by one SQL statement over the match (shop/search/facet_query.py); the listing itself
is filtered by the ORM, so this compares the two."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlencode

import pytest

from shop.catalogue.factories import CategoryFactory, sized_product
from shop.catalogue.models import Product, ProductVariant
from shop.search.engine.facet_counts import Choices
from shop.search.facets import counted_facets

pytestmark = pytest.mark.django_db

# Each group's parameters, and whether a shopper may pick several of its values.
GROUP_PARAMS = {
    "category": ("category",),
    "brand": ("brand",),
    "price": ("min_price", "max_price"),
    "rating": ("min_rating",),
    "stock": ("in_stock",),
    "colour": ("colour",),
    "size": ("size",),
}
MULTI = ("brand", "colour", "size")


@pytest.fixture
def shop(catalogue):  # type: ignore[no-untyped-def]
    """The search catalogue, two more knitwear products with other colours and sizes, some
    ratings, and one variant no longer sold."""
    sized_product(
        title="Brora Cable Cardigan",
        brand="Brora",
        colours=("Navy", "Grey"),
        sizes=("M", "L"),
        price=Decimal("129.00"),
        stock=0,
    )
    sized_product(
        title="Arden Wool Cardigan",
        brand="Arden",
        colours=("Camel",),
        sizes=("S", "L"),
        price=Decimal("74.00"),
        stock=1,
    )
    Product.objects.filter(brand="Voltara").update(rating_average=Decimal("4.5"))
    Product.objects.filter(brand="Dermalux").update(rating_average=Decimal("3.2"))
    grey = ProductVariant.objects.filter(name__startswith="Grey").first()
    assert grey is not None
    ProductVariant.objects.filter(pk=grey.pk).update(is_active=False)
    return catalogue


def _alone(params: dict[str, list[str]], group: str, url: str, selected: bool):  # type: ignore[no-untyped-def]
    """``params`` with ``group`` set to the value behind ``url``, and only that: the value a
    link adds, or for a chosen value the one its link takes away."""
    linked = parse_qs(url.lstrip("?"))
    wanted = {**params}
    for name in GROUP_PARAMS[group]:
        before, after = params.get(name, []), linked.get(name, [])
        if selected:
            values = [v for v in before if v not in after] if group in MULTI else before
        else:
            values = [v for v in after if v not in before] if group in MULTI else after
        wanted.pop(name, None)
        if values:
            wanted[name] = values
    return wanted


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ["headphones"]},
        {"q": ["cardigan"]},
        {"q": ["cardigan"], "colour": ["navy"]},
        {"brand": ["Voltara", "Brora"], "in_stock": ["on"]},
        {"colour": ["camel"], "size": ["l"]},
        {"category": ["audio"], "min_rating": ["4"]},
        {"min_price": ["50"], "max_price": ["100"], "size": ["m"]},
        {"min_price": ["oops"], "brand": ["Arden"]},  # a refused value is ignored everywhere
    ],
)
def test_every_facet_count_is_what_its_link_lists(client, shop, params, settings):
    settings.STOREFRONT_PAGE_CACHE = False  # every page rendered, with its context
    path = "/search/" if "q" in params else "/products/"
    response = client.get(path, params, follow=True)
    assert response.status_code == 200
    facets = response.context["facets"]
    assert facets, "a listing with products has facets"
    checked = 0
    for facet in facets:
        for value in facet.values:
            wanted = _alone(params, facet.name, value.url, value.selected)
            listed = client.get(path + "?" + urlencode(wanted, doseq=True), follow=True)
            assert listed.context["page"].paginator.count == value.count, (
                facet.name,
                value.label,
                wanted,
            )
            checked += 1
    assert checked >= 8


def _three_products() -> None:
    """Brand A in stock (red, 20), brand B out of stock (blue, 60), brand A in stock (blue, 60,
    another category)."""
    first, second = CategoryFactory(slug="first"), CategoryFactory(slug="second")
    for brand, category, price, rating, stock, colour in (
        ("A", first, "20", "4.5", 3, "Red"),
        ("B", first, "60", "3.0", 0, "Blue"),
        ("A", second, "60", "2.0", 1, "Blue"),
    ):
        sized_product(
            title=f"{brand} {colour} Cardigan",
            brand=brand,
            category=category,
            colours=(colour,),
            sizes=("M",),
            price=Decimal(price),
            stock=stock,
            rating_average=Decimal(rating),
        )


def _counts(choices: Choices):  # type: ignore[no-untyped-def]
    """The counts and each option group's counts by value slug."""
    queryset = Product.objects.filter(title__endswith="Cardigan")
    counts, _names = counted_facets(queryset, choices)
    return counts, counts.options


def test_counts_in_one_statement_leave_out_only_the_groups_own_choice():
    _three_products()
    counts, options = _counts(Choices(brands=frozenset({"A"}), in_stock=True))
    assert counts.total == 2 and counts.as_typed == 2
    assert counts.brands == {"A": 2}  # B is out of stock: the stock choice still applies
    assert counts.in_stock == 2  # the stock group leaves its own choice out: A's two
    assert dict(counts.bands) == {0: 1, 2: 1}  # under 25, 50 - 100
    assert dict(counts.ratings) == {4: 1, 3: 1, 2: 2}
    assert options["colour"] == {"red": 1, "blue": 1}
    assert options["size"] == {"m": 2}
    counts, options = _counts(Choices(brands=frozenset({"B"}), in_stock=True))
    assert counts.total == 0 and counts.brands == {"A": 2} and counts.in_stock == 0
    assert not counts.categories  # product 2 fails stock and the rest fail brand
    assert not options["colour"]


def test_an_option_choice_counts_its_own_group_without_it():
    _three_products()
    counts, options = _counts(Choices(options={"colour": frozenset({"blue"})}))
    assert counts.total == 2
    assert options["colour"] == {"red": 1, "blue": 2}  # red counted: the group's own choice
    assert options["size"] == {"m": 2}  # the two blue ones
    assert counts.brands == {"A": 1, "B": 1}


def test_the_empty_match_counts_nothing():
    counts, options = _counts(Choices(categories=frozenset()))
    assert counts.total == 0 and not counts.brands and not counts.bands
    assert not options["colour"] and not options["size"]
