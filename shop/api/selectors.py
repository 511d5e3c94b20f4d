"""Thin reads the API needs that the apps' selectors do not offer (yet).

Each narrows an app selector's queryset or asks the ORM for one row by key; none holds a rule.
If an app grows the same read, use that one and drop this.
"""

from __future__ import annotations

from shop.accounts.models import Address, User
from shop.accounts.selectors import address_list
from shop.catalogue.models import Product
from shop.catalogue.selectors import product_base_queryset


def product_get_active(*, product_id: int) -> Product | None:
    """A product the shop sells, with its category (as the listings read it)."""
    return product_base_queryset().filter(pk=product_id).first()


def product_get_any(*, product_id: int) -> Product | None:
    """Any product, sold or not: the cart services explain why one can no longer be bought."""
    return Product.objects.filter(pk=product_id).first()


def address_get_own(*, user: User, address_id: int) -> Address | None:
    """The customer's saved address, or None (also for another customer's)."""
    return address_list(user=user).filter(pk=address_id).first()
