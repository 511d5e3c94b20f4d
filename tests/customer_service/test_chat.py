"""The assistant through the interface shoppers use: POST /api/chat/."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from customer_service.models import Conversation, FAQEntry, Message, SupportTicket
from customer_service.services import ticket_answer
from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory
from shop.orders.models import OrderStatus
from shop.orders.services import order_transition
from tests.customer_service.helpers import place_order

pytestmark = pytest.mark.django_db


def chat(client, message, conversation=None):
    response = client.post(
        "/api/chat/",
        {"message": message, "conversation": conversation},
        content_type="application/json",
    )
    return response


def ask(client, message, conversation=None):
    response = chat(client, message, conversation)
    assert response.status_code == 200, response.content
    return response.json()


def test_greeting_starts_a_conversation(client):
    data = ask(client, "hello there")
    assert data["intent"] == "greeting"
    assert set(data) == {
        "conversation",
        "reply",
        "intent",
        "confidence",
        "products",
        "suggestions",
        "handoff",
        "last_message",
    }
    assert Conversation.objects.get(pk=data["conversation"]).messages.count() == 2


def test_order_status_with_a_number(customer_client, customer):
    order, _ = place_order(customer)
    order_transition(order=order, to_status=OrderStatus.SHIPPED, tracking_number="TRK-123")
    data = ask(customer_client, f"where is my order {order.number.lower()}?")
    assert data["intent"] == "order_status"
    assert (
        order.number in data["reply"] and "shipped" in data["reply"] and "TRK-123" in data["reply"]
    )


def test_order_status_asks_which_order_then_answers(customer_client, customer):
    older, _ = place_order(customer, key="b")
    newer, _ = place_order(customer, key="c")
    first = ask(customer_client, "where is my package")
    assert newer.number in first["suggestions"] and older.number in first["suggestions"]
    second = ask(customer_client, older.number, first["conversation"])
    assert older.number in second["reply"] and "paid" in second["reply"]


def test_another_customers_order_reveals_nothing(customer_client):
    stranger = UserFactory(username="stranger")
    order, _ = place_order(stranger)
    data = ask(customer_client, f"status of order {order.number}")
    assert "can't find order" in data["reply"]
    assert "paid" not in data["reply"] and str(order.total) not in data["reply"]


def test_anonymous_visitors_are_asked_to_sign_in(client):
    data = ask(client, "where is my order ORD-ABCDEFGH")
    assert "sign in" in data["reply"].lower()


def test_cancel_asks_for_confirmation_then_cancels(customer_client, customer):
    order, product = place_order(customer)
    first = ask(customer_client, f"please cancel order {order.number}")
    assert first["intent"] == "cancel_order" and order.number in first["reply"]
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    second = ask(customer_client, "yes", first["conversation"])
    assert "cancelled" in second["reply"]
    order.refresh_from_db()
    product.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and product.stock_quantity == 5


def test_cancel_declined_keeps_the_order(customer_client, customer):
    order, _ = place_order(customer)
    first = ask(customer_client, f"cancel {order.number}")
    ask(customer_client, "no", first["conversation"])
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_shipped_orders_cannot_be_cancelled_in_chat(customer_client, customer):
    order, _ = place_order(customer)
    order_transition(order=order, to_status=OrderStatus.SHIPPED)
    data = ask(customer_client, f"I want to cancel order {order.number}")
    assert "can no longer be cancelled" in data["reply"]
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED


def test_change_requests_go_to_staff(customer_client, customer):
    order, _ = place_order(customer)
    data = ask(customer_client, f"can I change the delivery address of order {order.number}")
    assert data["intent"] == "change_order"
    ticket = SupportTicket.objects.get()
    assert ticket.reason == "change_request" and ticket.order_number == order.number


def test_product_search_returns_cards(client):
    ProductFactory(title="Trail Running Shoes", description="Grippy shoes for trails.")
    data = ask(client, "do you have trail running shoes?")
    assert data["intent"] == "product_search"
    assert data["products"][0]["title"] == "Trail Running Shoes"
    assert set(data["products"][0]) == {"id", "title", "price", "currency", "image", "url"}


def test_faq_answers_come_from_staff_entries(client):
    FAQEntry.objects.filter(topic="shipping_info").update(answer="Parcels arrive by owl.")
    data = ask(client, "how long does delivery take?")
    assert data["intent"] == "shipping_info"
    assert "Parcels arrive by owl." in data["reply"]


def test_asking_for_a_human_opens_a_ticket(customer_client, customer):
    data = ask(customer_client, "I want to talk to a real person")
    assert data["handoff"] is True
    ticket = SupportTicket.objects.get()
    assert ticket.user == customer and ticket.reason == "requested"
    assert "talk to a real person" in ticket.transcript


def test_angry_messages_get_high_priority(customer_client):
    data = ask(customer_client, "THIS IS RIDICULOUS!!! Your service is terrible, I am furious!!!")
    assert data["handoff"] is True
    assert SupportTicket.objects.get().priority >= SupportTicket.Priority.HIGH


def test_two_fallbacks_in_a_row_hand_off(client):
    first = ask(client, "zxq blorf wibble")
    assert first["handoff"] is False
    second = ask(client, "qwop flurb znark", first["conversation"])
    assert second["handoff"] is True
    assert SupportTicket.objects.get().reason == "repeated_fallback"
    assert Message.objects.filter(sender="customer", handled=False).count() == 2


def test_staff_answer_appears_in_the_chat(customer_client, customer, staff_user):
    data = ask(customer_client, "talk to a human please")
    ticket = SupportTicket.objects.get()
    ticket_answer(ticket=ticket, staff=staff_user, text="Hi, Sam from support here.")
    conversation = customer_client.get(f"/api/chat/{data['conversation']}/").json()
    assert conversation["messages"][-1] == {
        **conversation["messages"][-1],
        "sender": "staff",
        "text": "Hi, Sam from support here.",
    }


def test_staff_answer_through_admin(client, customer_client, staff_user):
    ask(customer_client, "talk to a human please")
    ticket = SupportTicket.objects.get()
    client.force_login(staff_user)
    url = reverse("admin:customer_service_supportticket_change", args=[ticket.pk])
    response = client.post(url, {"priority": "3", "status": "open", "staff_reply": "On it!"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "answered" and ticket.answered_by == staff_user
    assert ticket.conversation.messages.filter(sender="staff", text="On it!").exists()


def test_conversations_are_private(customer_client):
    other = Client()
    data = ask(other, "hello")
    assert customer_client.get(f"/api/chat/{data['conversation']}/").status_code == 404
    assert chat(customer_client, "hello", data["conversation"]).status_code == 404
    assert Client().get(f"/api/chat/{data['conversation']}/").status_code == 404


def test_visitor_chat_joins_the_account_on_login(
    client, customer, password, django_capture_on_commit_callbacks
):
    data = ask(client, "hello")
    with django_capture_on_commit_callbacks(execute=True):  # sign-in is announced on commit
        client.post("/accounts/login/", {"username": customer.username, "password": password})
    assert Conversation.objects.get(pk=data["conversation"]).user == customer
    assert client.get(f"/api/chat/{data['conversation']}/").status_code == 200


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"message": ""}, "message"),
        ({"message": "   "}, "message"),
        ({"message": 42}, "message"),
        ({"message": ["hi"]}, "message"),
        ({"message": "x" * 1001}, "message"),
        ({}, "message"),
        ({"message": "hi", "conversation": "abc"}, "conversation"),
    ],
)
def test_bad_messages_get_a_400_with_a_clear_error(client, payload, field):
    response = client.post("/api/chat/", payload, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]


def test_non_json_body_is_a_400(client):
    response = client.post("/api/chat/", "not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400


def test_html_is_kept_as_text(client):
    payload = "<img src=x onerror=alert(1)> where is my order"
    data = ask(client, payload)
    assert Message.objects.filter(text=payload.strip()).exists()
    assert "<img" not in data["reply"]


def test_chat_is_throttled(client, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "chat", "3/minute")
    codes = [chat(client, "hello").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert chat(client, "hello").json()["error"]["status"] == 429


def test_admin_shows_fallback_rate_and_unanswered_questions(client, staff_user):
    anonymous = Client()
    first = ask(anonymous, "zxq blorf wibble")
    ask(anonymous, "hello", first["conversation"])
    client.force_login(staff_user)
    body = client.get(reverse("admin:customer_service_conversation_changelist")).content.decode()
    assert "1 of 2 customer messages went unanswered" in body
    assert "zxq blorf wibble" in body


def test_chat_widget_is_on_every_page(client):
    body = client.get("/").content.decode()
    assert 'id="chat-widget"' in body and "js/chat.js" in body
    assert 'for="chat-input"' in body
