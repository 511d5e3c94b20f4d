"""The demo's product galleries: every view in every width, as WebP and as PNG, where the
catalogue's layout (shop.catalogue.images) says they are; and the views differ."""

from __future__ import annotations

import io
import itertools

from django.core.files.storage import InMemoryStorage
from PIL import Image

from shop.catalogue.images import (
    GALLERY_VIEWS,
    GALLERY_WIDTHS,
    gallery_file_name,
    gallery_pictures,
)
from shop.demo.services.catalogue import gallery_stem, product_gallery_save
from tests.demo.test_illustrations import dhash, distance


def test_every_view_is_stored_in_every_width_as_webp_and_png():
    storage = InMemoryStorage(base_url="/media/")
    main = product_gallery_save(storage=storage, stem="lamp-navy", kind="Table Lamp", colour="Navy")

    assert main == "products/gallery/lamp-navy/1-480.png"
    assert len(GALLERY_WIDTHS) >= 2 and GALLERY_VIEWS >= 2
    for view, width, (fmt, pillow_format) in itertools.product(
        range(1, GALLERY_VIEWS + 1), GALLERY_WIDTHS, (("webp", "WEBP"), ("png", "PNG"))
    ):
        name = gallery_file_name(stem="lamp-navy", view=view, width=width, fmt=fmt)
        with storage.open(name) as handle:
            image = Image.open(io.BytesIO(handle.read()))
            image.load()
        assert (image.format, image.size) == (pillow_format, (width, width)), name


def test_the_pages_find_every_stored_file_from_the_main_image_alone():
    storage = InMemoryStorage(base_url="/media/")
    main = product_gallery_save(storage=storage, stem="boot", kind="Chelsea Boots", colour="Rust")
    pictures = gallery_pictures(storage.url(main))

    assert len(pictures) == GALLERY_VIEWS
    for shown in pictures:
        addresses = [shown.src] + [
            part.split()[0] for part in f"{shown.srcset}, {shown.webp_srcset}".split(", ")
        ]
        for address in addresses:
            assert storage.exists(address.removeprefix("/media/")), address


def test_the_views_of_one_product_differ():
    storage = InMemoryStorage(base_url="/media/")
    product_gallery_save(storage=storage, stem="tent", kind="Tent", colour="Olive")
    hashes = []
    for view in range(1, GALLERY_VIEWS + 1):
        with storage.open(gallery_file_name(stem="tent", view=view, width=240, fmt="png")) as f:
            hashes.append(dhash(Image.open(io.BytesIO(f.read())).convert("RGB")))
    assert all(distance(a, b) > 4 for a, b in itertools.combinations(hashes, 2))


def test_a_long_slug_and_colour_still_fit_an_image_name():
    # The medium demo's longest: PostgreSQL refused its 106-character image name.
    long = "brightwave-nova-950-mechanical-keyboard-brown-switches-full-size-midnight-black"
    other = long.replace("brown", "red")
    stems = {gallery_stem(long), gallery_stem(other)}
    assert len(stems) == 2  # still one folder per product and colour
    for stem in stems:
        assert stem.startswith("brightwave-nova-950-mechanical-keyboard")
        for width, fmt in itertools.product(GALLERY_WIDTHS, ("webp", "png")):
            assert (
                len(gallery_file_name(stem=stem, view=GALLERY_VIEWS, width=width, fmt=fmt)) <= 100
            )
    assert gallery_stem("Lamp Navy") == "lamp-navy"  # short ones as before
