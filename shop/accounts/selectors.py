"""Reads for customer accounts; everything is scoped to its owner."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Address, User


def address_list(*, user: User) -> QuerySet[Address]:
    return Address.objects.filter(user=user)


def address_get_owned(*, user: User, address_id: int) -> Address:
    """The customer's own address, or 404: other customers' ids look like missing ones."""
    return get_object_or_404(Address, pk=address_id, user=user)


def account_export(*, user: User) -> dict[str, Any]:
    """Everything the shop stores about ``user``, as plain JSON-able data (their right of
    access)."""
    # Imported here: these apps build on accounts, so accounts cannot import them at load.
    from customer_service.models import Conversation
    from recommendations.models import Interaction
    from shop.orders.models import Order
    from shop.ratings.models import Review
    from shop.risk.models import PaymentFailure
    from shop.segments.models import CustomerSegment

    orders = Order.objects.filter(user=user).prefetch_related("lines", "history")
    return {
        "account": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "addresses": list(
            user.addresses.values(
                "full_name", "line1", "line2", "city", "postcode", "country", "phone", "is_default"
            )
        ),
        "orders": [
            {
                "number": order.number,
                "status": order.status,
                "placed": order.created_at.isoformat(),
                "total": str(order.total),
                "currency": order.currency,
                "shipping_address": order.shipping_address_lines(),
                "lines": [
                    {
                        "title": line.title,
                        "sku": line.sku,
                        "quantity": line.quantity,
                        "unit_price": str(line.unit_price),
                    }
                    for line in order.lines.all()
                ],
                "history": [
                    {"status": change.to_status, "at": change.changed_at.isoformat()}
                    for change in order.history.all()
                ],
            }
            for order in orders
        ],
        "reviews": [
            {
                "product": r["product__title"],
                "stars": r["stars"],
                "title": r["title"],
                "body": r["body"],
                "updated": r["updated_at"].isoformat(),
            }
            for r in Review.objects.filter(user=user).values(
                "product__title", "stars", "title", "body", "updated_at"
            )
        ],
        "activity": [
            {"product": i["product__title"], "kind": i["kind"], "at": i["created_at"].isoformat()}
            for i in Interaction.objects.filter(user=user)
            .order_by("created_at")
            .values("product__title", "kind", "created_at")
        ],
        "conversations": [
            {
                "started": conversation.created_at.isoformat(),
                "messages": [
                    {"from": m.sender, "text": m.text, "at": m.created_at.isoformat()}
                    for m in conversation.messages.all()
                ],
            }
            for conversation in Conversation.objects.filter(user=user).prefetch_related("messages")
        ],
        "failed_payments": [
            {"kind": f["kind"], "amount": str(f["amount"]), "at": f["created_at"].isoformat()}
            for f in PaymentFailure.objects.filter(user=user).values("kind", "amount", "created_at")
        ],
        # The profile staff see of the customer (their right to know about profiling).
        "segment": next(
            (
                {
                    "segment": assignment.get_segment_display(),
                    "recency_days": assignment.recency_days,
                    "orders": assignment.frequency,
                    "spend": str(assignment.monetary),
                }
                for assignment in CustomerSegment.objects.filter(user=user)
            ),
            None,
        ),
    }
