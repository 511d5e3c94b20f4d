"""Cache, sessions and Celery (worker, beat, the outbox relay): Redis when REDIS_URL is set,
in-process otherwise. Read by ``base`` and nowhere else."""

from __future__ import annotations

from celery.schedules import crontab

from .env import env_bool, env_float, env_int, env_str

# --- Cache, sessions, Celery ----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "shop"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                # A Redis outage must never break a page: short timeouts, and errors are
                # logged and treated as cache misses.
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "shop-default",
        }
    }

# Sessions fall back to the database when the cache is down, so carts survive a Redis outage.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The in-memory transport names a host so kombu does not warn "No hostname was supplied" on the
# first task of the embedded default.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A Redis outage must cost a request at most about a second, never Celery's defaults (4 s
# connect timeouts, then 20 result-store reconnects a second apart: the 19 s checkouts of
# issue 13). Connecting and each socket read or write give up after QUEUE_TIMEOUT_SECONDS, and
# one quick retry follows; then the caller gets the error (``TaskQueueUnavailable``...). The
# worker and beat keep their own reconnect loop (broker_connection_retry*).
QUEUE_TIMEOUT_SECONDS = env_float("QUEUE_TIMEOUT_SECONDS", 1.0)
_QUICK_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = QUEUE_TIMEOUT_SECONDS
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **_QUICK_RETRY,
    "socket_connect_timeout": QUEUE_TIMEOUT_SECONDS,
    "socket_timeout": QUEUE_TIMEOUT_SECONDS,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = _QUICK_RETRY
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = QUEUE_TIMEOUT_SECONDS
CELERY_REDIS_SOCKET_TIMEOUT = QUEUE_TIMEOUT_SECONDS
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": _QUICK_RETRY}
# Fire and forget: nobody reads these tasks' results, and a task that keeps none does not touch
# the result store when it is sent (no pub/sub subscription from the web process, so a request
# that queues one meets only the broker's bounded errors). The rebuild's chord counts its
# slices' results in the result store, so the chord's tasks keep theirs, by name; the rebuild
# itself (what requests queue) starts the chord from a worker and keeps none.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ANNOTATIONS = {
    name: {"ignore_result": False}
    for name in (
        "recommendations.tasks.rebuild_chunk",
        "recommendations.tasks.rebuild_finish",
        "recommendations.tasks.rebuild_failed",
    )
}
CELERY_TIMEZONE = env_str("TIME_ZONE", "Europe/Berlin")
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
RECOMMENDATIONS_REBUILD_HOUR = env_int("RECOMMENDATIONS_REBUILD_HOUR", 3)
RECOMMENDATIONS_REBUILD_MINUTE = env_int("RECOMMENDATIONS_REBUILD_MINUTE", 0)
# Without a broker nobody relays the outbox: each message is delivered in-process once its
# transaction commits (shop.core.outbox).
OUTBOX_DELIVER_ON_COMMIT = CELERY_TASK_ALWAYS_EAGER
# The domain of the Message-ID header of outbox e-mails; DEFAULT_FROM_EMAIL's when empty.
OUTBOX_MESSAGE_ID_DOMAIN = env_str("OUTBOX_MESSAGE_ID_DOMAIN", "")
# Whole storefront pages cached for anonymous visitors (shop.core.page_cache); off to debug a
# page that looks stale.
STOREFRONT_PAGE_CACHE = env_bool("STOREFRONT_PAGE_CACHE", True)
# A switch for staff: with it off, pages show no recommendation rows and spend nothing on them.
RECOMMENDATIONS_ENABLED = env_bool("RECOMMENDATIONS_ENABLED", True)
RECOMMENDATIONS_BUILD_CHUNKS = env_int("RECOMMENDATIONS_BUILD_CHUNKS", 4)
RECOMMENDATIONS_KEEP_BUILDS = env_int("RECOMMENDATIONS_KEEP_BUILDS", 3)
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "recommendations-nightly-rebuild": {
        "task": "recommendations.tasks.rebuild",
        "schedule": crontab(
            hour=RECOMMENDATIONS_REBUILD_HOUR, minute=RECOMMENDATIONS_REBUILD_MINUTE
        ),
    },
    # Capture, settle or cancel the payments a crash or a silent gateway left half-way.
    "orders-reconcile-payments": {
        "task": "shop.orders.tasks.reconcile_payments",
        "schedule": 120.0,
    },
    # Hand the messages of the transactional outbox (e-mails) to the workers.
    "core-relay-outbox": {
        "task": "shop.core.tasks.relay_outbox",
        "schedule": float(env_int("OUTBOX_RELAY_SECONDS", 5)),
    },
    # E-mail customers whose saved products got cheaper or came back in stock.
    "wishlist-alerts": {
        "task": "shop.wishlist.tasks.saved_item_alerts",
        "schedule": float(env_int("WISHLIST_ALERT_SECONDS", 900)),
    },
    "recommendations-flush-views": {
        "task": "recommendations.tasks.flush_views",
        "schedule": 60.0,
    },
    # The staff insights refresh after the recommendations, from the same night's data.
    "forecasting-nightly-refresh": {
        "task": "shop.forecasting.tasks.forecast_refresh",
        "schedule": crontab(hour=(RECOMMENDATIONS_REBUILD_HOUR + 1) % 24, minute=0),
    },
    "segments-nightly-refresh": {
        "task": "shop.segments.tasks.segments_refresh",
        "schedule": crontab(hour=(RECOMMENDATIONS_REBUILD_HOUR + 1) % 24, minute=20),
    },
    "risk-nightly-recalibrate": {
        "task": "shop.risk.tasks.risk_recalibrate",
        "schedule": crontab(hour=(RECOMMENDATIONS_REBUILD_HOUR + 1) % 24, minute=40),
    },
    # Staff's morning e-mail: held orders and stock to reorder, once the insights are fresh.
    "risk-staff-digest": {
        "task": "shop.risk.tasks.staff_digest",
        "schedule": crontab(hour=(RECOMMENDATIONS_REBUILD_HOUR + 4) % 24, minute=0),
    },
}
