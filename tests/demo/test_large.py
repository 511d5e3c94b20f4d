"""The large size's event arrays: a million rows as NumPy arrays, without any Python objects
(how long it takes is the seeding benchmark's business, not a test's)."""

from __future__ import annotations

import numpy as np
import pytest

from shop.demo.engine import SIZES, generate_event_arrays, generator


@pytest.mark.large
def test_large_event_arrays_are_a_million_rows_of_arrays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def forbidden(*args: object) -> None:
        raise AssertionError("generate_event_arrays must not build Python objects")

    for builder in ("build_products", "build_people", "build_reviews", "_order_specs"):
        monkeypatch.setattr(generator, builder, forbidden)
    size = SIZES["large"]

    events = generate_event_arrays("large", seed=42)

    assert len(events) == size.events == 1_000_000
    assert events.customer.dtype == np.int32 and events.product.dtype == np.int32
    assert events.kind.dtype == np.int8
    assert events.value.dtype == np.float32 and events.days_ago.dtype == np.float32
    assert np.bincount(events.kind, minlength=4).min() > 1_000
    assert events.customer.max() < size.customers and events.product.max() < size.products
    assert np.unique(events.product).shape[0] > 0.5 * size.products
