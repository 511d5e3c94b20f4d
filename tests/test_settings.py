"""Settings come from the environment; production passes Django's deployment checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "options": {k: str(v) for k, v in settings.DATABASES["default"].get("OPTIONS", {}).items()},
}))
"""

CLEAN = {
    k: v
    for k, v in os.environ.items()
    if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
}


def probe(tmp_path, settings_module="config.settings.base", **env):
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={
            **CLEAN,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "SHOP_VAR_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_embedded_default_uses_sqlite_locmem_and_eager_celery(tmp_path):
    config = probe(tmp_path)
    assert config["engine"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in config["options"]["init_command"]
    assert float(config["options"]["timeout"]) >= 5
    assert config["cache"].endswith("LocMemCache")
    assert config["eager"] is True


def test_environment_switches_on_postgres_and_redis(tmp_path):
    config = probe(
        tmp_path,
        DATABASE_URL="postgres://shop:secret@db.internal:5432/shop",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["cache"] == "django_redis.cache.RedisCache"
    assert config["eager"] is False
    assert config["broker"] == "redis://cache.internal:6379/0"
    # No parallel workers on the shop's connections unless asked (a negative keeps the server's).
    assert config["options"]["options"] == "-c max_parallel_workers_per_gather=0"
    kept = probe(tmp_path, DATABASE_URL="postgres://db.internal/shop", DB_PARALLEL_WORKERS="-1")
    assert "options" not in kept["options"]


def check_deploy(tmp_path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **CLEAN,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x9!" + "k" * 30 + "Qz7#" + "p" * 30,
        "ALLOWED_HOSTS": "shop.example.com",
        "DATABASE_URL": "postgres://shop:secret@127.0.0.1:5432/shop",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "SHOP_VAR_DIR": str(tmp_path),
        "TRUSTED_PROXY_COUNT": "1",  # the TLS proxy production requires
        **extra,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_check_deploy_is_clean(tmp_path):
    # A staging shop that must take test cards says so; otherwise see the next test.
    result = check_deploy(tmp_path, PAYMENT_ALLOW_TEST_GATEWAY="true")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_the_test_payment_gateway(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode != 0
    assert "orders.E001" in result.stderr and "test gateway" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {
        **CLEAN,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SHOP_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY environment variable is required" in result.stderr
