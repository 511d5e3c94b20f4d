from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from shop.promotions.factories import PromotionFactory


def shown_offers(html: bytes) -> list[int]:
    """The promotion ids of the offer slots on a page."""
    return [int(pk) for pk in re.findall(rb'class="offer-slot"[^>]*data-offer="(\d+)"', html)]


def click_link(html: bytes) -> str:
    match = re.search(rb'href="(/offers/go/[^"]+/)"', html)
    assert match, "no offer link on the page"
    return match.group(1).decode()


@pytest.fixture
def promotions(db):  # type: ignore[no-untyped-def]
    """One promotion of each kind the slot must tell apart."""
    now = timezone.now()
    return {
        "open": PromotionFactory(name="Spring sale", description="10% off everything"),
        "loyal": PromotionFactory(name="Thank you", segments="loyal"),
        "voucher": PromotionFactory(name="Code only", requires_voucher=True),
        "inactive": PromotionFactory(name="Switched off", is_active=False),
        "ended": PromotionFactory(
            name="Ended", starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=1)
        ),
        "future": PromotionFactory(name="Not yet", starts_at=now + timedelta(days=1)),
    }
