"""Where a cart's lines live: the session for visitors, the database for customers.

Both stores expose the same small interface of variant id -> quantity, so the cart services
hold the rules once, whoever owns the cart. Carts from before variants (product ids under the
old session key) are read once as their products' default variants.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest

from shop.accounts.models import User
from shop.catalogue.selectors import default_variant_ids

from .models import Cart, CartLine

# The session's cart since variants; ``settings.CART_SESSION_KEY`` held product ids before.
VARIANT_CART_KEY = "cart-variants"
VOUCHER_SESSION_KEY = "cart-voucher"
COUNTRY_SESSION_KEY = "delivery-country"


class CartStore(Protocol):
    def quantities(self) -> dict[int, int]: ...

    def set(self, variant_id: int, quantity: int) -> None: ...

    def remove(self, variant_id: int) -> None: ...

    def clear(self) -> None: ...

    def voucher_code(self) -> str: ...

    def set_voucher_code(self, code: str) -> None: ...


class SessionCartStore:
    """A visitor's cart: ``{"<variant id>": quantity}`` in the session."""

    def __init__(self, session: SessionBase) -> None:
        self.session = session

    def quantities(self) -> dict[int, int]:
        legacy = self.session.get(settings.CART_SESSION_KEY)
        if legacy:
            self._adopt_legacy(legacy)
        raw = self.session.get(VARIANT_CART_KEY) or {}
        return {int(variant_id): int(quantity) for variant_id, quantity in raw.items()}

    def _adopt_legacy(self, legacy: dict[str, int]) -> None:
        """A cart of product ids, written before variants: each product's default variant."""
        variants = default_variant_ids(int(pid) for pid in legacy)
        current = self.session.get(VARIANT_CART_KEY) or {}
        for product_id, quantity in legacy.items():
            variant_id = variants.get(int(product_id))
            if variant_id is not None:
                current[str(variant_id)] = int(current.get(str(variant_id), 0)) + int(quantity)
        self.session[VARIANT_CART_KEY] = current
        self.session.pop(settings.CART_SESSION_KEY, None)

    def _save(self, quantities: dict[int, int]) -> None:
        self.session[VARIANT_CART_KEY] = {str(k): v for k, v in quantities.items()}

    def set(self, variant_id: int, quantity: int) -> None:
        quantities = self.quantities()
        quantities[variant_id] = quantity
        self._save(quantities)

    def remove(self, variant_id: int) -> None:
        quantities = self.quantities()
        quantities.pop(variant_id, None)
        self._save(quantities)

    def clear(self) -> None:
        self.session.pop(VARIANT_CART_KEY, None)
        self.session.pop(settings.CART_SESSION_KEY, None)
        self.session.pop(VOUCHER_SESSION_KEY, None)

    def voucher_code(self) -> str:
        return str(self.session.get(VOUCHER_SESSION_KEY) or "")

    def set_voucher_code(self, code: str) -> None:
        if code:
            self.session[VOUCHER_SESSION_KEY] = code
        else:
            self.session.pop(VOUCHER_SESSION_KEY, None)


class DatabaseCartStore:
    """A signed-in customer's cart, kept across devices and sessions."""

    def __init__(self, user: User) -> None:
        self.user = user

    def _cart(self) -> Cart:
        cart, _created = Cart.objects.get_or_create(user=self.user)
        return cart

    def quantities(self) -> dict[int, int]:
        return dict(
            CartLine.objects.filter(cart__user=self.user).values_list("variant_id", "quantity")
        )

    @transaction.atomic
    def set(self, variant_id: int, quantity: int) -> None:
        CartLine.objects.update_or_create(
            cart=self._cart(), variant_id=variant_id, defaults={"quantity": quantity}
        )

    def remove(self, variant_id: int) -> None:
        CartLine.objects.filter(cart__user=self.user, variant_id=variant_id).delete()

    def clear(self) -> None:
        CartLine.objects.filter(cart__user=self.user).delete()
        Cart.objects.filter(user=self.user).exclude(voucher_code="").update(voucher_code="")

    def voucher_code(self) -> str:
        code = Cart.objects.filter(user=self.user).values_list("voucher_code", flat=True).first()
        return code or ""

    def set_voucher_code(self, code: str) -> None:
        Cart.objects.update_or_create(user=self.user, defaults={"voucher_code": code})


def cart_store_for(request: HttpRequest) -> CartStore:
    if request.user.is_authenticated:
        assert isinstance(request.user, User)
        return DatabaseCartStore(request.user)
    return SessionCartStore(request.session)


def shopper_country(request: HttpRequest) -> str:
    """The country prices and delivery are shown for: the one the shopper chose (or last
    shipped to at checkout), else their default address's, else the shop's home country."""
    chosen = request.session.get(COUNTRY_SESSION_KEY) if hasattr(request, "session") else None
    if chosen:
        return str(chosen)
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated:
        country = user.addresses.filter(is_default=True).values_list("country", flat=True).first()
        if country:
            return str(country).upper()
    return str(settings.SHOP_DEFAULT_COUNTRY)


def shopper_country_set(request: HttpRequest, country: str) -> None:
    request.session[COUNTRY_SESSION_KEY] = country.upper()
