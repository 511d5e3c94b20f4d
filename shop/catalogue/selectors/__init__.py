"""Reads of the catalogue. Pages and the API go through these, never straight to the ORM.

* ``categories``: the cached category tree and the product listings;
* ``products``: a product's variants, options and attributes as its page and the API show them;
* ``stock``: whether a variant can be bought (``availability_problem``, ``stock_check``).
"""

from .categories import (
    CATEGORY_TREE_CACHE_KEY,
    CATEGORY_TREE_TTL,
    CategoryNode,
    CategoryTree,
    DepartmentTile,
    category_tree,
    department_tiles,
    product_base_queryset,
    product_bestsellers,
    product_get_for_page,
    product_newest,
)
from .freshness import (
    ProductStamp,
    catalogue_words_version,
    product_slug_forget,
    product_stamp,
    product_stamp_deps,
    product_version,
)
from .products import (
    OptionChoice,
    OptionGroup,
    ProductPage,
    Specification,
    VariantView,
    default_variant_ids,
    product_page,
    product_specifications,
    variant_for_choice,
    variant_get,
    variant_get_active,
    variant_list_for_product,
    variants_in_bulk,
)
from .stock import availability_problem, stock_check

__all__ = [
    "CATEGORY_TREE_CACHE_KEY",
    "CATEGORY_TREE_TTL",
    "CategoryNode",
    "CategoryTree",
    "DepartmentTile",
    "OptionChoice",
    "OptionGroup",
    "ProductPage",
    "ProductStamp",
    "Specification",
    "VariantView",
    "availability_problem",
    "catalogue_words_version",
    "category_tree",
    "default_variant_ids",
    "department_tiles",
    "product_base_queryset",
    "product_bestsellers",
    "product_get_for_page",
    "product_newest",
    "product_page",
    "product_slug_forget",
    "product_specifications",
    "product_stamp",
    "product_stamp_deps",
    "product_version",
    "stock_check",
    "variant_for_choice",
    "variant_get",
    "variant_get_active",
    "variant_list_for_product",
    "variants_in_bulk",
]
