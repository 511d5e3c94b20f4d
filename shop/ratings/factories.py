from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory

from .models import Review


class ReviewFactory(DjangoModelFactory):
    """A review row as stored; write through ``review_submit`` to get its sentiment set."""

    class Meta:
        model = Review

    user = factory.SubFactory(UserFactory)
    product = factory.SubFactory(ProductFactory)
    stars = 4
    title = ""
    body = ""
