"""Where the apps above orders take part in checkout and the order lifecycle.

Orders must not import them (risk, for one, builds on orders), so they register here from their
``AppConfig.ready()``:

* a **checkout assessor** looks at a checkout before any stock is locked (``assess``, which may
  query as much as it needs) and writes its verdict inside the order's transaction (``record``);
  risk scoring is one;
* a **transition guard** can refuse an order's move to a status ("a held order cannot be paid
  or shipped until staff approve it"); checkout's capture asks the guards for ``paid`` too, so
  a held order's money is not taken until it is released;
* a **segment provider** says which customer segments a shopper is in (the segments app), so
  promotions for a segment reach pricing without orders knowing segments;
* a **discount provider** offers the promotions and the voucher that may apply to a cart
  (``discounts.Offer`` values, the promotions app) and, inside the order's transaction, redeems
  the voucher (it locks the voucher's row and refuses with a ``ShopError`` once it is used up,
  which rolls the order back).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from shop.core.request_memo import request_memo

from . import discounts
from .events import Lines

if TYPE_CHECKING:
    from .models import Order


def postcode_normal(postcode: str) -> str:
    """A postcode as orders store it: upper case, single spaces (``n1  1aa`` -> ``N1 1AA``), so
    "orders to this postcode" is an indexed equality."""
    return " ".join(postcode.upper().split())


@dataclass(frozen=True)
class ShippingAddress:
    full_name: str
    line1: str
    city: str
    postcode: str
    country: str
    line2: str = ""
    phone: str = ""


@dataclass(frozen=True)
class CheckoutDraft:
    """A checkout as it is about to become an order: what an assessor may look at."""

    user_id: int | None  # None for a guest
    email: str
    amount: Decimal
    currency: str
    address: ShippingAddress
    lines: Lines
    placed_at: datetime

    @property
    def max_quantity(self) -> int:
        return max((quantity for _product, quantity in self.lines), default=0)


class CheckoutAssessor(Protocol):
    def assess(self, draft: CheckoutDraft) -> object:
        """Before any lock: compute a verdict (it must not write)."""
        ...

    def record(self, *, order_id: int, verdict: object) -> None:
        """Inside the order's transaction: store the verdict for the new order."""
        ...


# Returns why ``order`` may not move to the status, or "" when it may.
TransitionGuard = Callable[["Order"], str]

_assessors: dict[str, CheckoutAssessor] = {}
_guards: dict[str, dict[str, TransitionGuard]] = {}


def register_checkout_assessor(assessor: CheckoutAssessor, *, uid: str) -> None:
    _assessors[uid] = assessor


def checkout_assessors() -> list[CheckoutAssessor]:
    return list(_assessors.values())


def register_transition_guard(to_status: str, guard: TransitionGuard, *, uid: str) -> None:
    _guards.setdefault(to_status, {})[uid] = guard


def transition_refusal(order: Order, to_status: str) -> str:
    """The first guard's reason to refuse, or "" when every guard lets it through."""
    for guard in _guards.get(to_status, {}).values():
        reason = guard(order)
        if reason:
            return reason
    return ""


class SegmentProvider(Protocol):
    def segments_of(self, user_id: int) -> frozenset[str]: ...

    def choices(self) -> list[tuple[str, str]]:
        """Every segment name with its label, for staff choosing a promotion's segments."""
        ...


@dataclass(frozen=True)
class CartOffers:
    """What may apply to a cart: the active promotions, and the voucher's offer when the code
    is usable (else ``voucher_problem`` says why, for the customer)."""

    offers: tuple[discounts.Offer, ...] = ()
    voucher_code: str = ""
    voucher_problem: str = ""


class DiscountProvider(Protocol):
    def offers_for(self, *, user_id: int | None, voucher_code: str) -> CartOffers: ...

    def redeem(
        self, *, order_id: int, user_id: int | None, voucher_code: str, amount: Decimal
    ) -> None:
        """Inside the order's transaction: record the voucher's use (``user_id`` None for a
        guest), or raise ``ShopError``."""
        ...


_segment_providers: dict[str, SegmentProvider] = {}
_discount_providers: dict[str, DiscountProvider] = {}


def register_segment_provider(provider: SegmentProvider, *, uid: str) -> None:
    _segment_providers[uid] = provider


def customer_segments(user_id: int | None) -> frozenset[str]:
    """The segments the customer is in, from every provider (none for a visitor); read once per
    request, however many quotes the page prices (the cart's lines, its totals, the offers)."""
    if user_id is None:
        return frozenset()

    def read() -> frozenset[str]:
        found: frozenset[str] = frozenset()
        for provider in _segment_providers.values():
            found |= provider.segments_of(user_id)
        return found

    return request_memo(f"orders.customer_segments:{user_id}", read)


def segment_choices() -> list[tuple[str, str]]:
    return [choice for p in _segment_providers.values() for choice in p.choices()]


def register_discount_provider(provider: DiscountProvider, *, uid: str) -> None:
    _discount_providers[uid] = provider


def discount_providers() -> list[DiscountProvider]:
    return list(_discount_providers.values())


def cart_offers(*, user_id: int | None, voucher_code: str) -> CartOffers:
    """Every provider's offers together; the first voucher verdict that names a problem."""
    offers: list[discounts.Offer] = []
    problem = ""
    for provider in _discount_providers.values():
        found = provider.offers_for(user_id=user_id, voucher_code=voucher_code)
        offers.extend(found.offers)
        problem = problem or found.voucher_problem
    return CartOffers(offers=tuple(offers), voucher_code=voucher_code, voucher_problem=problem)
