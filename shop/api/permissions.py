"""Who may use the staff endpoints: the same people, with the same model permissions, as the
matching admin pages. ``IsAdminUser`` alone would let a staff account that admin refuses (no
permissions granted) list builds and start rebuilds through the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from rest_framework.permissions import BasePermission
from rest_framework.request import Request


def staff_may(model: type[Model], action: str = "view") -> type[BasePermission]:
    """A permission class: an active staff user holding ``<app>.<action>_<model>`` (superusers
    hold every permission). Admin's "run now" buttons ask for the view permission of the runs
    they list, so starting a run here does too."""
    opts = model._meta
    codename = f"{opts.app_label}.{action}_{opts.model_name}"

    class StaffModelPermission(BasePermission):
        message = f"You do not have permission to see or run these ({codename})."

        def has_permission(self, request: Request, view: Any) -> bool:
            user = request.user
            return bool(user and user.is_active and user.is_staff and user.has_perm(codename))

    StaffModelPermission.__name__ = f"Staff_{opts.app_label}_{action}_{opts.model_name}"
    return StaffModelPermission
