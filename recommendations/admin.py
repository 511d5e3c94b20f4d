from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Interaction


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "product", "user", "weight")
    list_filter = ("kind", "created_at")
    list_select_related = ("product", "user")
    raw_id_fields = ("product", "user")
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
