"""The risk models staff recalibrate, and the declined payments risk learns from."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from shop.core.admin import RunButtonAdmin

from ..engine.rules import DISABLED, RULES
from ..models import PaymentFailure, RiskModel
from ..tasks import RISK_RECALIBRATION
from .common import FEATURE_LABELS

_DECISION_METRICS = ("rejected", "rejected_held", "approved", "approved_held")


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
        "decisions_learned",
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
        "decisions_learned",
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

    @admin.display(description=_("staff decisions learned from"))
    def decisions_learned(self, obj: RiskModel) -> str:
        """How the decisions it learned from fall against its own threshold."""
        metrics = obj.metrics or {}
        if not metrics.get("rejected") and not metrics.get("approved"):
            return "-"
        return str(
            _(
                "%(rejected)d rejected (%(rejected_held)d would be held), "
                "%(approved)d approved (%(approved_held)d would be held)"
            )
            % {name: int(metrics.get(name, 0)) for name in _DECISION_METRICS}
        )

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
