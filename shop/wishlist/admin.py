from __future__ import annotations

from django.contrib import admin

from .models import SavedItem


@admin.register(SavedItem)
class SavedItemAdmin(admin.ModelAdmin):
    """What customers save: staff see demand for products (and for those out of stock)."""

    list_display = (
        "product",
        "variant",
        "user",
        "saved_price",
        "wants_restock_alert",
        "created_at",
    )
    list_filter = ("wants_restock_alert", "created_at")
    search_fields = ("product__title", "product__sku", "user__username")
    list_select_related = ("product", "variant", "user")
    raw_id_fields = ("user", "product", "variant")
    readonly_fields = ("saved_price", "alerted_price", "created_at")
