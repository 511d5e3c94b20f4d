"""Admin for what products are: product types with their attributes, attribute values, and
variants with their options. Product types and variants are edited here; the product's price
and stock are its variants' (kept by the catalogue's services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    Attribute,
    AttributeValue,
    ProductAttributeValue,
    ProductType,
    ProductTypeAttribute,
    ProductVariant,
    VariantOption,
)
from .services import (
    product_variants_sync,
    variant_options_problems,
    variant_options_set,
    variant_stock_set,
)


class AttributeValueInline(admin.TabularInline):
    model = AttributeValue
    extra = 0
    fields = ("name", "slug", "numeric", "position")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Attribute)
class AttributeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "input_type", "unit")
    list_filter = ("input_type", "unit")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AttributeValueInline,)


@admin.register(AttributeValue)
class AttributeValueAdmin(admin.ModelAdmin):
    """Searched by the product and variant pages' value pickers."""

    list_display = ("name", "attribute", "numeric")
    list_filter = (("attribute", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("attribute",)
    search_fields = ("name", "attribute__name")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return False  # edited with their attribute


class ProductTypeAttributeInline(admin.TabularInline):
    model = ProductTypeAttribute
    extra = 0
    fields = ("attribute", "role", "position")
    autocomplete_fields = ("attribute",)


@admin.register(ProductType)
class ProductTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "tax_class")
    list_filter = ("tax_class",)
    list_select_related = ("tax_class",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (ProductTypeAttributeInline,)


class ProductAttributeValueInline(admin.TabularInline):
    model = ProductAttributeValue
    extra = 0
    autocomplete_fields = ("value",)
    verbose_name_plural = _("attribute values (of the type's product attributes)")


class ProductVariantInline(admin.TabularInline):
    model = ProductVariant
    extra = 0
    fields = ("sku", "name", "price", "stock_quantity", "is_active", "position", "options_link")
    readonly_fields = ("name", "options_link")
    show_change_link = True

    @admin.display(description=_("options"))
    def options_link(self, obj: ProductVariant) -> str:
        if not obj.pk:
            return "-"
        url = reverse("admin:catalogue_productvariant_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Edit options and image"))


class VariantOptionFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        values = [
            form.cleaned_data["value"]
            for form in self.forms
            if form.cleaned_data.get("value") and not form.cleaned_data.get("DELETE")
        ]
        variant = self.instance
        problems = variant_options_problems(
            product=variant.product, values=values, variant_id=variant.pk
        )
        if problems:
            raise forms.ValidationError(problems)


class VariantOptionInline(admin.TabularInline):
    model = VariantOption
    formset = VariantOptionFormSet
    extra = 0
    autocomplete_fields = ("value",)


@admin.register(ProductVariant)
class ProductVariantAdmin(admin.ModelAdmin):
    list_display = ("sku", "product", "name", "price", "stock_quantity", "is_active")
    list_editable = ("price", "stock_quantity", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("product",)
    search_fields = ("sku", "product__title", "name")
    autocomplete_fields = ("product",)
    readonly_fields = ("name",)
    fields = ("product", "sku", "name", "price", "stock_quantity", "image", "is_active", "position")
    inlines = (VariantOptionInline,)

    def save_model(
        self, request: HttpRequest, obj: ProductVariant, form: Any, change: bool
    ) -> None:
        counted = obj.stock_quantity
        if change and "stock_quantity" in form.changed_data:
            # Staff counted the shelf: set through the stock service, under the row lock.
            obj.stock_quantity = ProductVariant.objects.get(pk=obj.pk).stock_quantity
            obj.save()
            variant_stock_set(variant_id=obj.pk, quantity=counted)
        else:
            obj.save()
        product_variants_sync(product_id=obj.product_id)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        variant = form.instance
        values = [option.value for option in variant.option_values.select_related("value")]
        if values:
            variant_options_set(variant=variant, values=values)
