"""Template helpers for ratings."""

from __future__ import annotations

from django import template

register = template.Library()

MAX_STARS = 5


@register.filter
def star_glyphs(stars: int) -> str:
    """``4`` -> ``"★★★★☆"``: one filter call instead of a five-step loop per review."""
    filled = max(0, min(MAX_STARS, int(stars)))
    return "★" * filled + "☆" * (MAX_STARS - filled)
