"""Today's orders, placed through checkout, and staff's first decisions on the risky ones.

The order history is last year's and written in bulk (``orders``); today's orders go through
the shop's own paths, as customers and staff would: a cart (``cart_add``), a card tokenised
by the payment gateway, ``order_place`` (which scores the order's risk and holds the risky
ones), and ``risk.order_risk_decide`` for staff. Before them the risk model is trained on the
history, as the nightly recalibration would have been, so checkout scores with the shop's
own thresholds.

Most of today's orders are regular customers buying as they always do. A few follow the
patterns of card fraud (the issue's list: new accounts, card failures, unusual amounts,
shipping somewhere new, bursts): a stolen card tried on a new account, a ring of new accounts
shipping to one drop address, an account taken over, a new account ordering again and again.
One is legitimate but unusual: a long-standing customer who moved abroad. Staff have already
rejected two of the fraud and approved the mover when held; the rest wait in the queue.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q

from shop.accounts.models import Address, User
from shop.accounts.services import address_save
from shop.catalogue.models import ProductVariant
from shop.core.errors import ShopError
from shop.orders.cart import DatabaseCartStore
from shop.orders.hooks import ShippingAddress
from shop.orders.models import Order, OrderStatus
from shop.orders.payments import PaymentError, PaymentMethod, get_payment_backend
from shop.orders.payments.base import CardDetails
from shop.orders.payments.test_gateway import DECLINED_CARD, SUCCESS_CARD
from shop.orders.services import cart_add, order_place
from shop.risk.models import Decision, OrderRisk
from shop.risk.selectors import held_risks
from shop.risk.services import order_risk_decide, risk_model_train

from .people import STAFF_USERNAME
from .run import SeedRun

KEY_PREFIX = "demo-live-"
REGULAR_ORDERS = {"small": 6, "medium": 24, "large": 24}
# Where the fraud ships to: countries the shop serves.
ELSEWHERE = ("FR", "NL", "IT", "ES", "AT", "BE", "PL")


@dataclass(frozen=True)
class Placed:
    order: Order
    pattern: str


class _Shop:
    """What today's checkouts need: the in-stock variants by price, a key per checkout."""

    def __init__(self, run: SeedRun) -> None:
        self.run = run
        self.rng = random.Random(f"demo-live:{run.shop.seed}")
        self.variants = list(
            ProductVariant.objects.filter(
                is_active=True, product__is_active=True, stock_quantity__gte=6
            )
            .select_related("product")
            .order_by("price", "pk")
        )
        self.backend = get_payment_backend()
        self.count = 0
        self.placed: list[Placed] = []

    def ordinary(self) -> ProductVariant:
        middle = self.variants[len(self.variants) // 5 : max(len(self.variants) * 3 // 5, 1)]
        return self.rng.choice(middle or self.variants)

    def pricey(self) -> ProductVariant:
        return self.rng.choice(self.variants[-max(len(self.variants) // 10, 1) :])

    def card(self, number: str, holder: str) -> PaymentMethod:
        return self.backend.tokenise(
            CardDetails(number=number, expiry_month=12, expiry_year=2039, cvc="123", holder=holder)
        )

    def checkout(
        self,
        user: User,
        lines: Sequence[tuple[ProductVariant, int]],
        address: ShippingAddress,
        *,
        pattern: str,
        declines: int = 0,
    ) -> Order | None:
        """Fill the customer's cart, try ``declines`` refused cards, then pay with a good one."""
        self.count += 1
        key = f"{KEY_PREFIX}{self.run.shop.seed}-{self.count}"
        store = DatabaseCartStore(user)
        store.clear()
        try:
            for variant, quantity in lines:
                cart_add(store=store, variant=variant, quantity=quantity, user=user)
            for attempt in range(declines):
                # Declined, as intended: risk records each refusal.
                with contextlib.suppress(PaymentError):
                    order_place(
                        user=user,
                        store=store,
                        address=address,
                        shipping_method_code="standard",
                        payment=self.card(DECLINED_CARD, address.full_name),
                        idempotency_key=f"{key}-declined-{attempt}",
                    )
            order = order_place(
                user=user,
                store=store,
                address=address,
                shipping_method_code="standard",
                payment=self.card(SUCCESS_CARD, address.full_name),
                idempotency_key=key,
            )
        except ShopError as error:  # out of stock meanwhile, or a refused capture
            self.run.report.line(f"  {pattern}: not placed ({error})")
            store.clear()
            return None
        self.placed.append(Placed(order, pattern))
        return order

    def new_account(self, name: str, password: str, country: str) -> tuple[User, ShippingAddress]:
        """An account signed up a minute ago, with the address it saved at checkout."""
        self.count += 1
        username = f"{name.split()[0].lower()}{self.run.shop.seed}x{self.count}"
        user = User.objects.create(
            username=username,
            email=f"{username}@example.net",
            first_name=name.split()[0],
            last_name=name.split()[-1],
            password=password,
        )
        line1 = f"{self.rng.randint(2, 99)} {self.rng.choice(['Station', 'Park', 'Mill'])} Road"
        saved = address_save(
            address=Address(
                user=user,
                full_name=name,
                line1=line1,
                city="Leeds" if country == "GB" else "Köln",
                postcode="LS1 4AP" if country == "GB" else "50667",
                country=country,
            ),
            make_default=True,
        )
        return user, _shipping(saved)


def _shipping(address: Address) -> ShippingAddress:
    return ShippingAddress(
        full_name=address.full_name,
        line1=address.line1,
        city=address.city,
        postcode=address.postcode,
        country=address.country.upper(),
    )


def _abroad(shop: _Shop, name: str, home: str, street: str) -> ShippingAddress:
    country = shop.rng.choice([c for c in ELSEWHERE if c != home.upper()])
    return ShippingAddress(
        full_name=name, line1=street, city="Lyon", postcode="69002", country=country
    )


def _regulars(customer_ids: list[int], limit: int, rng: random.Random) -> list[User]:
    """Customers with a default address and at least two orders, a random ``limit`` of them."""
    with_orders = set(
        Order.objects.filter(user_id__in=customer_ids)
        .values("user_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .values_list("user_id", flat=True)
    )
    users = list(
        User.objects.filter(pk__in=with_orders)
        .filter(Q(addresses__is_default=True))
        .order_by("pk")
        .distinct()
    )
    rng.shuffle(users)
    return users[:limit]


def live_orders_seed(*, run: SeedRun, customer_ids: list[int]) -> bool:
    """Place today's orders and take staff's first decisions, once; False when already done."""
    run.report.step("Today's orders, through checkout")
    if Order.objects.filter(idempotency_key__startswith=KEY_PREFIX).exists():
        run.report.line("  already placed")
        return False
    model = risk_model_train()
    run.report.line(
        f"  risk model v{model.version} trained on {model.n_orders} orders: "
        f"hold at score {model.hold_threshold:g}"
    )
    shop = _Shop(run)
    if not shop.variants:
        run.report.line("  nothing in stock to sell")
        return False
    password = User.objects.filter(pk__in=customer_ids[:1]).values_list("password", flat=True)
    hashed = password[0] if password else "!"
    regulars = _regulars(customer_ids, REGULAR_ORDERS[run.shop.size.name] + 2, shop.rng)
    everyday, special = regulars[:-2], regulars[-2:]

    for user in everyday:
        home = _shipping(user.addresses.get(is_default=True))
        lines = [(shop.ordinary(), 1) for _ in range(shop.rng.choice((1, 1, 2)))]
        shop.checkout(user, lines, home, pattern="regular")

    # A stolen card tried on a brand-new account: refused twice, then a large order abroad.
    thief, saved = shop.new_account("Marc Vidal", hashed, "DE")
    shop.checkout(
        thief,
        [(shop.pricey(), 3)],
        _abroad(shop, saved.full_name, saved.country, "14 Quai Perrache"),
        pattern="stolen card",
        declines=2,
    )
    # A ring: three new accounts within minutes, all shipping expensive goods to one address.
    drop = ShippingAddress(
        full_name="J. Meyer", line1="7 Hafenstrasse", city="Hamburg", postcode="20459", country="DE"
    )
    for name in ("Jonas Meyer", "Lena Meyer", "Paul Kern"):
        member, _saved = shop.new_account(name, hashed, "GB")
        shop.checkout(
            member,
            [(shop.pricey(), 2)],
            ShippingAddress(**{**drop.__dict__, "full_name": name}),
            pattern="drop address",
        )
    # A new account ordering again and again within the hour.
    hurried, home = shop.new_account("Nina Roth", hashed, "DE")
    for _ in range(3):
        shop.checkout(hurried, [(shop.pricey(), 1)], home, pattern="rapid repeat")
    if len(special) == 2:
        victim, mover = special
        # An account taken over: a refused card, then five of something expensive, abroad.
        own = _shipping(victim.addresses.get(is_default=True))
        shop.checkout(
            victim,
            [(shop.pricey(), 5)],
            _abroad(shop, own.full_name, own.country, "3 Via Roma"),
            pattern="account takeover",
            declines=1,
        )
        # Legitimate: a long-standing customer who moved abroad and furnishes the new home.
        own = _shipping(mover.addresses.get(is_default=True))
        shop.checkout(
            mover,
            [(shop.pricey(), 2), (shop.ordinary(), 2)],
            _abroad(shop, own.full_name, own.country, "21 Rue Centrale"),
            pattern="moved abroad",
        )
    _staff_decisions(run, shop)
    return True


def _staff_decisions(run: SeedRun, shop: _Shop) -> None:
    """Reject the stolen card and the ring's first order, approve the mover, when held."""
    staff = User.objects.filter(username=STAFF_USERNAME).first()
    held = {risk.order_id: risk for risk in held_risks().select_related("order")}
    first: dict[str, OrderRisk] = {}
    for placed in shop.placed:
        risk = held.get(placed.order.pk)
        if risk is not None and placed.pattern not in first:
            first[placed.pattern] = risk
    decisions = (
        ("stolen card", Decision.REJECTED, "card reported stolen by the issuer"),
        ("drop address", Decision.REJECTED, "address known as a parcel drop"),
        ("moved abroad", Decision.APPROVED, "customer confirmed the move by phone"),
    )
    for pattern, decision, note in decisions:
        if pattern in first:
            order_risk_decide(risk=first[pattern], decision=decision, by=staff, note=note)
    placed_ids = [p.order.pk for p in shop.placed]
    waiting = held_risks().filter(order_id__in=placed_ids).count()
    decided = OrderRisk.objects.filter(order_id__in=placed_ids).exclude(decision=Decision.PENDING)
    paid = Order.objects.filter(pk__in=placed_ids, status=OrderStatus.PAID).count()
    run.report.line(
        f"  {len(placed_ids)} orders placed ({paid} paid at once), {decided.count()} decided "
        f"by staff, {waiting} waiting for review"
    )
    for placed in shop.placed:
        risk = OrderRisk.objects.get(order_id=placed.order.pk)
        if placed.pattern != "regular" or risk.level != "low":
            run.report.line(
                f"    {placed.pattern}: {placed.order.number} score {risk.score} ({risk.level}, "
                f"{risk.get_decision_display().lower()}): {'; '.join(risk.reasons) or '-'}"
            )
