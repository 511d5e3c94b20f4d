"""Writes of the recommendations app: the signals shoppers leave and the placement
statistics (``interactions``), and the rebuilds of the item neighbours (``builds``)."""

from .builds import (
    BuildError,
    build_compute_chunk,
    build_create,
    build_fail,
    build_finish,
    build_prepare,
    build_run,
    build_start,
    builds_prune,
)
from .exposure import row_click_record, row_shown, row_shown_flush, row_shown_record, rows_shown
from .feedback import recent_views_forget, recently_viewed_add, recommendation_dismiss
from .interactions import (
    IMPRESSION_FLUSH_EVERY,
    interaction_buffer_flush,
    interaction_claim_session,
    interaction_record,
    placement_click,
    placement_impression,
    placement_impressions_flush,
)

__all__ = [
    "IMPRESSION_FLUSH_EVERY",
    "BuildError",
    "build_compute_chunk",
    "build_create",
    "build_fail",
    "build_finish",
    "build_prepare",
    "build_run",
    "build_start",
    "builds_prune",
    "interaction_buffer_flush",
    "interaction_claim_session",
    "interaction_record",
    "placement_click",
    "placement_impression",
    "placement_impressions_flush",
    "recent_views_forget",
    "recently_viewed_add",
    "recommendation_dismiss",
    "row_click_record",
    "row_shown",
    "row_shown_flush",
    "row_shown_record",
    "rows_shown",
]
