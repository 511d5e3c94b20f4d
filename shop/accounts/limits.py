"""Limits on password guessing that django-axes' lockout (per username and address) misses:

* **per address, across usernames** (``LOGIN_ADDRESS_FAILURE_LIMIT``): one machine spraying a
  common password over many accounts is refused after that many failures, on the login page
  and on ``/api/auth/token/`` alike. The address is the client's as the trusted proxies report
  it (``shop.core.clients``), so behind a proxy this never locks out the whole shop.
* **per account, inside a session** (``PASSWORD_CHECK_FAILURE_LIMIT``): whoever holds a
  signed-in session (a borrowed laptop, a stolen cookie) cannot guess the password through the
  password-change or account-deletion forms.

Both count for ``LOGIN_COOLOFF_MINUTES`` from the first failure.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from shop.core.clients import client_ip
from shop.core.limits import FailureLimit


def _window() -> int:
    return int(settings.LOGIN_COOLOFF_MINUTES) * 60


def login_address_limit() -> FailureLimit:
    return FailureLimit("login-address", settings.LOGIN_ADDRESS_FAILURE_LIMIT, _window())


def password_check_limit() -> FailureLimit:
    return FailureLimit("password-check", settings.PASSWORD_CHECK_FAILURE_LIMIT, _window())


def login_address_blocked(request: HttpRequest) -> bool:
    return login_address_limit().blocked(client_ip(request))


@receiver(user_login_failed, dispatch_uid="accounts.count_login_failure_per_address")
def _count_login_failure(
    sender: Any, credentials: Any, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # A success does not clear it: one account's right password must not reset the spray.
    if request is not None:
        login_address_limit().fail(client_ip(request))
