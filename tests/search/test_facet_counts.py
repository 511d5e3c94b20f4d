"""A facet's count is what its link gives: for every value shown, asking for that value alone
in its group (the other groups as chosen) lists exactly that many products. The facets are
counted in one pass over the match (shop/search/engine/facet_counts.py); the listing itself
is filtered by the database, so this compares the two."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlencode

import pytest

from shop.catalogue.factories import sized_product
from shop.catalogue.models import Product, ProductVariant
from shop.search.engine.facet_counts import Choices, FacetRow, facet_counts

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


def test_counts_in_one_pass_leave_out_only_the_groups_own_choice():
    rows = [
        FacetRow(1, 10, "A", Decimal("20"), 4.5, 3, frozenset({("colour", "red")})),
        FacetRow(2, 10, "B", Decimal("60"), 3.0, 0, frozenset({("colour", "blue")})),
        FacetRow(3, 11, "A", Decimal("60"), 2.0, 1, frozenset({("colour", "blue")})),
    ]
    bands = ((None, Decimal("50")), (Decimal("50"), None))
    counts = facet_counts(
        rows, Choices(brands=frozenset({"A"}), in_stock=True), price_bands=bands, ratings=(4, 2)
    )
    assert counts.total == 2
    assert counts.brands == {"A": 2}  # B is out of stock: the stock choice still applies
    assert counts.in_stock == 2  # the stock group leaves its own choice out: A's two
    assert dict(counts.bands) == {0: 1, 1: 1}
    assert counts.options["colour"] == {"red": 1, "blue": 1}
    counts = facet_counts(
        rows, Choices(brands=frozenset({"B"}), in_stock=True), price_bands=bands, ratings=(4, 2)
    )
    assert counts.total == 0 and counts.brands == {"A": 2} and counts.in_stock == 0
    assert not counts.categories  # product 2 fails stock and the rest fail brand
