"""The shop's one application error type.

A service that refuses something raises a ``ShopError`` (or a subclass) whose ``message`` is
written for the person who asked. Each class carries the HTTP status and the machine-readable
code a client gets, so the API's exception handler maps every refusal the same way and knows no
app's exceptions; pages show the message. Framework-free: engines and gateways may raise it.
"""

from __future__ import annotations


class ShopError(Exception):
    """A rule said no; ``message`` is safe to show to the customer."""

    status: int = 400
    code: str = "rejected"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status


class NotFoundError(ShopError):
    """What was asked for does not exist, or is not the asker's (the two look the same)."""

    status = 404
    code = "not_found"


class ConflictError(ShopError):
    """The request is valid but the thing's current state does not allow it."""

    status = 409
    code = "conflict"


class UnprocessableError(ShopError):
    """Well-formed, but contradicts what was sent before (a reused idempotency key...)."""

    status = 422
    code = "unprocessable"


class ServiceUnavailableError(ShopError):
    """Something the shop depends on (the database, the task queue, a gateway) is down;
    nothing was changed and trying again later can work."""

    status = 503
    code = "unavailable"
