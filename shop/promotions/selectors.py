"""Reads for promotions: the live ones as pricing's offers, a voucher's verdict on a cart (what
the cart's form and the assistant both say), price history."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shop.catalogue.models import Category, Product, ProductVariant
from shop.core.money import money_format
from shop.orders import discounts
from shop.orders.cart import CartStore
from shop.orders.hooks import CartOffers
from shop.orders.quotes import CartSummary, cart_summary

from .models import Promotion, VariantPrice, Voucher, VoucherUse

EU_PRICE_WINDOW = timedelta(days=30)
VERSION_KEY = "promotions:version"
OFFERS_TTL = 60


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


def _automatic_offers_now(now: datetime) -> tuple[list[discounts.Offer], datetime | None]:
    """The automatic promotions live at ``now`` as offers, and the next moment one starts or
    ends (when the list changes by itself)."""
    candidates = (
        Promotion.objects.filter(is_active=True, requires_voucher=False)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .prefetch_related("products", "product_types", "categories")
        .order_by("-priority", "id")
    )
    offers, moments = [], []
    for promotion in candidates:
        if promotion.is_live(now):
            offers.append(promotion_offer(promotion))
        moments += [m for m in (promotion.starts_at, promotion.ends_at) if m and m > now]
    return offers, min(moments, default=None)


def automatic_offers(*, now: datetime | None = None) -> list[discounts.Offer]:
    """The automatic promotions live now, as pricing's offers.

    Every listing, product page and cart asks, so they are cached: under a version that any
    change to promotions or categories replaces (``promotions_changed``), for at most
    ``OFFERS_TTL`` seconds and never past the next start or end of a promotion. Asked for
    another moment than now, they are read afresh."""
    if now is not None:
        return _automatic_offers_now(now)[0]
    now = timezone.now()
    key = f"promotions:offers:{cache.get(VERSION_KEY, 0)}"
    cached = cache.get(key)
    if cached is not None and now < cached[1]:
        return list(cached[0])
    offers, boundary = _automatic_offers_now(now)
    until = now + timedelta(seconds=OFFERS_TTL)
    if boundary is not None:
        until = min(until, boundary)
    seconds = (until - now).total_seconds()
    if seconds >= 1:
        cache.set(key, (tuple(offers), until), int(seconds))
    return offers


def automatic_offers_stamp() -> str:
    """Which automatic promotions are live now, as a short string: part of every cached page's
    key (``shop.core.page_cache.register_key_part``), so a promotion that starts, ends or changes
    shows on cached pages at once. Costs the cached offers' read (no query on a hit)."""
    return f"{cache.get(VERSION_KEY, 0)}:" + ",".join(str(offer.id) for offer in automatic_offers())


def automatic_offers_deps() -> tuple[dict[str, object], float | None]:
    """What ``automatic_offers_stamp`` follows, for pages' shared copies (page_cache): the
    version key as it is now, and the moment the cached offers are next read afresh (a start,
    an end, or ``OFFERS_TTL``); now when they could not be cached."""
    version = cache.get(VERSION_KEY)
    automatic_offers()
    cached = cache.get(f"promotions:offers:{version or 0}")
    until = cached[1] if isinstance(cached, tuple) else timezone.now()
    return {VERSION_KEY: version}, until.timestamp()


def promotions_changed() -> None:
    """Staff changed a promotion or the category tree: the cached offers are stale."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


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


@dataclass(frozen=True)
class VoucherVerdict:
    """Whether a code works for a cart now, and if not why, written for the shopper."""

    code: str  # as the voucher spells it; as typed when there is no such voucher
    problem: str  # "" when the code lowers this cart's total
    summary: CartSummary | None = None  # the cart priced with the code, once the code is valid

    @property
    def saving(self) -> Decimal:
        """What the code itself takes off the goods (free delivery aside)."""
        if self.summary is None:
            return Decimal("0.00")
        applied = self.summary.quote.discounts.applied
        return sum((a.amount for a in applied if a.offer.voucher_code), Decimal("0.00"))

    @property
    def free_shipping(self) -> bool:
        applied = self.summary.quote.discounts.applied if self.summary else ()
        return any(a.free_shipping and a.offer.voucher_code for a in applied)


def voucher_verdict(
    *, store: CartStore, code: str, country: str, user_id: int | None
) -> VoucherVerdict:
    """The one place that says whether ``code`` works for this shopper's cart: the voucher
    itself (known, active, started, not expired, uses and the shopper's own uses left), then
    the cart (something in it, in scope, minimum spend, stacking, a lower total). Changes
    nothing: the cart's form keeps the code only when this finds no problem."""
    code = code.strip()
    if not code:
        return VoucherVerdict(code="", problem=_("Enter a voucher code."))
    voucher = voucher_find(code=code)
    problem = voucher_problem(voucher=voucher, user_id=user_id, now=timezone.now())
    if problem or voucher is None:
        return VoucherVerdict(code=voucher.code if voucher else code, problem=problem)
    summary = cart_summary(store=store, country=country, user_id=user_id, voucher_code=code)
    if summary.is_empty:
        problem = _("Add something to your cart before entering a code.")
    elif (refused := summary.voucher_refusal) is not None:
        problem = refusal_message(refused, currency=summary.currency)
    return VoucherVerdict(code=voucher.code, problem=problem, summary=summary)


@dataclass(frozen=True)
class PromotedPrice:
    """A product's price under the promotion best for everyone (no code, no segment), with the
    EU's reference: the lowest price of the 30 days before."""

    price: Decimal
    was: Decimal
    lowest_30_days: Decimal
    name: str


def promoted_prices(*, products: Iterable[Product]) -> dict[int, PromotedPrice]:
    """For each product a promotion lowers (its "from" price, one unit, no minimum spend), the
    promoted price and the lowest price of the previous 30 days: a query for the promotions,
    and three for the price history of the promoted ones only."""
    products = list(products)
    offers = [
        o
        for o in automatic_offers()
        if o.kind != discounts.FREE_SHIPPING and not o.segments and not o.min_spend
    ]
    if not offers or not products:
        return {}
    found: dict[int, tuple[Decimal, str]] = {}
    for product in products:
        item = discounts.Item(
            key=product.pk,
            amount=product.price,
            product_id=product.pk,
            product_type_id=product.product_type_id,
            category_id=product.category_id,
            brand=product.brand,
        )
        outcome = discounts.best(offers, [item])
        if outcome.total > 0:
            name = ", ".join(a.offer.name for a in outcome.applied)
            found[product.pk] = (product.price - outcome.total, name)
    if not found:
        return {}
    lowest = _lowest_by_product(found)
    by_pk = {p.pk: p for p in products}
    return {
        pk: PromotedPrice(
            price=price,
            was=by_pk[pk].price,
            # The current price is in force now, so inside the window too.
            lowest_30_days=min(lowest.get(pk, by_pk[pk].price), by_pk[pk].price),
            name=name,
        )
        for pk, (price, name) in found.items()
    }


def _lowest_by_product(product_ids: Iterable[int]) -> dict[int, Decimal]:
    variants = dict(
        ProductVariant.objects.filter(product_id__in=list(product_ids)).values_list(
            "pk", "product_id"
        )
    )
    lowest: dict[int, Decimal] = {}
    for variant_id, price in lowest_prices(variant_ids=variants).items():
        product_id = variants[variant_id]
        lowest[product_id] = min(price, lowest.get(product_id, price))
    return lowest


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
