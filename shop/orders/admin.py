from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .carriers import CHOICES as CARRIERS
from .errors import OrderTransitionError
from .forms import ShipmentForm
from .models import Order, OrderLine, OrderStatus, OrderStatusChange, PaymentTransaction
from .payments import PaymentError
from .services import order_transition
from .services.refunds import order_line_refund

if TYPE_CHECKING:  # django-stubs is a development dependency only
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class OrderAdminSection:
    """What an app above orders shows on the order admin (risk: the score), so orders' admin
    knows none of them: a read-only ``field`` under ``title`` on an order's page (after the
    first section), an optional ``column`` of the list (after the status), the list's
    ``filters`` and the ``select_related`` the column needs. ``field`` and ``column`` take
    the order and are decorated with ``admin.display``."""

    title: StrOrPromise
    field: Callable[[Order], str]
    column: Callable[[Order], str] | None = None
    filters: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()


_sections: dict[str, OrderAdminSection] = {}


def order_admin_section_register(*, uid: str, section: OrderAdminSection) -> None:
    """Called from the app's own ``admin.py``; ``uid`` makes registering twice harmless."""
    _sections[uid] = section


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
    list_display = ("number", "user", "status", "total", "currency", "created_at")
    list_filter = ("status", "created_at", "shipping_method", "is_guest")
    list_select_related = ("user",)
    search_fields = ("number", "user__username", "user__email", "ship_full_name", "email")
    date_hierarchy = "created_at"
    inlines = (OrderLineInline, StatusHistoryInline, PaymentInline)
    actions = ("mark_shipped", "mark_delivered", "cancel_orders", "refund_orders", "refund_lines")
    # Status and money change only through the actions, which enforce the lifecycle.
    readonly_fields = (
        "number",
        "user",
        "is_guest",
        "status",
        "email",
        "country_name",
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
    )
    fieldsets = (
        (None, {"fields": ("number", "user", "is_guest", "status", "email", "tracking_number")}),
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
                    "country_name",
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

    @admin.display(description=_("country shipped to"))
    def country_name(self, order: Order) -> str:
        return order.ship_country_name

    # --- what other apps add (OrderAdminSection) ------------------------------------------

    def get_list_display(self, request: HttpRequest) -> tuple[Any, ...]:
        columns = [section.column for section in _sections.values() if section.column]
        at = self.list_display.index("status") + 1
        return (*self.list_display[:at], *columns, *self.list_display[at:])

    def get_list_filter(self, request: HttpRequest) -> tuple[Any, ...]:
        filters = [name for section in _sections.values() for name in section.filters]
        return (self.list_filter[0], *filters, *self.list_filter[1:])

    def get_list_select_related(self, request: HttpRequest) -> tuple[str, ...]:
        joins = [name for section in _sections.values() for name in section.select_related]
        return (*self.list_select_related, *joins)

    def get_readonly_fields(
        self, request: HttpRequest, obj: Order | None = None
    ) -> tuple[Any, ...]:
        return (*self.readonly_fields, *(section.field for section in _sections.values()))

    def get_fieldsets(self, request: HttpRequest, obj: Order | None = None) -> Any:
        sections = [(s.title, {"fields": (s.field,)}) for s in _sections.values()]
        return (self.fieldsets[0], *sections, *self.fieldsets[1:])

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
        self._report(request, done, failed)

    def _report(self, request: HttpRequest, done: int, failed: list[str]) -> None:
        if done:
            self.message_user(
                request, _("%(count)d order(s) updated.") % {"count": done}, messages.SUCCESS
            )
        for message in failed:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=_("Mark selected orders as shipped (asks for tracking numbers)"))
    def mark_shipped(
        self, request: HttpRequest, queryset: QuerySet[Order]
    ) -> TemplateResponse | None:
        """A page asking for each order's carrier and tracking number, then the transitions:
        the customer's "shipped" e-mail carries them."""
        orders = list(queryset.order_by("pk"))
        forms = [
            ShipmentForm(
                request.POST if "ship" in request.POST else None,
                prefix=f"order-{order.pk}",
                initial={"carrier": order.carrier or CARRIERS[0][0]},
            )
            for order in orders
        ]
        if "ship" in request.POST and all(form.is_valid() for form in forms):
            done, failed = 0, []
            for order, form in zip(orders, forms, strict=True):
                try:
                    order_transition(
                        order=order,
                        to_status=OrderStatus.SHIPPED,
                        by=request.user,  # type: ignore[arg-type]
                        carrier=form.cleaned_data["carrier"],
                        tracking_number=form.cleaned_data["tracking_number"],
                    )
                    done += 1
                except (OrderTransitionError, PaymentError) as error:
                    failed.append(error.message)
            self._report(request, done, failed)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Ship orders"),
            "opts": self.model._meta,
            "rows": list(zip(orders, forms, strict=True)),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/orders/order/ship.html", context)

    @admin.action(description=_("Mark selected orders as delivered"))
    def mark_delivered(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self._apply(request, queryset, OrderStatus.DELIVERED)

    @admin.action(description=_("Cancel selected orders (stock returns, money refunded)"))
    def cancel_orders(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self._apply(request, queryset, OrderStatus.CANCELLED)

    @admin.action(description=_("Refund selected orders"))
    def refund_orders(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        self._apply(request, queryset, OrderStatus.REFUNDED)

    @admin.action(
        description=_("Refund some units of the selected orders' lines (asks how many)"),
        permissions=["change"],
    )
    def refund_lines(
        self, request: HttpRequest, queryset: QuerySet[Order]
    ) -> TemplateResponse | None:
        """A page listing each line with units left to refund, then orders' partial refund
        service for each line given a number (its discount prorated, the money back at the
        gateway after the commit)."""
        orders = list(queryset.order_by("pk").prefetch_related("lines"))
        rows = [
            (order, line, line.quantity - line.refunded_quantity)
            for order in orders
            for line in order.lines.all()
            if line.quantity > line.refunded_quantity
        ]
        if "refund" not in request.POST:
            context = {
                **self.admin_site.each_context(request),
                "title": _("Refund order lines"),
                "opts": self.model._meta,
                "orders": orders,
                "rows": rows,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/orders/order/refund_lines.html", context)
        done, failed = 0, []
        for order, line, _left in rows:
            units = request.POST.get(f"line-{line.pk}", "").strip()
            if units in ("", "0"):
                continue
            try:
                order_line_refund(
                    order=order,
                    line_id=line.pk,
                    quantity=int(units) if units.isdigit() else 0,
                    by=request.user,  # type: ignore[arg-type]
                )
                done += 1
            except (OrderTransitionError, PaymentError) as error:
                failed.append(f"{order.number}, {line.sku}: {error.message}")
        if done:
            self.message_user(
                request, _("%(count)d line(s) refunded.") % {"count": done}, messages.SUCCESS
            )
        for message in failed:
            self.message_user(request, message, messages.ERROR)
        return None
