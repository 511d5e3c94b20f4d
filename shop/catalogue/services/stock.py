"""Stock, per variant. Like Saleor's ``warehouse/management.py``, every change of a variant's
``stock_quantity`` goes through here, together with its product's total in the same
transaction.

Locks: a transaction takes the variant rows it needs first (in id order), then updates their
products in id order, and never takes a variant lock after a product lock; concurrent checkouts
therefore queue and never deadlock. Product totals move by increments (``F`` expressions), which
PostgreSQL re-evaluates on the latest row version, so two checkouts of different sizes of one
shirt both count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ..errors import OutOfStockError
from ..models import Product, ProductVariant
from .freshness import product_pages_touch


def _move_product_totals(deltas: Mapping[int, int]) -> None:
    moved = [product_id for product_id in sorted(deltas) if deltas[product_id]]
    for product_id in moved:
        Product.objects.filter(pk=product_id).update(
            stock_quantity=F("stock_quantity") + deltas[product_id]
        )
    # Their pages show the stock: cached copies get new keys.
    product_pages_touch(product_ids=moved)


def stock_reserve(*, quantities: Mapping[int, int]) -> dict[int, ProductVariant]:
    """Take ``quantities`` (variant id -> units) out of stock, all or nothing.

    Must run inside the transaction that records what the stock was taken for. The variant
    rows are locked in id order and availability is re-checked under the lock, so two buyers
    can never both get the last unit of a size. Returns the locked variants (with their
    product and its type, and their stock as it was before the reservation).
    """
    locked = {
        variant.pk: variant
        for variant in ProductVariant.objects.select_for_update(of=("self",))
        .select_related("product__product_type")
        .filter(pk__in=sorted(quantities))
        .order_by("pk")
    }
    problems = []
    for variant_id, quantity in sorted(quantities.items()):
        variant = locked.get(variant_id)
        if variant is None or not variant.is_active or not variant.product.is_active:
            problems.append(_("A product in your cart is no longer sold."))
        elif variant.stock_quantity < quantity:
            if variant.stock_quantity == 0:
                problems.append(_("%(title)s is out of stock.") % {"title": variant.title})
            else:
                problems.append(
                    _("Only %(stock)d of %(title)s left.")
                    % {"stock": variant.stock_quantity, "title": variant.title}
                )
    if problems:
        raise OutOfStockError(" ".join(problems))
    deltas: dict[int, int] = defaultdict(int)
    for variant_id in sorted(quantities):
        quantity = quantities[variant_id]
        ProductVariant.objects.filter(pk=variant_id).update(
            stock_quantity=F("stock_quantity") - quantity
        )
        deltas[locked[variant_id].product_id] -= quantity
    _move_product_totals(deltas)
    return locked


def stock_release(*, quantities: Mapping[int, int]) -> None:
    """Put ``quantities`` (variant id -> units) back into stock (a cancelled order, a failed
    payment). Variants deleted since are skipped."""
    wanted = {vid: qty for vid, qty in quantities.items() if qty > 0}
    if not wanted:
        return
    rows = ProductVariant.objects.filter(pk__in=list(wanted)).values_list(
        "pk", "product_id", "is_active"
    )
    product_of = {pk: (product_id, active) for pk, product_id, active in rows}
    deltas: dict[int, int] = defaultdict(int)
    for variant_id in sorted(wanted):
        if variant_id not in product_of:
            continue
        ProductVariant.objects.filter(pk=variant_id).update(
            stock_quantity=F("stock_quantity") + wanted[variant_id]
        )
        product_id, active = product_of[variant_id]
        # A product's total counts its active variants only (see product_variants_sync).
        deltas[product_id] += wanted[variant_id] if active else 0
    _move_product_totals(deltas)


@transaction.atomic
def variant_stock_set(*, variant_id: int, quantity: int) -> ProductVariant:
    """Staff count the shelf: the variant now has ``quantity`` units (its product's total
    follows). Locked like a reservation, so a checkout in between is never lost."""
    if quantity < 0:
        raise ValueError("stock cannot be negative")
    variant = ProductVariant.objects.select_for_update(of=("self",)).get(pk=variant_id)
    delta = quantity - variant.stock_quantity
    ProductVariant.objects.filter(pk=variant_id).update(stock_quantity=quantity)
    _move_product_totals({variant.product_id: delta if variant.is_active else 0})
    variant.stock_quantity = quantity
    return variant
