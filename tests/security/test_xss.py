"""Script payloads typed by shoppers are shown as text everywhere they come back: reviews and
names on product pages, the search box and results heading, addresses on the profile, checkout
and order pages, and chat messages in the staff transcript and the API.

The review title/body on the product page is covered in tests/ratings/test_reviews.py.
"""

from __future__ import annotations

import pytest
from django.test import Client

from customer_service.models import Conversation
from shop.accounts.factories import AddressFactory, StaffFactory, UserFactory
from shop.catalogue.factories import ProductFactory
from shop.ratings.services import review_submit

from .helpers import paid_order

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
IMG = '"><img src=x onerror=alert(1)>'


def assert_text(body: str, *, escaped: bool = True) -> None:
    assert PAYLOAD not in body
    assert "<img src=x" not in body
    if escaped:
        assert ESCAPED in body


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_search_query_is_shown_as_text(db):
    ProductFactory(title="Lamp")
    for query in (PAYLOAD, IMG):
        body = Client().get("/search/", {"q": query}).content.decode()
        assert PAYLOAD not in body and "<img src=x" not in body
    assert ESCAPED in Client().get("/search/", {"q": PAYLOAD}).content.decode()


def test_reviewer_name_and_review_text_are_text_on_the_product_page():
    # Sign-up forbids such a username; one created another way must still be harmless.
    author = UserFactory(username=PAYLOAD)
    product = ProductFactory()
    review_submit(user=author, product=product, stars=4, title=PAYLOAD, body=IMG)
    assert_text(Client().get(product.get_absolute_url()).content.decode())


def test_names_in_addresses_are_text_on_profile_checkout_and_order_pages():
    customer = UserFactory(first_name=PAYLOAD, last_name=IMG)
    AddressFactory(user=customer, full_name=PAYLOAD, line1=IMG)
    client = signed_in(customer)
    assert_text(client.get("/accounts/profile/").content.decode())

    product = ProductFactory(stock_quantity=5)
    client.post(f"/cart/add/{product.pk}/", {"quantity": "1"})
    address = {
        "full_name": PAYLOAD,
        "line1": IMG,
        "city": PAYLOAD,
        "postcode": "N1",
        "country": "gb",
    }
    assert client.post("/checkout/", address).status_code == 302
    client.post("/checkout/shipping/", {"method": "standard"})
    client.post(
        "/checkout/payment/",
        {"holder": PAYLOAD, "number": "4242424242424242", "expiry": "12/39", "cvc": "123"},
    )
    assert_text(client.get("/checkout/review/").content.decode())

    order = paid_order(customer)
    order.ship_full_name = PAYLOAD
    order.ship_line1 = IMG
    order.save()
    assert_text(client.get(f"/orders/{order.number}/").content.decode())
    assert_text(client.get(f"/checkout/done/{order.number}/").content.decode(), escaped=False)


def test_names_and_addresses_are_text_in_the_admin():
    customer = UserFactory(username="mallory", first_name=PAYLOAD)
    order = paid_order(customer)
    order.ship_full_name = PAYLOAD
    order.save()
    staff = signed_in(StaffFactory(username="staff"))
    assert_text(staff.get(f"/admin/orders/order/{order.pk}/change/").content.decode())
    assert_text(
        staff.get(f"/admin/accounts/user/{customer.pk}/change/").content.decode(), escaped=False
    )


def test_chat_messages_are_text_in_the_api_and_the_staff_transcript():
    customer = UserFactory()
    client = signed_in(customer)
    data = client.post(
        "/api/chat/", {"message": f"{PAYLOAD} talk to a human"}, content_type="application/json"
    ).json()
    assert PAYLOAD not in data["reply"]
    # The API returns the customer's own words as JSON data (the widget sets textContent).
    conversation = Conversation.objects.get(pk=data["conversation"])
    staff = signed_in(StaffFactory(username="staff"))
    body = staff.get(f"/admin/customer_service/conversation/{conversation.pk}/change/").content
    assert_text(body.decode())
    for ticket in conversation.tickets.all():
        page = staff.get(f"/admin/customer_service/supportticket/{ticket.pk}/change/")
        assert_text(page.content.decode(), escaped=False)
