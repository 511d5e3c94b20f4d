from __future__ import annotations

from django.db.models import QuerySet

from shop.accounts.models import User
from shop.catalogue.models import Product

from .models import Review


def review_list_for_product(*, product: Product) -> QuerySet[Review]:
    """Visible reviews, newest first, with their authors in the same query."""
    return (
        Review.objects.filter(product=product, is_hidden=False)
        .select_related("user")
        .order_by("-updated_at", "-id")
    )


def review_get_own(*, user: User, product: Product) -> Review | None:
    return Review.objects.filter(user=user, product=product).first()
