"""Checkout with variants, shipping zones and VAT: the line names the variant and snapshots its
title, SKU, price and tax; shipping comes from the zone; an unserved country is refused."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail

from shop.catalogue.factories import ProductFactory, ProductTypeFactory, sized_product
from shop.catalogue.models import ProductVariant
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import Order, OrderStatus
from shop.orders.services import ShippingAddress, order_place
from shop.orders.shipping import CountryNotServedError
from shop.taxes.models import TaxClass
from tests.payments import card

pytestmark = pytest.mark.django_db


def address(country: str) -> ShippingAddress:
    return ShippingAddress("Ada Lovelace", "1 Main St", "Town", "12345", country)


def place(customer, country: str, method: str = "standard") -> Order:
    return order_place(
        user=customer,
        store=DatabaseCartStore(customer),
        address=address(country),
        shipping_method_code=method,
        payment=card(),
        idempotency_key=f"variants-{country}-{method}-0000000",
    )


@pytest.fixture
def navy_large(db) -> ProductVariant:
    product = sized_product(colours=("Camel", "Navy"), sizes=("M", "L"), stock=4)
    return product.variants.get(name="Navy / L")


def test_the_order_line_names_the_variant_and_snapshots_it_with_its_tax(
    customer, navy_large, django_capture_on_commit_callbacks
):
    DatabaseCartStore(customer).set(navy_large.pk, 1)
    with django_capture_on_commit_callbacks(execute=True):
        order = place(customer, "DE")
    (email,) = mail.outbox
    assert "1 x Arden Knit Cardigan (Navy / L)" in email.body
    assert "Including 19% VAT: €15.17" in email.body and "Total: €94.99" in email.body

    assert order.status == OrderStatus.PAID
    (line,) = order.lines.all()
    assert line.variant == navy_large and line.product == navy_large.product
    assert (line.title, line.variant_name, line.sku) == (
        "Arden Knit Cardigan",
        "Navy / L",
        navy_large.sku,
    )
    assert (line.unit_price, line.tax_rate, line.tax_amount) == (
        Decimal("94.99"),
        Decimal("19.00"),
        Decimal("15.17"),  # 94.99 * 19 / 119
    )
    # Over 50: free standard delivery in Germany; the VAT is all in the line.
    assert (order.shipping_price, order.tax_total, order.total) == (
        Decimal("0.00"),
        Decimal("15.17"),
        Decimal("94.99"),
    )
    assert order.shipping_days == "2-3"
    navy_large.refresh_from_db()
    assert navy_large.stock_quantity == 3
    # A later price change leaves the order as it was sold.
    navy_large.price = Decimal("120.00")
    navy_large.save()
    line.refresh_from_db()
    assert line.unit_price == Decimal("94.99")


def test_shipping_and_vat_follow_the_country_shipped_to(customer):
    book_type = ProductTypeFactory(
        name="Book", slug="book", tax_class=TaxClass.objects.get(slug="books")
    )
    novel = ProductFactory(title="A Novel", product_type=book_type, price=Decimal("21.10"))
    DatabaseCartStore(customer).set(novel.variants.get().pk, 1)

    order = place(customer, "FR")
    # The EU zone: 7.95 under 75.00; books at 5.5% in France, delivery at France's 20%.
    assert order.shipping_price == Decimal("7.95")
    (line,) = order.lines.all()
    assert (line.tax_rate, line.tax_amount) == (Decimal("5.50"), Decimal("1.10"))
    assert order.shipping_tax == Decimal("1.33")  # 7.95 * 20 / 120 = 1.325 -> 1.33
    assert order.tax_total == Decimal("2.43") and order.total == Decimal("29.05")
    assert order.tax_breakdown() == [
        (Decimal("5.50"), Decimal("1.10")),
        (Decimal("20.00"), Decimal("1.33")),
    ]


def test_an_unserved_country_is_refused_before_any_money_or_stock_moves(customer, navy_large):
    DatabaseCartStore(customer).set(navy_large.pk, 2)
    with pytest.raises(CountryNotServedError, match="we don't deliver to United States") as error:
        place(customer, "US")
    assert error.value.status == 422 and error.value.code == "country_not_served"
    assert not Order.objects.exists()
    navy_large.refresh_from_db()
    assert navy_large.stock_quantity == 4


def test_a_method_the_zone_does_not_offer_is_refused(customer, navy_large):
    DatabaseCartStore(customer).set(navy_large.pk, 1)
    with pytest.raises(CountryNotServedError, match="not available"):
        place(customer, "DE", method="drone")


def test_the_checkout_pages_refuse_an_unserved_country_with_a_clear_message(
    customer_client, navy_large
):
    customer_client.post(
        f"/cart/add/{navy_large.product_id}/", {"colour": "navy", "size": "l", "quantity": 1}
    )
    response = customer_client.post(
        "/checkout/",
        {
            "full_name": "Ada",
            "line1": "1 Main St",
            "city": "Boston",
            "postcode": "02101",
            "country": "US",
        },
    )
    assert response.status_code == 200
    assert "we don&#x27;t deliver to United States" in response.content.decode()
    served = customer_client.post(
        "/checkout/",
        {
            "full_name": "Ada",
            "line1": "1 Rue",
            "city": "Paris",
            "postcode": "75001",
            "country": "fr",
        },
    )
    assert served.status_code == 302
    shipping = customer_client.get("/checkout/shipping/")
    # 94.99 is over the EU zone's 75.00: standard is free, express is not.
    assert "Standard delivery (free, 3-6 working days)" in shipping.content.decode()
    assert "Express delivery (€19.95, 1-3 working days)" in shipping.content.decode()


def test_the_cart_page_shows_prices_in_the_shops_locale_and_the_vat_in_them(client, navy_large):
    client.post(
        f"/cart/add/{navy_large.product_id}/", {"colour": "navy", "size": "l", "quantity": 2}
    )
    html = client.get("/cart/").content.decode()
    assert "€94.99" in html and "€189.98" in html
    # The summary panel lists the VAT as a label and its amount.
    assert re.search(r"Including 19% VAT</dt><dd[^>]*>€30.33<", html)
    assert "EUR" not in html.split("<main", 1)[1]
    # Another country: its VAT and its zone's delivery.
    client.post("/country/", {"country": "NO", "next": "/cart/"})
    html = client.get("/cart/").content.decode()
    assert re.search(r"Including 25% VAT</dt><dd[^>]*>€38.00<", html)  # 189.98 * 25 / 125
    assert "Express delivery: €29.95" in html


def test_the_cart_page_says_so_when_the_country_is_not_served(client, navy_large):
    client.post(
        f"/cart/add/{navy_large.product_id}/", {"colour": "navy", "size": "l", "quantity": 1}
    )
    client.post("/country/", {"country": "US", "next": "/cart/"})
    html = client.get("/cart/").content.decode()
    assert "We don&#x27;t deliver to United States of America yet." in html
