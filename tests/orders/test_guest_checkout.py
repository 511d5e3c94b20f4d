"""Guest checkout through the pages: an e-mail address instead of an account, the signed
order link in the confirmation e-mail, and the orders joining an account once its address is
verified."""

from __future__ import annotations

import re
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail, signing
from django.test import Client

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory, variant_of
from shop.orders.guests import LOOKUP_SALT, order_lookup_token
from shop.orders.models import Order, OrderStatus
from shop.orders.views.checkout import GUEST_SECRET_KEY

from .conftest import DECLINED_CARD, checkout

pytestmark = pytest.mark.django_db

GUEST = "ada.guest@example.com"
STRONG = "a-Strong-passphrase-42"


@pytest.fixture
def lamp():
    return ProductFactory(stock_quantity=5, price=Decimal("30.00"), title="Desk Lamp")


def fill_cart(client, product, quantity=2):
    client.post(f"/cart/add/{product.pk}/", {"quantity": str(quantity)})


def place(client, review):
    return client.post("/checkout/review/", {"idempotency_key": review.context["idempotency_key"]})


def guest_order(client, product, capture, *, email=GUEST):
    """A guest's paid order, walked through the pages; returns (order, placing response)."""
    fill_cart(client, product)
    review = checkout(client, email=email)
    with capture(execute=True):
        response = place(client, review)
    return Order.objects.get(email=email), response


def lookup_path(message) -> str:
    link = re.search(r"https?://[^/\s]+(/orders/lookup/\S+/)", str(message.body))
    assert link, message.body
    return link.group(1)


class SignedEarlier(signing.TimestampSigner):
    """The shop's lookup signer with its clock set ``seconds`` back: a link sent that long ago."""

    def __init__(self, seconds: int) -> None:
        super().__init__(salt=LOOKUP_SALT)
        self.seconds = seconds

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - self.seconds)


def test_an_anonymous_shopper_checks_out_as_a_guest(
    client, lamp, django_capture_on_commit_callbacks
):
    fill_cart(client, lamp)
    address_page = client.get("/checkout/")
    assert address_page.status_code == 200  # no login page in the way
    html = address_page.content.decode()
    assert 'name="email"' in html and "Checking out as a guest" in html
    assert 'name="saved_address"' not in html and 'name="save_address"' not in html
    missing = client.post("/checkout/", {"full_name": "Ada", "line1": "1 St", "city": "Berlin"})
    assert "email" in missing.context["form"].errors

    review = checkout(client, email=GUEST)
    assert review.status_code == 200 and GUEST in review.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = place(client, review)

    order = Order.objects.get()
    assert response["Location"] == f"/checkout/done/{order.number}/"
    assert (order.user, order.is_guest, order.email) == (None, True, GUEST)
    assert order.status == OrderStatus.PAID
    assert set(order.payments.values_list("kind", flat=True)) == {"authorise", "capture"}
    lamp.refresh_from_db()
    assert lamp.stock_quantity == 3
    assert "Your cart is empty" in client.get("/cart/").content.decode()

    (message,) = mail.outbox
    assert message.to == [GUEST] and order.number in message.subject
    assert "Desk Lamp" in message.body and "/orders/lookup/" in message.body
    html_part = str(message.alternatives[0][0])
    assert lookup_path(message) in html_part  # the button in the HTML part goes there too

    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert order.number in page and "Create an account" in page
    assert f'href="{confirmation.context["lookup_url"]}"' in page


def test_the_link_in_the_email_shows_that_order_read_only(
    client, lamp, django_capture_on_commit_callbacks
):
    order, _ = guest_order(client, lamp, django_capture_on_commit_callbacks)
    other, _ = guest_order(Client(), lamp, django_capture_on_commit_callbacks, email="b@x.example")
    stranger = Client()  # a link works from any browser: whoever holds the e-mail
    response = stranger.get(lookup_path(mail.outbox[0]))
    assert response.status_code == 200
    html = response.content.decode()
    assert order.number in html and other.number not in html
    assert "Ada Lovelace" in html and "Germany" in html
    assert "Cancel this order" not in html and "/cancel/" not in html
    assert "no-store" in response["Cache-Control"]  # never kept by a cache on the way
    assert '<meta name="robots" content="noindex' in html


