"""The dialogue state between turns, as plain JSON-able values (see :mod:`.dialogue`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from .schema import Awaiting, HandoffReason, Intent

STATE_VERSION = 1

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class DialogueState:
    """Everything the assistant remembers between turns, as plain JSON-able values.

    The Django side stores ``to_dict()`` in the session and passes ``from_dict(...)`` back
    with the next message. ``decide`` never mutates a state; it returns a new one.
    """

    awaiting: Awaiting | None = None  # what the last reply asked for
    pending_intent: Intent | None = None  # the request waiting for that answer
    # The order the conversation is about: given for a pending step, or last looked up, so
    # "cancel it" after a status answer refers to it. ``pending_order_index`` is set instead
    # when the customer picked "the latest one" from the list; see :meth:`resolve_order`.
    pending_order_number: str | None = None
    pending_order_index: int | None = None
    fallback_count: int = 0  # consecutive fallbacks
    handed_off: bool = False
    handoff_reason: HandoffReason | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types only: enums become their string values."""
        data: dict[str, Any] = plain(asdict(self))
        data["version"] = STATE_VERSION
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DialogueState:
        """Rebuild a state from :meth:`to_dict`; ``None`` or ``{}`` gives a fresh one.

        Unknown keys are ignored (so a newer release can add fields); an invalid value raises
        ``ValueError``, which the caller can treat as "start a fresh conversation".
        """
        if not data:
            return cls()
        try:
            order_index = data.get("pending_order_index")
            return cls(
                awaiting=_optional(Awaiting, data.get("awaiting")),
                pending_intent=_optional(Intent, data.get("pending_intent")),
                pending_order_number=_optional(str, data.get("pending_order_number")),
                pending_order_index=None if order_index is None else int(order_index),
                fallback_count=max(0, int(data.get("fallback_count", 0))),
                handed_off=bool(data.get("handed_off", False)),
                handoff_reason=_optional(HandoffReason, data.get("handoff_reason")),
            )
        except (TypeError, ValueError) as error:
            raise ValueError(f"invalid dialogue state {data!r}: {error}") from error

    def back_to_assistant(self) -> DialogueState:
        """The state when a conversation comes back from staff (or never goes): nothing
        pending, no fallbacks counted, the order in context kept."""
        return replace(
            self,
            awaiting=None,
            pending_intent=None,
            fallback_count=0,
            handed_off=False,
            handoff_reason=None,
        )

    def resolve_order(self, order_number: str) -> DialogueState:
        """Record the number the Django side resolved ``pending_order_index`` to.

        After "the latest one" the core only knows a position in the list; storing the number
        makes a later "yes, cancel it" act on exactly the order the customer was shown.
        """
        return replace(self, pending_order_number=order_number, pending_order_index=None)


def plain(value: Any) -> Any:
    """Convert enums to their values, decimals to strings and tuples to lists, for JSON."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def _optional(kind: Callable[[Any], _T], value: object) -> _T | None:
    return None if value is None else kind(value)
