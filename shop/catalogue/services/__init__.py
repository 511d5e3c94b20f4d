"""Writes to the catalogue; import them from here.

* ``categories``: the category tree and products' public ratings;
* ``products``: product types' attributes, products' attribute values, variants and their
  options, and the product fields kept from its variants (lowest price, total stock);
* ``stock``: the only writers of stock (``stock_reserve`` at checkout, ``stock_release`` on a
  cancellation or a failed payment, ``variant_stock_set`` for staff).
"""

from .categories import category_delete, category_save, category_tree_invalidate, product_rating_set
from .freshness import catalogue_words_touch, product_pages_touch
from .products import (
    product_attribute_values_set,
    product_variant_create,
    product_variants_sync,
    variant_options_problems,
    variant_options_set,
)
from .stock import stock_release, stock_reserve, variant_stock_set

__all__ = [
    "catalogue_words_touch",
    "category_delete",
    "category_save",
    "category_tree_invalidate",
    "product_attribute_values_set",
    "product_pages_touch",
    "product_rating_set",
    "product_variant_create",
    "product_variants_sync",
    "stock_release",
    "stock_reserve",
    "variant_options_problems",
    "variant_options_set",
    "variant_stock_set",
]