def test_an_expired_link_says_so_and_shows_no_order(
    client, lamp, django_capture_on_commit_callbacks
):
    order, _ = guest_order(client, lamp, django_capture_on_commit_callbacks)
    max_age = settings.ORDER_LOOKUP_LINK_DAYS * 24 * 3600
    fresh_enough = SignedEarlier(max_age - 3600).sign(order.number)
    assert client.get(f"/orders/lookup/{fresh_enough}/").status_code == 200
    expired = SignedEarlier(max_age + 60).sign(order.number)
    response = client.get(f"/orders/lookup/{expired}/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "This order link has expired" in html
    assert "Ada Lovelace" not in html and "Desk Lamp" not in html


@pytest.mark.parametrize(
    "how", ["other_number", "cut_short", "other_salt", "garbage", "nul_byte", "very_long"]
)
def test_a_tampered_link_is_refused_and_shows_no_order(
    client, lamp, django_capture_on_commit_callbacks, how
):
    order, _ = guest_order(client, lamp, django_capture_on_commit_callbacks)
    other, _ = guest_order(Client(), lamp, django_capture_on_commit_callbacks, email="b@x.example")
    token = order_lookup_token(number=order.number)
    tampered = {
        "other_number": token.replace(order.number, other.number),
        "cut_short": token[:-3],
        "other_salt": signing.TimestampSigner(salt="shop.accounts.signup").sign(other.number),
        "garbage": "ORD-AAAA",
        "nul_byte": token.replace(":", "%00:", 1),  # PostgreSQL refuses NUL: never a query
        "very_long": token + "x" * 3000,
    }[how]
    response = client.get(f"/orders/lookup/{tampered}/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "This order link is not valid" in html
    assert "Ada Lovelace" not in html and "Desk Lamp" not in html


def test_a_guest_sees_only_the_orders_placed_in_their_browser(
    client, lamp, django_capture_on_commit_callbacks
):
    order, response = guest_order(client, lamp, django_capture_on_commit_callbacks)
    assert Client().get(response["Location"]).status_code == 404
    assert Client().get(f"/orders/{order.number}/")["Location"].startswith("/accounts/login/")
    customer = Client()
    customer.force_login(UserFactory(email=GUEST))  # an account with that address: unproven
    assert customer.get(response["Location"]).status_code == 404
    assert customer.get(f"/orders/{order.number}/").status_code == 404


def test_another_guests_cart_stays_theirs(client, lamp):
    fill_cart(client, lamp, quantity=3)
    other = Client()
    assert other.get("/checkout/")["Location"] == "/cart/"
    assert "Desk Lamp" not in other.get("/cart/").content.decode()


def test_a_double_submission_places_one_guest_order(
    client, lamp, django_capture_on_commit_callbacks
):
    fill_cart(client, lamp)
    review = checkout(client, email=GUEST)
    with django_capture_on_commit_callbacks(execute=True):
        first = place(client, review)
        second = place(client, review)
    assert first["Location"] == second["Location"]
    assert Order.objects.count() == 1 and len(mail.outbox) == 1
    lamp.refresh_from_db()
    assert lamp.stock_quantity == 3


def test_a_guests_key_is_theirs_alone(client, lamp, django_capture_on_commit_callbacks):
    """Another browser sending the same idempotency key places its own order."""
    fill_cart(client, lamp)
    review = checkout(client, email=GUEST)
    key = review.context["idempotency_key"]
    with django_capture_on_commit_callbacks(execute=True):
        place(client, review)
    other = Client()
    fill_cart(other, lamp, quantity=1)
    checkout(other, email="b@x.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = other.post("/checkout/review/", {"idempotency_key": key})
    mine = Order.objects.get(email="b@x.example")
    assert response["Location"] == f"/checkout/done/{mine.number}/"
    assert Order.objects.count() == 2
    assert client.session[GUEST_SECRET_KEY] != other.session[GUEST_SECRET_KEY]


def test_a_declined_card_leaves_the_guest_their_cart(client, lamp):
    fill_cart(client, lamp)
    review = checkout(client, email=GUEST, card=DECLINED_CARD)
    response = place(client, review)
    assert response["Location"] == "/checkout/payment/"
    assert not Order.objects.exists()
    assert client.session["cart-variants"] == {str(variant_of(lamp).pk): 2}


def _signup_and_link(client, capture, email):
    with capture(execute=True):
        client.post(
            "/accounts/signup/",
            {"username": "ada", "email": email, "password1": STRONG, "password2": STRONG},
        )
    link = re.search(r"https?://[^/]+(/accounts/signup/confirm/\S+/)", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body
    return link.group(1)


def test_the_guest_orders_join_the_account_once_its_address_is_verified(
    client, lamp, django_capture_on_commit_callbacks
):
    order, _ = guest_order(client, lamp, django_capture_on_commit_callbacks)
    strangers, _ = guest_order(Client(), lamp, django_capture_on_commit_callbacks, email="b@x.ex")
    confirm = _signup_and_link(client, django_capture_on_commit_callbacks, "Ada.Guest@Example.com")
    order.refresh_from_db()
    assert order.user is None  # signed up, not yet verified: nothing joins

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(confirm).status_code == 302
    order.refresh_from_db()
    strangers.refresh_from_db()
    assert order.user is not None and order.user.username == "ada" and order.is_guest
    assert strangers.user is None
    listing = client.get("/orders/").content.decode()
    assert order.number in listing and strangers.number not in listing
    assert client.get(f"/orders/{order.number}/").status_code == 200


def test_an_account_made_otherwise_gets_no_guest_orders(
    client, lamp, django_capture_on_commit_callbacks
):
    """Anyone can type an address at a guest checkout; only a verified one claims orders."""
    order, _ = guest_order(client, lamp, django_capture_on_commit_callbacks)
    account = UserFactory(email=GUEST)
    signed_in = Client()
    signed_in.force_login(account)
    assert order.number not in signed_in.get("/orders/").content.decode()
    order.refresh_from_db()
    assert order.user is None


def test_the_guest_pages_cost_a_fixed_number_of_queries(
    client, lamp, django_capture_on_commit_callbacks, django_assert_num_queries
):
    fill_cart(client, ProductFactory(title="Bulb", stock_quantity=3), quantity=1)
    _order, response = guest_order(client, lamp, django_capture_on_commit_callbacks)
    link = lookup_path(mail.outbox[0])
    stranger = Client()
    # The order, its lines (two), their products, their variants, its history.
    with django_assert_num_queries(5):
        assert stranger.get(link).status_code == 200
    # The same five: the session that lets this browser see it is read from the cache.
    with django_assert_num_queries(5):
        assert client.get(response["Location"]).status_code == 200


def test_the_link_of_an_order_since_anonymised_shows_nothing(
    client, lamp, django_capture_on_commit_callbacks
):
    """An account that claimed the order was deleted: the order stays, its details erased."""
    from shop.accounts.services import account_delete

    order, _ = guest_order(client, lamp, django_capture_on_commit_callbacks)
    link = lookup_path(mail.outbox[0])
    account = UserFactory(email="someone@example.com")
    Order.objects.filter(pk=order.pk).update(user=account)
    account_delete(user=account)
    response = Client().get(link)
    assert response.status_code == 404 and "Order not found" in response.content.decode()
    assert "Ada Lovelace" not in response.content.decode()
