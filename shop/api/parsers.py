"""The API's JSON parser: DRF's, refusing bodies nested deeper than any request needs.

Python's JSON decoder recurses once per level, so about 1,000 nested brackets (2 KB) raised a
RecursionError: an HTML 500 and a logged traceback per request, from anyone. No operation takes
more than a few levels; a deeper body is a 400 in the API's error shape, like any bad JSON.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def json_depth(data: Any) -> int:
    """How deeply ``data`` nests lists and objects (a scalar is 0), without recursing."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


class ShopJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(self._too_deep()) from error
        if json_depth(data) > MAX_DEPTH:
            raise ParseError(self._too_deep())
        return data

    @staticmethod
    def _too_deep() -> str:
        return _("JSON parse error - nested more than %(depth)s levels deep.") % {
            "depth": MAX_DEPTH
        }
