"""The delivery task rides out a database that is briefly locked or unavailable."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from shop.core import outbox, tasks
from shop.core.models import OutboxMessage
from shop.core.outbox import Delivery

pytestmark = pytest.mark.django_db

KIND = "tests.greeting"


def test_a_delivery_that_meets_a_locked_database_is_retried_and_sent_once(monkeypatch):
    seen: list[Delivery] = []
    monkeypatch.setitem(outbox._handlers, KIND, seen.append)
    message = OutboxMessage.objects.create(kind=KIND, payload={"to": "ada@example.com"})
    calls: list[str] = []

    def locked_once(*, message_id: str) -> str:
        calls.append(message_id)
        if len(calls) == 1:
            raise OperationalError("database table is locked: core_outboxmessage")
        return outbox.outbox_deliver(message_id=message_id)

    monkeypatch.setattr(tasks, "outbox_deliver", locked_once)
    tasks.deliver_outbox_message.apply(args=[str(message.pk)], throw=False)
    assert len(calls) == 2
    assert [delivery.message_id for delivery in seen] == [str(message.pk)]
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.SENT


def test_a_database_that_stays_down_is_left_to_the_relay(monkeypatch):
    message = OutboxMessage.objects.create(kind=KIND, payload={"to": "ada@example.com"})
    calls: list[str] = []

    def down(*, message_id: str) -> str:
        calls.append(message_id)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(tasks, "outbox_deliver", down)
    # Each eager retry is a nested apply() that reads this setting, not apply()'s argument.
    monkeypatch.setitem(tasks.deliver_outbox_message.app.conf, "task_eager_propagates", False)
    result = tasks.deliver_outbox_message.apply(args=[str(message.pk)])
    assert result.failed() and isinstance(result.result, OperationalError)
    assert result.result.args == ("could not connect to server",)
    assert len(calls) == 1 + tasks.deliver_outbox_message.max_retries
    # Unclaimed, it is still pending: the relay hands it out on a later pass.
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.PENDING
