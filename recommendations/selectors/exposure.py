"""What the rows actually showed, for staff: CTR per placement and position, the catalogue's
coverage in served rows, exposure concentration by brand and category, and novelty. A bounded
number of aggregate queries over the window, whatever the traffic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from shop.catalogue.models import Product

from ..engine.exposure import gini, novelty
from ..models import PlacementStat, RowEvent

EXPOSURE_DAYS = 30


@dataclass(frozen=True)
class PositionRow:
    placement: str
    label: str
    position: int
    shown: int
    clicks: int

    @property
    def click_through_rate(self) -> float:
        return self.clicks / self.shown if self.shown else 0.0


@dataclass(frozen=True)
class Exposure:
    days: int
    positions: list[PositionRow]
    shown: int
    distinct_products: int
    active_products: int
    brand_gini: float
    category_gini: float
    novelty_bits: float

    @property
    def coverage(self) -> float:
        return self.distinct_products / self.active_products if self.active_products else 0.0


def dashboard_exposure(*, days: int = EXPOSURE_DAYS) -> Exposure:
    since = timezone.now() - timedelta(days=days)
    recent = RowEvent.objects.filter(created_at__gte=since)
    labels = dict(PlacementStat.Placement.choices)
    by_position = (
        recent.values("placement", "position")
        .annotate(
            shown=Count("pk", filter=Q(kind=RowEvent.Kind.SHOWN)),
            clicks=Count("pk", filter=Q(kind=RowEvent.Kind.CLICKED)),
        )
        .order_by("placement", "position")
    )
    positions = [
        PositionRow(
            row["placement"],
            str(labels.get(row["placement"], row["placement"])),
            row["position"],
            row["shown"],
            row["clicks"],
        )
        for row in by_position
    ]
    per_product = dict(
        recent.filter(kind=RowEvent.Kind.SHOWN)
        .values("product_id")
        .annotate(n=Count("pk"))
        .values_list("product_id", "n")
    )
    catalogue = list(
        Product.objects.filter(is_active=True).values_list(
            "pk", "brand", "category_id", "popularity"
        )
    )
    brands: dict[str, int] = {}
    categories: dict[int, int] = {}
    for pk, brand, category_id, _popularity in catalogue:
        brands[brand] = brands.get(brand, 0) + per_product.get(pk, 0)
        categories[category_id] = categories.get(category_id, 0) + per_product.get(pk, 0)
    popularity = {pk: float(score) for pk, _b, _c, score in catalogue}
    return Exposure(
        days=days,
        positions=positions,
        shown=sum(per_product.values()),
        distinct_products=len(per_product),
        active_products=len(catalogue),
        brand_gini=gini(list(brands.values())),
        category_gini=gini(list(categories.values())),
        novelty_bits=novelty(per_product, popularity),
    )
