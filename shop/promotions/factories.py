"""Test and demo factories for promotions and vouchers."""

from __future__ import annotations

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from .models import Promotion, PromotionKind, Voucher


class PromotionFactory(DjangoModelFactory):
    class Meta:
        model = Promotion
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Promotion {n}")
    kind = PromotionKind.PERCENTAGE
    value = Decimal("10")


class VoucherFactory(DjangoModelFactory):
    class Meta:
        model = Voucher

    promotion = factory.SubFactory(PromotionFactory, requires_voucher=True)
    code = factory.Sequence(lambda n: f"CODE{n}")
    max_uses = None
    max_uses_per_customer = None
