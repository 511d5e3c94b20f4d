"""Search on the storefront and the API: "Did you mean", the zero-result page, facets with
counts, suggestions, analytics and the staff's admin (on the database in use)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from shop.search.models import SearchQueryDay
from shop.search.services import search_analytics_flush

pytestmark = pytest.mark.django_db


def test_search_page_corrects_and_offers_did_you_mean(client, catalogue):
    response = client.get("/search/", {"q": "hedphones"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Pulse Wireless Headphones" in body
    assert response.context["did_you_mean"] == "headphones"
    assert 'class="did-you-mean"' in body and "?q=headphones" in body


def test_no_did_you_mean_when_the_words_as_typed_find_as_much(client, catalogue):
    response = client.get("/search/", {"q": "headphones"})
    assert response.context["did_you_mean"] is None
    assert 'class="did-you-mean"' not in response.content.decode()


def test_zero_result_page_offers_categories_and_trending(client, catalogue):
    body = client.get("/search/", {"q": "qqqqqq zzzzzz"}).content.decode()
    assert "Nothing found for" in body
    assert "Popular categories" in body and "Trending now" in body
    assert "Audio &amp; Headphones" in body


def test_empty_search_page_is_not_a_dead_end(client, catalogue):
    body = client.get("/search/").content.decode()
    assert "What are you looking for?" in body and "Popular categories" in body


def test_facets_have_counts_and_keep_the_other_choices(client, catalogue):
    response = client.get("/search/", {"q": "headphones"})
    facets = {f.name: f for f in response.context["facets"]}
    brands = {v.label: v for v in facets["brand"].values}
    assert (brands["Voltara"].count, brands["Sonique"].count) == (2, 1)
    assert "q=headphones" in brands["Voltara"].url and "brand=Voltara" in brands["Voltara"].url
    response = client.get("/search/", {"q": "headphones", "brand": "Voltara", "in_stock": "on"})
    assert len(response.context["page"].object_list) == 2
    facets = {f.name: f for f in response.context["facets"]}
    # The brand group still counts the other brand (its own choice left out)...
    assert {v.label: v.count for v in facets["brand"].values} == {"Voltara": 2, "Sonique": 0} or (
        {v.label: v.count for v in facets["brand"].values}["Voltara"] == 2
    )
    # ...and a price band link keeps the query, the brand and the stock choice.
    band = facets["price"].values[2]
    assert all(p in band.url for p in ("q=headphones", "brand=Voltara", "in_stock=on"))


def test_colour_and_size_facets_from_the_variants(client, catalogue):
    response = client.get("/products/")
    facets = {f.name: f for f in response.context["facets"]}
    assert {v.label for v in facets["colour"].values} == {"Camel", "Navy"}
    assert {v.label for v in facets["size"].values} == {"S", "M"}
    response = client.get("/products/", {"colour": "navy"})
    assert [p.title for p in response.context["page"].object_list] == ["Arden Knit Cardigan"]


@pytest.mark.parametrize(
    "query", ["", "x" * 5000, "'; DROP TABLE catalogue_product; --", "a & b | !c <-> d:*"]
)
def test_bad_input_gives_a_normal_page(client, catalogue, query):
    assert client.get("/search/", {"q": query, "brand": "x" * 5000}).status_code == 200
    assert client.get("/api/search/suggest/", {"q": query}).status_code == 200
    assert client.get("/api/products/", {"q": query}).status_code == 200


def test_api_products_uses_the_search_service(client, catalogue):
    response = client.get("/api/products/", {"q": "hairdryer"})
    assert response.status_code == 200
    assert {p["title"] for p in response.json()["results"]} == {
        "Dermalux Aero Hair Dryer 1800 W",
        "Dermalux Aero Hair Dryer 2200 W",
    }


def test_suggest_offers_completions_corrections_products_and_categories(client, catalogue):
    data = client.get("/api/search/suggest/", {"q": "headph"}).json()
    assert "headphones" in data["terms"]
    assert data["products"] and all("Headphones" in p["title"] for p in data["products"])
    assert data["categories"][0]["slug"] == "audio"
    data = client.get("/api/search/suggest/", {"q": "hedphones"}).json()
    assert data["corrected"] == "headphones" and data["terms"][0] == "headphones"


def test_searches_zero_results_and_clicks_are_counted_per_day(client, catalogue):
    client.get("/search/", {"q": "Headphones"})
    client.get("/search/", {"q": "headphones"})
    client.get("/search/", {"q": "qqqqqq"})
    product = catalogue["headphones0"]
    client.get(product.get_absolute_url(), {"sq": "headphones"})
    search_analytics_flush()
    today = timezone.localdate()
    rows = {r.query: r for r in SearchQueryDay.objects.filter(day=today)}
    assert (rows["headphones"].searches, rows["headphones"].clicks) == (2, 1)
    assert rows["qqqqqq"].zero_results == 1
    # Result links carry the query, so a click can be counted.
    body = client.get("/search/", {"q": "headphones"}).content.decode()
    assert "?sq=headphones" in body


def test_staff_see_analytics_and_edit_synonyms_in_admin(client, staff_user, catalogue):
    SearchQueryDay.objects.create(
        day=timezone.localdate() - datetime.timedelta(days=1),
        query="bivouac",
        searches=4,
        zero_results=4,
    )
    SearchQueryDay.objects.create(day=timezone.localdate(), query="tent", searches=3, clicks=0)
    client.force_login(staff_user)
    zero = client.get("/admin/search/searchqueryday/", {"outcome": "zero"}).content.decode()
    assert "bivouac" in zero and ">tent<" not in zero
    unclicked = client.get("/admin/search/searchqueryday/", {"outcome": "no_clicks"})
    assert ">tent<" in unclicked.content.decode()
    response = client.post(
        "/admin/search/synonym/add/", {"terms": "bivouac, tent", "is_active": "on"}
    )
    assert response.status_code == 302
    body = client.get("/search/", {"q": "bivouac"}).content.decode()
    assert "Trailforge Summit Tent" in body


def test_a_chosen_sort_orders_search_results(client, catalogue):
    response = client.get("/search/", {"q": "headphones", "sort": "price"})
    prices = [p.price for p in response.context["page"].object_list]
    assert prices == sorted(prices) and len(prices) == 3


def test_category_pages_have_facets_but_no_category_group(client, catalogue):
    response = client.get("/category/audio/")
    names = [f.name for f in response.context["facets"]]
    assert "category" not in names and "brand" in names


def test_the_schema_documents_suggest(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/search/suggest/" in schema["paths"]


def test_the_header_form_is_a_plain_form_with_a_combobox_script(client, catalogue):
    body = client.get("/").content.decode()
    assert 'role="search"' in body and 'name="q"' in body
    assert "js/search.js" in body and "css/search.css" in body
    assert 'role="listbox"' in body


def test_suggest_offers_a_named_types_best_products_in_stock_first(client, catalogue):
    data = client.get("/api/search/suggest/", {"q": "wireless headph"}).json()
    titles = [p["title"] for p in data["products"]]
    assert len(titles) == 3 and all("Headphones" in t for t in titles)
    assert titles[-1].startswith("Sonique")  # the one out of stock
    # A brand as typed, then with a price: the search's products, within the price.
    assert {
        p["brand"] for p in client.get("/api/search/suggest/", {"q": "dermalux"}).json()["products"]
    } == {"Dermalux"}
    cheap = client.get("/api/search/suggest/", {"q": "headphones under 100"}).json()["products"]
    assert cheap and all(float(p["price"]) <= 100 for p in cheap)
