"""The conversation across pages and devices, the handover to staff and back, tickets, the
staff reply by e-mail, and what counts as unanswered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from customer_service.models import Conversation, Message, SupportTicket
from customer_service.selectors import presence
from customer_service.services import ticket_answer
from shop.accounts.factories import UserFactory
from shop.orders.models import OrderStatus
from shop.orders.services import order_transition
from tests.customer_service.helpers import place_order
from tests.customer_service.test_chat import ask

pytestmark = pytest.mark.django_db


def current(client):  # type: ignore[no-untyped-def]
    response = client.get("/api/chat/current/")
    assert response.status_code == 200
    return response.json()["conversation"]


def test_history_survives_a_page_change_for_a_visitor_only(client):
    data = ask(client, "do you ship to Norway?")
    restored = current(client)
    assert restored["conversation"] == data["conversation"]
    assert [m["sender"] for m in restored["messages"]] == ["customer", "bot"]
    assert restored["messages"][1]["text"] == data["reply"]
    assert current(Client()) is None  # another browser sees nothing


def test_signed_in_history_follows_the_customer_to_another_device(customer):
    laptop, phone = Client(), Client()
    laptop.force_login(customer)
    phone.force_login(customer)
    data = ask(laptop, "hello")
    assert current(phone)["conversation"] == data["conversation"]
    stranger = Client()
    stranger.force_login(UserFactory(username="stranger"))
    assert current(stranger) is None
    assert stranger.get(f"/api/chat/{data['conversation']}/").status_code == 404
    assert stranger.post(f"/api/chat/{data['conversation']}/assistant/").status_code == 404


def test_product_cards_are_restored_with_the_history(client):
    from tests.customer_service.catalogue import build_catalogue

    build_catalogue()
    ask(client, "cheapest blender")
    bot = current(client)["messages"][1]
    assert bot["products"][0]["title"] == "Mini Blender"


def test_bad_input_is_4xx(client):
    data = ask(client, "hello")
    assert client.get(f"/api/chat/{data['conversation']}/?after=abc").status_code == 400
    assert client.get(f"/api/chat/{data['conversation']}/?after=-1").status_code == 400
    # Not with staff: nothing to go back from.
    assert client.post(f"/api/chat/{data['conversation']}/assistant/").status_code == 409
    assert client.get("/api/chat/99999999999999999999999/").status_code == 404


def test_a_customer_with_one_open_order_is_not_asked_which(customer_client, customer):
    order, _ = place_order(customer)
    older, _ = place_order(customer, key="b")
    order_transition(order=older, to_status=OrderStatus.SHIPPED, tracking_number="T1")
    order_transition(order=older, to_status=OrderStatus.DELIVERED)
    data = ask(customer_client, "where is my order?")
    assert "Which order" not in data["reply"]
    assert order.number in data["reply"] and "paid" in data["reply"]
    cancel = ask(customer_client, "I want to cancel my order", data["conversation"])
    assert f"cancel order {order.number}" in cancel["reply"]
    done = ask(customer_client, "yes", data["conversation"])
    assert "is cancelled" in done["reply"]


def test_handover_is_said_once_then_messages_go_to_the_ticket(customer_client, customer):
    order, _ = place_order(customer)
    first = ask(customer_client, f"where is my order {order.number}?")
    conversation = first["conversation"]
    handover = ask(customer_client, "I want to talk to a person", conversation)
    assert handover["handoff"] is True and "person will answer" in handover["reply"]
    quiet = ask(customer_client, "what's the weather in Paris", conversation)
    assert quiet == {**quiet, "reply": "", "handoff": True, "products": []}
    assert Message.objects.filter(conversation_id=conversation, sender="bot").count() == 2
    ticket = SupportTicket.objects.get()
    assert ticket.subject == f"Order status: {order.number}"
    assert ticket.order == order and ticket.order_number == order.number
    assert ticket.transcript.endswith("[Customer] what's the weather in Paris")
    # Messages to staff are no questions for the assistant: not counted either way.
    assert Message.objects.get(text="what's the weather in Paris").handled is None


def _later(monkeypatch, minutes):  # type: ignore[no-untyped-def]
    """The clock of the customer's presence, ``minutes`` on."""
    shifted = timezone.now() + timedelta(minutes=minutes)
    monkeypatch.setattr(presence, "now", lambda: shifted)


