"""The e-mails of accounts, delivered by the transactional outbox (``shop.core.outbox``).

Sign-up and password reset answer the same whether an account uses the address or not, and
do the same work in the request (hash a password, write one outbox message). Whether there
is an account decides only what the e-mail says, in the worker, where nobody is timing it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from shop.core import outbox

from .models import PendingSignup

PASSWORD_RESET = "accounts.password_reset"
SIGNUP = "accounts.signup"
SIGNUP_SALT = "shop.accounts.signup"


def _send(*, to: str, template: str, context: dict[str, Any], message_id: str) -> None:
    context = {"shop_name": settings.SHOP_NAME, "site_name": context["domain"], **context}
    EmailMessage(
        subject=render_to_string(f"accounts/email/{template}_subject.txt", context).strip(),
        body=render_to_string(f"accounts/email/{template}.txt", context),
        to=[to],
        headers={"Message-ID": outbox.outbox_message_id(message_id)},
    ).send()


def signup_token(pending: PendingSignup) -> str:
    """The secret of a confirmation link: it names one sign-up as it was when the link was sent
    (signing up again makes a new one)."""
    return signing.dumps([pending.pk, pending.created_at.isoformat()], salt=SIGNUP_SALT)


def signup_deliver(delivery: outbox.Delivery) -> None:
    payload = delivery.payload
    pending_id = payload.get("pending_id")
    pending = PendingSignup.objects.filter(pk=pending_id).first() if pending_id else None
    context = {"domain": payload["domain"], "protocol": payload["protocol"]}
    if pending is None:
        # The address has an account already: tell its owner, who may have forgotten.
        _send(
            to=payload["email"],
            template="signup_existing",
            context=context,
            message_id=delivery.message_id,
        )
        return
    path = reverse("accounts:signup_confirm", kwargs={"token": signup_token(pending)})
    if payload.get("next"):
        path += "?" + urlencode({"next": payload["next"]})
    _send(
        to=pending.email,
        template="signup_confirm",
        context={**context, "username": pending.username, "path": path},
        message_id=delivery.message_id,
    )


def password_reset_deliver(delivery: outbox.Delivery) -> None:
    payload = delivery.payload
    for user in PasswordResetForm().get_users(payload["email"]):
        _send(
            to=user.email,
            template="password_reset",
            context={
                "domain": payload["domain"],
                "protocol": payload["protocol"],
                "user": user,
                "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
            message_id=delivery.message_id,
        )


def connect() -> None:
    outbox.register_handler(SIGNUP, signup_deliver)
    outbox.register_handler(PASSWORD_RESET, password_reset_deliver)
