"""A guest's journey in a real browser: check out with an e-mail address, open the order from
the link in the confirmation e-mail in another browser, then create an account with the same
address and find the order there once the address is confirmed."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from shop.orders.models import Order, OrderStatus
from tests.browser.shop_pages import (
    GUEST_EMAIL,
    guest_fill_cart,
    guest_place_order,
    make_catalogue,
    sign_up,
)
from tests.browser.test_shopper_journey import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_guest_checks_out_follows_the_link_and_keeps_the_order_in_a_new_account(
    browser, live_server
):
    make_catalogue()
    url = live_server.url
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    guest_fill_cart(page, url)
    assert GUEST_EMAIL in page.content()  # the review says where the mail goes
    pages = guest_place_order(page, url)
    shot(page, "guest-01-confirmation")
    order = Order.objects.get(email=GUEST_EMAIL)
    assert order.user is None and order.status == OrderStatus.PAID
    assert order.number in page.content()

    # The link in the e-mail, opened in another browser (the phone's mail app, say).
    other = browser.new_context(viewport={"width": 1366, "height": 900})
    reader = other.new_page()
    response = reader.goto(url + pages["guest-order-link"])
    assert response is not None and response.status == 200
    assert (
        f"Order {order.number}" in reader.content() and "Cancel this order" not in reader.content()
    )
    shot(reader, "guest-02-order-link")
    response = reader.goto(url + pages["order-link-invalid"])
    assert response is not None and response.status == 400
    other.close()

    # An account with the same address: the order joins it once the address is confirmed.
    page.get_by_role("link", name="Create an account").first.click()
    sign_up(page, username="adaguest", email=GUEST_EMAIL)
    order.refresh_from_db()
    assert order.user is None  # not before the address is proven
    link = re.search(r"https?://[^/]+(/accounts/signup/confirm/\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(url + link.group(1))
    page.get_by_role("button", name="Create my account").click()
    page.goto(url + "/orders/")
    assert order.number in page.content()
    shot(page, "guest-03-orders-in-account")
    context.close()
