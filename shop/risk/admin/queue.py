"""The review queue and every order's score, with staff's approve and reject."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from shop.orders.errors import OrderTransitionError
from shop.orders.payments import PaymentError

from ..models import Decision, HeldOrder, OrderRisk
from ..selectors import held_risks
from ..services import RiskDecisionError, order_risk_decide
from .common import FEATURE_LABELS, reasons_html


class OrderRiskAdmin(admin.ModelAdmin):
    list_display = (
        "order_number",
        "score_display",
        "level",
        "decision",
        "customer",
        "amount",
        "reasons_short",
        "scored_at",
        "decided_by",
    )
    list_filter: ClassVar[tuple[str, ...]] = (
        "level",
        "decision",
        "scoring_failed",
        "model_version",
        "scored_at",
    )
    list_select_related = ("order", "order__user", "decided_by")
    search_fields = ("order__number", "order__email", "order__user__username")
    ordering = ("-scoring_failed", "-score", "-scored_at")
    date_hierarchy = "scored_at"
    actions = ("approve", "reject")
    change_form_template = "admin/risk/orderrisk/change_form.html"
    fieldsets = (
        (None, {"fields": ("order_link", "customer", "amount", "order_status")}),
        (
            _("Risk"),
            {"fields": ("score_display", "level", "reasons_display", "model_version", "scored_at")},
        ),
        (_("Staff decision"), {"fields": ("decision", "decided_by", "decided_at", "note")}),
        (_("What the score is made of"), {"fields": ("features_display",)}),
    )
    readonly_fields = (
        "order_link",
        "customer",
        "amount",
        "order_status",
        "score_display",
        "level",
        "reasons_display",
        "model_version",
        "scored_at",
        "decision",
        "decided_by",
        "decided_at",
        "note",
        "features_display",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # every order is scored when it is placed

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    # --- columns -------------------------------------------------------------------------------

    @admin.display(description=_("order"), ordering="order__number")
    def order_number(self, obj: OrderRisk) -> str:
        return obj.order.number

    @admin.display(description=_("order"))
    def order_link(self, obj: OrderRisk) -> str:
        url = reverse("admin:orders_order_change", args=[obj.order_id])
        return format_html('<a href="{}">{}</a>', url, obj.order.number)

    @admin.display(description=_("order status"))
    def order_status(self, obj: OrderRisk) -> str:
        return obj.order.get_status_display()

    @admin.display(description=_("customer"), ordering="order__email")
    def customer(self, obj: OrderRisk) -> str:
        user = obj.order.user
        return f"{user.get_username()} <{obj.order.email}>" if user else obj.order.email

    @admin.display(description=_("amount"), ordering="order__total")
    def amount(self, obj: OrderRisk) -> str:
        return f"{obj.order.total} {obj.order.currency}"

    @admin.display(description=_("score"), ordering="score")
    def score_display(self, obj: OrderRisk) -> str:
        return str(_("not scored")) if obj.scoring_failed else str(obj.score)

    @admin.display(description=_("reasons"))
    def reasons_short(self, obj: OrderRisk) -> str:
        return "; ".join(obj.reasons[:3]) or "-"

    @admin.display(description=_("reasons"))
    def reasons_display(self, obj: OrderRisk) -> str:
        return reasons_html(obj)

    @admin.display(description=_("features"))
    def features_display(self, obj: OrderRisk) -> str:
        if not obj.features:
            return "-"
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td></tr>',
            (
                (FEATURE_LABELS.get(name, name), f"{value:g}")
                for name, value in obj.features.items()
            ),
        )
        return format_html(
            '<table><caption>{}</caption><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("Features of the order when it was placed"),
            _("Feature"),
            _("Value"),
            rows,
        )

    # --- decisions -----------------------------------------------------------------------------

    def _decide(self, request: HttpRequest, risks: Any, decision: str, note: str = "") -> int:
        done = 0
        for risk in risks:
            try:
                order_risk_decide(risk=risk, decision=decision, by=request.user, note=note)  # type: ignore[arg-type]
                done += 1
            except (RiskDecisionError, OrderTransitionError, PaymentError) as error:
                self.message_user(request, error.message, messages.ERROR)
        if done:
            text = (
                _("%(count)d order(s) approved: payment taken, released for fulfilment.")
                if decision == Decision.APPROVED
                else _(
                    "%(count)d order(s) rejected: cancelled, restocked, and the card's "
                    "authorisation released (the money was never taken)."
                )
            )
            self.message_user(request, text % {"count": done}, messages.SUCCESS)
        return done

    @admin.action(
        description=_("Approve selected (legitimate: release for fulfilment)"),
        permissions=["change"],
    )
    def approve(self, request: HttpRequest, queryset: QuerySet[OrderRisk]) -> None:
        self._decide(request, queryset.select_related("order"), Decision.APPROVED)

    @admin.action(
        description=_("Reject selected (fraud: cancel, restock, release the card)"),
        permissions=["change"],
    )
    def reject(self, request: HttpRequest, queryset: QuerySet[OrderRisk]) -> None:
        self._decide(request, queryset.select_related("order"), Decision.REJECTED)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The decision buttons on the page of one order: approve or reject, with a note."""
        if request.method == "POST" and object_id is not None:
            decision = (
                Decision.APPROVED
                if "_approve" in request.POST
                else Decision.REJECTED
                if "_reject" in request.POST
                else None
            )
            risk = self.get_object(request, object_id)
            if risk is not None and not self.has_change_permission(request, risk):
                raise PermissionDenied
            if risk is None or decision is None:
                self.message_user(request, _("Choose approve or reject."), messages.ERROR)
                return HttpResponseRedirect(request.path)
            self._decide(request, [risk], decision, note=request.POST.get("note", ""))
            return redirect("admin:risk_heldorder_changelist")
        return super().changeform_view(request, object_id, form_url, extra_context)


admin.site.register(OrderRisk, OrderRiskAdmin)


@admin.register(HeldOrder)
class HeldOrderAdmin(OrderRiskAdmin):
    """The review queue: only orders held back from fulfilment, most at risk first."""

    list_filter: ClassVar[tuple[str, ...]] = ("scoring_failed", "scored_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrderRisk]:
        return held_risks()
