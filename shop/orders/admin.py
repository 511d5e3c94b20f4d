from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shop.risk.models import OrderRisk

from .errors import OrderTransitionError
from .models import Order, OrderLine, OrderStatus, OrderStatusChange, PaymentTransaction
from .payments import PaymentError
from .services import order_transition


def _risk_of(order: Order) -> OrderRisk | None:
    try:
        return order.risk
    except ObjectDoesNotExist:  # orders placed before risk scoring, until the backfill
        return None


class ReadOnlyInline(admin.TabularInline):
    """Records of what happened: shown in full, never edited by hand."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> tuple[str, ...]:
        return tuple(str(name) for name in self.fields or ())

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ("product", "title", "sku", "unit_price", "quantity", "line_total")


class StatusHistoryInline(ReadOnlyInline):
    model = OrderStatusChange
    fields = ("from_status", "to_status", "changed_at", "changed_by", "note")


class PaymentInline(ReadOnlyInline):
    model = PaymentTransaction
    fields = ("kind", "amount", "reference", "backend", "created_at")


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("number", "user", "status", "risk_level", "total", "currency", "created_at")
    list_filter = ("status", "risk__level", "risk__decision", "created_at", "shipping_method")
    list_select_related = ("user", "risk")
    search_fields = ("number", "user__username", "user__email", "ship_full_name", "email")
    date_hierarchy = "created_at"
    inlines = (OrderLineInline, StatusHistoryInline, PaymentInline)
    actions = ("mark_shipped", "mark_delivered", "cancel_orders", "refund_orders")
    # Status and money change only through the actions, which enforce the lifecycle.
    readonly_fields = (
        "number",
        "user",
        "status",
        "email",
        "subtotal",
        "shipping_price",
        "total",
        "currency",
        "shipping_method",
        "shipping_method_name",
        "payment_reference",
        "payment_card",
        "created_at",
        "paid_at",
        "shipped_at",
        "delivered_at",
        "cancelled_at",
        "refunded_at",
        "risk_summary",
    )
    fieldsets = (
        (None, {"fields": ("number", "user", "status", "email", "tracking_number")}),
        (_("Risk"), {"fields": ("risk_summary",)}),
        (
            _("Shipping address"),
            {
                "fields": (
                    "ship_full_name",
                    "ship_line1",
                    "ship_line2",
                    "ship_city",
                    "ship_postcode",
                    "ship_country",
                    "ship_phone",
                )
            },
        ),
        (
            _("Money"),
            {
                "fields": (
                    "subtotal",
                    "shipping_method_name",
                    "shipping_price",
                    "total",
                    "currency",
                    "payment_reference",
                )
            },
        ),
        (
            _("Dates"),
            {
                "fields": (
                    "created_at",
                    "paid_at",
                    "shipped_at",
                    "delivered_at",
                    "cancelled_at",
                    "refunded_at",
                )
            },
        ),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # orders are placed by customers through checkout

    @admin.display(description=_("risk"), ordering="risk__score")
    def risk_level(self, obj: Order) -> str:
        risk = _risk_of(obj)
        if risk is None:
            return "-"
        label = f"{risk.get_level_display()} ({risk.score})"
        return f"{label}, {_('held')}" if risk.is_held else label

    @admin.display(description=_("risk"))
    def risk_summary(self, obj: Order) -> str:
        from shop.risk.admin import reasons_html

        risk = _risk_of(obj)
        if risk is None:
            return str(_("Not scored yet."))
        url = reverse("admin:risk_orderrisk_change", args=[risk.pk])
        state = (
            _("held for review: it cannot ship until approved")
            if risk.is_held
            else risk.get_decision_display()
        )
        return format_html(
            '<p><a href="{}">{}</a>: {} ({})</p>{}',
            url,
            _("Score %(score)s, %(level)s")
            % {"score": risk.score, "level": risk.get_level_display()},
            state,
            risk.decided_by or "",
            reasons_html(risk),
        )

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def _apply(self, request: HttpRequest, queryset: QuerySet[Order], to_status: str) -> None:
        done, failed = 0, []
        for order in queryset:
            try:
                order_transition(order=order, to_status=to_status, by=request.user)  # type: ignore[arg-type]
                done += 1
            except (OrderTransitionError, PaymentError) as error:
                failed.append(error.message)
        if done:
            self.message_user(
                request, _("%(count)d order(s) updated.") % {"count": done}, messages.SUCCESS
            )
        for message in failed:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=_("Mark selected orders as shipped"))
    def mark_shipped(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self._apply(request, queryset, OrderStatus.SHIPPED)

    @admin.action(description=_("Mark selected orders as delivered"))
    def mark_delivered(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self._apply(request, queryset, OrderStatus.DELIVERED)

    @admin.action(description=_("Cancel selected orders (stock returns, money refunded)"))
    def cancel_orders(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self._apply(request, queryset, OrderStatus.CANCELLED)

    @admin.action(description=_("Refund selected orders"))
    def refund_orders(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self._apply(request, queryset, OrderStatus.REFUNDED)
