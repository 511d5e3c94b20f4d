"""Reads for promotions: the live ones as pricing's offers, a voucher's verdict, price history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shop.catalogue.models import Category
from shop.core.money import money_format
from shop.orders import discounts
from shop.orders.hooks import CartOffers

from .models import Promotion, VariantPrice, Voucher, VoucherUse

EU_PRICE_WINDOW = timedelta(days=30)


def _live(now: datetime) -> Q:
    return (
        Q(is_active=True)
        & (Q(starts_at__isnull=True) | Q(starts_at__lte=now))
        & (Q(ends_at__isnull=True) | Q(ends_at__gt=now))
    )


def promotions_live(*, now: datetime | None = None) -> QuerySet[Promotion]:
    """Promotions running now, with their scope (automatic ones and voucher ones alike)."""
    return (
        Promotion.objects.filter(_live(now or timezone.now()))
        .prefetch_related("products", "product_types", "categories")
        .order_by("-priority", "id")
    )


def _descendants(roots: Iterable[int]) -> frozenset[int]:
    """The categories under ``roots``, roots included (the tree in one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found: set[int] = set()
    todo = list(roots)
    while todo:
        node = todo.pop()
        if node not in found:
            found.add(node)
            todo.extend(children.get(node, []))
    return frozenset(found)


def promotion_offer(promotion: Promotion, *, voucher_code: str = "") -> discounts.Offer:
    """``promotion`` as pricing's ``Offer`` (its scope prefetched, or queried here)."""
    categories = [c.pk for c in promotion.categories.all()]
    return discounts.Offer(
        id=f"voucher:{voucher_code.casefold()}" if voucher_code else promotion.pk,
        name=promotion.description or promotion.name,
        kind=promotion.kind,
        value=promotion.value,
        scope=discounts.Scope(
            product_ids=frozenset(p.pk for p in promotion.products.all()),
            product_type_ids=frozenset(t.pk for t in promotion.product_types.all()),
            category_ids=_descendants(categories) if categories else frozenset(),
            brands=promotion.brand_names,
        ),
        segments=promotion.segment_names,
        min_spend=promotion.min_spend,
        combinable=promotion.combinable,
        group=promotion.exclusive_group,
        priority=promotion.priority,
        voucher_code=voucher_code,
    )


def automatic_offers(*, now: datetime | None = None) -> list[discounts.Offer]:
    return [promotion_offer(p) for p in promotions_live(now=now).filter(requires_voucher=False)]


def voucher_find(*, code: str) -> Voucher | None:
    code = code.strip()
    if not code:
        return None
    return Voucher.objects.select_related("promotion").filter(code__iexact=code).first()


def voucher_uses_counted(*, voucher: Voucher, user_id: int | None = None) -> int:
    """Uses that count against the limits (those of cancelled orders were given back)."""
    uses = VoucherUse.objects.filter(voucher=voucher, released_at__isnull=True)
    if user_id is not None:
        uses = uses.filter(user_id=user_id)
    return uses.count()


def voucher_problem(*, voucher: Voucher | None, user_id: int | None, now: datetime) -> str:
    """Why the voucher cannot be used by this shopper now, written for them; "" if it can.

    Whether it fits the cart (scope, minimum spend, stacking) is pricing's to say."""
    if voucher is None:
        return _("We don't know this code. Check it for typos.")
    promotion = voucher.promotion
    if not (voucher.is_active and promotion.is_active):
        return _("The code %(code)s is no longer valid.") % {"code": voucher.code}
    starts = max((d for d in (voucher.starts_at, promotion.starts_at) if d), default=None)
    ends = min((d for d in (voucher.ends_at, promotion.ends_at) if d), default=None)
    if starts is not None and now < starts:
        return _("The code %(code)s is not valid yet.") % {"code": voucher.code}
    if ends is not None and now >= ends:
        return _("The code %(code)s has expired.") % {"code": voucher.code}
    if voucher.max_uses is not None and voucher_uses_counted(voucher=voucher) >= voucher.max_uses:
        return _("The code %(code)s has been used up.") % {"code": voucher.code}
    if voucher.max_uses_per_customer is not None:
        if user_id is None:
            return _("Sign in to use the code %(code)s.") % {"code": voucher.code}
        used = voucher_uses_counted(voucher=voucher, user_id=user_id)
        if used >= voucher.max_uses_per_customer:
            return _("You have already used the code %(code)s.") % {"code": voucher.code}
    return ""


def cart_offers_get(*, user_id: int | None, voucher_code: str) -> CartOffers:
    """The live automatic promotions, and the voucher's offer when it is usable now."""
    now = timezone.now()
    offers = automatic_offers(now=now)
    code = voucher_code.strip()
    if not code:
        return CartOffers(offers=tuple(offers))
    voucher = voucher_find(code=code)
    problem = voucher_problem(voucher=voucher, user_id=user_id, now=now)
    if problem or voucher is None:
        return CartOffers(offers=tuple(offers), voucher_code=code, voucher_problem=problem)
    offers.append(promotion_offer(voucher.promotion, voucher_code=voucher.code))
    return CartOffers(offers=tuple(offers), voucher_code=voucher.code)


def refusal_message(refused: discounts.Refused, *, currency: str) -> str:
    """Why a voucher that is valid did not apply to this cart, for the shopper (amounts in
    ``currency``, written for the active language)."""
    code = refused.offer.voucher_code
    if refused.reason == discounts.NOT_IN_SEGMENT:
        return _("The code %(code)s is not available for your account.") % {"code": code}
    if refused.reason == discounts.NOT_IN_SCOPE:
        return _("The code %(code)s does not apply to anything in your cart.") % {"code": code}
    if refused.reason == discounts.BELOW_MINIMUM:
        return _("Add %(missing)s more of eligible items to use the code %(code)s.") % {
            "missing": money_format(refused.missing, currency, get_language()),
            "code": code,
        }
    if refused.reason == discounts.EXCLUDED:
        return _("The code %(code)s cannot be combined with %(other)s, which saves you more.") % {
            "code": code,
            "other": refused.beaten_by,
        }
    return _("The code %(code)s would not lower your total.") % {"code": code}


def lowest_prices(*, variant_ids: Iterable[int], now: datetime | None = None) -> dict[int, Decimal]:
    """Each variant's lowest price in the 30 days before ``now`` (the EU's reference price):
    the prices set in the window and the one in force when it began, in one query."""
    now = now or timezone.now()
    start = now - EU_PRICE_WINDOW
    ids = list(variant_ids)
    rows = VariantPrice.objects.filter(variant_id__in=ids, since__lte=now)
    in_window = rows.filter(since__gte=start).values("variant_id").annotate(low=Min("price"))
    lowest = {row["variant_id"]: row["low"] for row in in_window}
    before = (
        rows.filter(since__lt=start)
        .order_by("variant_id", "-since", "-id")
        .values_list("variant_id", "price")
    )
    seen: set[int] = set()
    for variant_id, price in before:
        if variant_id in seen:
            continue
        seen.add(variant_id)
        lowest[variant_id] = min(price, lowest.get(variant_id, price))
    return lowest
