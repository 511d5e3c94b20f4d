"""The demo's stock, set against its own sales, so the stock lists have something true to say.

The generator draws each product's stock without looking at what it sells, so a product that
sells nothing may be out of stock and a best seller may hold a year's worth. After the order
history is written, the products that sold in the last eight weeks get a stock that a buyer
would plausibly be looking at today: most last comfortably beyond their supplier lead time, a
share of the steady sellers (those the forecast can see a rate in) run out within it, and a
few are out of stock now. Written through the catalogue's ``variant_stock_set``, as staff
counting the shelf would; products without recent sales keep the generator's stock.

The large demo (for benchmarks) keeps the generator's stock: 100,000 variants one at a time
would take minutes.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict

from shop.catalogue.models import ProductVariant
from shop.catalogue.services import variant_stock_set

from .run import SeedRun

WINDOW_DAYS = 56
SOLD_STATUSES = ("paid", "shipped", "delivered")
# What the forecast calls a regular seller: at least a unit a week over the window.
STEADY_UNITS = 8
RUNS_OUT_SHARE = 0.3  # of steady sellers: stock for 25-75% of the lead time
OUT_OF_STOCK_SHARE = 0.08  # of steady sellers
OUT_OF_STOCK_OTHERS = 0.03  # of occasional sellers
RUNS_OUT_COVER = (0.2, 0.6)  # of the lead time's demand
MIN_RUNS_OUT = 5  # steady sellers, where there are so many
ENOUGH_DAYS = (30.0, 150.0)  # beyond the lead time
MIN_STOCK = 3


def recent_units(run: SeedRun) -> Counter[str]:
    """Units sold per SKU of product in the window, as the forecast will count them."""
    units: Counter[str] = Counter()
    for order in run.shop.orders:
        if order.days_ago <= WINDOW_DAYS and order.status in SOLD_STATUSES:
            for sku, quantity in order.lines:
                units[sku] += quantity
    return units


def planned_stock(units: int, lead_time_days: int, rng: random.Random, fate: str) -> int:
    """A product's stock from its units sold in the window (at least one), its lead time and
    its ``fate``: ``"out"`` of stock, ``"runs_out"`` within the lead time, or ``"enough"``."""
    rate = units / WINDOW_DAYS
    if fate == "out":
        return 0
    if fate == "runs_out":
        return max(1, math.floor(rate * lead_time_days * rng.uniform(*RUNS_OUT_COVER)))
    return max(MIN_STOCK, math.ceil(rate * (lead_time_days + rng.uniform(*ENOUGH_DAYS))))


def stock_fates(units: Counter[str], rng: random.Random) -> dict[str, str]:
    """Each selling SKU's fate. Counted, not drawn one by one: a small demo with a dozen steady
    sellers would otherwise show no "runs out soon" row on some days and five on others. The
    steady sellers run out (the forecast sees their rate clearly), at least ``MIN_RUNS_OUT``."""
    steady = sorted(sku for sku, n in units.items() if n >= STEADY_UNITS)
    rng.shuffle(steady)
    n_out = round(OUT_OF_STOCK_SHARE * len(steady))
    n_runs_out = max(MIN_RUNS_OUT, round(RUNS_OUT_SHARE * len(steady)))
    fates = {sku: "enough" for sku in units}
    fates.update({sku: "out" for sku in steady[:n_out]})
    fates.update({sku: "runs_out" for sku in steady[n_out : n_out + n_runs_out]})
    for sku in sorted(units):
        if units[sku] < STEADY_UNITS and rng.random() < OUT_OF_STOCK_OTHERS:
            fates[sku] = "out"
    return fates


def stock_plan_seed(*, run: SeedRun, product_ids: list[int]) -> None:
    """Set the stock of the products that sold recently (see the module's docstring)."""
    run.report.step("Stock against recent sales")
    if run.shop.size.name == "large":
        run.report.line("  the large demo keeps the generated stock")
        return
    units = recent_units(run)
    rng = random.Random(f"demo-stock:{run.shop.seed}")
    fates = stock_fates(units, rng)
    variants: dict[int, list[int]] = defaultdict(list)
    for variant_id, product_id in (
        ProductVariant.objects.filter(product_id__in=product_ids, is_active=True)
        .order_by("product_id", "position", "pk")
        .values_list("pk", "product_id")
    ):
        variants[product_id].append(variant_id)
    changed = Counter[str]()
    for product_id, spec in zip(product_ids, run.shop.products, strict=True):
        if not units[spec.sku] or not variants[product_id]:
            continue
        stock = planned_stock(units[spec.sku], spec.lead_time_days, rng, fates[spec.sku])
        ids = variants[product_id]
        # Spread over the variants, the first ones (the usual sizes) getting the remainder.
        share, extra = divmod(stock, len(ids))
        for position, variant_id in enumerate(ids):
            variant_stock_set(variant_id=variant_id, quantity=share + (position < extra))
        changed["out of stock" if stock == 0 else "set"] += 1
    run.report.line(
        f"  {changed['set']} products restocked against their sales, "
        f"{changed['out of stock']} out of stock"
    )
