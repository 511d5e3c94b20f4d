"""Redis goes away: the cache fails open, starting a rebuild says the queue is unavailable, and
everything resumes when Redis is back, without a restart.

The real Redis server is never stopped (other tests and services use it): the cache and the
Celery broker are pointed at a port where nothing listens, which is what a stopped Redis looks
like to the shop.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from config.celery import app as celery_app
from recommendations.models import Build
from shop.accounts.factories import StaffFactory, UserFactory
from shop.catalogue.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:1/0"
DEAD_CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": DEAD_REDIS,
        "KEY_PREFIX": "shop-faults",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            "IGNORE_EXCEPTIONS": True,
        },
    }
}


@pytest.fixture
def shop_pages(db):  # type: ignore[no-untyped-def]
    category = CategoryFactory(name="Lighting", slug="lighting")
    lamp = ProductFactory(
        title="Brass Desk Lamp", slug="brass-desk-lamp", category=category, price=Decimal("42")
    )
    ProductFactory(title="Floor Lamp", category=category)
    return {
        "home": "/",
        "category": category.get_absolute_url(),
        "product": lamp.get_absolute_url(),
        "search": "/search/?q=lamp",
        "cart": "/cart/",
        "lamp_id": str(lamp.pk),
    }


# Every storefront page, including those with a recommendation row (which counts impressions
# in the cache: a down cache must be a miss, never an error).
PAGES = ["home", "category", "product", "search", "cart"]


def _signed_in() -> Client:
    client = Client()
    user: Any = UserFactory()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["visitor", "customer"])
@pytest.mark.parametrize("page", PAGES)
def test_pages_render_with_the_cache_down(shop_pages, page, who):
    with override_settings(CACHES=DEAD_CACHES, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False):
        cache.set("probe", 1)
        assert cache.get("probe") is None  # really unreachable: a miss, not an error
        client = Client() if who == "visitor" else _signed_in()
        assert (
            client.post(f"/cart/add/{shop_pages['lamp_id']}/", {"quantity": "1"}).status_code == 302
        )
        response = client.get(shop_pages[page])
        assert response.status_code == 200
        assert "Lamp" in response.content.decode()


@pytest.mark.parametrize("who", ["visitor", "customer"])
def test_chat_and_cart_keep_working_with_the_cache_down(shop_pages, who):
    with override_settings(CACHES=DEAD_CACHES, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False):
        client = Client() if who == "visitor" else _signed_in()
        assert (
            client.post(f"/cart/add/{shop_pages['lamp_id']}/", {"quantity": "2"}).status_code == 302
        )
        # Sessions fall back to the database: the cart is still there on the next request.
        cart = client.get("/api/cart/").json()
        assert [line["quantity"] for line in cart["lines"]] == [2]
        chat = client.post(
            "/api/chat/",
            {"message": "how long does delivery take?"},
            content_type="application/json",
        )
        assert chat.status_code == 200 and chat.json()["reply"]


def test_the_cache_is_used_again_when_it_is_back_without_a_restart(shop_pages):
    with override_settings(CACHES=DEAD_CACHES, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False):
        assert Client().get(shop_pages["category"]).status_code == 200
        cache.set("probe", 1)
        assert cache.get("probe") is None
    # The very same process, no restart: the cache answers again, and a page's second view is
    # served partly from what its first view put there.
    cache.set("probe", 1)
    assert cache.get("probe") == 1
    url = shop_pages["product"]
    with CaptureQueriesContext(connection) as cold:
        assert Client().get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert Client().get(url).status_code == 200
    assert len(warm) < len(cold), (len(warm), len(cold))


@pytest.fixture
def dead_broker() -> Iterator[None]:
    """Point the Celery app's broker at a dead Redis and switch eager mode off, then restore."""
    conf: Any = celery_app.conf
    saved = (conf.broker_url, conf.task_always_eager)
    celery_app._pool = None  # type: ignore[attr-defined]
    celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]
    conf.broker_url = DEAD_REDIS
    conf.task_always_eager = False
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved
        celery_app._pool = None  # type: ignore[attr-defined]
        celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]


def test_starting_a_rebuild_with_the_broker_down_says_the_queue_is_unavailable(
    dead_broker, shop_pages
):
    staff = Client()
    staff.force_login(StaffFactory(username="staff"))
    response = staff.post("/api/recommendations/builds/")
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "queue_unavailable" and "queue is unavailable" in error["message"]

    page = staff.post("/admin/recommendations/build/rebuild/", follow=True)
    assert page.status_code == 200
    assert "The task queue is unavailable" in page.content.decode()
    # Nothing was half-started and nothing else was touched.
    assert not Build.objects.exists()
    assert Client().get(shop_pages["category"]).status_code == 200


@pytest.mark.redis
def test_the_queue_takes_work_again_when_redis_is_back(dead_broker, shop_pages):
    from recommendations import tasks

    staff = Client()
    staff.force_login(StaffFactory(username="staff"))
    assert staff.post("/api/recommendations/builds/").status_code == 503
    # Redis is back: the very same process queues again (to a private queue, purged below, so
    # no worker of another test picks it up).
    celery_app.conf.broker_url = os.environ["REDIS_URL"]
    celery_app._pool = None  # type: ignore[attr-defined]
    celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]
    queue = "faults-redis-back"
    result = tasks.rebuild.apply_async(queue=queue)
    assert result.id
    with celery_app.connection_for_write() as conn:
        channel = conn.default_channel
        assert channel.client.llen(queue) == 1
        channel.client.delete(queue)
