"""Generated product images: valid, right-sized, deterministic and quick."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from shop.demo.engine import render_placeholder, render_product_image
from shop.demo.engine import vocabulary as vocab


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("department", vocab.DEPARTMENTS, ids=lambda d: d.slug)
def test_every_department_renders_at_the_requested_size(department: vocab.Department) -> None:
    data = render_product_image(
        title="Auralis Nova 300 Wireless Headphones, Midnight Black",
        category=department.leaves[0].slug,
        seed=1234,
        size=320,
    )

    image = decode(data)
    assert image.size == (320, 320)
    assert image.format in {"WEBP", "PNG"}


def test_rendering_is_deterministic_and_seeded() -> None:
    first = render_product_image(title="Kite", category="outdoor-play", seed=5)

    assert first == render_product_image(title="Kite", category="outdoor-play", seed=5)
    assert first != render_product_image(title="Kite", category="outdoor-play", seed=6)
    assert decode(first).size == (480, 480)


def test_category_names_and_unknown_categories_work() -> None:
    by_name = render_product_image(title="Tent", category="Sports & Outdoors", seed=1)
    by_slug = render_product_image(title="Tent", category="sports-outdoors", seed=1)
    unknown = render_product_image(title="Mystery box", category="misc", seed=1, size=200)

    assert by_name == by_slug
    assert decode(unknown).size == (200, 200)


def test_very_long_titles_still_render() -> None:
    title = " ".join(["Extraordinarily-long-title-words"] * 30)

    assert decode(render_product_image(title=title, category="books", seed=9)).size == (480, 480)


@pytest.mark.parametrize("size", [120, 480])
def test_placeholder_renders_at_the_requested_size(size: int) -> None:
    assert decode(render_placeholder(size)).size == (size, size)
