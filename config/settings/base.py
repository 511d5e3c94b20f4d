"""Settings shared by every environment.

With no environment variables set the shop runs embedded: SQLite under ``var/``, the
local-memory cache and Celery in eager mode. ``DATABASE_URL`` and ``REDIS_URL`` switch on
PostgreSQL, the Redis cache and a real Celery broker.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("SHOP_VAR_DIR", str(BASE_DIR / "var")))

# An insecure key is acceptable only for the embedded default; production.py requires one.
SECRET_KEY = env_str(
    "SECRET_KEY", "insecure-embedded-default-key-change-me-in-production-0123456789"
)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "django_countries",
    "csp",
    "shop.core",
    "shop.accounts",
    "shop.taxes",
    "shop.shipping",
    "shop.catalogue",
    "shop.orders",
    "shop.search",
    "shop.promotions",
    "shop.ratings",
    "shop.wishlist",
    "shop.forecasting",
    "shop.risk",
    "shop.segments",
    "shop.offers",
    "recommendations",
    "customer_service",
    # Last: the demo seeder writes into all of the apps above and none of them imports it.
    "shop.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shop.core.visitor.VisitorCookieMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Personal responses are not kept by browsers or shared caches; API answers vary by token.
    "shop.core.middleware.PersonalResponsesMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shop.core.context_processors.storefront",
                "shop.catalogue.context_processors.navigation",
                "shop.orders.context_processors.cart",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "shop.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            # Long-lived connections (a reconnect costs a request tens of milliseconds). The
            # health check (a ``SELECT 1`` before the first query of each request that makes
            # one) replaces a connection the server dropped, so a database restart or an idle
            # timeout costs no request an error; without it the first request on a dropped
            # connection fails and Django then discards it. Cached pages make no query and so
            # no check; a signed-in page pays one round trip among its seven queries. Turn it
            # off (DB_CONN_HEALTH_CHECKS=false) only where nothing drops idle connections.
            conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
            conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
        )
    }
    # Parallel workers per query on the shop's connections: 0 by default. The web's queries
    # are milliseconds of work, and starting workers for one costs more (tens of milliseconds
    # on a busy server); set in the connection, a search needs no SET LOCAL of its own
    # (shop.search.retrieval.serial_queries). A negative value keeps the server's setting.
    DB_PARALLEL_WORKERS = env_int("DB_PARALLEL_WORKERS", 0)
    if DB_PARALLEL_WORKERS >= 0:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c max_parallel_workers_per_gather={DB_PARALLEL_WORKERS}"
        )
else:
    # SQLite cannot create the folder its file lives in.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                # WAL lets readers work while a writer commits; IMMEDIATE transactions and a
                # busy timeout make concurrent writers queue instead of failing with
                # "database is locked" when the demo gets a few requests at once.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, Celery: config/settings/queue.py ----------------------------------
from .queue import *  # noqa: E402, F403

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "shop.accounts.backends.EmailOrUsernameBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "catalogue:home"

# The proxies in front of gunicorn that append the client's address to X-Forwarded-For (a TLS
# proxy, a load balancer). 0, the default, trusts no header: the client is REMOTE_ADDR. Throttles
# (NUM_PROXIES below), the login lockout and the per-address login limit all read the client's
# address through shop.core.clients with this count; `check --deploy` refuses a proxy setup
# (SECURE_PROXY_SSL_HEADER) without it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Login throttling: after AXES_FAILURE_LIMIT failures for one username from one address the
# login is refused for AXES_COOLOFF_MINUTES; after LOGIN_ADDRESS_FAILURE_LIMIT failures from one
# address, whatever the usernames, every login from it is (shop.accounts.limits).
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = LOGIN_COOLOFF_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "shop.core.clients.client_ip"
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
# Password checks inside a signed-in session (changing the password, deleting the account):
# this many wrong passwords per account, then none for the cool-off.
PASSWORD_CHECK_FAILURE_LIMIT = env_int("PASSWORD_CHECK_FAILURE_LIMIT", 5)

# --- Browser policies ------------------------------------------------------------------------
# No inline script anywhere: the shop's JavaScript is static files, and the API docs load their
# set-up script from a URL too (SpectacularSwaggerSplitView). A page that needs an inline
# <style> or <script> gives it ``request.csp_nonce``. Inline style *attributes* (the admin's and
# some admin templates') are allowed: they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Powerful browser features the shop never uses are off for it and for anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# --- I18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# On one machine Django serves uploaded images itself; set SERVE_MEDIA=false when a web server
# or object storage does it.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Shop <shop@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Shop -----------------------------------------------------------------------------------
SHOP_NAME = env_str("SHOP_NAME", "Brightcart")
# The shop's public address, for links in e-mails written without a request (an order
# shipped from admin, the nightly jobs); set it in production.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Days after delivery a customer may send an order back: the shop's 30 (the EU's right of
# withdrawal is at least 14), as the assistant's returns FAQ entry says.
RETURN_WINDOW_DAYS = env_int("RETURN_WINDOW_DAYS", 30)
# Days the order link in a guest's confirmation e-mail keeps working (it is signed and carries
# its date; past this it answers 410 and says how to get a fresh one).
ORDER_LOOKUP_LINK_DAYS = env_int("ORDER_LOOKUP_LINK_DAYS", 30)
# Who runs the shop, as the footer, the legal notice and the contact page say it.
SHOP_LEGAL_NAME = env_str("SHOP_LEGAL_NAME", "Brightcart GmbH")
SHOP_ADDRESS = env_str("SHOP_ADDRESS", "Lichtstraße 1, 10115 Berlin, Germany")
SHOP_EMAIL = env_str("SHOP_EMAIL", "help@brightcart.example")
SHOP_PHONE = env_str("SHOP_PHONE", "+49 30 1234 5678")
SHOP_VAT_ID = env_str("SHOP_VAT_ID", "DE123456789")
SHOP_CURRENCY = "EUR"
CATALOGUE_PAGE_SIZE = env_int("CATALOGUE_PAGE_SIZE", 24)
SEARCH_MAX_QUERY_LENGTH = 200
PAYMENT_BACKEND = env_str("PAYMENT_BACKEND", "shop.orders.payments.test_gateway.TestGateway")
# The test gateway is refused by `check --deploy` unless a staging shop allows it explicitly.
PAYMENT_ALLOW_TEST_GATEWAY = env_bool("PAYMENT_ALLOW_TEST_GATEWAY", False)
# The test gateway's own ledger of payments (outside the shop's database, as a real one is).
PAYMENT_TEST_GATEWAY_LEDGER = Path(
    env_str("PAYMENT_TEST_GATEWAY_LEDGER", str(VAR_DIR / "test-gateway.sqlite3"))
)
# Where the shop is: prices and delivery are shown for it until a shopper says otherwise.
SHOP_DEFAULT_COUNTRY = env_str("SHOP_COUNTRY", "DE")
# Shelf prices are what consumers pay (VAT included), as EU shops write them; false for a shop
# whose prices are net (the tax is then added at checkout).
SHOP_PRICES_INCLUDE_TAX = env_bool("PRICES_INCLUDE_TAX", True)
CART_SESSION_KEY = "cart"
ASSISTANT_MODEL_PATH = Path(
    env_str("ASSISTANT_MODEL_PATH", str(VAR_DIR / "assistant" / "intent_model.joblib"))
)
# Whether a missing or stale model is trained when the chat first needs it (a minute on a busy
# machine): convenient in development and tests; a server trains at setup instead
# (`manage.py train_assistant --if-stale`), since a request that trains outlives gunicorn's
# timeout. Production turns it off.
ASSISTANT_TRAIN_ON_FIRST_USE = env_bool("ASSISTANT_TRAIN_ON_FIRST_USE", True)
# The review sentiment model (shop/ratings/sentiment); the assistant's ticket priority uses it.
SENTIMENT_MODEL_PATH = Path(
    env_str("SENTIMENT_MODEL_PATH", str(VAR_DIR / "sentiment" / "review_model.joblib"))
)

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: a missing or bad token is then a 401 with a WWW-Authenticate challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "shop.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    # Throttles take the client's address from the trusted proxies only (see TRUSTED_PROXY_COUNT);
    # DRF's default (None) would take whatever X-Forwarded-For a client sends.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "120/minute"),
        "user": env_str("API_THROTTLE_USER", "600/minute"),
        "login": env_str("LOGIN_RATE_LIMIT", "10/minute"),
        "chat": env_str("CHAT_RATE_LIMIT", "30/minute"),
    },
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 24,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "shop.api.exceptions.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["shop.api.parsers.ShopJSONParser"],
}
# API tokens end this long after they were issued (and when the password changes).
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 7 * 24)
SPECTACULAR_SETTINGS = {
    "TITLE": "Brightcart API",
    "DESCRIPTION": "Catalogue, cart, checkout, orders, reviews, recommendations and the assistant.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "shop.api.schema_hooks.text_patterns",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django_redis": {"level": "WARNING"},
    },
}
