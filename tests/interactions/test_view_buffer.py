"""Anonymous product views wait in a Redis list and are written to the database in batches."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from redis import Redis

from recommendations.models import Interaction
from recommendations.services import interaction_buffer_flush
from recommendations.services import interactions as services
from shop.catalogue.factories import ProductFactory
from shop.core.consent import ANALYTICS, CONSENT_COOKIE

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture
def client(client):  # type: ignore[no-untyped-def]
    """A visitor who accepted analytics: only their anonymous views are recorded."""
    client.cookies[CONSENT_COOKIE] = ANALYTICS
    return client


@pytest.fixture
def small_batches(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(services, "VIEW_BUFFER_BATCH", 3)


def test_anonymous_views_are_written_when_the_buffer_is_flushed(client):
    product = ProductFactory()
    client.get(product.get_absolute_url())
    client.get(product.get_absolute_url())
    assert not Interaction.objects.exists()
    assert interaction_buffer_flush() == 2
    views = list(Interaction.objects.all())
    assert {(v.kind, v.product_id, v.user_id) for v in views} == {("view", product.pk, None)}
    assert len({v.session_key for v in views}) == 1 and views[0].session_key
    assert interaction_buffer_flush() == 0


def test_the_view_that_fills_a_batch_writes_it(client, small_batches):
    product = ProductFactory()
    for _ in range(2):
        client.get(product.get_absolute_url())
    assert Interaction.objects.count() == 0
    client.get(product.get_absolute_url())
    assert Interaction.objects.count() == 3


def test_signed_in_customers_views_are_written_at_once(customer_client, customer):
    product = ProductFactory()
    customer_client.get(product.get_absolute_url())
    assert Interaction.objects.filter(user=customer, product=product, kind="view").count() == 1


def test_a_batch_the_database_refuses_is_kept_for_the_next_flush(client, monkeypatch):
    product = ProductFactory()
    client.get(product.get_absolute_url())

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise DatabaseError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(Interaction.objects, "bulk_create", refuse)
        assert interaction_buffer_flush() == 0
    assert interaction_buffer_flush() == 1
    assert Interaction.objects.get().product == product


def test_views_of_a_product_deleted_meanwhile_are_dropped(client):
    kept, deleted = ProductFactory(), ProductFactory()
    client.get(kept.get_absolute_url())
    client.get(deleted.get_absolute_url())
    deleted.delete()
    assert interaction_buffer_flush() == 1
    assert Interaction.objects.get().product == kept


def test_with_redis_unreachable_views_are_written_directly(client, monkeypatch):
    dead = Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    monkeypatch.setattr(services, "_view_buffer", lambda: dead)
    product = ProductFactory()
    assert client.get(product.get_absolute_url()).status_code == 200
    assert Interaction.objects.get().product == product


def test_a_rebuild_counts_the_buffered_views(client):
    from recommendations.services import build_create, build_prepare

    product = ProductFactory()
    client.get(product.get_absolute_url())
    build_prepare(build=build_create())
    assert Interaction.objects.filter(product=product).count() == 1
