from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import TaxClass, TaxRate
from .services import country_taxes_invalidate, tax_class_delete, tax_rate_delete, tax_rate_save


class TaxRateInline(admin.TabularInline):
    model = TaxRate
    extra = 0
    fields = ("country", "rate")


@admin.register(TaxClass)
class TaxClassAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (TaxRateInline,)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        for instance in [*formset.new_objects, *formset.changed_objects, *formset.deleted_objects]:
            rate = instance[0] if isinstance(instance, tuple) else instance
            country_taxes_invalidate(country=str(rate.country))

    def delete_model(self, request: HttpRequest, obj: TaxClass) -> None:
        tax_class_delete(tax_class=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[TaxClass]) -> None:
        for tax_class in queryset:
            tax_class_delete(tax_class=tax_class)


@admin.register(TaxRate)
class TaxRateAdmin(admin.ModelAdmin):
    list_display = ("country", "tax_class", "rate")
    list_filter = ("tax_class",)
    list_select_related = ("tax_class",)
    search_fields = ("country",)

    def save_model(self, request: HttpRequest, obj: TaxRate, form: Any, change: bool) -> None:
        tax_rate_save(tax_rate=obj)

    def delete_model(self, request: HttpRequest, obj: TaxRate) -> None:
        tax_rate_delete(tax_rate=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[TaxRate]) -> None:
        for rate in queryset:
            tax_rate_delete(tax_rate=rate)
