"""Real Chromium against a real server: the staff journey through the admin, and the product,
cart and checkout pages on a phone (screenshots under var/e2e/)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.accounts.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory
from shop.catalogue.factories import CategoryFactory, ProductFactory, variant_of
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import Order, OrderStatus
from shop.orders.payments.test_gateway import SUCCESS_CARD
from shop.orders.services import ShippingAddress, order_place
from tests.payments import card

from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def sign_in(page, url: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()


def no_sideways_scroll(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_staff_mark_the_order_shipped_and_the_customer_sees_it(browser, shop_url):
    StaffFactory(username="staff")
    customer = UserFactory(username="ada")
    lamp = ProductFactory(title="Brass Desk Lamp", stock_quantity=4, price=Decimal("42.00"))
    store = DatabaseCartStore(customer)
    store.set(variant_of(lamp).pk, 1)
    order = order_place(
        user=customer,
        store=store,
        address=ShippingAddress("Ada Lovelace", "1 Light St", "Berlin", "10115", "DE"),
        shipping_method_code="standard",
        payment=card(),
        idempotency_key="e2e-staff-journey-01",
    )

    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    page = staff.new_page()
    page.set_default_timeout(10_000)
    page.goto(shop_url + "/admin/")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("#content a[href$='/admin/orders/order/']").first.click()
    assert page.url.endswith("/admin/orders/order/"), page.url
    shot(page, "staff-01-orders")
    page.locator(f"input[name=_selected_action][value='{order.pk}']").check()
    page.locator("select[name=action]").select_option("mark_shipped")
    page.get_by_role("button", name="Go").click()
    # Staff are asked for the parcel's carrier and tracking number.
    page.get_by_label("Carrier").select_option("dhl")
    page.get_by_label("Tracking number").fill("JJD000390007")
    page.get_by_role("button", name="Mark shipped and e-mail the customers").click()
    page.locator(".messagelist").wait_for()
    shot(page, "staff-02-shipped")
    staff.close()
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED

    shopper = browser.new_context(viewport=PHONE)
    page = shopper.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, shop_url, "ada")
    page.goto(f"{shop_url}/orders/{order.number}/")
    assert "Shipped" in page.locator("main").inner_text()
    assert "JJD000390007" in page.locator("main").inner_text()
    shot(page, "staff-03-customer-sees-shipped")
    shopper.close()


def test_product_cart_and_checkout_on_a_phone(browser, shop_url):
    UserFactory(username="grace")
    category = CategoryFactory(name="Lighting", slug="lighting")
    ProductFactory(
        title="Brass Desk Lamp",
        slug="brass-desk-lamp",
        category=category,
        price=Decimal("42.00"),
        stock_quantity=3,
        description="A warm brass lamp for reading.",
    )
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, shop_url, "grace")

    page.goto(shop_url + "/product/brass-desk-lamp/")
    assert no_sideways_scroll(page)
    shot(page, "mobile-01-product")
    with page.expect_navigation():  # the next page, loaded
        page.get_by_role("button", name="Add to cart").click()
    page.goto(shop_url + "/cart/")
    assert "Brass Desk Lamp" in page.content() and no_sideways_scroll(page)
    shot(page, "mobile-02-cart")

    with page.expect_navigation():  # the next page, loaded
        page.get_by_role("link", name="Proceed to checkout").click()
    assert no_sideways_scroll(page)
    page.get_by_label("Full name").fill("Grace Hopper")
    page.get_by_label("Address line 1").first.fill("1 Compiler Way")
    page.get_by_label("City").fill("Oslo")
    page.get_by_label("Postcode").fill("0150")
    page.get_by_label("Country").select_option("NO")
    shot(page, "mobile-03-checkout-address")
    with page.expect_navigation():  # the next page, loaded
        page.get_by_role("button", name="Continue to shipping").click()
    assert no_sideways_scroll(page)
    shot(page, "mobile-04-checkout-shipping")
    page.get_by_label("Standard delivery").check()
    with page.expect_navigation():  # the next page, loaded
        page.get_by_role("button", name="Continue to payment").click()
    assert no_sideways_scroll(page)
    page.get_by_label("Name on card").fill("Grace Hopper")
    page.get_by_label("Card number").fill(SUCCESS_CARD)
    page.get_by_label("Expiry (MM/YY)").fill("12/39")
    page.get_by_label("Security code").fill("123")
    shot(page, "mobile-05-checkout-payment")
    with page.expect_navigation():  # the next page, loaded
        page.get_by_role("button", name="Review your order").click()
    assert no_sideways_scroll(page)
    shot(page, "mobile-06-checkout-review")
    with page.expect_navigation():  # the next page, loaded
        page.get_by_role("button", name="Place order and pay").click()
    assert "Thank you for your order" in page.content()
    shot(page, "mobile-07-confirmation")
    context.close()
    assert Order.objects.get(user__username="grace").status == OrderStatus.PAID
