"""What a fulfilment action is given (the turn) and what it gives back (the outcome)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shop.accounts.models import User
from shop.orders.cart import CartStore
from shop.orders.models import Order

from ..assistant import Decision, DialogueState
from ..models import Conversation


@dataclass(frozen=True, slots=True)
class Turn:
    """One customer message as the assistant decided it, with who sent it and where."""

    decision: Decision
    user: User | None
    conversation: Conversation
    text: str = ""  # the customer's message as sent
    cart: CartStore | None = None  # the sender's own cart (their account's, or their session's)
    country: str = ""  # the country the sender's cart is priced for

    @property
    def state(self) -> DialogueState:
        """The state the decision leads to; an action may adjust it in its outcome."""
        return self.decision.state


@dataclass
class Outcome:
    """An action's reply: the text, the state for the next turn, and what the widget shows.

    ``suggestions`` None means "the assistant core's quick replies"; ``[]`` means none.
    ``answered`` is False for a reply that does not answer (not understood, nothing found, no
    FAQ entry, handed to staff for want of an answer): admin counts and groups those.
    ``order`` is the customer's own order the reply was about, for a ticket to link.
    """

    text: str
    state: DialogueState
    products: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[str] | None = None
    order_number: str = ""
    answered: bool = True
    order: Order | None = None


# An action for anyone; one for a signed-in customer (the guard in ``actions`` checks).
Handler = Callable[[Turn], Outcome]
CustomerHandler = Callable[[Turn, User], Outcome]
