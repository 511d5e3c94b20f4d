"""Strict JSON fields: a body must have the types the schema says, not something coercible.

DRF's fields accept ``"5"`` for an integer, ``5`` for a string and ``"yes"`` for a boolean.
Query parameters are text and keep DRF's fields; bodies use these.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    default_error_messages = {"not_text": _("Must be text.")}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_text")
        return str(super().to_internal_value(data))


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"not_integer": _("Must be a whole number.")}

    def to_internal_value(self, data: Any) -> int:
        integral_float = isinstance(data, float) and data.is_integer()
        if isinstance(data, bool) or not (isinstance(data, int) or integral_float):
            self.fail("not_integer")
        return int(super().to_internal_value(data))


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"not_boolean": _("Must be true or false.")}

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("not_boolean")
        return data
