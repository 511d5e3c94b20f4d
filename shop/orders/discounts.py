"""Which promotions and voucher apply to a basket, and what each takes off each line.

Framework-free (Decimal and dataclasses only), used by ``pricing.quote``. The promotions app
turns its rows into ``Offer`` values (categories already expanded to their descendants, a
voucher only once it was found usable) and the segments app tells which segments the shopper is
in; this module only decides.

The rules:

* **Eligibility.** An offer applies to the lines in its scope: every dimension it names
  (products, product types, categories, brands) must match a line, one of the values of each
  dimension is enough; an offer that names none covers the whole basket. An offer limited to
  segments needs the shopper in one of them. Its minimum spend is compared with what the lines
  in its scope cost before any discount.
* **Amounts.** A percentage takes that share off each line in scope, rounded to the cent per
  line; a fixed amount is shared among the lines in scope in proportion to what they cost (the
  cents left by rounding go to the largest shares first) and never exceeds them; free shipping
  makes the delivery free. Stacked offers apply by priority (highest first), each on what the
  line costs after the ones before it, so a line never goes below zero.
* **Stacking.** Offers of one exclusivity group exclude each other; an offer that is not
  combinable excludes every other. When offers compete, the customer gets the set that makes
  the order cheapest, delivery included (ties: the set with the higher priorities, then the
  fewer offers). Offers that apply but lose are reported with the reason, so a voucher that is
  beaten by a better promotion can say so.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import product

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
# Beyond this many combinations of stackable offers, each group keeps only its best offer.
MAX_COMBINATIONS = 512

PERCENTAGE = "percentage"
FIXED = "fixed"
FREE_SHIPPING = "free_shipping"
KINDS = (PERCENTAGE, FIXED, FREE_SHIPPING)

# Why an offer did not apply.
NOT_IN_SEGMENT = "segment"
NOT_IN_SCOPE = "scope"
BELOW_MINIMUM = "min_spend"
EXCLUDED = "excluded"
NO_GAIN = "no_gain"


def _quantize(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Item:
    """A basket line as discounts see it: ``amount`` is what it costs before any discount."""

    key: Hashable
    amount: Decimal
    product_id: int | None = None
    product_type_id: int | None = None
    category_id: int | None = None
    brand: str = ""


@dataclass(frozen=True)
class Scope:
    """What an offer covers; empty sets do not restrict. ``category_ids`` include the
    descendants of the categories staff chose; ``brands`` are compared case-insensitively."""

    product_ids: frozenset[int] = frozenset()
    product_type_ids: frozenset[int] = frozenset()
    category_ids: frozenset[int] = frozenset()
    brands: frozenset[str] = frozenset()

    def covers(self, item: Item) -> bool:
        if self.product_ids and item.product_id not in self.product_ids:
            return False
        if self.product_type_ids and item.product_type_id not in self.product_type_ids:
            return False
        if self.category_ids and item.category_id not in self.category_ids:
            return False
        return not self.brands or item.brand.casefold() in {b.casefold() for b in self.brands}


@dataclass(frozen=True)
class Offer:
    """A promotion or a voucher's discount. ``value`` is a percentage (``PERCENTAGE``) or an
    amount in the basket's currency (``FIXED``); unused for ``FREE_SHIPPING``."""

    id: Hashable
    name: str
    kind: str
    value: Decimal = ZERO
    scope: Scope = field(default_factory=Scope)
    segments: frozenset[str] = frozenset()
    min_spend: Decimal = ZERO
    combinable: bool = True
    group: str = ""
    priority: int = 0
    voucher_code: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown discount kind {self.kind!r}")
        if self.value < 0 or self.min_spend < 0:
            raise ValueError("a discount's value and minimum spend cannot be negative")
        if self.kind == PERCENTAGE and self.value > HUNDRED:
            raise ValueError("a percentage discount cannot exceed 100")


@dataclass(frozen=True)
class Applied:
    offer: Offer
    amount: Decimal  # taken off the lines
    lines: tuple[tuple[Hashable, Decimal], ...]  # (item key, amount) for each line it reduced

    @property
    def free_shipping(self) -> bool:
        return self.offer.kind == FREE_SHIPPING


@dataclass(frozen=True)
class Refused:
    offer: Offer
    reason: str  # one of NOT_IN_SEGMENT, NOT_IN_SCOPE, BELOW_MINIMUM, EXCLUDED, NO_GAIN
    # For BELOW_MINIMUM: what is still missing; for EXCLUDED: the offer that won.
    missing: Decimal = ZERO
    beaten_by: str = ""


@dataclass(frozen=True)
class Outcome:
    applied: tuple[Applied, ...] = ()
    refused: tuple[Refused, ...] = ()

    @property
    def free_shipping(self) -> bool:
        return any(a.free_shipping for a in self.applied)

    @property
    def total(self) -> Decimal:
        return sum((a.amount for a in self.applied), ZERO)

    def line_discount(self, key: Hashable) -> Decimal:
        return sum((amount for a in self.applied for k, amount in a.lines if k == key), ZERO)

    def refusal_of(self, offer_id: Hashable) -> Refused | None:
        return next((r for r in self.refused if r.offer.id == offer_id), None)


