"""Staff see the outbox in admin and send failed messages again."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from shop.accounts.factories import UserFactory
from shop.core import outbox
from shop.core.models import OutboxMessage
from shop.core.outbox import MAX_ATTEMPTS, Delivery, outbox_deliver, outbox_messages_retry

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status
CHANGELIST = reverse("admin:core_outboxmessage_changelist")
KIND = "tests.greeting"


@pytest.fixture
def delivered(monkeypatch) -> list[Delivery]:
    """A kind of message of the tests' own, whose handler records what it is given."""
    seen: list[Delivery] = []
    monkeypatch.setitem(outbox._handlers, KIND, seen.append)
    return seen


def message(status: str, **fields: object) -> OutboxMessage:
    return OutboxMessage.objects.create(
        kind=KIND,
        payload={"to": "ada@example.com", "subject": "Hello"},
        status=status,
        **fields,
    )


def test_retry_gives_failed_messages_fresh_attempts_and_leaves_the_rest():
    failed = message(Status.FAILED, attempts=MAX_ATTEMPTS, last_error="SMTP 451")
    sent = message(Status.SENT, attempts=1)
    pending = message(Status.PENDING, attempts=2)

    assert outbox_messages_retry(message_ids=[str(m.pk) for m in (failed, sent, pending)]) == 1

    failed.refresh_from_db(), sent.refresh_from_db(), pending.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.PENDING, 0)
    assert (sent.status, sent.attempts) == (Status.SENT, 1)
    assert (pending.status, pending.attempts) == (Status.PENDING, 2)


def test_staff_with_the_change_permission_send_a_failed_message_again(
    client, staff_user, delivered
):
    failed = message(Status.FAILED, attempts=MAX_ATTEMPTS, last_error="SMTP 451 try later")
    client.force_login(staff_user)
    listing = client.get(CHANGELIST, {"status__exact": "failed"})
    assert listing.status_code == 200 and b"SMTP 451 try later" in listing.content

    response = client.post(
        CHANGELIST, {"action": "send_again", "_selected_action": [str(failed.pk)]}, follow=True
    )
    assert b"1 message(s) will be sent again" in response.content
    assert outbox_deliver(message_id=str(failed.pk)) == "sent"
    assert [(d.payload["subject"], d.attempt) for d in delivered] == [("Hello", 1)]


def test_viewing_the_outbox_does_not_let_staff_resend(client):
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_outboxmessage"))
    failed = message(Status.FAILED, attempts=MAX_ATTEMPTS)
    client.force_login(clerk)
    assert client.get(CHANGELIST).status_code == 200
    client.post(CHANGELIST, {"action": "send_again", "_selected_action": [str(failed.pk)]})
    failed.refresh_from_db()
    assert failed.status == Status.FAILED
    assert client.get(reverse("admin:core_outboxmessage_add")).status_code == 403
