"""Reads for carts and orders; orders are always scoped to their owner."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from shop.accounts.models import User
from shop.catalogue.models import Product

from . import pricing
from .cart import CartStore
from .models import PAID_STATUSES, Order, OrderLine
from .shipping import ShippingMethod, shipping_methods


@dataclass(frozen=True)
class CartLineView:
    product: Product
    quantity: int
    problem: str = ""

    @property
    def line_total(self) -> Decimal:
        return pricing.line_total(self.product.price, self.quantity)


@dataclass(frozen=True)
class ShippingOption:
    method: ShippingMethod
    price: Decimal


@dataclass(frozen=True)
class CartSummary:
    lines: list[CartLineView]
    subtotal: Decimal

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def is_empty(self) -> bool:
        return not self.lines

    @property
    def has_problems(self) -> bool:
        return any(line.problem for line in self.lines)

    @property
    def product_ids(self) -> list[int]:
        return [line.product.pk for line in self.lines]

    def shipping_options(self) -> list[ShippingOption]:
        return [ShippingOption(m, m.price_for(self.subtotal)) for m in shipping_methods()]

    def total_with(self, method: ShippingMethod) -> Decimal:
        return self.subtotal + method.price_for(self.subtotal)


def cart_quote(
    *, products: dict[int, Product], quantities: dict[int, int], method: ShippingMethod | None
) -> pricing.Quote:
    """The cart priced from ``products`` (as fetched, locked or not)."""
    return pricing.quote(
        (
            pricing.LineInput(pid, products[pid].price, qty, products[pid].currency)
            for pid, qty in sorted(quantities.items())
            if pid in products
        ),
        currency=settings.SHOP_CURRENCY,
        shipping=method.rate if method is not None else None,
    )


def cart_summary(*, store: CartStore) -> CartSummary:
    """The cart with its products in one query, flagging lines that can no longer be bought."""
    from django.utils.translation import gettext as _

    quantities = store.quantities()
    products = Product.objects.filter(pk__in=quantities).select_related("category").in_bulk()
    lines = []
    for product_id, quantity in quantities.items():
        product = products.get(product_id)
        if product is None:
            continue
        problem = ""
        if not product.is_active or product.stock_quantity == 0:
            problem = _("No longer available")
        elif quantity > product.stock_quantity:
            problem = _("Only %(stock)d left") % {"stock": product.stock_quantity}
        lines.append(CartLineView(product=product, quantity=quantity, problem=problem))
    lines.sort(key=lambda line: line.product.title)
    priced = cart_quote(
        products={line.product.pk: line.product for line in lines},
        quantities={line.product.pk: line.quantity for line in lines},
        method=None,
    )
    return CartSummary(lines=lines, subtotal=priced.subtotal)


def cart_item_count(*, store: CartStore) -> int:
    return sum(store.quantities().values())


def order_list_for_user(*, user: User) -> QuerySet[Order]:
    return Order.objects.filter(user=user).prefetch_related("lines")


def order_get_for_user(*, user: User, number: str) -> Order | None:
    """The customer's own order, or None: another customer's number looks like a missing one."""
    return (
        Order.objects.filter(user=user, number=number)
        .prefetch_related("lines__product", "history")
        .first()
    )


def product_bought_by(*, user: User, product_id: int) -> bool:
    """Whether ``user`` paid for ``product_id`` in an order (a "verified purchase")."""
    return OrderLine.objects.filter(
        order__user=user, product_id=product_id, order__status__in=PAID_STATUSES
    ).exists()


def order_get_by_idempotency_key(*, user: User, key: str) -> Order | None:
    if not key:
        return None
    return Order.objects.filter(user=user, idempotency_key=key).first()


# --- Order history for the apps that learn from it ---------------------------------------------
# Risk, forecasts and segments read orders through these rather than through the Order model,
# so what counts as a sale or a purchase is decided here, once.


@dataclass(frozen=True, slots=True)
class OrderFacts:
    """One order as an analysis sees it: who, when, how much, where to."""

    order_id: int
    user_id: int | None
    created_at: datetime
    total: Decimal
    ship_line1: str
    ship_postcode: str
    ship_country: str
    max_quantity: int


def order_facts(
    *,
    user_id: int | None = None,
    near_postcode: str = "",
    near_country: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> Iterator[OrderFacts]:
    """Every order (no filter), or those of ``user_id`` and those shipped to
    ``near_postcode``/``near_country`` between ``since`` and ``until``; streamed."""
    orders = Order.objects.all()
    if user_id is not None or near_postcode:
        wanted = Q(pk__in=[])
        if user_id is not None:
            wanted |= Q(user_id=user_id)
        if near_postcode:
            nearby = Q(ship_postcode=near_postcode, ship_country=near_country)
            if since is not None:
                nearby &= Q(created_at__gte=since)
            if until is not None:
                nearby &= Q(created_at__lte=until)
            wanted |= nearby
        orders = orders.filter(wanted)
    rows = (
        orders.order_by()
        .annotate(max_quantity=Max("lines__quantity"))
        .values_list(
            "pk",
            "user_id",
            "created_at",
            "total",
            "ship_line1",
            "ship_postcode",
            "ship_country",
            "max_quantity",
        )
        .iterator(chunk_size=5_000)
    )
    for pk, user, created_at, total, line1, postcode, country, max_quantity in rows:
        yield OrderFacts(pk, user, created_at, total, line1, postcode, country, max_quantity or 0)


def daily_units_sold(*, start: datetime, end: datetime) -> list[tuple[int, date, int]]:
    """(product id, local day, units) of active products sold in orders placed in
    [``start``, ``end``), one aggregate query. Only paid-for orders count: a pending checkout
    may never be paid, a cancelled or refunded one took nothing away in the end."""
    return list(
        OrderLine.objects.filter(
            order__status__in=PAID_STATUSES,
            order__created_at__gte=start,
            order__created_at__lt=end,
            product__is_active=True,
        )
        .annotate(day=TruncDate("order__created_at", tzinfo=timezone.get_current_timezone()))
        .values("product_id", "day")
        .annotate(units=Sum("quantity"))
        .values_list("product_id", "day", "units")
        .order_by()
    )


def customer_purchases(
    *, now: datetime, window_days: int
) -> dict[int, tuple[datetime | None, int, Decimal]]:
    """Per customer: their last purchase up to ``now``, and the number and value of purchases
    in the ``window_days`` before it (paid, shipped and delivered orders), one query."""
    counted = Q(status__in=PAID_STATUSES, created_at__lte=now, user__isnull=False)
    in_window = Q(created_at__gt=now - timedelta(days=window_days))
    rows = (
        Order.objects.filter(counted)
        .values("user_id")
        .annotate(
            last=Max("created_at"),
            n=Count("pk", filter=in_window),
            spend=Sum("total", filter=in_window),
        )
        .values_list("user_id", "last", "n", "spend")
        .order_by()
    )
    return {user: (last, n, spend or Decimal("0")) for user, last, n, spend in rows}
