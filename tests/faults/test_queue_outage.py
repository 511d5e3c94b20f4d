"""Redis stops mid-test: enqueueing fails at once with its error, checkout never waits on the
broker, and the order's e-mail, kept in the transactional outbox, goes out once Redis is back.

Each test starts its own ``redis-server`` on a free port and points Celery (broker and result
store) at it, so stopping it is a real outage that nobody else sees. Nothing here measures time:
the bound is shown by counting the connections Celery attempts before it gives up (the issue's
19 s were 22 attempts a second apart).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import redis.connection
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from config.celery import app as celery_app
from recommendations.tasks import rebuild_chunk
from shop.catalogue.factories import ProductFactory
from shop.core.models import OutboxMessage
from shop.core.outbox import outbox_deliver
from shop.core.tasks import deliver_outbox_message, relay_outbox
from shop.orders.models import Order, OrderStatus
from tests.api.conftest import ADDRESS, CARD, token_client
from tests.redis_server import CeleryPointedAt, RedisServer

pytestmark = [pytest.mark.hardening, pytest.mark.django_db(transaction=True)]

QUEUE = "outage-test"
# One attempt and the one quick retry the settings allow, for the broker and for the result
# store alike (each may open a connection); Celery's defaults make 6 and 22.
MAX_CONNECTS = 4
WORKER_DEADLINE_SECONDS = 30


@pytest.fixture
def own_redis(tmp_path) -> Iterator[RedisServer]:  # type: ignore[no-untyped-def]
    with RedisServer(tmp_path) as server, CeleryPointedAt(celery_app, server.url):
        yield server


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch, own_redis: RedisServer) -> list[str]:
    """Every connection opened from now on to the test's own Redis, the broker and result store
    (the real method, counted; the cache's Redis, when there is one, is another server)."""
    opened: list[str] = []
    connect = redis.connection.AbstractConnection.connect

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(self, "port", None) == own_redis.port:
            opened.append(f"{self.host}:{self.port}")
        return connect(self, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "connect", counted)
    return opened


def test_the_queue_timeouts_are_bounded_and_results_kept_only_where_read():
    conf: Any = celery_app.conf
    assert conf.broker_connection_timeout <= 1
    transport = conf.broker_transport_options
    assert transport["socket_connect_timeout"] <= 1 and transport["socket_timeout"] <= 1
    assert transport["max_retries"] <= 1
    assert conf.task_publish_retry_policy["max_retries"] <= 1
    assert conf.redis_socket_connect_timeout <= 1 and conf.redis_socket_timeout <= 1
    assert conf.result_backend_transport_options["retry_policy"]["max_retries"] <= 1
    # Fire-and-forget tasks keep no result; the rebuild chord's tasks keep theirs.
    assert conf.task_ignore_result is True
    for name in ("shop.core.tasks.deliver_outbox_message", "shop.core.tasks.relay_outbox"):
        assert celery_app.tasks[name].ignore_result is True
    assert celery_app.tasks["recommendations.tasks.rebuild"].ignore_result is True
    for name in ("rebuild_chunk", "rebuild_finish", "rebuild_failed"):
        assert celery_app.tasks[f"recommendations.tasks.{name}"].ignore_result is False


def test_with_redis_stopped_an_enqueue_returns_its_error_instead_of_retrying(own_redis, connects):
    deliver_outbox_message.apply_async(("probe",), queue=QUEUE)
    assert own_redis.client().llen(QUEUE) == 1
    own_redis.stop()
    # Twice each: the loop began with a process's second enqueue.
    for _ in range(2):
        connects.clear()
        with pytest.raises(OperationalError):
            deliver_outbox_message.apply_async(("probe",), queue=QUEUE)
        assert 1 <= len(connects) <= MAX_CONNECTS, connects
    for _ in range(2):
        # A task that keeps its result subscribes to the result store before it is sent.
        connects.clear()
        with pytest.raises((OperationalError, RuntimeError)):
            rebuild_chunk.apply_async((0, 0, 0, 1), queue=QUEUE)
        assert 1 <= len(connects) <= MAX_CONNECTS, connects
    own_redis.start()  # back, empty: the same process sends again without a restart
    deliver_outbox_message.apply_async(("probe",), queue=QUEUE)
    assert own_redis.client().llen(QUEUE) == 1


def _checkout(customer: Any) -> Any:
    client = token_client(customer)
    product: Any = ProductFactory(title="Desk Lamp", price=Decimal("30.00"), stock_quantity=5)
    added = client.post("/api/cart/items/", {"product_id": product.pk}, format="json")
    assert added.status_code == 200, added.content
    return client.post(
        "/api/checkout/",
        {"address": ADDRESS, "shipping_method": "standard", "card": CARD},
        format="json",
        HTTP_IDEMPOTENCY_KEY="outage-checkout-0001",
    )


def _wait_until_sent(message: OutboxMessage) -> None:
    deadline = time.monotonic() + WORKER_DEADLINE_SECONDS
    while OutboxMessage.objects.get(pk=message.pk).status != OutboxMessage.Status.SENT:
        assert time.monotonic() < deadline, "the worker did not deliver the message"
        # Not too often: on SQLite every read takes the shared cache's table lock too.
        time.sleep(0.2)


def test_checkout_never_waits_on_the_broker_and_the_outbox_delivers_after_redis_returns(
    own_redis, connects, customer, settings
):
    settings.OUTBOX_DELIVER_ON_COMMIT = False  # a production shop: workers deliver
    own_redis.stop()
    connects.clear()
    response = _checkout(customer)
    assert response.status_code == 201, response.content
    assert connects == []  # not one attempt to reach the broker
    order = Order.objects.get(number=response.json()["number"])
    assert order.status == OrderStatus.PAID
    # The e-mail is owed, written with the payment, not lost.
    message = OutboxMessage.objects.get()
    assert (message.kind, message.payload, message.status) == (
        "orders.confirmation",
        {"order_id": order.pk},
        OutboxMessage.Status.PENDING,
    )
    assert mail.outbox == []

    # Beat's relay while Redis is still down fails at once and leaves the message due.
    with pytest.raises(OperationalError):
        relay_outbox()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING and message.due_at <= timezone.now()

    own_redis.start()
    assert relay_outbox()["queued"] == 1
    assert relay_outbox()["queued"] == 0  # handed out once, not again while it waits
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        _wait_until_sent(message)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert order.number in sent.subject and sent.to == [customer.email]
    assert sent.extra_headers["Message-ID"] == f"<{message.pk}@example.com>"
    # A redelivered task or a late relay sends nothing more.
    assert outbox_deliver(message_id=str(message.pk)) == "skipped"
    assert relay_outbox()["queued"] == 0
    assert len(mail.outbox) == 1


def test_a_delivery_whose_sender_died_is_handed_out_again_and_sent_once(own_redis, customer):
    response = _checkout(customer)  # delivered on commit here (test settings)
    assert response.status_code == 201 and len(mail.outbox) == 1
    message = OutboxMessage.objects.get()
    # A worker claimed it and died before marking it sent: its claim lapses.
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENDING, locked_until=timezone.now() - timedelta(seconds=1)
    )
    mail.outbox.clear()
    assert relay_outbox() == {"queued": 1, "reclaimed": 1, "pruned": 0}
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        _wait_until_sent(message)
    # Sent again (at least once), with the same Message-ID, so mail systems can drop the copy.
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [f"<{message.pk}@example.com>"]
