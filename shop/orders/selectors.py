"""Reads for carts and orders; orders are always scoped to their owner."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from shop.accounts.models import User
from shop.catalogue.models import ProductVariant

from .cart import CartStore
from .guests import guest_order_key
from .models import PAID_STATUSES, CartLine, Order, OrderLine
from .quotes import CartLineView, CartSummary, ShippingOption, cart_quote, cart_summary

__all__ = ["CartLineView", "CartSummary", "ShippingOption", "cart_quote", "cart_summary"]


def cart_product_ids(*, store: CartStore) -> list[int]:
    """The products in the cart (whatever their variants), for what goes with them."""
    return sorted(
        set(
            ProductVariant.objects.filter(pk__in=list(store.quantities())).values_list(
                "product_id", flat=True
            )
        )
    )


def cart_item_count(*, store: CartStore) -> int:
    return sum(store.quantities().values())


def order_list_for_user(*, user: User) -> QuerySet[Order]:
    return Order.objects.filter(user=user).prefetch_related("lines")


def _order_page(orders: QuerySet[Order]) -> Order | None:
    return orders.prefetch_related("lines__product", "lines__variant", "history").first()


def order_detail_for_user(*, user: User, number: str) -> Order | None:
    """The customer's own order with its lines and history only (what the API shows: ids,
    not the products and variants themselves), or None."""
    return (
        Order.objects.filter(user=user, number=number).prefetch_related("lines", "history").first()
    )


def order_get_for_user(*, user: User, number: str) -> Order | None:
    """The customer's own order, or None: another customer's number looks like a missing one."""
    return _order_page(Order.objects.filter(user=user, number=number))


def order_get_for_guest(*, number: str) -> Order | None:
    """A guest order not yet claimed by an account (the caller knows the guest placed it)."""
    return _order_page(Order.objects.filter(user=None, is_guest=True, number=number))


def order_get_for_lookup(*, number: str) -> Order | None:
    """The order a signed lookup link names; None once it was anonymised (nobody to show)."""
    return _order_page(Order.objects.filter(number=number).exclude(email=""))


def product_bought_by(*, user: User, product_id: int) -> bool:
    """Whether ``user`` paid for ``product_id`` in an order (a "verified purchase")."""
    return OrderLine.objects.filter(
        order__user=user, product_id=product_id, order__status__in=PAID_STATUSES
    ).exists()


def order_get_by_idempotency_key(*, user: User, key: str) -> Order | None:
    if not key:
        return None
    return Order.objects.filter(user=user, idempotency_key=key).first()


def order_get_by_guest_key(*, secret: str, key: str) -> Order | None:
    """The guest order that the guest with ``secret`` placed with ``key``, if any."""
    if not (secret and key):
        return None
    stored = guest_order_key(secret, key)
    return Order.objects.filter(user=None, is_guest=True, idempotency_key=stored).first()


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
    query = (
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
    )
    # Every order: streamed (a server-side cursor on PostgreSQL). One customer's and one
    # postcode's are a few rows, read in one round trip: a cursor's DECLARE, FETCH and CLOSE
    # made checkout's risk scoring pay three.
    streamed = user_id is None and not near_postcode
    rows = query.iterator(chunk_size=5_000) if streamed else iter(query)
    for pk, user, created_at, total, line1, postcode, country, max_quantity in rows:
        yield OrderFacts(pk, user, created_at, total, line1, postcode, country, max_quantity or 0)


def order_counts_near(
    *, postcode: str, country: str, since: datetime, until: datetime, other_than: int | None
) -> list[tuple[str, int]]:
    """(first address line, orders) of the orders shipped to ``postcode``/``country`` placed
    in [``since``, ``until``) by anyone but the account ``other_than`` (for a guest, None: by
    any account). One aggregate query, however many orders a busy postcode gets a day."""
    orders = Order.objects.filter(
        ship_postcode=postcode,
        ship_country=country,
        created_at__gte=since,
        created_at__lt=until,
    )
    # A guest's orders are nobody's: they count for a customer, not for another guest.
    if other_than is None:
        orders = orders.filter(user__isnull=False)
    else:
        orders = orders.exclude(user_id=other_than)
    return list(
        orders.order_by()
        .values("ship_line1")
        .annotate(n=Count("pk"))
        .values_list("ship_line1", "n")
    )


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


@dataclass(frozen=True)
class DaySales:
    day: date
    orders: int
    revenue: Decimal


def daily_sales(*, days: list[date]) -> dict[date, DaySales]:
    """Orders placed and their revenue per local day, for the given days (gaps as zeros), in
    one aggregate query. Revenue counts paid-for orders only, as the forecasts count units."""
    if not days:
        return {}
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(min(days), datetime.min.time()), tz)
    end = timezone.make_aware(
        datetime.combine(max(days) + timedelta(days=1), datetime.min.time()), tz
    )
    rows = (
        Order.objects.filter(created_at__gte=start, created_at__lt=end)
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day")
        .annotate(
            orders=Count("pk"),
            revenue=Sum("total", filter=Q(status__in=PAID_STATUSES)),
        )
        .order_by()
    )
    found = {row["day"]: row for row in rows}
    return {
        day: DaySales(
            day,
            int(found[day]["orders"]) if day in found else 0,
            Decimal(found[day]["revenue"] or 0) if day in found else Decimal("0"),
        )
        for day in days
    }


def basket_lines() -> Iterator[tuple[str, int]]:
    """``(basket, product id)`` of every basket shoppers made: each order that was paid (not
    cancelled or refunded) and each signed-in customer's cart. What "bought together" learns
    from: same-basket co-occurrence, never a customer's whole history."""
    orders = (
        OrderLine.objects.filter(order__status__in=PAID_STATUSES, product__isnull=False)
        .order_by()
        .values_list("order_id", "product_id")
    )
    for order_id, product_id in orders.iterator(chunk_size=10_000):
        yield f"o{order_id}", product_id
    carts = CartLine.objects.order_by().values_list("cart_id", "variant__product_id")
    for cart_id, product_id in carts.iterator(chunk_size=10_000):
        yield f"c{cart_id}", product_id
