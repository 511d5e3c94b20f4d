"""Admin building blocks shared by the apps."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from .models import OutboxMessage
from .outbox import outbox_messages_retry
from .runs import RunKind, TaskQueueUnavailable


class ReadOnlyAdmin(admin.ModelAdmin):
    """Results of a computation (forecasts, segments...): staff read them, a refresh writes
    them. Deleting a run by hand would take the results that serve with it."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class RunButtonAdmin(admin.ModelAdmin):
    """The "run now" button of a kind of run (``run_kind``, a ``shop.core.runs.RunKind``): a
    POST-only view at ``<verb>/``, named ``<app>_<model>_<verb>`` after the kind's run model
    unless ``run_url_name`` says otherwise. Staff who may view this admin's results may ask
    for fresh ones (the run only recomputes them). A queue that is down is reported as an
    error message; either way the view goes back to ``run_redirect`` (by default the list of
    the kind's runs).

    The changelist gets ``run_button`` (its action and label) for
    ``admin/includes/run_button.html``; other pages of the admin add ``run_button()``."""

    run_kind: ClassVar[RunKind]
    run_url_name: str | None = None
    run_redirect: str | None = None

    def _run_url_name(self) -> str:
        opts = self.run_kind.model._meta
        return self.run_url_name or f"{opts.app_label}_{opts.model_name}_{self.run_kind.verb}"

    def get_urls(self) -> list[URLPattern]:
        view = path(
            f"{self.run_kind.verb}/",
            self.admin_site.admin_view(self.run_view),
            name=self._run_url_name(),
        )
        return [view, *super().get_urls()]

    def run_button(self) -> dict[str, Any]:
        return {
            "action": reverse(f"{self.admin_site.name}:{self._run_url_name()}"),
            "label": self.run_kind.button,
        }

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {"run_button": self.run_button(), **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    def run_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            self.run_kind.enqueue()
        except TaskQueueUnavailable as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, self.run_kind.queued, messages.SUCCESS)
        opts = self.run_kind.model._meta
        return redirect(
            self.run_redirect
            or f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist"
        )


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """What the shop has to send and how it went: staff look up a customer's e-mail, see why
    one failed, and send failed ones again. Messages are written by the shop only."""

    list_display = ("kind", "status", "attempts", "created_at", "sent_at", "short_error")
    list_filter = ("status", "kind")
    search_fields = ("key",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    readonly_fields = (
        "id",
        "kind",
        "key",
        "payload",
        "status",
        "attempts",
        "created_at",
        "due_at",
        "locked_until",
        "sent_at",
        "last_error",
    )
    actions = ("send_again",)

    @admin.display(description=_("last error"))
    def short_error(self, message: OutboxMessage) -> str:
        return message.last_error[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Send the failed messages again"), permissions=["change"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        retried = outbox_messages_retry(message_ids=ids)
        self.message_user(
            request,
            _("%(n)d message(s) will be sent again; messages that had not failed are unchanged.")
            % {"n": retried},
            messages.SUCCESS,
        )
