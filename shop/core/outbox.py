"""The transactional outbox: messages that must go out, whatever the queue is doing.

A change that must be announced (an order paid: its confirmation e-mail; a password reset
asked for: its link) writes an ``OutboxMessage`` in the same database transaction, with
``outbox_put``. It exists exactly when the change does: a rollback takes it back, a Redis outage
cannot lose it, and the request never waits on the broker. Delivery is separate:

* the **relay** (``outbox_relay``, a beat task every ``OUTBOX_RELAY_SECONDS``) hands every due
  message to the workers, one ``outbox_deliver`` task each; while the broker is down it fails and
  the next tick tries again, so everything written meanwhile goes out once the queue is back;
* **delivery** (``outbox_deliver``) claims the message (an UPDATE that only one process can win),
  calls the handler registered for its kind, then marks it sent. A redelivered task, a second
  relay tick or two workers racing find it claimed or sent and do nothing, so a retry never sends
  the same message twice. Only a process killed between sending and marking sent sends it again
  once its claim lapses (at least once); the e-mail then carries the same Message-ID header
  (``outbox_message_id``), which mail systems use to drop the copy.

Core knows no app: each app registers the handlers of the kinds it writes in its
``AppConfig.ready()``. Without a broker (the embedded default, tests) there are no workers to
hand messages to, so each is delivered in-process right after its transaction commits
(``OUTBOX_DELIVER_ON_COMMIT``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

Status = OutboxMessage.Status

# A claim outlives any one delivery by far (an SMTP call takes seconds): past it the sender is
# taken to have died and the message is handed out again.
CLAIM_FOR = timedelta(minutes=10)
# How long a message handed to the workers waits in their queue before the relay hands it out
# again (its task was lost: a worker killed before acknowledging, a queue flushed).
REQUEUE_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 8
RELAY_BATCH = 200
# Sent messages are kept this long for staff to look up, then deleted (they may name a
# customer's e-mail address).
KEEP_SENT = timedelta(days=7)
ERROR_MAX_LENGTH = 2000


@dataclass(frozen=True)
class Delivery:
    """What a handler is given: the message's id (its identity: derive headers from it), kind,
    payload and which attempt this is (1 for the first)."""

    message_id: str
    kind: str
    payload: dict[str, Any]
    attempt: int


Handler = Callable[[Delivery], None]

_handlers: dict[str, Handler] = {}


def register_handler(kind: str, handler: Handler) -> None:
    """Deliver messages of ``kind`` with ``handler`` (from the owning app's ``ready()``).

    A handler raises to have the message retried later, with back-off; it must not swallow a
    failure to send, or the message is marked sent."""
    _handlers[kind] = handler


def registered_kinds() -> list[str]:
    return sorted(_handlers)


def outbox_put(*, kind: str, payload: dict[str, Any], key: str | None = None) -> OutboxMessage:
    """Write a message to go out once the caller's transaction commits (call it inside that
    transaction). ``key`` names its cause: a second message with the same key is not written,
    the first is returned."""
    if kind not in _handlers:
        raise LookupError(f"no outbox handler is registered for {kind!r}")
    if key is not None:
        existing = OutboxMessage.objects.filter(key=key).first()
        if existing is not None:
            return existing
    try:
        # A savepoint: losing a race on ``key`` must not break the caller's transaction.
        with transaction.atomic():
            message = OutboxMessage.objects.create(kind=kind, payload=payload, key=key)
    except IntegrityError:
        if key is None:
            raise
        return OutboxMessage.objects.get(key=key)
    if settings.OUTBOX_DELIVER_ON_COMMIT:
        message_id = str(message.pk)
        transaction.on_commit(lambda: outbox_deliver(message_id=message_id), robust=True)
    return message


def outbox_message_id(message_id: str) -> str:
    """The Message-ID header of the e-mail a message becomes: the same on every attempt."""
    domain = settings.OUTBOX_MESSAGE_ID_DOMAIN or (
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    )
    return f"<{message_id}@{domain}>"


def _backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min... capped at an hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def outbox_deliver(*, message_id: str) -> str:
    """Send one message if nobody has: claim it, call its handler, mark it sent.

    Returns what happened: ``sent``, ``skipped`` (already sent, claimed by another process, or
    given up), ``retry`` (the handler failed; the relay hands it out again after a back-off) or
    ``failed`` (it failed ``MAX_ATTEMPTS`` times and waits for staff).
    """
    now = timezone.now()
    claimable = Q(status=Status.PENDING) | Q(status=Status.SENDING, locked_until__lt=now)
    claimed = (
        OutboxMessage.objects.filter(claimable, pk=message_id).update(
            status=Status.SENDING, locked_until=now + CLAIM_FOR, attempts=F("attempts") + 1
        )
        == 1
    )
    if not claimed:
        return "skipped"
    message = OutboxMessage.objects.get(pk=message_id)
    delivery = Delivery(
        message_id=str(message.pk),
        kind=message.kind,
        payload=dict(message.payload),
        attempt=message.attempts,
    )
    try:
        handler = _handlers[message.kind]
        handler(delivery)
    except Exception as error:
        gave_up = message.attempts >= MAX_ATTEMPTS
        OutboxMessage.objects.filter(pk=message_id, status=Status.SENDING).update(
            status=Status.FAILED if gave_up else Status.PENDING,
            locked_until=None,
            due_at=timezone.now() + _backoff(message.attempts),
            # The class and message of the error, never the payload (it can name a customer).
            last_error=f"{type(error).__name__}: {error}"[:ERROR_MAX_LENGTH],
        )
        log = logger.error if gave_up else logger.warning
        log(
            "outbox %s %s: attempt %s failed (%s)%s",
            message.kind,
            message_id,
            message.attempts,
            type(error).__name__,
            "; giving up" if gave_up else "; will retry",
        )
        return "failed" if gave_up else "retry"
    OutboxMessage.objects.filter(pk=message_id, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), locked_until=None, last_error=""
    )
    return "sent"


@dataclass(frozen=True)
class RelayReport:
    queued: int = 0
    reclaimed: int = 0
    pruned: int = 0


def outbox_relay(*, send: Callable[[str], None], limit: int = RELAY_BATCH) -> RelayReport:
    """Hand every due message to the workers with ``send(message_id)`` (which queues one
    delivery task). Claims whose sender died are released first; sent messages past
    ``KEEP_SENT`` are deleted. If ``send`` fails (the broker is down) the message stays due
    and the error is raised: the next run picks up where this one stopped."""
    now = timezone.now()
    reclaimed = OutboxMessage.objects.filter(status=Status.SENDING, locked_until__lt=now).update(
        status=Status.PENDING, locked_until=None, due_at=now
    )
    due = list(
        OutboxMessage.objects.filter(status=Status.PENDING, due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:limit]
    )
    queued = 0
    for message_id in due:
        # Pushed ahead first, so the next run does not queue it again while it waits for a
        # worker; put back if it could not be queued.
        OutboxMessage.objects.filter(pk=message_id, status=Status.PENDING).update(
            due_at=now + REQUEUE_AFTER
        )
        try:
            send(str(message_id))
        except Exception:
            OutboxMessage.objects.filter(pk=message_id, status=Status.PENDING).update(due_at=now)
            raise
        queued += 1
    pruned, _by_model = OutboxMessage.objects.filter(
        status=Status.SENT, sent_at__lt=now - KEEP_SENT
    ).delete()
    return RelayReport(queued=queued, reclaimed=reclaimed, pruned=pruned)


def outbox_messages_retry(*, message_ids: list[str]) -> int:
    """Give failed messages (``MAX_ATTEMPTS`` spent) a fresh set of attempts, due now: staff
    retry them once the cause is fixed (the mail server is back, an address corrected).
    Messages that are not failed are left alone. Returns how many were retried."""
    return OutboxMessage.objects.filter(pk__in=message_ids, status=Status.FAILED).update(
        status=Status.PENDING, attempts=0, due_at=timezone.now(), locked_until=None
    )
