"""Product pictures with responsive sizes and WebP (``shop.catalogue.images``), and the product
page's gallery.

``{% product_picture url width=240 height=240 sizes="..." %}`` prints a ``<picture>``: a WebP
``<source>`` and a PNG ``<img>`` with every width in ``srcset``, or a plain ``<img>`` for an
image without variants. ``{% product_gallery url request as gallery %}`` gives the views of a
product's image with the one the address picks (``?image=2``), and each view's link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from shop.catalogue.images import Picture, gallery_pictures, picture

register = template.Library()


def _view_names() -> tuple[str, ...]:
    return (_("front view"), _("close-up"), _("angled view"))


@register.simple_tag
def product_picture(
    image: Picture | str,
    *,
    width: int,
    height: int,
    sizes: str = "",
    alt: str = "",
    loading: str = "lazy",
    img_class: str = "",
    img_id: str = "",
    fetchpriority: str = "",
) -> SafeString:
    """``image`` is an image's address (its main view) or one view of a gallery."""
    shown = image if isinstance(image, Picture) else picture(image)
    extra = format_html(
        "{}{}{}{}",
        format_html(' class="{}"', img_class) if img_class else "",
        format_html(' id="{}"', img_id) if img_id else "",
        format_html(' loading="{}"', loading) if loading else "",
        format_html(' fetchpriority="{}"', fetchpriority) if fetchpriority else "",
    )
    if not shown.srcset:
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" decoding="async"{}>',
            shown.src, alt, width, height, extra,
        )  # fmt: skip
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}" decoding="async"{}>'
        "</picture>",
        shown.webp_srcset, sizes, shown.src, shown.srcset, sizes, alt, width, height, extra,
    )  # fmt: skip


@register.filter
def image_srcset(url: str, fmt: str) -> str:
    """The ``srcset`` of the image at ``url`` in ``fmt`` ("webp" or "png"); "" without variants."""
    shown = picture(url)
    return shown.webp_srcset if fmt == "webp" else shown.srcset


@dataclass(frozen=True)
class GalleryView:
    number: int
    name: str
    picture: Picture
    selected: bool
    query: str  # the address's query with this view picked ("colour=navy&image=2")


@dataclass(frozen=True)
class Gallery:
    views: list[GalleryView]
    selected: GalleryView


@register.simple_tag
def product_gallery(url: str, request: HttpRequest) -> Gallery:
    """The views of the image at ``url``, the one ``?image=N`` names shown (the first if none)."""
    pictures = gallery_pictures(url)
    raw = request.GET.get("image", "")
    chosen = int(raw) if raw.isdigit() and 1 <= int(raw) <= len(pictures) else 1
    names = _view_names()
    views = []
    for number, shown in enumerate(pictures, start=1):
        query = request.GET.copy()
        query["image"] = str(number)
        views.append(
            GalleryView(
                number=number,
                name=names[number - 1] if number <= len(names) else str(number),
                picture=shown,
                selected=number == chosen,
                query=query.urlencode(),
            )
        )
    return Gallery(views=views, selected=views[chosen - 1])
