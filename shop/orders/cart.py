"""Where a cart's lines live: the session for visitors, the database for customers.

Both stores expose the same small interface of product id -> quantity, so the cart services
hold the rules once, whoever owns the cart.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest

from shop.accounts.models import User

from .models import Cart, CartLine


class CartStore(Protocol):
    def quantities(self) -> dict[int, int]: ...

    def set(self, product_id: int, quantity: int) -> None: ...

    def remove(self, product_id: int) -> None: ...

    def clear(self) -> None: ...


class SessionCartStore:
    """A visitor's cart: ``{"<product id>": quantity}`` in the session."""

    def __init__(self, session: SessionBase) -> None:
        self.session = session

    def quantities(self) -> dict[int, int]:
        raw = self.session.get(settings.CART_SESSION_KEY) or {}
        return {int(product_id): int(quantity) for product_id, quantity in raw.items()}

    def _save(self, quantities: dict[int, int]) -> None:
        self.session[settings.CART_SESSION_KEY] = {str(k): v for k, v in quantities.items()}

    def set(self, product_id: int, quantity: int) -> None:
        quantities = self.quantities()
        quantities[product_id] = quantity
        self._save(quantities)

    def remove(self, product_id: int) -> None:
        quantities = self.quantities()
        quantities.pop(product_id, None)
        self._save(quantities)

    def clear(self) -> None:
        self.session.pop(settings.CART_SESSION_KEY, None)


class DatabaseCartStore:
    """A signed-in customer's cart, kept across devices and sessions."""

    def __init__(self, user: User) -> None:
        self.user = user

    def _cart(self) -> Cart:
        cart, _created = Cart.objects.get_or_create(user=self.user)
        return cart

    def quantities(self) -> dict[int, int]:
        return dict(
            CartLine.objects.filter(cart__user=self.user).values_list("product_id", "quantity")
        )

    @transaction.atomic
    def set(self, product_id: int, quantity: int) -> None:
        CartLine.objects.update_or_create(
            cart=self._cart(), product_id=product_id, defaults={"quantity": quantity}
        )

    def remove(self, product_id: int) -> None:
        CartLine.objects.filter(cart__user=self.user, product_id=product_id).delete()

    def clear(self) -> None:
        CartLine.objects.filter(cart__user=self.user).delete()


def cart_store_for(request: HttpRequest) -> CartStore:
    if request.user.is_authenticated:
        assert isinstance(request.user, User)
        return DatabaseCartStore(request.user)
    return SessionCartStore(request.session)
