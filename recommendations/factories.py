from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory

from .models import Interaction


class InteractionFactory(DjangoModelFactory):
    class Meta:
        model = Interaction

    user = factory.SubFactory(UserFactory)
    product = factory.SubFactory(ProductFactory)
    kind = Interaction.Kind.PURCHASE
    weight = 1.0
