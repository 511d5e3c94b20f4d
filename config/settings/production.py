"""Production: PostgreSQL, Redis, HTTPS. Every secret comes from the environment."""

from __future__ import annotations

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_required

SECRET_KEY = env_required("SECRET_KEY")
DEBUG = False
# The assistant's model is trained before serving (`make serve`, the load benchmark), never in
# a request: a missing one makes the chat answer 503 instead of a worker timing out.
ASSISTANT_TRAIN_ON_FIRST_USE = env_bool("ASSISTANT_TRAIN_ON_FIRST_USE", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
