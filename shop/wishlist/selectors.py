from __future__ import annotations

from django.db.models import QuerySet

from shop.accounts.models import User

from .models import SavedItem


def saved_items_for(*, user: User) -> QuerySet[SavedItem]:
    """The customer's saved items with what their cards show, newest first."""
    return SavedItem.objects.filter(user=user, product__is_active=True).select_related(
        "product", "variant"
    )


def saved_item_get(*, user: User, item_id: int) -> SavedItem | None:
    """One of the customer's own saved items; another customer's is None, as a missing one."""
    return saved_items_for(user=user).filter(pk=item_id).first()


def saved_product_ids(*, user: User) -> set[int]:
    return set(SavedItem.objects.filter(user=user).values_list("product_id", flat=True))
