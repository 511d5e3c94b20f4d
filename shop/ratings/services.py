"""Writes for reviews. The product's average and count are kept right on every write."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from recommendations.models import Interaction
from recommendations.services import interaction_record
from shop.accounts.models import User
from shop.catalogue.models import Product
from shop.orders.models import OrderLine
from shop.orders.services import PAID_STATUSES, ShopError

from .models import Review


class ReviewError(ShopError):
    pass


def product_rating_refresh(*, product_id: int) -> None:
    """Recompute a product's average and count from its visible reviews."""
    stats = Review.objects.filter(product_id=product_id, is_hidden=False).aggregate(
        average=Avg("stars"), count=Count("id")
    )
    average = Decimal(str(stats["average"] or 0)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    Product.objects.filter(pk=product_id).update(
        rating_average=average, rating_count=stats["count"]
    )


def review_submit(
    *, user: User, product: Product, stars: int, title: str = "", body: str = ""
) -> Review:
    """Create or replace the customer's review of ``product``."""
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise ReviewError(_("Choose from 1 to 5 stars."))
    title, body = title.strip(), body.strip()
    if len(title) > 120:
        raise ReviewError(_("The title can be at most 120 characters."))
    if len(body) > 5000:
        raise ReviewError(_("The review can be at most 5000 characters."))
    with transaction.atomic():
        # Lock the product so concurrent reviews update its average one after another.
        Product.objects.select_for_update().filter(pk=product.pk).first()
        verified = OrderLine.objects.filter(
            order__user=user, product=product, order__status__in=PAID_STATUSES
        ).exists()
        review, _created = Review.objects.update_or_create(
            user=user,
            product=product,
            defaults={
                "stars": stars,
                "title": title,
                "body": body,
                "is_verified_purchase": verified,
                "updated_at": timezone.now(),
            },
        )
        product_rating_refresh(product_id=product.pk)
    interaction_record(
        kind=Interaction.Kind.RATING, product_id=product.pk, user=user, weight=float(stars)
    )
    return review


@transaction.atomic
def review_set_hidden(*, review: Review, hidden: bool) -> Review:
    Product.objects.select_for_update().filter(pk=review.product_id).first()
    review.is_hidden = hidden
    review.save(update_fields=["is_hidden"])
    product_rating_refresh(product_id=review.product_id)
    return review


@transaction.atomic
def review_delete(*, user: User, review: Review) -> None:
    if review.user_id != user.pk:
        raise ReviewError(_("You can only delete your own review."))
    Product.objects.select_for_update().filter(pk=review.product_id).first()
    product_id = review.product_id
    review.delete()
    product_rating_refresh(product_id=product_id)
