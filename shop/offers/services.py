"""Writes of the offers app: choosing an offer (and counting its impression), clicks, the
conversions they lead to, and keeping the cached candidates fresh."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from decimal import Decimal

import numpy as np
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.core.errors import NotFoundError
from shop.orders.models import Order
from shop.promotions.models import Promotion

from .engine.bandit import OfferCounts, ThompsonSampling, choose_offer
from .models import OfferClick, OfferConversion, OfferStat, Placement
from .selectors import SLATE_VERSION_KEY, Candidate, slate_for

logger = logging.getLogger(__name__)

# The sharpness benchmarks/offers_bandit.py chose on its validation seeds (uniform priors).
POLICY = ThompsonSampling(sharpness=4.0)
# An order within this long after a click on an offer is that offer's conversion.
ATTRIBUTION_DAYS = 7
IMPRESSION_FLUSH_EVERY = 10


def offer_choose(
    *,
    segment: str,
    placement: str,
    rng: np.random.Generator | None = None,
    now: datetime | None = None,
) -> Candidate | None:
    """The offer a shopper of ``segment`` sees in ``placement`` (its impression counted), or
    None when no promotion is one they can use."""
    now = now or timezone.now()
    live = {c.promotion_id: c for c in slate_for(segment=segment) if c.is_live(now)}
    stats = {pk: OfferCounts(c.impressions, c.clicks, c.conversions) for pk, c in live.items()}
    chosen = choose_offer(
        POLICY,
        list(live),
        stats,
        rng or np.random.default_rng(),
        pinned=frozenset(pk for pk, c in live.items() if c.pinned),
    )
    if chosen is None:
        return None
    offer_impression_record(promotion_id=chosen, segment=segment, placement=placement)
    return live[chosen]


def offer_impression_record(*, promotion_id: int, segment: str, placement: str) -> None:
    """Count an impression: in the cache, written to the database every
    IMPRESSION_FLUSH_EVERY, so a busy page does not update one hot row per view."""
    today = timezone.localdate()
    key = f"offers:impressions:{today.isoformat()}:{promotion_id}:{segment}:{placement}"
    try:
        count = cache.incr(key)
    except ValueError:  # not there yet (locmem raises; django-redis creates it)
        cache.set(key, 1, 2 * 86_400)
        count = 1
    except Exception:  # the cache is down: the impression goes uncounted
        return
    if count is None:  # django-redis answers None when Redis is down (IGNORE_EXCEPTIONS)
        return
    if count % IMPRESSION_FLUSH_EVERY == 0:
        try:
            _add_stat(
                day=today,
                promotion_id=promotion_id,
                segment=segment,
                placement=placement,
                impressions=IMPRESSION_FLUSH_EVERY,
            )
        except DatabaseError:  # a page view must not fail on its statistics
            logger.warning("could not record %s offer impressions", IMPRESSION_FLUSH_EVERY)


def _add_stat(
    *,
    day: date,
    promotion_id: int,
    segment: str,
    placement: str,
    impressions: int = 0,
    clicks: int = 0,
    conversions: int = 0,
    revenue: Decimal = Decimal("0"),
) -> None:
    """Add to a day's counts (inside the caller's transaction when there is one)."""
    where = {"day": day, "promotion_id": promotion_id, "segment": segment, "placement": placement}
    changes = {
        "impressions": F("impressions") + impressions,
        "clicks": F("clicks") + clicks,
        "conversions": F("conversions") + conversions,
        "revenue": F("revenue") + revenue,
    }
    with transaction.atomic():
        if OfferStat.objects.filter(**where).update(**changes):
            return
        try:
            with transaction.atomic():
                OfferStat.objects.create(
                    **where,
                    impressions=impressions,
                    clicks=clicks,
                    conversions=conversions,
                    revenue=revenue,
                )
        except IntegrityError:  # created meanwhile by a concurrent request
            OfferStat.objects.filter(**where).update(**changes)


def offer_click_record(
    *,
    promotion_id: int,
    segment: str,
    placement: str,
    user_id: int | None,
    visitor_key: str,
) -> OfferClick:
    """Record a click on the slot's link (the link is signed, so the ids are ours)."""
    if placement not in Placement.values:
        raise NotFoundError(_("This offer link is not valid."))
    if not Promotion.objects.filter(pk=promotion_id).exists():
        raise NotFoundError(_("This offer has ended."))
    with transaction.atomic():
        click = OfferClick.objects.create(
            promotion_id=promotion_id,
            segment=segment,
            placement=placement,
            user_id=user_id,
            visitor_key=visitor_key,
        )
        _add_stat(
            day=timezone.localdate(),
            promotion_id=promotion_id,
            segment=segment,
            placement=placement,
            clicks=1,
        )
    return click


def offer_clicks_claim(*, visitor_key: str, user_id: int) -> int:
    """Give a visitor's clicks to the account they signed in to, so an order they then place
    counts as the clicked offer's conversion."""
    if not visitor_key:
        return 0
    return OfferClick.objects.filter(user=None, visitor_key=visitor_key).update(user_id=user_id)


def offer_conversion_attribute(*, order_id: int) -> OfferConversion | None:
    """Credit a placed order to the customer's latest click on an offer within the window
    before it that no other order was credited to; None when there is none."""
    order = Order.objects.filter(pk=order_id).only("pk", "user_id", "total", "created_at").first()
    if order is None or order.user_id is None:
        return None
    placed = order.created_at
    click = (
        OfferClick.objects.filter(
            user_id=order.user_id,
            clicked_at__lte=placed,
            clicked_at__gt=placed - timedelta(days=ATTRIBUTION_DAYS),
            conversion__isnull=True,
        )
        .order_by("-clicked_at", "-id")
        .first()
    )
    if click is None:
        return None
    try:
        with transaction.atomic():
            conversion = OfferConversion.objects.create(
                click=click, order_id=order.pk, revenue=order.total, converted_at=placed
            )
            _add_stat(
                day=timezone.localdate(placed),
                promotion_id=click.promotion_id,
                segment=click.segment,
                placement=click.placement,
                conversions=1,
                revenue=order.total,
            )
    except IntegrityError:  # the order (or the click) was credited meanwhile: once is enough
        return None
    return conversion


def offer_conversion_withdraw(*, order_id: int) -> bool:
    """The order was cancelled or refunded in full: it no longer counts as its offer's
    conversion, nor its revenue (taken off the day it was counted on). Once only: a second
    event for the same order changes nothing. Returns whether a conversion was withdrawn."""
    with transaction.atomic():
        conversion = (
            OfferConversion.objects.select_for_update()
            .select_related("click")
            .filter(order_id=order_id, withdrawn_at__isnull=True)
            .first()
        )
        if conversion is None:
            return False
        conversion.withdrawn_at = timezone.now()
        conversion.save(update_fields=["withdrawn_at"])
        click = conversion.click
        _add_stat(
            day=timezone.localdate(conversion.converted_at),
            promotion_id=click.promotion_id,
            segment=click.segment,
            placement=click.placement,
            conversions=-1,
            revenue=-conversion.revenue,
        )
    return True


def slate_invalidate() -> None:
    """Start a new version of every segment's cached candidates (staff changed something)."""
    try:
        cache.set(SLATE_VERSION_KEY, timezone.now().timestamp(), None)
    except Exception:  # the cache is down: nothing cached to go stale
        logger.warning("cache unavailable; offer candidates not invalidated")
