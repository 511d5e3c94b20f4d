"""Reads of the offers app: a shopper's segment, each segment's candidate offers with their
counts (cached), and the dashboard's figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.orders.hooks import customer_segments
from shop.promotions.models import Promotion
from shop.segments.models import Segment

from .models import DEFAULT_SEGMENT, OfferSetting, OfferStat

# How long a segment's candidates and counts are reused: the bandit learns from counts at most
# this old (the benchmark refreshes its counts hourly and still reaches its target), and a
# promotion that ends drops out at once (its end is checked on every choice). Changes staff
# make to promotions or offer settings start a new version of the cache at once.
SLATE_TTL = 60
SLATE_VERSION_KEY = "offers:slate-version"


@dataclass(frozen=True)
class Candidate:
    """A promotion a segment's shoppers may be offered, with its counts in that segment."""

    promotion_id: int
    title: str
    description: str
    url: str
    starts_at: datetime | None
    ends_at: datetime | None
    pinned: bool
    impressions: int
    clicks: int
    conversions: int

    def is_live(self, now: datetime) -> bool:
        return (self.starts_at is None or self.starts_at <= now) and (
            self.ends_at is None or now < self.ends_at
        )


def shopper_segment(*, user_id: int | None) -> str:
    """The segment key the bandit uses for this shopper: the customer's segment (one row per
    customer), read through pricing's segment hook so a page that also prices a cart reads it
    once per request."""
    return min(customer_segments(user_id), default=DEFAULT_SEGMENT)


def segment_label(segment: str) -> str:
    if segment == DEFAULT_SEGMENT:
        return _("Visitors and customers not yet segmented")
    return str(dict(Segment.choices).get(segment, segment))


def _usable_by(promotion: Promotion, segment: str) -> bool:
    """Whether a shopper of ``segment`` can use ``promotion`` without a code (pricing applies
    a segment-scoped promotion to its segments only; visitors are in none)."""
    names = promotion.segment_names
    return not names or (segment != DEFAULT_SEGMENT and segment in names)


def _landing_url(promotion: Promotion) -> str:
    """Where the offer's link leads: what the promotion covers, as narrowly as one page can."""
    categories = list(promotion.categories.all())
    if len(categories) == 1:
        return categories[0].get_absolute_url()
    products = list(promotion.products.all())
    if len(products) == 1 and not categories:
        return products[0].get_absolute_url()
    return reverse("catalogue:product_list")


def _slate_key(segment: str) -> str:
    version = cache.get(SLATE_VERSION_KEY) or 0
    return f"offers:slate:{version}:{segment}"


def slate_build(*, segment: str, now: datetime | None = None) -> list[Candidate]:
    """The candidates of ``segment`` from the database (four queries)."""
    now = now or timezone.now()
    promotions = (
        Promotion.objects.filter(is_active=True, requires_voucher=False)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .exclude(offer_setting__mode=OfferSetting.Mode.EXCLUDED)
        .select_related("offer_setting")
        .prefetch_related("categories", "products")
        .order_by("-priority", "id")
    )
    usable = [p for p in promotions if _usable_by(p, segment)]
    counts = {
        row["promotion"]: row
        for row in OfferStat.objects.filter(segment=segment, promotion__in=[p.pk for p in usable])
        .values("promotion")
        .annotate(
            impressions=Sum("impressions"), clicks=Sum("clicks"), conversions=Sum("conversions")
        )
        .order_by()
    }
    nothing = {"impressions": 0, "clicks": 0, "conversions": 0}
    candidates = []
    for promotion in usable:
        setting = getattr(promotion, "offer_setting", None)
        row = counts.get(promotion.pk, nothing)
        candidates.append(
            Candidate(
                promotion_id=promotion.pk,
                title=promotion.name,
                description=promotion.description,
                url=_landing_url(promotion),
                starts_at=promotion.starts_at,
                ends_at=promotion.ends_at,
                pinned=setting is not None and setting.mode == OfferSetting.Mode.PINNED,
                impressions=int(row["impressions"] or 0),
                clicks=int(row["clicks"] or 0),
                conversions=int(row["conversions"] or 0),
            )
        )
    return candidates


def slate_for(*, segment: str) -> list[Candidate]:
    """The candidates of ``segment``, from the cache when they are there (no query then)."""
    key = _slate_key(segment)
    cached = cache.get(key)
    if isinstance(cached, list):
        return cached
    candidates = slate_build(segment=segment)
    cache.set(key, candidates, SLATE_TTL)
    return candidates


@dataclass(frozen=True)
class DashboardRow:
    promotion_id: int
    promotion: str
    segment: str
    segment_label: str
    impressions: int
    clicks: int
    conversions: int
    revenue: Decimal

    @property
    def click_through_rate(self) -> float:
        return self.clicks / self.impressions if self.impressions else 0.0

    @property
    def conversion_rate(self) -> float:
        """Conversions per impression: what the bandit maximises."""
        return self.conversions / self.impressions if self.impressions else 0.0

    @property
    def click_through_display(self) -> str:
        return f"{100 * self.click_through_rate:.1f}%" if self.impressions else "-"

    @property
    def conversion_display(self) -> str:
        return f"{100 * self.conversion_rate:.2f}%" if self.impressions else "-"


def offer_dashboard(*, since: date | None = None) -> list[DashboardRow]:
    """Impressions, clicks, conversions and revenue per promotion and segment (both placements
    together), most converting first; one query."""
    stats = OfferStat.objects.all()
    if since is not None:
        stats = stats.filter(day__gte=since)
    rows = (
        stats.values("promotion", "promotion__name", "segment")
        .annotate(
            impressions=Sum("impressions"),
            clicks=Sum("clicks"),
            conversions=Sum("conversions"),
            revenue=Sum("revenue"),
        )
        .order_by("-conversions", "-clicks", "promotion__name", "segment")
    )
    return [
        DashboardRow(
            promotion_id=row["promotion"],
            promotion=row["promotion__name"],
            segment=row["segment"],
            segment_label=segment_label(row["segment"]),
            impressions=int(row["impressions"] or 0),
            clicks=int(row["clicks"] or 0),
            conversions=int(row["conversions"] or 0),
            revenue=Decimal(row["revenue"] or 0).quantize(Decimal("0.01")),
        )
        for row in rows
    ]
