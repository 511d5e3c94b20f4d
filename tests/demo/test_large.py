"""The large size's event arrays: a million rows, fast, without any Python objects."""

from __future__ import annotations

import time

import numpy as np
import pytest

from shop.demo.engine import SIZES, generate_event_arrays, generator


@pytest.mark.large
def test_large_event_arrays_are_a_million_rows_generated_quickly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def forbidden(*args: object) -> None:
        raise AssertionError("generate_event_arrays must not build Python objects")

    for builder in ("build_products", "build_people", "build_reviews", "_order_specs"):
        monkeypatch.setattr(generator, builder, forbidden)
    size = SIZES["large"]

    started = time.perf_counter()
    events = generate_event_arrays("large", seed=42)
    elapsed = time.perf_counter() - started

    assert len(events) == size.events == 1_000_000
    assert events.customer.dtype == np.int32 and events.product.dtype == np.int32
    assert events.kind.dtype == np.int8
    assert events.value.dtype == np.float32 and events.days_ago.dtype == np.float32
    assert np.bincount(events.kind, minlength=4).min() > 1_000
    assert events.customer.max() < size.customers and events.product.max() < size.products
    assert np.unique(events.product).shape[0] > 0.5 * size.products
    # About a second on a laptop; loose so that slow CI machines do not flake.
    assert elapsed < 20
