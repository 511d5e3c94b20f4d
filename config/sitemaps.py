"""sitemap.xml: the home page, the information pages, every category and active product."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from shop.catalogue.models import Category, Product
from shop.core.urls import SITEMAP_NAMES


class PagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> list[str]:
        return ["catalogue:home", "catalogue:product_list", *(f"pages:{n}" for n in SITEMAP_NAMES)]

    def location(self, item: str) -> str:
        return reverse(item)

    def priority(self, item: str) -> float:
        return 1.0 if item == "catalogue:home" else 0.3


class CategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self) -> QuerySet[Category]:
        return Category.objects.order_by("pk")


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self) -> QuerySet[Product]:
        return Product.objects.filter(is_active=True).only("slug", "updated_at").order_by("pk")

    def lastmod(self, item: Any) -> datetime:
        return item.updated_at


SITEMAPS = {"pages": PagesSitemap, "categories": CategorySitemap, "products": ProductSitemap}
