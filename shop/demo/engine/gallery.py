"""Several views of a product's illustration, each encoded in several widths as WebP and PNG.

The views are the illustration on the studio background, a close-up of it, and the product
turned a little on a backdrop tinted with its colour: what a shop's photo gallery shows (the
front, a detail, another angle). Deterministic for the same arguments.
"""

from __future__ import annotations

import io

from PIL import Image

from .colours import STRIPES, colour_for
from .illustrations import BACKGROUND, illustration

# (name, zoom, angle): the order is the gallery's, the first is the product's main image.
VIEWS: tuple[tuple[str, float, float], ...] = (
    ("front", 1.0, 0.0),
    ("close-up", 1.35, 0.0),
    ("angled", 1.0, -12.0),
)
FORMATS = ("webp", "png")


def _tint(colour: str | None) -> tuple[int, int, int]:
    """A pale backdrop of the product's own colour (its first stripe for striped ones)."""
    stripes = STRIPES.get((colour or "").strip().lower())
    red, green, blue = stripes[0] if stripes else colour_for(colour)
    return (
        round(red * 0.16 + 255 * 0.84),
        round(green * 0.16 + 255 * 0.84),
        round(blue * 0.16 + 255 * 0.84),
    )


def product_views(*, kind: str, colour: str | None, size: int) -> list[Image.Image]:
    """The product's views, in the gallery's order, each ``size`` pixels square."""
    return [
        illustration(
            kind=kind,
            colour=colour,
            size=size,
            zoom=zoom,
            angle=angle,
            background=_tint(colour) if angle else BACKGROUND,
        )
        for _name, zoom, angle in VIEWS
    ]


def encode_widths(image: Image.Image, widths: tuple[int, ...]) -> dict[tuple[int, str], bytes]:
    """``image`` reduced to each of ``widths`` (square), as WebP and as PNG: (width, format)."""
    encoded: dict[tuple[int, str], bytes] = {}
    for width in widths:
        resized = (
            image
            if width == image.width
            else image.resize(
                (width, round(image.height * width / image.width)),
                Image.Resampling.LANCZOS,
                reducing_gap=2.0,  # a box reduction first, then Lanczos: much quicker
            )
        )
        for fmt in FORMATS:
            buffer = io.BytesIO()
            if fmt == "webp":
                resized.save(buffer, "WEBP", quality=80, method=2)
            else:  # the fallback for browsers without WebP; flat art compresses well in PNG
                resized.save(buffer, "PNG", compress_level=6)
            encoded[(width, fmt)] = buffer.getvalue()
    return encoded


def product_gallery_files(
    *, kind: str, colour: str | None, widths: tuple[int, ...]
) -> dict[tuple[int, int, str], bytes]:
    """Every file of a product's gallery, by (view from 1, width, format). Pillow does the work
    outside the GIL, so threads render several products at once."""
    views = product_views(kind=kind, colour=colour, size=max(widths))
    return {
        (view, width, fmt): data
        for view, image in enumerate(views, start=1)
        for (width, fmt), data in encode_widths(image, widths).items()
    }
