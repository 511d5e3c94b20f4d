"""Generated product illustrations tell products apart: another kind of product is another
shape (a perceptual hash apart), another colour is that colour, and no title is printed."""

from __future__ import annotations

import io
import itertools

import pytest
from PIL import Image

from shop.demo.engine import vocabulary as vocab
from shop.demo.engine.illustrations import (
    BACKGROUND,
    COLOURS,
    colour_in,
    render_product_illustration,
    silhouette_for,
)

KINDS = ("Wireless Headphones", "Monitor", "Mirrorless Camera", "Wireless Mouse", "Chelsea Boots",
         "Oxford Shirt", "Face Serum", "Crime Novel", "Table Lamp", "Tent")  # fmt: skip


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("RGB")


def dhash(image: Image.Image, size: int = 8) -> int:
    """The difference hash: is each pixel brighter than its right neighbour, at 9 x 8."""
    small = image.convert("L").resize((size + 1, size), Image.Resampling.LANCZOS)
    pixels = list(small.tobytes())
    bits = 0
    for row in range(size):
        for col in range(size):
            left, right = pixels[row * (size + 1) + col], pixels[row * (size + 1) + col + 1]
            bits = (bits << 1) | (left > right)
    return bits


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def share_of(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 36) -> float:
    """The part of the picture in ``colour`` (within a small distance: edges blend)."""
    counts: list[tuple[int, tuple[int, int, int]]] = (
        image.resize((96, 96), Image.Resampling.NEAREST).getcolors(96 * 96) or []  # type: ignore[assignment]
    )
    near = 0
    for n, c in counts:
        if sum(abs(x - y) for x, y in zip(c, colour, strict=True)) < tolerance:
            near += n
    return near / (96 * 96)


def test_every_product_type_of_the_demo_has_its_own_kind_of_picture():
    nouns = [t.noun for d in vocab.DEPARTMENTS for leaf in d.leaves for t in leaf.types]
    assert [noun for noun in nouns if silhouette_for(noun) == "generic"] == []
    assert len({silhouette_for(noun) for noun in nouns}) >= 30


def test_different_kinds_of_product_are_a_perceptual_hash_apart():
    hashes = {
        kind: dhash(decode(render_product_illustration(kind=kind, colour="Ocean Blue")))
        for kind in KINDS
    }
    for (a, hash_a), (b, hash_b) in itertools.combinations(hashes.items(), 2):
        assert distance(hash_a, hash_b) >= 8, (a, b, distance(hash_a, hash_b))


@pytest.mark.parametrize("kind", KINDS)
def test_one_kind_in_different_colours_differs_and_shows_its_colour(kind):
    images = {
        colour: decode(render_product_illustration(kind=kind, colour=colour, size=240))
        for colour in ("Sand Beige", "Navy", "Fire Red", "Sage Green")
    }
    for colour, image in images.items():
        assert share_of(image, COLOURS[colour.lower()]) >= 0.06, colour
        assert share_of(image, BACKGROUND) >= 0.3  # a product on a plain studio background
    for (a, image_a), (b, _image_b) in itertools.permutations(images.items(), 2):
        assert share_of(image_a, COLOURS[b.lower()]) < 0.01, (a, b)


def test_sand_beige_is_beige_not_blue():
    image = decode(render_product_illustration(kind="Bluetooth Speaker", colour="Sand Beige"))
    assert share_of(image, COLOURS["sand beige"]) >= 0.1
    assert share_of(image, COLOURS["ocean blue"], tolerance=80) == 0


def test_multicoloured_products_are_striped_and_unknown_colours_still_render():
    rainbow = decode(render_product_illustration(kind="Kick Scooter", colour="Rainbow"))
    assert len({c for n, c in rainbow.getcolors(480 * 480) or [] if n > 200}) >= 5
    assert decode(render_product_illustration(kind="Gizmo", colour="Plum", size=120)).size == (
        120,
        120,
    )


def test_rendering_is_deterministic_and_webp():
    first = render_product_illustration(kind="Tent", colour="Olive")
    assert first == render_product_illustration(kind="Tent", colour="Olive")
    assert first[:4] == b"RIFF" and first[8:12] == b"WEBP"


def test_a_product_without_a_colour_shows_what_it_is_made_of():
    assert colour_in("Willowby Meadow Garden Bench, Acacia wood") == "wood"
    assert colour_in("Urbanfolk Ellis Leather Backpack, Olive canvas") == "olive"
    assert colour_in("Sage Green mug") == "sage green"
    assert colour_in("Kestrel Flux 660 Smartphone") is None


def test_colours_are_whole_words():
    assert colour_in("Fire at Home by Matilde Oliveira (Large Print)") is None
    assert colour_in("Woodland walks") is None
