"""Admin building blocks shared by the apps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import URLPattern, path

from .runs import TaskQueueUnavailable

if TYPE_CHECKING:  # django-stubs is a development dependency only
    from django_stubs_ext import StrOrPromise


class ReadOnlyAdmin(admin.ModelAdmin):
    """Results of a computation (forecasts, segments...): staff read them, a refresh writes
    them. Deleting a run by hand would take the results that serve with it."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class EnqueueButtonAdmin(admin.ModelAdmin):
    """A button ("Refresh now", "Rebuild now"...) that queues a job for the workers: a POST-only
    view at ``enqueue_path`` named ``enqueue_url_name``. Staff who may view the results may
    ask for fresh ones (the job only recomputes them). A queue that is down is reported as an
    error message; either way the view goes back to ``enqueue_redirect``.

    The button itself is ``admin/includes/enqueue_button.html``."""

    enqueue_path = "refresh/"
    enqueue_url_name: str
    enqueue_redirect: str
    enqueue_queued: StrOrPromise

    def enqueue(self) -> None:
        """Queue the job (one service call); raise ``TaskQueueUnavailable`` if it cannot."""
        raise NotImplementedError

    def get_urls(self) -> list[URLPattern]:
        view = path(
            self.enqueue_path,
            self.admin_site.admin_view(self.enqueue_view),
            name=self.enqueue_url_name,
        )
        return [view, *super().get_urls()]

    def enqueue_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            self.enqueue()
        except TaskQueueUnavailable as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, self.enqueue_queued, messages.SUCCESS)
        return redirect(self.enqueue_redirect)
