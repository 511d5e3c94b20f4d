"""Settings and checks of the hardening (issue 13): the embedded default's queue, and the
trusted-proxy setting that throttles and the login lockout read the client's address from."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.test_settings import CLEAN, ROOT, check_deploy

pytestmark = pytest.mark.hardening

FIRST_TASK = """
import logging, django
logging.basicConfig(level=logging.INFO)
django.setup()
from shop.core.tasks import relay_outbox
relay_outbox.delay()
"""


def _python(code: str, tmp_path, **environment: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    """``code`` in a fresh interpreter on the embedded default's settings plus ``environment``."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **CLEAN,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "SHOP_VAR_DIR": str(tmp_path),
            **environment,
        },
        capture_output=True,
        text=True,
    )


def test_the_first_task_on_the_embedded_default_logs_no_kombu_warning(tmp_path):
    result = _python(FIRST_TASK, tmp_path)
    # The eager task ran (against an empty, unmigrated database it fails, which is beside the
    # point); what matters is that kombu had no reason to warn.
    assert "relay_outbox" in result.stderr or result.returncode == 0, result.stderr
    assert "No hostname was supplied" not in result.stderr


def test_check_deploy_refuses_a_proxy_without_a_trusted_proxy_count(tmp_path):
    result = check_deploy(tmp_path, PAYMENT_ALLOW_TEST_GATEWAY="true", TRUSTED_PROXY_COUNT="")
    assert result.returncode != 0
    assert "core.E001" in result.stderr and "TRUSTED_PROXY_COUNT" in result.stderr
    assert check_deploy(tmp_path, PAYMENT_ALLOW_TEST_GATEWAY="true").returncode == 0


PROXY_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps([settings.TRUSTED_PROXY_COUNT, settings.REST_FRAMEWORK["NUM_PROXIES"]]))
"""


@pytest.mark.parametrize(
    ("environment", "expected"), [({}, [0, 0]), ({"TRUSTED_PROXY_COUNT": "2"}, [2, 2])]
)
def test_the_trusted_proxy_count_comes_from_the_environment(tmp_path, environment, expected):
    result = _python(PROXY_SETTINGS, tmp_path, **environment)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected
