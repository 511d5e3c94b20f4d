"""``{% product_json_ld product price stock %}``: schema.org Product, Offer and AggregateRating
for search engines, as a JSON-LD data block (not script: CSP does not apply to it)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def product_data(
    *, product: Any, url: str, image: str, price: Decimal, stock: int, currency: str
) -> dict[str, Any]:
    offer: dict[str, Any] = {
        "@type": "Offer",
        "url": url,
        "price": f"{price:.2f}",
        "priceCurrency": currency,
        "availability": "https://schema.org/InStock" if stock else "https://schema.org/OutOfStock",
        "itemCondition": "https://schema.org/NewCondition",
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "description": product.description[:5000],
        "sku": product.sku,
        "url": url,
        "image": [image],
        "brand": {"@type": "Brand", "name": product.brand},
        "offers": offer,
    }
    if product.rating_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": f"{Decimal(product.rating_average):.1f}",
            "ratingCount": product.rating_count,
            "bestRating": "5",
            "worstRating": "1",
        }
    return data


@register.simple_tag(takes_context=True)
def product_json_ld(context: Any, product: Any, price: Decimal, stock: int) -> SafeString:
    request = context["request"]
    image = product.image_url
    data = product_data(
        product=product,
        url=request.build_absolute_uri(product.get_absolute_url()),
        image=image if image.startswith("http") else request.build_absolute_uri(image),
        price=Decimal(price),
        stock=int(stock or 0),
        currency=product.currency,
    )
    # "<" escaped so no text in the data can close the element.
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
