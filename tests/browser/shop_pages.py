"""The storefront's pages as the browser tests visit them: a small catalogue, the public pages,
a customer who signs in, saves an item, fills a cart, goes through every checkout step and
places an order, and a guest who does the same without an account, so that the pages only a
customer or a guest sees can be visited too."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core import mail
from django.core.files.storage import default_storage

from shop.accounts.factories import DEFAULT_PASSWORD, UserFactory
from shop.catalogue.factories import CategoryFactory, ProductFactory, sized_product
from shop.catalogue.models import ProductVariant
from shop.demo.services.catalogue import product_gallery_save
from shop.orders.payments.test_gateway import SUCCESS_CARD

GUEST_EMAIL = "ada.guest@example.com"


def make_catalogue() -> dict[str, str]:
    """Products to show; returns the public pages, name -> path."""
    category = CategoryFactory(name="Lighting & Lamps", slug="lighting")
    CategoryFactory(name="Reading lamps", slug="reading", parent=category)
    ProductFactory(
        title="Brass Desk Lamp with an Unusually Long Name for a Lamp, Polished Finish",
        slug="brass-desk-lamp",
        category=category,
        price=Decimal("42.00"),
        stock_quantity=3,
        description="A warm brass lamp for reading.",
        # A gallery as the demo makes it: several views, widths and formats.
        image=product_gallery_save(
            storage=default_storage, stem="brass-desk-lamp", kind="Table Lamp", colour="Mustard"
        ),
    )
    for number in range(9):
        ProductFactory(title=f"Lamp {number}", category=category, price=Decimal("19.00"))
    cardigan = sized_product(colours=("Camel", "Navy"), sizes=("M", "L"), stock=6)
    for colour in ("Camel", "Navy"):
        ProductVariant.objects.filter(product=cardigan, name__startswith=colour).update(
            image=product_gallery_save(
                storage=default_storage, stem=f"cardigan-{colour}", kind="Cardigan", colour=colour
            )
        )
    UserFactory(username="grace")
    return {
        "home": "/",
        "category": "/category/lighting/",
        "products": "/products/",
        "product": "/product/brass-desk-lamp/",
        "product-options": cardigan.get_absolute_url(),
        "search": "/search/?q=lamp",
        "search-empty": "/search/",
        "no-results": "/products/?q=zzzzqqq",
        "cart-empty": "/cart/",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
        "password-reset": "/accounts/password/reset/",
        "delivery": "/delivery/",
        "returns": "/returns/",
        "terms": "/terms/",
        "privacy": "/privacy/",
        "legal": "/legal-notice/",
        "contact": "/contact/",
        "payment-info": "/payment/",
        "not-found": "/product/no-such-thing/",
    }


def sign_in_and_fill_cart(page, url: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Signs grace in, saves a product, fills the cart and walks the checkout up to the review;
    returns the cart and checkout pages."""
    page.goto(url + "/accounts/login/")
    page.get_by_label("Username").fill("grace")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(url + "/product/brass-desk-lamp/")
    with page.expect_navigation():
        page.get_by_role("button", name="Save for later").click()
    page.goto(url + "/product/brass-desk-lamp/")
    with page.expect_navigation():
        page.get_by_role("button", name="Add to cart").click()
    page.goto(url + "/cart/")
    with page.expect_navigation():
        page.get_by_role("link", name="Proceed to checkout").click()
    walk_checkout(page, name="Grace Hopper", line1="1 Compiler Way")
    return {
        "cart": "/cart/",
        "checkout-address": "/checkout/",
        "checkout-shipping": "/checkout/shipping/",
        "checkout-payment": "/checkout/payment/",
        "checkout-review": "/checkout/review/",
    }


def place_order(page, url: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Places the order under review; returns the customer's own pages."""
    with page.expect_navigation():
        page.get_by_role("button", name="Place order and pay").click()
    assert "Thank you for your order" in page.content()
    confirmation = page.url.removeprefix(url)
    number = confirmation.rstrip("/").rsplit("/", 1)[-1]
    return {
        "confirmation": confirmation,
        "orders": "/orders/",
        "order": f"/orders/{number}/",
        "saved": "/saved/",
        "account": "/accounts/profile/",
        "address-new": "/accounts/addresses/new/",
        "password-change": "/accounts/password/change/",
        "account-delete": "/accounts/delete/",
    }


def walk_checkout(page, *, name: str, line1: str, email: str = "") -> None:  # type: ignore[no-untyped-def]
    """From the address step to the review: a Berlin address (and a guest's ``email``),
    standard delivery, the test gateway's card."""
    if email:
        page.get_by_label("Email").fill(email)
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Address line 1").first.fill(line1)
    page.get_by_label("City").fill("Berlin")
    page.get_by_label("Postcode").fill("10115")
    page.get_by_label("Country").select_option("DE")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue to shipping").click()
    page.get_by_label("Standard delivery").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue to payment").click()
    page.get_by_label("Name on card").fill(name)
    page.get_by_label("Card number").fill(SUCCESS_CARD)
    page.get_by_label("Expiry (MM/YY)").fill("12/39")
    page.get_by_label("Security code").fill("123")
    with page.expect_navigation():
        page.get_by_role("button", name="Review your order").click()


def sign_up(page, *, username: str, email: str) -> None:  # type: ignore[no-untyped-def]
    """Fills the sign-up form; the link that creates the account is then in the last e-mail."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(email)
    page.locator("#id_password1").fill("a-Strong-passphrase-42")
    page.locator("#id_password2").fill("a-Strong-passphrase-42")
    page.get_by_role("button", name="Sign up").click()
    assert "Check your email" in page.content()


def guest_fill_cart(page, url: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A guest (no account, in a browser of their own) fills a cart and walks the checkout up
    to the review with an e-mail address; returns their checkout pages."""
    page.goto(url + "/product/brass-desk-lamp/")
    with page.expect_navigation():
        page.get_by_role("button", name="Add to cart").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Proceed to checkout").click()
    walk_checkout(page, name="Ada Guest", line1="2 Analytical Row", email=GUEST_EMAIL)
    return {"guest-checkout-address": "/checkout/", "guest-checkout-review": "/checkout/review/"}


def guest_place_order(page, url: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Places the guest's order; returns their confirmation, the order page the link in their
    e-mail opens, and the page of a link that is not valid."""
    with page.expect_navigation():
        page.get_by_role("button", name="Place order and pay").click()
    assert "Thank you for your order" in page.content()
    link = re.search(r"https?://[^/\s]+(/orders/lookup/\S+/)", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body
    return {
        "guest-confirmation": page.url.removeprefix(url),
        "guest-order-link": link.group(1),
        "order-link-invalid": "/orders/lookup/ORD-NOTREAL:1a2b3c:not-a-signature/",
    }
