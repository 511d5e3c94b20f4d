"""``{% promoted_prices products as promos %}`` and ``promos|promoted:product``: a listing's or
product page's promoted prices with the EU's lowest price of the previous 30 days."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from shop.catalogue.models import Product

from ..selectors import PromotedPrice, promoted_prices

register = template.Library()


@register.simple_tag
def promoted_prices_for(products: Iterable[Product] | Product) -> dict[int, PromotedPrice]:
    if isinstance(products, Product):
        products = [products]
    return promoted_prices(products=products)


@register.filter
def promoted(promos: dict[int, PromotedPrice] | None, product: Product) -> PromotedPrice | None:
    if not promos:
        return None
    return promos.get(product.pk)
