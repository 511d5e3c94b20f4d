"""Ticket priority: the anger and complaint rules, raised by confident negative sentiment."""

from __future__ import annotations

import pytest

from customer_service.models import SupportTicket
from customer_service.services import NEGATIVE_PRIORITY_CONFIDENCE, ticket_priority

pytestmark = pytest.mark.django_db


def ask(client, message):
    response = client.post("/api/chat/", {"message": message}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def test_calm_but_unhappy_customer_gets_high_priority(customer_client):
    # No angry words, no complaint intent: only the sentiment model sees the problem.
    data = ask(customer_client, "The jacket fell apart after one wash, I want to speak to someone")
    assert data["handoff"] is True
    ticket = SupportTicket.objects.get()
    assert ticket.reason == "requested"
    assert ticket.priority == SupportTicket.Priority.HIGH


def test_plain_request_for_a_person_stays_normal(customer_client):
    ask(customer_client, "talk to a human please")
    assert SupportTicket.objects.get().priority == SupportTicket.Priority.NORMAL


def test_furious_customer_is_still_urgent(customer_client):
    ask(customer_client, "THIS IS RIDICULOUS!!! Your service is terrible, I am furious!!!")
    assert SupportTicket.objects.get().priority == SupportTicket.Priority.URGENT


@pytest.mark.parametrize(
    ("reason", "tone", "negative", "expected"),
    [
        ("requested", 0.0, 0.1, SupportTicket.Priority.NORMAL),
        ("requested", 0.0, NEGATIVE_PRIORITY_CONFIDENCE, SupportTicket.Priority.HIGH),
        ("requested", -0.6, 0.0, SupportTicket.Priority.HIGH),
        ("complaint", 0.0, 0.0, SupportTicket.Priority.HIGH),
        ("complaint", 0.0, 0.99, SupportTicket.Priority.HIGH),  # sentiment stops at high
        ("angry", -0.9, 0.0, SupportTicket.Priority.URGENT),
        ("angry", -0.9, 0.99, SupportTicket.Priority.URGENT),
    ],
)
def test_ticket_priority_rules(reason, tone, negative, expected):
    assert ticket_priority(reason=reason, tone=tone, negative=negative) == expected


def test_a_ticket_opens_when_the_sentiment_model_is_unavailable(customer_client, settings):
    from shop.ratings.sentiment_model import sentiment_classifier

    # A path that can be neither read nor written: the model can be neither loaded nor trained.
    settings.SENTIMENT_MODEL_PATH = "/dev/null/sentiment/model.joblib"
    sentiment_classifier.cache_clear()
    try:
        data = ask(
            customer_client, "The jacket fell apart after one wash, I want to speak to someone"
        )
    finally:
        sentiment_classifier.cache_clear()
    assert data["handoff"] is True
    assert SupportTicket.objects.get().priority == SupportTicket.Priority.NORMAL