def eligibility(offer: Offer, items: Sequence[Item], segments: frozenset[str]) -> Refused | None:
    """Why ``offer`` cannot apply to ``items`` for a shopper in ``segments``, or None."""
    if offer.segments and not offer.segments & segments:
        return Refused(offer, NOT_IN_SEGMENT)
    covered = [item for item in items if offer.scope.covers(item)]
    if not covered:
        return Refused(offer, NOT_IN_SCOPE)
    spend = sum((item.amount for item in covered), ZERO)
    if spend < offer.min_spend:
        return Refused(offer, BELOW_MINIMUM, missing=offer.min_spend - spend)
    return None


def _share(amount: Decimal, weights: list[tuple[Hashable, Decimal]]) -> dict[Hashable, Decimal]:
    """``amount`` split over ``weights`` in proportion, in cents, the remainder to the largest
    fractional parts first (ties: the earlier line)."""
    total = sum((w for _k, w in weights), ZERO)
    if total <= 0 or amount <= 0:
        return {}
    cents = int((amount / CENT).to_integral_value())
    exact = [(key, Decimal(cents) * w / total) for key, w in weights]
    floors = {key: int(value) for key, value in exact}
    left = cents - sum(floors.values())
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i][1] - floors[exact[i][0]]), i))
    for i in order[:left]:
        floors[exact[i][0]] += 1
    return {key: Decimal(count) * CENT for key, count in floors.items() if count}


def _apply(offers: Sequence[Offer], items: Sequence[Item]) -> tuple[Applied, ...]:
    remaining = {item.key: item.amount for item in items}
    applied = []
    for offer in sorted(offers, key=lambda o: (-o.priority, str(o.id))):
        covered = [item.key for item in items if offer.scope.covers(item) and remaining[item.key]]
        taken: dict[Hashable, Decimal] = {}
        if offer.kind == PERCENTAGE:
            for key in covered:
                off = min(_quantize(remaining[key] * offer.value / HUNDRED), remaining[key])
                if off:
                    taken[key] = off
        elif offer.kind == FIXED:
            weights = [(key, remaining[key]) for key in covered]
            cap = sum((w for _k, w in weights), ZERO)
            taken = _share(min(_quantize(offer.value), cap), weights)
        for key, off in taken.items():
            remaining[key] -= off
        amount = sum(taken.values(), ZERO)
        applied.append(Applied(offer, amount, tuple(taken.items())))
    return tuple(applied)


def _combinations(
    offers: Sequence[Offer], saving: Callable[[Offer], Decimal]
) -> Iterable[tuple[Offer, ...]]:
    """Every set the stacking rules allow: each non-combinable offer alone, and the
    combinable ones with at most one per exclusivity group. Beyond ``MAX_COMBINATIONS`` each
    group keeps only its offer that saves most alone, and all groups' best stack."""
    for offer in offers:
        if not offer.combinable:
            yield (offer,)
    groups: dict[str, list[Offer]] = {}
    for offer in offers:
        if offer.combinable:
            groups.setdefault(offer.group or f"\0{offer.id!r}", []).append(offer)
    count = 1
    for members in groups.values():
        count *= len(members) + 1
    if count > MAX_COMBINATIONS:
        tops = [max(members, key=saving) for members in groups.values()]
        yield from ((offer,) for offer in tops)
        yield tuple(tops)
        return
    for chosen in product(*([None, *members] for members in groups.values())):
        picked = tuple(offer for offer in chosen if offer is not None)
        if picked:
            yield picked


def best(
    offers: Iterable[Offer],
    items: Sequence[Item],
    *,
    segments: frozenset[str] = frozenset(),
    shipping_for: Callable[[Decimal], Decimal] | None = None,
) -> Outcome:
    """The discounts that make the basket cheapest for the customer (see the module's rules).

    ``shipping_for(subtotal after discounts)`` is the delivery price without free shipping, so
    a free-shipping offer is worth what it saves.
    """
    refused: list[Refused] = []
    eligible: list[Offer] = []
    for offer in offers:
        refusal = eligibility(offer, items, segments)
        if refusal is None:
            eligible.append(offer)
        else:
            refused.append(refusal)
    goods = sum((item.amount for item in items), ZERO)

    def cost(applied: tuple[Applied, ...]) -> Decimal:
        after = goods - sum((a.amount for a in applied), ZERO)
        free = any(a.free_shipping for a in applied)
        return after + (ZERO if free or shipping_for is None else shipping_for(after))

    def rank(applied: tuple[Applied, ...]) -> tuple[Decimal, int, int, int]:
        # Without a delivery price yet (the cart page), free delivery still counts as a gain.
        unknown_free = shipping_for is None and any(a.free_shipping for a in applied)
        priority = sum(a.offer.priority for a in applied)
        return (cost(applied), -int(unknown_free), -priority, len(applied))

    base = rank(())
    chosen: tuple[Applied, ...] = ()
    chosen_rank = base
    for combination in _combinations(eligible, lambda o: goods - cost(_apply((o,), items))):
        applied = _apply(combination, items)
        ranked = rank(applied)
        if ranked[:2] < base[:2] and ranked < chosen_rank:
            chosen, chosen_rank = applied, ranked
    winners = {a.offer.id for a in chosen}
    winner_name = ", ".join(a.offer.name for a in chosen)
    for offer in eligible:
        if offer.id not in winners:
            reason = EXCLUDED if chosen else NO_GAIN
            refused.append(Refused(offer, reason, beaten_by=winner_name if chosen else ""))
    return Outcome(applied=chosen, refused=tuple(refused))
