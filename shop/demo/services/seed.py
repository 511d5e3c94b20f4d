"""Seed the whole demo shop, step by step, from the framework-free generator's output."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from shop.demo.engine import DemoShop, generate

from .catalogue import (
    categories_seed,
    product_images_seed,
    product_statistics_refresh,
    products_seed,
)
from .live import live_orders_seed
from .orders import orders_seed
from .people import addresses_seed, customers_seed, staff_account_seed
from .run import Report, SeedRun
from .signals import interactions_seed, reviews_seed
from .stock import stock_plan_seed
from .types import product_types_seed, variants_seed


@dataclass(frozen=True, slots=True)
class DemoSeeded:
    """What a seeding made: the shop it wrote and the staff account's new password."""

    shop: DemoShop
    staff_password: str


def demo_seed(*, size: str, seed: int, images: bool, report: Report) -> DemoSeeded:
    """Generate the demo shop of ``size`` for ``seed`` and write what is not there yet.

    Rows are matched by natural keys (slugs, SKUs, usernames, per-order keys), so seeding
    again duplicates nothing; the order history and its signals, the stock set against those
    sales and today's orders through checkout (``live``) are written once. Images are
    never rendered for the large size (50,000 of them would take minutes).
    """
    report.step(f"Generating the {size} demo shop (seed {seed})")
    now = timezone.now()
    # Seasonal products sell in their season of the real calendar.
    shop = generate(size, seed, season_day=now.timetuple().tm_yday)
    report.line("  " + ", ".join(f"{n} {k}" for k, n in shop.counts.items()))
    run = SeedRun(shop=shop, now=now, report=report)
    categories = categories_seed(run=run)
    product_types, values = product_types_seed(run=run)
    products = products_seed(run=run, categories=categories, product_types=product_types)
    variants_seed(run=run, product_ids=products, value_ids=values)
    if images and size != "large":
        product_images_seed(run=run, product_ids=products)
    customers = customers_seed(run=run)
    addresses_seed(run=run, customer_ids=customers)
    if orders_seed(run=run, customer_ids=customers, product_ids=products):
        interactions_seed(run=run, customer_ids=customers, product_ids=products)
        stock_plan_seed(run=run, product_ids=products)
    reviews_seed(run=run, customer_ids=customers, product_ids=products)
    staff_password = staff_account_seed(run=run)
    live_orders_seed(run=run, customer_ids=customers)
    product_statistics_refresh(run=run, product_ids=products)
    return DemoSeeded(shop=shop, staff_password=staff_password)
