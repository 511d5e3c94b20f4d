"""Order risk for staff: the review queue with approve/reject, every score, the models."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from shop.core.admin import RunButtonAdmin
from shop.orders.admin import OrderAdminSection, order_admin_section_register
from shop.orders.errors import OrderTransitionError
from shop.orders.models import Order
from shop.orders.payments import PaymentError

from .engine.rules import DISABLED, RULES
from .models import Decision, HeldOrder, OrderRisk, PaymentFailure, RiskModel
from .selectors import held_risks
from .services import RiskDecisionError, order_risk_decide
from .tasks import RISK_RECALIBRATION

FEATURE_LABELS = {
    "account_age_hours": _("Account age at order (hours)"),
    "previous_orders": _("Previous orders"),
    "amount": _("Order total"),
    "amount_vs_usual": _("Total vs this customer's usual (x)"),
    "failed_payments_24h": _("Declined payments, last 24 h"),
    "new_address": _("Ships to a new address (1 = yes)"),
    "new_country": _("Ships to a new country (1 = yes)"),
    "orders_24h": _("Orders by this account, last 24 h"),
    "address_orders_24h": _("Other accounts' orders to this address, last 24 h"),
    "max_quantity": _("Largest quantity of one product"),
}


def reasons_html(risk: OrderRisk) -> str:
    if not risk.reasons:
        return str(_("nothing unusual"))
    return format_html(
        "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in risk.reasons))
    )


def _risk_of(order: Order) -> OrderRisk | None:
    try:
        return order.risk
    except ObjectDoesNotExist:  # orders placed before risk scoring, until the backfill
        return None


@admin.display(description=_("risk"), ordering="risk__score")
def order_risk_level(order: Order) -> str:
    """The order list's risk column."""
    risk = _risk_of(order)
    if risk is None:
        return "-"
    label = f"{risk.get_level_display()} ({risk.score})"
    return f"{label}, {_('held')}" if risk.is_held else label


@admin.display(description=_("risk"))
def order_risk_summary(order: Order) -> str:
    """The risk section of an order's page: score, state, reasons, a link to decide."""
    risk = _risk_of(order)
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
        _("Score %(score)s, %(level)s") % {"score": risk.score, "level": risk.get_level_display()},
        state,
        risk.decided_by or "",
        reasons_html(risk),
    )


order_admin_section_register(
    uid="risk",
    section=OrderAdminSection(
        title=_("Risk"),
        field=order_risk_summary,
        column=order_risk_level,
        filters=("risk__level", "risk__decision"),
        select_related=("risk",),
    ),
)


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


@admin.register(RiskModel)
class RiskModelAdmin(RunButtonAdmin):
    list_display = (
        "version",
        "status",
        "is_current",
        "started_at",
        "n_orders",
        "n_decisions",
        "hold_threshold",
        "held_share",
        "duration_seconds",
    )
    list_filter = ("status", "is_current")
    change_list_template = "admin/risk/riskmodel/change_list.html"
    fields = (
        "version",
        "status",
        "is_current",
        "started_at",
        "finished_at",
        "duration_seconds",
        "error",
        "n_orders",
        "n_decisions",
        "hold_threshold",
        "held_share",
        "rules_display",
    )
    readonly_fields = fields
    run_kind = RISK_RECALIBRATION  # the "Recalibrate now" button

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("past orders held"))
    def held_share(self, obj: RiskModel) -> str:
        share = (obj.metrics or {}).get("held_share_of_history")
        return f"{share:.1%}" if isinstance(share, int | float) else "-"

    @admin.display(description=_("rules"))
    def rules_display(self, obj: RiskModel) -> str:
        thresholds = (obj.params or {}).get("thresholds", {})
        points = (obj.params or {}).get("points", {})

        def threshold(rule_name: str, direction: str) -> str:
            value = thresholds.get(rule_name)
            if not isinstance(value, int | float) or value >= DISABLED:
                return "-"
            return f"{'≤' if direction == 'low' else '≥'} {value:.3g}"

        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    rule.name.replace("_", " "),
                    FEATURE_LABELS.get(rule.feature, rule.feature),
                    threshold(rule.name, rule.direction),
                    f"{points.get(rule.name, rule.points):.1f} ({rule.points:g})",
                )
                for rule in RULES
            ),
        )
        return format_html(
            '<table><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}'
            '</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody>'
            "</table>",
            _("Rules with their learned thresholds and points (default in brackets)"),
            _("Rule"),
            _("Feature"),
            _("Fires at"),
            _("Points"),
            rows,
        )


@admin.register(PaymentFailure)
class PaymentFailureAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "kind", "amount")
    list_filter = ("kind", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__email")
    date_hierarchy = "created_at"
    raw_id_fields = ("user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
