"""Nobody reaches another customer's cart, order, review or conversation, by page or API, and
the admin and the staff API are for staff only.

Already covered elsewhere (not repeated here): order pages and API lists/details
(tests/orders/test_lifecycle.py, tests/api/test_orders.py), carts through the API
(tests/api/test_cart.py), reviews (tests/ratings, tests/api/test_reviews.py), visitor
conversations (tests/customer_service/test_chat.py), addresses (tests/accounts), the admin for a
signed-in customer (tests/test_admin.py).
"""

from __future__ import annotations

import pytest
from django.test import Client

from customer_service.models import Conversation
from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory, variant_of
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import OrderStatus

from .helpers import paid_order

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_another_customers_confirmation_and_cancel_are_not_found():
    owner, intruder = UserFactory(), UserFactory()
    order = paid_order(owner)
    client = signed_in(intruder)
    assert client.get(f"/checkout/done/{order.number}/").status_code == 404
    assert client.post(f"/orders/{order.number}/cancel/").status_code == 404
    assert client.post(f"/api/orders/{order.number}/cancel/").status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.number not in client.get("/orders/").content.decode()


def test_cart_pages_only_ever_touch_your_own_cart():
    owner, intruder = UserFactory(), UserFactory()
    product = ProductFactory(stock_quantity=5, title="Owner Only Widget")
    DatabaseCartStore(owner).set(variant_of(product).pk, 2)
    client = signed_in(intruder)
    assert "Owner Only Widget" not in client.get("/cart/").content.decode()
    client.post(f"/cart/update/{product.pk}/", {"quantity": "1"})
    client.post(f"/cart/remove/{product.pk}/")
    assert DatabaseCartStore(owner).quantities() == {variant_of(product).pk: 2}
    # A visitor with no session sees an empty cart, not someone's.
    assert "Owner Only Widget" not in Client().get("/cart/").content.decode()


def test_one_customers_conversation_is_out_of_reach_of_another():
    owner, intruder = UserFactory(), UserFactory()
    mine = signed_in(owner)
    data = mine.post("/api/chat/", {"message": "hello"}, content_type="application/json").json()
    conversation = Conversation.objects.get(pk=data["conversation"])
    assert conversation.user == owner
    other = signed_in(intruder)
    assert other.get(f"/api/chat/{conversation.pk}/").status_code == 404
    reply = other.post(
        "/api/chat/",
        {"message": "where is my order?", "conversation": conversation.pk},
        content_type="application/json",
    )
    assert reply.status_code == 404
    assert conversation.messages.count() == len(
        mine.get(f"/api/chat/{conversation.pk}/").json()["messages"]
    )


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/orders/order/",
        "/admin/customer_service/conversation/",
        "/admin/accounts/user/",
        "/admin/recommendations/build/",
    ],
)
def test_admin_pages_send_visitors_and_customers_to_the_admin_login(path):
    for client in (Client(), signed_in(UserFactory())):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_a_customer_cannot_run_admin_actions():
    order = paid_order(UserFactory())
    client = signed_in(UserFactory())
    response = client.post(
        "/admin/orders/order/", {"action": "mark_shipped", "_selected_action": [order.pk]}
    )
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_staff_build_controls_are_for_staff_only():
    for client in (Client(), signed_in(UserFactory())):
        assert client.get("/api/recommendations/builds/").status_code in (401, 403)
        response = client.post("/api/recommendations/builds/", content_type="application/json")
        assert response.status_code in (401, 403)
