"""Reads of the recommendations app: the rows the pages show (``rows``), what staff see of
the builds and placements (``dashboard``) and the signals and catalogue as the engine's
arrays (``dataset``)."""

from .dashboard import (
    CTR_DAYS,
    BuildHistory,
    ClickThrough,
    Coverage,
    build_get,
    build_list,
    dashboard_builds,
    dashboard_click_through,
    dashboard_coverage,
)
from .dataset import CatalogueArrays, SignalArrays, catalogue_arrays, signal_arrays
from .exposure import EXPOSURE_DAYS, Exposure, dashboard_exposure
from .feedback import HIDDEN_SESSION_KEY, close_substitutes, hidden_products, recently_viewed
from .home_rows import HomeRows, home_rows_deps, row_for_home, rows_for_home
from .rows import (
    CURRENT_BUILD_KEY,
    RecommendationRow,
    ServingBuild,
    row_for_cart,
    row_for_order,
    row_for_product,
    row_for_product_together,
    rows_deps,
    serving_build,
    user_state_key,
)

__all__ = [
    "CTR_DAYS",
    "CURRENT_BUILD_KEY",
    "EXPOSURE_DAYS",
    "HIDDEN_SESSION_KEY",
    "BuildHistory",
    "CatalogueArrays",
    "ClickThrough",
    "Coverage",
    "Exposure",
    "HomeRows",
    "RecommendationRow",
    "ServingBuild",
    "SignalArrays",
    "build_get",
    "build_list",
    "catalogue_arrays",
    "close_substitutes",
    "dashboard_builds",
    "dashboard_click_through",
    "dashboard_coverage",
    "dashboard_exposure",
    "hidden_products",
    "home_rows_deps",
    "recently_viewed",
    "row_for_cart",
    "row_for_home",
    "row_for_order",
    "row_for_product",
    "row_for_product_together",
    "rows_deps",
    "rows_for_home",
    "serving_build",
    "signal_arrays",
    "user_state_key",
]
