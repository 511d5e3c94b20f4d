"""The footer's delivery, returns, payment and contact; the legal pages an EU shop needs; the
favicon in the admin; a delivery estimate counted in working days."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from shop.orders.models import Order, working_days_after

pytestmark = pytest.mark.django_db


def test_every_page_has_a_footer_with_delivery_returns_payment_contact_and_legal_links(client):
    html = client.get("/").content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]
    for heading in ("Delivery", "Returns", "Payment", "Contact"):
        assert f">{heading}</h2>" in footer
    for path in ("/delivery/", "/returns/", "/payment/", "/contact/"):
        assert f'href="{path}"' in footer
    for path in ("/legal-notice/", "/terms/", "/privacy/"):
        assert f'href="{path}"' in footer
    assert "mailto:help@brightcart.example" in footer


@pytest.mark.parametrize(
    ("path", "heading", "says"),
    [
        ("/legal-notice/", "Legal notice", "DE123456789"),
        ("/terms/", "Terms and conditions", "the contract is made when we confirm"),
        ("/returns/", "Right of withdrawal and returns", "within 14 days without giving any"),
        ("/privacy/", "Privacy policy", "data protection authority"),
        ("/payment/", "Payment and security", "we never store them"),
        ("/contact/", "Contact us", "help@brightcart.example"),
    ],
)
def test_the_legal_and_information_pages_are_real_pages(client, path, heading, says):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html and says in html
    assert re.search(r'<meta name="description" content="[^"]{40,}">', html)


def test_the_delivery_page_shows_each_zones_prices_and_times(client):
    html = client.get("/delivery/").content.decode()
    assert "<h2" in html and "Germany" in html and "European Union" in html
    assert "€4.95" in html and "€50.00" in html and "2-3" in html  # the seeded German zone
    assert "Norway" in html


def test_admin_pages_show_the_shops_favicon(client, staff_user):
    html = client.get("/admin/login/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/img/favicon[^"]*\.svg"', html)
    client.force_login(staff_user)
    html = client.get("/admin/orders/order/").content.decode()
    assert 'rel="icon"' in html


def test_working_days_skip_the_weekend():
    friday = date(2026, 12, 4)
    assert working_days_after(friday, 1) == date(2026, 12, 7)  # Monday
    assert working_days_after(friday, 3) == date(2026, 12, 9)
    assert working_days_after(date(2026, 12, 1), 0) == date(2026, 12, 1)


@pytest.mark.parametrize(
    ("days", "window"),
    [
        ("2-3", (date(2026, 12, 8), date(2026, 12, 9))),
        ("1", (date(2026, 12, 7), date(2026, 12, 7))),
        ("", None),
        ("soon", None),
    ],
)
def test_an_orders_delivery_window_counts_working_days_from_the_day_it_was_placed(days, window):
    placed = timezone.make_aware(datetime(2026, 12, 4, 12, 0))  # a Friday
    order = Order(shipping_days=days, created_at=placed, shipping_price=Decimal("0"))
    assert order.delivery_window() == window


@pytest.fixture
def placed(customer):  # type: ignore[no-untyped-def]
    from shop.catalogue.factories import ProductFactory, variant_of
    from shop.orders.cart import DatabaseCartStore
    from shop.orders.services import ShippingAddress, order_place
    from tests.payments import card

    lamp = ProductFactory(title="Brass Desk Lamp", price=Decimal("62.00"), stock_quantity=4)
    store = DatabaseCartStore(customer)
    store.set(variant_of(lamp).pk, 1)
    return order_place(
        user=customer,
        store=store,
        address=ShippingAddress("Ada Lovelace", "1 Light St", "Berlin", "10115", "DE"),
        shipping_method_code="standard",
        payment=card(),
        idempotency_key="storefront-confirmation-01",
    )


def test_the_confirmation_shows_lines_totals_address_delivery_estimate_and_next_steps(
    customer_client, placed
):
    html = customer_client.get(f"/checkout/done/{placed.number}/").content.decode()
    assert "Brass Desk Lamp" in html and 'class="line-item"' in html and "<img" in html
    assert "€62.00" in html  # the line and the total: standard delivery is free over €50
    assert '<span class="price-free">free</span>' in html and "€0.00" not in html
    assert "Ada Lovelace" in html and "10115 Berlin" in html
    first, last = placed.delivery_window()
    assert f"Expected delivery: {first:%A} {first.day}" in html and f"{last:%A} {last.day}" in html
    assert "What happens next" in html and 'href="/returns/"' in html
    assert f'href="/orders/{placed.number}/"' in html


def test_the_order_page_says_free_where_the_review_did_and_shows_a_timeline(
    customer_client, placed
):
    html = customer_client.get(f"/orders/{placed.number}/").content.decode()
    assert '<span class="price-free">free</span>' in html and "€0.00" not in html
    assert 'class="history timeline"' in html and "<time datetime=" in html


def test_the_order_e_mail_says_free_delivery_too(placed):
    from django.template.loader import render_to_string

    text = render_to_string("orders/email/confirmation.txt", {"order": placed})
    assert "Standard delivery: free" in text and "€0.00" not in text


def test_empty_cart_and_orders_offer_the_next_step(client, customer_client):
    html = client.get("/cart/").content.decode()
    assert 'class="empty-state"' in html and 'href="/products/"' in html
    html = customer_client.get("/orders/").content.decode()
    assert 'class="empty-state"' in html and "Start shopping" in html


def test_the_cart_shows_thumbnails_and_a_summary_panel(client):
    from shop.catalogue.factories import ProductFactory, variant_of

    lamp = ProductFactory(title="Brass Desk Lamp", price=Decimal("42.00"))
    client.post(f"/cart/add/{lamp.pk}/", {"variant": variant_of(lamp).pk, "quantity": 2})
    html = client.get("/cart/").content.decode()
    assert re.search(r'<li class="line-item">\s*<img src="[^"]+" alt="" width="96"', html)
    assert 'class="summary-panel cart-totals"' in html and "€84.00" in html
    assert "check out as a guest with your e-mail address" in html


def test_checkout_offers_only_the_countries_the_zones_serve(customer_client):
    from shop.catalogue.factories import ProductFactory, variant_of
    from shop.shipping.selectors import served_countries

    lamp = ProductFactory(price=Decimal("42.00"))
    customer_client.post(f"/cart/add/{lamp.pk}/", {"variant": variant_of(lamp).pk, "quantity": 1})
    html = customer_client.get("/checkout/").content.decode()
    select = html.split('name="country"', 1)[1].split("</select>", 1)[0]
    offered = re.findall(r'<option value="([A-Z]{2})"', select)
    assert offered == served_countries() and "NO" in offered and "DE" in offered
    assert "US" not in offered and "XX" not in offered
    address = {"full_name": "Ada", "line1": "1 Way", "city": "Boston", "postcode": "02110"}
    response = customer_client.post("/checkout/", {**address, "country": "US"})
    assert "we don&#x27;t deliver to United States" in response.content.decode()
    response = customer_client.post("/checkout/", {**address, "country": "XX"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = customer_client.post("/checkout/", {**address, "country": "NO", "city": "Oslo"})
    assert response.status_code == 302
    html = customer_client.get("/checkout/shipping/").content.decode()
    assert "Prices and times for delivery to Norway" in html and "€12.95" in html


def _promise(html: str) -> str:
    promises = html.split('class="promises"', 1)[1].split("</ul>", 1)[0]
    delivery = promises.split("Fast delivery</strong>", 1)[1].split("</span>", 1)[0]
    return " ".join(delivery.split())


def test_the_home_pages_delivery_promise_is_the_shoppers_zone_as_staff_set_it(client):
    from django.core.cache import cache

    from shop.shipping.models import ShippingRate

    assert _promise(client.get("/").content.decode()) == (
        "2-3 working days to Germany, free over €50.00"
    )

    client.post("/country/", {"country": "NO", "next": "/"})
    norway = _promise(client.get("/").content.decode())
    assert "working days to Norway" in norway and "Germany" not in norway

    # Staff change Germany's standard rate. The shipping table and the whole page are cached
    # (the page for HOME_PAGE_TTL, like its grids); once both expire the page says so.
    rate = ShippingRate.objects.get(zone__name="Germany", method__code="standard")
    rate.free_over, rate.min_days, rate.max_days = Decimal("30.00"), 1, 2
    rate.save()
    cache.clear()
    client.post("/country/", {"country": "DE", "next": "/"})
    assert _promise(client.get("/").content.decode()) == (
        "1-2 working days to Germany, free over €30.00"
    )
