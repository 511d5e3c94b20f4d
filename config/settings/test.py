"""Test settings: the same switches as base, made fast and quiet."""

from __future__ import annotations

from .base import *  # noqa: F403

SECRET_KEY = "test-secret-key-not-used-anywhere-else-0123456789abcdef"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"handlers": [], "level": "WARNING"},
}
# Tasks run in-process in tests even when REDIS_URL is set; the worker integration tests start a
# real worker and switch this off for themselves.
CELERY_TASK_ALWAYS_EAGER = True
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = "shop-test"  # noqa: F405
AXES_FAILURE_LIMIT = 5
# Serve static files from the finders so tests need no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Outbox messages are delivered on commit, as on the embedded default (no relay runs in tests).
OUTBOX_DELIVER_ON_COMMIT = True
