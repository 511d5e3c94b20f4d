"""The demo's interaction signals and reviews, which the recommenders and insights learn from.

Both are bulk inserts dated in the past. The apps' own services record one signal or one
review at a time, dated now: ``interaction_record`` would be a million inserts for the large
demo, and ``ratings.review_submit`` also scores sentiment, records a rating signal (the
generator's events already hold it) and refreshes the product's rating on every review.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from recommendations.models import Interaction
from shop.demo.engine import EVENT_KINDS
from shop.orders.models import OrderLine
from shop.orders.services import PAID_STATUSES
from shop.ratings.models import Review

from .run import BATCH, SeedRun, batched

# Interactions are small rows; twice the usual batch keeps inserts few.
INTERACTION_BATCH = BATCH * 2


def interactions_seed(*, run: SeedRun, customer_ids: list[int], product_ids: list[int]) -> None:
    """Insert every generated view, cart, purchase and rating signal, oldest first."""
    run.report.step("Interaction signals")
    arrays = run.shop.event_arrays
    users = np.asarray(customer_ids, dtype=np.int64)
    products = np.asarray(product_ids, dtype=np.int64)
    total = len(arrays)
    for start in range(0, total, INTERACTION_BATCH):
        window = slice(start, start + INTERACTION_BATCH)
        rows = zip(
            users[arrays.customer[window]].tolist(),
            products[arrays.product[window]].tolist(),
            arrays.kind[window].tolist(),
            arrays.value[window].tolist(),
            arrays.days_ago[window].tolist(),
            strict=True,
        )
        Interaction.objects.bulk_create(
            Interaction(
                user_id=user_id,
                product_id=product_id,
                kind=EVENT_KINDS[kind],
                weight=float(value),
                created_at=run.now - timedelta(days=float(days_ago)),
            )
            for user_id, product_id, kind, value, days_ago in rows
        )
        run.progress("signals", min(start + INTERACTION_BATCH, total), total)


def reviews_seed(*, run: SeedRun, customer_ids: list[int], product_ids: list[int]) -> None:
    """Insert the reviews not there yet: at most one per customer and product."""
    run.report.step("Reviews")
    shop = run.shop
    by_sku = {spec.sku: pid for pid, spec in zip(product_ids, shop.products, strict=True)}
    # A review of something the customer has paid for is a verified purchase.
    bought = set(
        OrderLine.objects.filter(order__status__in=PAID_STATUSES).values_list(
            "order__user_id", "product_id"
        )
    )
    seen = set(Review.objects.values_list("user_id", "product_id"))
    new = []
    for spec in shop.reviews:
        key = (customer_ids[spec.customer], by_sku[spec.sku])
        if key in seen:
            continue
        seen.add(key)
        new.append(
            Review(
                user_id=key[0],
                product_id=key[1],
                stars=spec.stars,
                title=spec.title,
                body=spec.body,
                is_verified_purchase=key in bought,
                created_at=run.now - timedelta(days=spec.days_ago),
                updated_at=run.now - timedelta(days=spec.days_ago),
            )
        )
    for chunk in batched(new):
        Review.objects.bulk_create(chunk)
    run.report.line(f"  {len(new)} reviews created")
