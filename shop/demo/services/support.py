"""Support conversations on the demo through the chat API, so staff's assistant pages (the
transcripts, tickets, unanswered questions and the share of messages left unanswered) show
what a shop's own customers would bring, never rows written into those tables.

Each conversation is a real request sequence through Django's full stack to ``/api/chat/``, as
the chat widget sends it: visitors and signed-in customers ask about products with constraints,
delivery to a country, returns, their orders, vouchers and payments; some ask what no shop
answers (the weather, a flight); some ask for a person, and staff answer that ticket through
the same service the admin uses. The conversations are spread over the last days like the
browsing (each runs with the clock at its moment), after the assistant has been trained.
"""

from __future__ import annotations

import random
from collections import Counter
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

import time_machine
from django.test import Client
from django.utils import timezone

from customer_service.models import SupportTicket
from customer_service.services.tickets import ticket_answer
from shop.accounts.models import User

from .browsing import DEFAULT_DAYS, demo_shoppers, host_name, visit_moments
from .people import STAFF_USERNAME
from .run import Report

# (kind, signed in, what the customer writes, message by message)
SCRIPTS: tuple[tuple[str, bool, tuple[str, ...]], ...] = (
    ("small talk", False, ("hi there!", "thanks, that's all")),
    ("product question", False, ("can you recommend headphones under 100 euros",)),
    ("product question", False, ("do you have a tent for 2 people?",)),
    ("product question", False, ("wireless hedphones black",)),
    ("delivery", False, ("do you ship to Canada?",)),
    ("delivery", False, ("how long does delivery to Germany take?",)),
    ("returns", False, ("Hello, how do I go about sending back a jacket I bought last week?",)),
    ("order status", True, ("where is my order?",)),
    ("order change", True, ("can I change the address on my order?",)),
    ("payment", True, ("my card was declined at checkout",)),
    ("voucher", False, ("my discount code doesn't work",)),
    ("out of scope", False, ("what's the weather in Paris tomorrow?",)),
    ("out of scope", False, ("book me a flight to Rome",)),
    ("handover", True, ("I want to talk to a person, my parcel arrived damaged", "thank you")),
)
STAFF_ANSWER = (
    "I'm sorry your parcel arrived damaged. We have sent a replacement today; you can keep or "
    "recycle the damaged one."
)


@dataclass(frozen=True)
class Supported:
    conversations: int
    messages: int
    kinds: Counter[str]
    tickets_answered: int


def _converse(client: Client, messages: tuple[str, ...]) -> tuple[int, int]:
    """Send the messages in one conversation; returns its id and how many were answered."""
    conversation: int | None = None
    answered = 0
    for text in messages:
        response = client.post(
            "/api/chat/",
            {"message": text, "conversation": conversation},
            content_type="application/json",
        )
        if response.status_code != 200:
            raise RuntimeError(f"the chat answered {response.status_code}: {response.content!r}")
        conversation = response.json()["conversation"]
        answered += 1
    if conversation is None:
        raise ValueError("a conversation needs a message")
    return conversation, answered


def demo_support(
    *, conversations: int, seed: int, report: Report, days: int = DEFAULT_DAYS
) -> Supported:
    """``conversations`` support conversations over the last ``days`` days, going through the
    scripts in a shuffled order; staff answer each ticket a conversation opens."""
    if conversations < 1 or days < 1:
        raise ValueError("conversations and days must be at least 1")
    rng = random.Random(seed)
    customers = [s.user for s in demo_shoppers() if s.orders]
    staff = User.objects.filter(username=STAFF_USERNAME).first()
    host = host_name()
    order = list(SCRIPTS)
    rng.shuffle(order)
    kinds, messages, answered_tickets = Counter[str](), 0, 0
    moments = visit_moments(visits=conversations, days=days, now=timezone.now(), rng=rng)
    for number, moment in enumerate(moments):
        kind, signed_in, script = order[number % len(order)]
        clock: AbstractContextManager[object] = (
            nullcontext() if moment is None else time_machine.travel(moment, tick=True)
        )
        with clock:
            client = Client(HTTP_HOST=host)
            joined = [c for c in customers if c.date_joined <= timezone.now()]
            if signed_in and joined:
                client.force_login(rng.choice(joined))
            conversation, sent = _converse(client, script)
            messages += sent
            kinds[kind] += 1
            ticket = SupportTicket.objects.filter(
                conversation_id=conversation, status=SupportTicket.Status.OPEN
            ).first()
            if ticket is not None and staff is not None:
                ticket_answer(ticket=ticket, staff=staff, text=STAFF_ANSWER)
                answered_tickets += 1
    report.line(f"  {conversations} conversations, {messages} customer messages")
    return Supported(conversations, messages, kinds, answered_tickets)
