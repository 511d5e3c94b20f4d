"""The catalogue's refusals (see ``shop.core.errors``)."""

from __future__ import annotations

from shop.core.errors import ConflictError, ShopError


class OutOfStockError(ConflictError):
    """Not enough stock for what was asked; the message names each product concerned."""

    code = "out_of_stock"


class ProductUnavailableError(ConflictError):
    """The product is no longer sold."""

    code = "unavailable"


class CatalogueError(ShopError):
    """A catalogue write that does not fit the product's type (staff and imports see it)."""

    code = "catalogue_invalid"
