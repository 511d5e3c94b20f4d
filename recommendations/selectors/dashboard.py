"""Reads for staff: the builds (dashboard and API), click-through and coverage.

Every figure comes from a bounded number of aggregate queries whatever the data size; the one
read proportional to the catalogue (which products any neighbour list can lead to) is cached
per serving build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from shop.catalogue.models import Product

from ..models import Build, ItemNeighbours, PlacementStat

CTR_DAYS = 30
BUILDS_SHOWN = 20
BUILDS_LISTED = 50
REACH_TTL = 600
# The offline metrics a build stores, in reading order; unknown ones follow alphabetically.
METRIC_ORDER = ("ndcg@10", "precision@10", "recall@10", "map@10", "coverage", "users")


@dataclass(frozen=True)
class BuildRow:
    version: int
    status: str
    status_label: str
    is_current: bool
    started_at: datetime
    duration_seconds: float | None
    n_users: int
    n_items: int
    n_interactions: int
    metrics: list[float | None]  # aligned with BuildHistory.metric_names
    error: str


@dataclass(frozen=True)
class BuildHistory:
    metric_names: list[str]
    builds: list[BuildRow]


def dashboard_builds(*, limit: int = BUILDS_SHOWN) -> BuildHistory:
    """The newest builds with what each recorded (one query; the large fallback lists are
    not read)."""
    builds = list(
        Build.objects.order_by("-version").defer("trending", "trending_by_category")[:limit]
    )
    found = {name for build in builds for name in (build.metrics or {})}
    names = [name for name in METRIC_ORDER if name in found]
    names += sorted(found - set(METRIC_ORDER))
    rows = [
        BuildRow(
            version=build.version,
            status=build.status,
            status_label=build.get_status_display(),
            is_current=build.is_current,
            started_at=build.started_at,
            duration_seconds=build.duration_seconds,
            n_users=build.n_users,
            n_items=build.n_items,
            n_interactions=build.n_interactions,
            metrics=[_number((build.metrics or {}).get(name)) for name in names],
            error=build.error,
        )
        for build in builds
    ]
    return BuildHistory(metric_names=names, builds=rows)


def build_list(*, limit: int = BUILDS_LISTED) -> list[Build]:
    """The newest builds, for the staff API."""
    return list(Build.objects.order_by("-version")[:limit])


def build_get(*, version: int) -> Build | None:
    return Build.objects.filter(version=version).first()


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


@dataclass(frozen=True)
class PlacementTotal:
    placement: str
    label: str
    impressions: int
    clicks: int

    @property
    def ctr(self) -> float | None:
        return self.clicks / self.impressions if self.impressions else None

    @property
    def ctr_percent(self) -> float | None:
        return None if self.ctr is None else 100 * self.ctr


@dataclass(frozen=True)
class ClickThrough:
    """Impressions and clicks per placement and day over a period, gaps included."""

    days: list[date]
    placements: list[tuple[str, str]]  # (value, label)
    counts: dict[tuple[str, date], tuple[int, int]] = field(default_factory=dict)

    def ctr(self, placement: str, day: date) -> float | None:
        """clicks / impressions, None for a day without impressions (not a zero rate)."""
        impressions, clicks = self.counts.get((placement, day), (0, 0))
        return clicks / impressions if impressions else None

    def series(self, placement: str) -> list[float | None]:
        return [self.ctr(placement, day) for day in self.days]

    def totals(self) -> list[PlacementTotal]:
        totals = []
        for value, label in self.placements:
            cells = [self.counts.get((value, day), (0, 0)) for day in self.days]
            totals.append(
                PlacementTotal(
                    value, label, sum(cell[0] for cell in cells), sum(cell[1] for cell in cells)
                )
            )
        return totals


def dashboard_click_through(*, days: int = CTR_DAYS, today: date | None = None) -> ClickThrough:
    """Click-through per placement and day for the last ``days`` days up to ``today`` (one
    query over the per-day statistics)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    today = today or timezone.localdate()
    start = today - timedelta(days=days - 1)
    rows = (
        PlacementStat.objects.filter(day__gte=start, day__lte=today)
        .values("placement", "day")
        .annotate(impressions=Sum("impressions"), clicks=Sum("clicks"))
        .order_by()
    )
    counts = {
        (row["placement"], row["day"]): (int(row["impressions"]), int(row["clicks"]))
        for row in rows
    }
    return ClickThrough(
        days=[start + timedelta(days=offset) for offset in range(days)],
        placements=[(value, str(label)) for value, label in PlacementStat.Placement.choices],
        counts=counts,
    )


@dataclass(frozen=True)
class Coverage:
    build_version: int | None
    active_products: int
    with_neighbours: int  # active products whose serving neighbour list is not empty
    recommendable: int  # active products some neighbour list or the trending list leads to

    @property
    def with_neighbours_share(self) -> float:
        return self.with_neighbours / self.active_products if self.active_products else 0.0

    @property
    def recommendable_share(self) -> float:
        return self.recommendable / self.active_products if self.active_products else 0.0


def dashboard_coverage() -> Coverage:
    """How much of the active catalogue the serving build covers."""
    active = Product.objects.filter(is_active=True).count()
    build = Build.objects.filter(is_current=True).values("id", "version").first()
    if build is None:
        return Coverage(None, active, 0, 0)
    with_neighbours = (
        ItemNeighbours.objects.filter(build_id=build["id"], product__is_active=True)
        .exclude(neighbour_ids=[])
        .count()
    )
    return Coverage(build["version"], active, with_neighbours, _recommendable(build["id"]))


def _recommendable(build_id: int) -> int:
    """Distinct active products reachable from the build's lists; read once per build and
    cached briefly (the lists never change, the active catalogue does)."""
    key = f"recs:dashboard:recommendable:{build_id}"
    cached = cache.get(key)
    if isinstance(cached, int):
        return cached
    reachable: set[int] = set()
    lists = ItemNeighbours.objects.filter(build_id=build_id).values_list("neighbour_ids", flat=True)
    for ids in lists.iterator(chunk_size=2_000):
        reachable.update(ids)
    trending = Build.objects.filter(pk=build_id).values_list("trending", flat=True).first() or []
    reachable.update(trending)
    active = set(Product.objects.filter(is_active=True).values_list("pk", flat=True))
    count = len(reachable & active)
    cache.set(key, count, REACH_TTL)
    return count
