"""What benchmarks/load.py loads: the pages' subjects, the customers and the stock for the
checkout loop, and the in-process query-count check. Runs inside the benchmark's Django
process (after ``django.setup()``), on the benchmark's own database."""

from __future__ import annotations

import re
from typing import Any

HOT_STOCK, HOT_BUYERS, BUYERS, SIGNED_IN = 100, 20, 8, 8


def pick_targets() -> dict[str, Any]:
    """The pages to load and the small/large pairs for the query-count check."""
    from django.db.models import Count

    from shop.catalogue.models import Category, Product

    products = Product.objects.filter(is_active=True)
    by_reviews = list(
        products.annotate(n=Count("reviews")).order_by("n", "pk").values_list("slug", "n", "pk")
    )
    categories = list(
        Category.objects.annotate(n=Count("products"))
        .filter(n__gt=0)
        .order_by("n", "pk")
        .values_list("slug", "n")
    )
    top = by_reviews[-1]
    words = re.findall(r"[a-z]{4,}", " ".join(products.values_list("title", flat=True)).lower())
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (item[1], item[0]))
    return {
        "product": top,
        # The fewest reviews that still shows a review list (none at all skips that query).
        "product_few": next((row for row in by_reviews if row[1] > 0), by_reviews[0]),
        "category": categories[-1],
        "category_few": categories[0],
        "search": ranked[-1][0],
        "search_rare": ranked[0][0],
        "cart_pks": [pk for _, _, pk in by_reviews[-5:]],
        "all_products": [f"/product/{slug}/" for slug, _, _ in by_reviews],
        **people_and_stock(),
    }


def people_and_stock() -> dict[str, Any]:
    """Demo customers with orders (page sessions, then buyers), the buyers' variants with their
    stock set for the loop (this database is the benchmark's own), and the static file."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    from shop.accounts.models import User
    from shop.catalogue.models import Product, ProductVariant
    from shop.demo.services import DEMO_CUSTOMER_PASSWORD
    from shop.orders.models import CartLine

    customers = list(
        User.objects.filter(is_staff=False, is_active=True, orders__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("username", flat=True)[: SIGNED_IN + HOT_BUYERS]
    )
    assert len(customers) == SIGNED_IN + HOT_BUYERS, "too few demo customers with orders"
    CartLine.objects.filter(cart__user__username__in=customers).delete()
    variants: list[int] = []
    seen: set[int] = set()
    for vid, pid in (
        ProductVariant.objects.filter(is_active=True, product__is_active=True)
        .order_by("pk")
        .values_list("pk", "product_id")
    ):
        if pid not in seen:
            seen.add(pid)
            variants.append(vid)
        if len(variants) == BUYERS + 1:
            break
    plenty, hot = variants[:BUYERS], variants[BUYERS]
    ProductVariant.objects.filter(pk__in=plenty).update(stock_quantity=1_000_000)
    ProductVariant.objects.filter(pk=hot).update(stock_quantity=HOT_STOCK)
    for product in Product.objects.filter(variants__pk__in=variants):
        product.stock_quantity = sum(v.stock_quantity for v in product.variants.all())
        product.save(update_fields=["stock_quantity"])
    return {
        "password": DEMO_CUSTOMER_PASSWORD,
        "signed_in": customers[:SIGNED_IN],
        "buyers": customers[SIGNED_IN:],
        "buyer_variants": plenty,
        "hot_variant": hot,
        "static": staticfiles_storage.url("css/shop.css"),
    }


def query_counts(targets: dict[str, Any]) -> list[tuple[str, int, int]]:
    """(page, queries on the small case, queries on the large case), cache off."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    def count(client: Client, path: str) -> int:
        client.get(path)  # the session and the per-process lookups settle first
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return len(queries)

    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    rows = []
    with override_settings(CACHES=dummy, ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False):
        client = Client()
        home = count(client, "/")
        rows.append(("home", home, home))
        rows.append(
            (
                "category",
                count(client, f"/category/{targets['category_few'][0]}/"),
                count(client, f"/category/{targets['category'][0]}/"),
            )
        )
        rows.append(
            (
                "product",
                count(client, f"/product/{targets['product_few'][0]}/"),
                count(client, f"/product/{targets['product'][0]}/"),
            )
        )
        rows.append(
            (
                "search",
                count(client, f"/search/?q={targets['search_rare']}"),
                count(client, f"/search/?q={targets['search']}"),
            )
        )
        small, large = Client(), Client()
        small.post(f"/cart/add/{targets['cart_pks'][0]}/", {"quantity": "1"})
        for pk in targets["cart_pks"]:
            large.post(f"/cart/add/{pk}/", {"quantity": "1"})
        rows.append(("cart", count(small, "/cart/"), count(large, "/cart/")))
    return rows
