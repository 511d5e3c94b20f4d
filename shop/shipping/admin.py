from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import ShippingMethod, ShippingRate, ShippingZone
from .services import (
    shipping_table_invalidate,
    shipping_zone_delete,
    shipping_zone_overlap,
    shipping_zone_save,
)


class ShippingRateInline(admin.TabularInline):
    model = ShippingRate
    extra = 0
    fields = ("method", "price", "free_over", "min_days", "max_days")


class ShippingZoneForm(forms.ModelForm):
    class Meta:
        model = ShippingZone
        fields = ("name", "countries", "position")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone = ShippingZone(pk=self.instance.pk)
        # django-countries' field takes a list of codes; its stubs say otherwise.
        zone.countries = data.get("countries") or []  # type: ignore[assignment]
        taken = shipping_zone_overlap(zone=zone)
        if taken:
            self.add_error("countries", _("Already in another zone: %s.") % ", ".join(taken))
        return data


@admin.register(ShippingZone)
class ShippingZoneAdmin(admin.ModelAdmin):
    form = ShippingZoneForm
    list_display = ("name", "country_list", "position")
    inlines = (ShippingRateInline,)

    @admin.display(description=_("countries"))
    def country_list(self, obj: ShippingZone) -> str:
        return ", ".join(str(code) for code in obj.countries)

    def save_model(self, request: HttpRequest, obj: ShippingZone, form: Any, change: bool) -> None:
        shipping_zone_save(zone=obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        shipping_table_invalidate()

    def delete_model(self, request: HttpRequest, obj: ShippingZone) -> None:
        shipping_zone_delete(zone=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ShippingZone]) -> None:
        for zone in queryset:
            shipping_zone_delete(zone=zone)


@admin.register(ShippingMethod)
class ShippingMethodAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "position", "is_active")

    def save_model(
        self, request: HttpRequest, obj: ShippingMethod, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        shipping_table_invalidate()

    def delete_model(self, request: HttpRequest, obj: ShippingMethod) -> None:
        super().delete_model(request, obj)
        shipping_table_invalidate()