def test_staff_reply_appears_in_place_and_by_email_once_the_customer_has_left(
    customer_client, customer, staff_user, django_capture_on_commit_callbacks, monkeypatch
):
    data = ask(customer_client, "talk to a human please")
    ticket = SupportTicket.objects.get()
    _later(monkeypatch, presence.AWAY_AFTER.total_seconds() / 60 + 1)  # no poll since: gone
    with django_capture_on_commit_callbacks(execute=True):
        ticket_answer(ticket=ticket, staff=staff_user, text="Hi, Sam here: see /orders/ please.")
    later = customer_client.get(f"/api/chat/{data['conversation']}/?after={data['last_message']}")
    assert [(m["sender"], m["text"]) for m in later.json()["messages"]] == [
        ("staff", "Hi, Sam here: see /orders/ please.")
    ]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [customer.email]
    assert "Hi, Sam here" in mail.outbox[0].body and mail.outbox[0].extra_headers["Message-ID"]
    ticket.refresh_from_db()
    assert ticket.transcript.endswith("[Staff] Hi, Sam here: see /orders/ please.")


def test_a_customer_still_on_the_site_gets_no_email(
    customer_client, staff_user, django_capture_on_commit_callbacks, monkeypatch
):
    data = ask(customer_client, "talk to a human please")
    _later(monkeypatch, 2)
    # The widget polls while a page is open: that counts, as a message does.
    assert customer_client.get(f"/api/chat/{data['conversation']}/").status_code == 200
    _later(monkeypatch, 2 + presence.AWAY_AFTER.total_seconds() / 60 - 0.5)
    with django_capture_on_commit_callbacks(execute=True):
        ticket_answer(ticket=SupportTicket.objects.get(), staff=staff_user, text="Hello!")
    assert mail.outbox == []
    assert Message.objects.filter(sender="staff", text="Hello!").exists()  # shown in place


def test_a_visitor_gets_no_email(client, staff_user, django_capture_on_commit_callbacks):
    ask(client, "talk to a human please")
    with django_capture_on_commit_callbacks(execute=True):
        ticket_answer(ticket=SupportTicket.objects.get(), staff=staff_user, text="Hello!")
    assert mail.outbox == []


def test_back_to_the_assistant(customer_client):
    data = ask(customer_client, "talk to a human please")
    conversation = data["conversation"]
    back = customer_client.post(f"/api/chat/{conversation}/assistant/")
    assert back.status_code == 200 and "back with the assistant" in back.json()["text"]
    assert Conversation.objects.get(pk=conversation).status == "bot"
    again = ask(customer_client, "do you ship to Norway?", conversation)
    assert again["reply"].startswith("Yes, we deliver to Norway") and again["handoff"] is False
    assert "went back to the assistant" in SupportTicket.objects.get().transcript


def test_unanswered_replies_are_counted_and_grouped_in_admin(client, staff_user):
    for question in (
        "do you sell gift cards",
        "Do you have gift cards?",
        "zxq blorf wibble",
    ):
        ask(Client(), question)
    ask(Client(), "do you ship to Norway?")
    unanswered = Message.objects.filter(sender="customer", handled=False)
    assert unanswered.count() == 3
    client.force_login(staff_user)
    body = client.get(reverse("admin:customer_service_conversation_changelist")).content.decode()
    assert "3 of 4 customer messages went unanswered" in body
    assert "<td>2</td>" in body and "gift cards" in body


@pytest.mark.parametrize("text", ["<>", "<img src=x onerror=alert(1)>", "!!!", "😀", "%00"])
def test_odd_messages_get_an_answer_not_a_500(client, text):
    assert ask(client, text)["reply"]


def test_closing_the_last_ticket_in_admin_gives_the_chat_back(customer_client, staff_user):
    data = ask(customer_client, "talk to a human please")
    ticket = SupportTicket.objects.get()
    admin = Client()
    admin.force_login(staff_user)
    url = reverse("admin:customer_service_supportticket_change", args=[ticket.pk])
    response = admin.post(url, {"priority": "2", "status": "closed", "staff_reply": ""})
    assert response.status_code == 302
    assert Conversation.objects.get(pk=data["conversation"]).status == "bot"
    assert ask(customer_client, "do you ship to Norway?", data["conversation"])["handoff"] is False
