"""Staff's promotions and vouchers: the scope, dates and stacking of each promotion, its codes,
and each code's uses (which order, which customer, how much, given back or not)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from shop.orders.hooks import segment_choices

from .models import Promotion, VariantPrice, Voucher, VoucherUse


class PromotionForm(forms.ModelForm):
    segment_list = forms.MultipleChoiceField(
        label=_("customer segments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every shopper."),
    )

    class Meta:
        model = Promotion
        fields = (
            "name",
            "description",
            "kind",
            "value",
            "is_active",
            "starts_at",
            "ends_at",
            "products",
            "product_types",
            "categories",
            "brands",
            "min_spend",
            "requires_voucher",
            "combinable",
            "exclusive_group",
            "priority",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["segment_list"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = segment_choices()
        self.initial["segment_list"] = sorted(self.instance.segment_names)

    def save(self, commit: bool = True) -> Promotion:
        self.instance.segments = ",".join(self.cleaned_data.get("segment_list") or [])
        return super().save(commit=commit)


class VoucherInline(admin.TabularInline):
    model = Voucher
    extra = 0
    fields = ("code", "max_uses", "max_uses_per_customer", "starts_at", "ends_at", "is_active")
    show_change_link = True


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    form = PromotionForm
    list_display = (
        "name",
        "kind",
        "value",
        "min_spend",
        "starts_at",
        "ends_at",
        "is_active",
        "requires_voucher",
        "combinable",
        "exclusive_group",
        "priority",
    )
    list_filter = ("kind", "is_active", "requires_voucher", "combinable")
    search_fields = ("name", "description", "brands", "vouchers__code")
    filter_horizontal = ("products", "product_types", "categories")
    inlines = (VoucherInline,)
    fieldsets = (
        (None, {"fields": ("name", "description", "kind", "value", "is_active")}),
        (_("When"), {"fields": ("starts_at", "ends_at")}),
        (
            _("Who and what"),
            {
                "fields": (
                    "products",
                    "product_types",
                    "categories",
                    "brands",
                    "segment_list",
                    "min_spend",
                )
            },
        ),
        (
            _("Stacking"),
            {"fields": ("requires_voucher", "combinable", "exclusive_group", "priority")},
        ),
    )


class VoucherUseInline(admin.TabularInline):
    model = VoucherUse
    extra = 0
    can_delete = False
    fields = ("order", "user", "amount", "used_at", "released_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "promotion",
        "uses_counted",
        "max_uses",
        "max_uses_per_customer",
        "ends_at",
        "is_active",
    )
    list_filter = ("is_active",)
    search_fields = ("code", "promotion__name")
    list_select_related = ("promotion",)
    inlines = (VoucherUseInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Voucher]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                counted=Count("uses", filter=Q(uses__released_at__isnull=True), distinct=True)
            )
        )

    @admin.display(description=_("uses"), ordering="counted")
    def uses_counted(self, obj: Voucher) -> int:
        return int(getattr(obj, "counted", 0))


@admin.register(VariantPrice)
class VariantPriceAdmin(admin.ModelAdmin):
    list_display = ("variant", "price", "since")
    list_select_related = ("variant",)
    search_fields = ("variant__sku",)
    readonly_fields = ("variant", "price", "since")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
