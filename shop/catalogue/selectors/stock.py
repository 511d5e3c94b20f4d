"""Stock reads. "Can I buy N of this?" has one answer everywhere (cart, cart page, API);
checkout re-checks under the row lock in ``services.stock_reserve``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..errors import OutOfStockError, ProductUnavailableError
from ..models import ProductVariant


def availability_problem(variant: ProductVariant, quantity: int) -> str:
    """Why ``quantity`` of ``variant`` cannot be bought now, or "" when it can."""
    if not variant.is_active or not variant.product.is_active:
        return _("%(title)s is no longer sold.") % {"title": variant.title}
    if variant.stock_quantity < 1:
        return _("%(title)s is out of stock.") % {"title": variant.title}
    if quantity > variant.stock_quantity:
        return _("Only %(stock)d of %(title)s in stock.") % {
            "stock": variant.stock_quantity,
            "title": variant.title,
        }
    return ""


def stock_check(*, variant: ProductVariant, quantity: int) -> None:
    """Raise the right error when ``quantity`` of ``variant`` cannot be bought now."""
    problem = availability_problem(variant, quantity)
    if not problem:
        return
    if not variant.is_active or not variant.product.is_active:
        raise ProductUnavailableError(problem)
    raise OutOfStockError(problem)
