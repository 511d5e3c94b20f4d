"""Product images in several views and widths, each as WebP and PNG: where their files are.

A gallery image's files share one folder, ``products/gallery/<stem>/``: ``<view>-<width>.<ext>``
for the views 1..``GALLERY_VIEWS``, each width of ``GALLERY_WIDTHS`` and both formats. The
product's (or variant's) image field names the first view's PNG at ``MAIN_WIDTH``, so anything
that knows nothing of galleries (feeds, e-mails, admin) shows a plain image. Pages derive the
other files from that address by this layout alone: no query, no storage lookup. Any other
image (an upload through the admin, the placeholder) is a gallery of one, without variants.
A change to the views or widths needs a new folder name, so that stored galleries still match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

GALLERY_FOLDER = "products/gallery"
GALLERY_VIEWS = 3
GALLERY_WIDTHS = (240, 480, 720)
MAIN_WIDTH = 480
FORMATS = ("webp", "png")

_MAIN = re.compile(rf"^(?P<base>.*/{re.escape(GALLERY_FOLDER)}/[^/]+/)1-{MAIN_WIDTH}\.png$")


def gallery_file_name(*, stem: str, view: int, width: int, fmt: str) -> str:
    """The storage name of one file of a gallery (``view`` from 1)."""
    return f"{GALLERY_FOLDER}/{stem}/{view}-{width}.{fmt}"


@dataclass(frozen=True)
class Picture:
    """One view as a page shows it: ``src`` (PNG, or the image as stored), and when it is a
    gallery image the PNG and WebP ``srcset`` of every width."""

    src: str
    srcset: str = ""
    webp_srcset: str = ""


def _srcset(base: str, view: int, fmt: str) -> str:
    return ", ".join(f"{base}{view}-{width}.{fmt} {width}w" for width in GALLERY_WIDTHS)


def gallery_pictures(url: str) -> list[Picture]:
    """Every view of the image at ``url``: several for a gallery image, else just the image."""
    found = _MAIN.match(url)
    if not found:
        return [Picture(src=url)]
    base = found["base"]
    return [
        Picture(
            src=f"{base}{view}-{MAIN_WIDTH}.png",
            srcset=_srcset(base, view, "png"),
            webp_srcset=_srcset(base, view, "webp"),
        )
        for view in range(1, GALLERY_VIEWS + 1)
    ]


def picture(url: str) -> Picture:
    """The main view of the image at ``url``."""
    return gallery_pictures(url)[0]
