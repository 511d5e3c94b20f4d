"""Clicks through the slot's signed link, and the orders they are credited with."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from shop.core.visitor import VISITOR_COOKIE
from shop.offers.models import DEFAULT_SEGMENT, OfferClick, OfferConversion, OfferStat, Placement
from shop.offers.selectors import offer_dashboard, slate_build
from shop.offers.services import (
    ATTRIBUTION_DAYS,
    offer_conversion_attribute,
    offer_conversion_withdraw,
)
from shop.offers.views import CLICK_SALT, click_url
from shop.orders.models import OrderStatus
from shop.orders.services import order_transition
from shop.segments.factories import CustomerSegmentFactory
from tests.customer_service.helpers import place_order

from .conftest import click_link

pytestmark = pytest.mark.django_db


def test_a_click_is_counted_and_leads_to_the_offer(client, tree, promotions):
    promotions["open"].categories.add(tree["garden"])
    page = client.get("/cart/")
    response = client.get(click_link(page.content))
    assert response.status_code == 302
    assert response["Location"] == "/category/garden/"
    click = OfferClick.objects.get()
    assert (click.promotion_id, click.segment, click.placement, click.user_id) == (
        promotions["open"].pk,
        DEFAULT_SEGMENT,
        Placement.CART,
        None,
    )
    # The visitor's anonymous id, the one their cookie carries.
    assert len(click.visitor_key) == 32
    assert client.cookies[VISITOR_COOKIE].value.startswith(click.visitor_key)
    stat = OfferStat.objects.get(promotion=promotions["open"], placement=Placement.CART)
    assert stat.clicks == 1


def test_a_customers_click_names_them_and_their_segment(client, promotions, customer):
    CustomerSegmentFactory(user=customer, segment="loyal")
    client.force_login(customer)
    url = click_url(
        promotion_id=promotions["loyal"].pk, segment="loyal", placement="home", target="/products/"
    )
    assert client.get(url).status_code == 302
    click = OfferClick.objects.get()
    assert (click.user_id, click.segment, click.placement) == (customer.pk, "loyal", "home")


@pytest.mark.parametrize("tamper", ["garbage", "forged", "placement", "deleted"])
def test_a_bad_link_is_refused_and_counts_nothing(client, promotions, tamper):
    promotion = promotions["open"]
    if tamper == "garbage":
        url = "/offers/go/not-a-token/"
    elif tamper == "forged":
        token = signing.dumps({"o": promotion.pk, "s": "loyal", "p": "home", "u": "/"}, salt="x")
        url = f"/offers/go/{token}/"
    elif tamper == "placement":
        url = click_url(promotion_id=promotion.pk, segment="x", placement="checkout", target="/")
    else:
        url = click_url(promotion_id=promotion.pk, segment="x", placement="home", target="/")
        promotion.delete()
    response = client.get(url)
    assert response.status_code == 404
    assert not OfferClick.objects.exists()
    assert not OfferStat.objects.filter(clicks__gt=0).exists()


def test_the_link_never_leads_off_the_shop(client, promotions):
    token = signing.dumps(
        {"o": promotions["open"].pk, "s": "visitors", "p": "home", "u": "https://evil.example/"},
        salt=CLICK_SALT,
    )
    response = client.get(f"/offers/go/{token}/")
    assert response.status_code == 302
    assert response["Location"] == "/products/"


def test_clicking_needs_get(client, promotions):
    url = click_url(promotion_id=promotions["open"].pk, segment="v", placement="home", target="/")
    assert client.post(url).status_code == 405
    assert not OfferClick.objects.exists()


def _click(client: Client, promotion_id: int, segment: str = "loyal") -> OfferClick:
    url = click_url(promotion_id=promotion_id, segment=segment, placement="cart", target="/")
    assert client.get(url).status_code == 302
    return OfferClick.objects.latest("id")


def test_an_order_after_a_click_is_its_conversion(
    client, promotions, customer, django_capture_on_commit_callbacks
):
    client.force_login(customer)
    click = _click(client, promotions["open"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        order, _product = place_order(customer)
    conversion = OfferConversion.objects.get()
    assert (conversion.click_id, conversion.order_id) == (click.pk, order.pk)
    assert conversion.revenue == order.total > 0
    stat = OfferStat.objects.get(promotion=promotions["open"], segment="loyal")
    assert (stat.clicks, stat.conversions, stat.revenue) == (1, 1, order.total)


def test_the_latest_click_gets_the_order_and_each_click_one_order(
    client, promotions, customer, django_capture_on_commit_callbacks
):
    client.force_login(customer)
    _click(client, promotions["open"].pk)
    latest = _click(client, promotions["loyal"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        first, _product = place_order(customer, key="a")
        second, _product = place_order(customer, key="b")
        third, _product = place_order(customer, key="c")
    credited = dict(OfferConversion.objects.values_list("order_id", "click__promotion_id"))
    # The second order goes to the earlier click, which was still unused; the third to none.
    assert credited == {first.pk: promotions["loyal"].pk, second.pk: promotions["open"].pk}
    assert latest.conversion.order_id == first.pk
    assert third.pk not in credited


def test_an_order_after_the_window_is_not_a_conversion(
    client, promotions, customer, django_capture_on_commit_callbacks
):
    client.force_login(customer)
    click = _click(client, promotions["open"].pk)
    OfferClick.objects.filter(pk=click.pk).update(
        clicked_at=timezone.now() - timedelta(days=ATTRIBUTION_DAYS, minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        place_order(customer)
    assert not OfferConversion.objects.exists()


def test_another_customers_order_is_not_credited(
    client, promotions, customer, django_capture_on_commit_callbacks
):
    from shop.accounts.factories import UserFactory

    client.force_login(customer)
    _click(client, promotions["open"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        place_order(UserFactory())
    assert not OfferConversion.objects.exists()


def test_a_visitors_click_counts_once_they_sign_in_and_order(
    client, promotions, customer, password, django_capture_on_commit_callbacks
):
    client.get("/")  # the visitor cookie
    click = _click(client, promotions["open"].pk, segment=DEFAULT_SEGMENT)
    assert click.user_id is None and click.visitor_key
    with django_capture_on_commit_callbacks(execute=True):
        signed_in = client.post(
            "/accounts/login/", {"username": customer.username, "password": password}
        )
    assert signed_in.status_code == 302
    click.refresh_from_db()
    assert click.user_id == customer.pk
    with django_capture_on_commit_callbacks(execute=True):
        order, _product = place_order(customer)
    assert OfferConversion.objects.get().order_id == order.pk


def test_attributing_the_same_order_twice_changes_nothing(client, promotions, customer):
    client.force_login(customer)
    _click(client, promotions["open"].pk)
    _click(client, promotions["open"].pk)
    order, _product = place_order(customer)  # no on-commit here: attribute by hand
    assert offer_conversion_attribute(order_id=order.pk) is not None
    assert offer_conversion_attribute(order_id=order.pk) is None
    assert OfferConversion.objects.count() == 1
    assert OfferStat.objects.get().conversions == 1
    assert OfferStat.objects.get().revenue == order.total != Decimal("0")


def _converted(client, promotions, customer, capture):  # type: ignore[no-untyped-def]
    """A click on the open offer, then an order it is credited with; returns the order."""
    client.force_login(customer)
    _click(client, promotions["open"].pk)
    with capture(execute=True):
        order, _product = place_order(customer)
    stat = OfferStat.objects.get(promotion=promotions["open"], segment="loyal")
    assert (stat.conversions, stat.revenue) == (1, order.total)
    return order


def test_a_cancelled_order_is_no_longer_a_conversion(
    client, promotions, customer, django_capture_on_commit_callbacks
):
    order = _converted(client, promotions, customer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/orders/{order.number}/cancel/")
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "cancelled"
    stat = OfferStat.objects.get(promotion=promotions["open"], segment="loyal")
    # The click still counts; the conversion and its revenue do not.
    assert (stat.clicks, stat.conversions, stat.revenue) == (1, 0, Decimal("0.00"))
    conversion = OfferConversion.objects.get(order=order)
    assert conversion.withdrawn_at is not None
    # What the dashboard and the bandit read.
    rows = [r for r in offer_dashboard() if r.promotion_id == promotions["open"].pk]
    assert [(r.clicks, r.conversions, r.revenue) for r in rows] == [(1, 0, Decimal("0.00"))]
    slate = {c.promotion_id: c for c in slate_build(segment="loyal")}
    assert slate[promotions["open"].pk].conversions == 0


def test_a_fully_refunded_order_is_no_longer_a_conversion_and_only_once(
    client, promotions, customer, django_capture_on_commit_callbacks
):
    order = _converted(client, promotions, customer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=order, to_status=OrderStatus.REFUNDED)
    stat = OfferStat.objects.get(promotion=promotions["open"], segment="loyal")
    assert (stat.conversions, stat.revenue) == (0, Decimal("0.00"))
    # A second announcement (a retry, a later event) takes nothing more off.
    assert offer_conversion_withdraw(order_id=order.pk) is False
    stat.refresh_from_db()
    assert (stat.conversions, stat.revenue) == (0, Decimal("0.00"))


def test_cancelling_an_order_no_offer_led_to_changes_no_statistics(
    client, promotions, customer, django_capture_on_commit_callbacks
):
    order = _converted(client, promotions, customer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        other, _product = place_order(customer, key="z")  # no unused click left: not credited
        client.post(f"/orders/{other.number}/cancel/")
    stat = OfferStat.objects.get(promotion=promotions["open"], segment="loyal")
    assert (stat.conversions, stat.revenue) == (1, order.total)


def test_crawlers_are_kept_off_the_click_links(client, promotions):
    url = click_url(promotion_id=promotions["open"].pk, segment="v", placement="home", target="/")
    robots = client.get("/robots.txt").content.decode().splitlines()
    disallowed = [line.removeprefix("Disallow: ") for line in robots if line.startswith("Disallow")]
    assert any(url.startswith(prefix) for prefix in disallowed), (url, disallowed)
