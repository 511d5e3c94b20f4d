"""How segments reach pricing: a segment provider registered with orders' hooks from
``ready()``, so promotions for a segment apply without orders (or promotions) importing
segments."""

from __future__ import annotations

from shop.orders.hooks import register_segment_provider

from .models import CustomerSegment, Segment


class CustomerSegments:
    def segments_of(self, user_id: int) -> frozenset[str]:
        return frozenset(
            CustomerSegment.objects.filter(user_id=user_id).values_list("segment", flat=True)
        )

    def choices(self) -> list[tuple[str, str]]:
        return [(str(value), str(label)) for value, label in Segment.choices]


def connect() -> None:
    register_segment_provider(CustomerSegments(), uid="segments")
