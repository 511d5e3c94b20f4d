from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .admin_types import ProductAttributeValueInline, ProductVariantInline
from .models import Category, Product
from .services import category_delete, category_save, product_variants_sync


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "slug", "position")
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("parent",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)

    def save_model(self, request: HttpRequest, obj: Category, form: Any, change: bool) -> None:
        category_save(category=obj)

    def delete_model(self, request: HttpRequest, obj: Category) -> None:
        category_delete(category=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Category]) -> None:
        for category in queryset:
            category_delete(category=category)


class StockFilter(admin.SimpleListFilter):
    title = _("stock")
    parameter_name = "stock"

    def lookups(self, request: HttpRequest, model_admin: Any) -> tuple[tuple[str, Any], ...]:
        return (("out", _("Out of stock")), ("low", _("Low (1-5)")), ("in", _("In stock")))

    def queryset(self, request: HttpRequest, queryset: QuerySet[Product]) -> QuerySet[Product]:
        if self.value() == "out":
            return queryset.filter(stock_quantity=0)
        if self.value() == "low":
            return queryset.filter(stock_quantity__range=(1, 5))
        if self.value() == "in":
            return queryset.filter(stock_quantity__gt=0)
        return queryset


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = (
        "thumbnail",
        "title",
        "sku",
        "brand",
        "product_type",
        "category",
        "price",
        "stock_quantity",
        "is_active",
        "rating_average",
        "rating_count",
    )
    list_display_links = ("thumbnail", "title")
    # Price and stock are the variants' (edited inline, or in the variant list).
    list_editable = ("is_active",)
    list_filter = (
        "is_active",
        StockFilter,
        ("product_type", admin.RelatedOnlyFieldListFilter),
        ("category", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("category", "product_type")
    list_per_page = 50
    search_fields = ("title", "sku", "brand")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("category", "product_type")
    inlines = (ProductAttributeValueInline, ProductVariantInline)
    readonly_fields = (
        "price",
        "stock_quantity",
        "image_preview",
        "rating_average",
        "rating_count",
        "popularity",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "sku",
                    "brand",
                    "product_type",
                    "category",
                    "description",
                )
            },
        ),
        (
            _("Price and stock (from the variants below)"),
            {"fields": ("price", "currency", "stock_quantity", "lead_time_days", "is_active")},
        ),
        (_("Image"), {"fields": ("image", "image_preview")}),
        (
            _("Statistics"),
            {
                "fields": (
                    "rating_average",
                    "rating_count",
                    "popularity",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        product_variants_sync(product_id=form.instance.pk)

    @admin.display(description=_("image"))
    def thumbnail(self, obj: Product) -> str:
        return format_html(
            '<img src="{}" alt="" width="48" height="48" style="object-fit:cover">', obj.image_url
        )

    @admin.display(description=_("preview"))
    def image_preview(self, obj: Product) -> str:
        return format_html(
            '<img src="{}" alt="{}" width="240" height="240" style="object-fit:cover">',
            obj.image_url,
            obj.title,
        )
