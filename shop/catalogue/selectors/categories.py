"""The category tree and the product listings."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet

from shop.core.request_memo import request_memo

from ..models import Category, Product

CATEGORY_TREE_CACHE_KEY = "catalogue:category-tree:v1"
CATEGORY_TREE_TTL = 60 * 60


@dataclass
class CategoryNode:
    """A category as the storefront needs it: plain data, cheap to cache."""

    id: int
    name: str
    slug: str
    parent_id: int | None
    children: list[CategoryNode] = field(default_factory=list)

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("catalogue:category", kwargs={"slug": self.slug})


@dataclass
class CategoryTree:
    roots: list[CategoryNode]
    by_id: dict[int, CategoryNode]
    by_slug: dict[str, CategoryNode]

    def descendant_ids(self, category_id: int) -> list[int]:
        """The category and everything below it, at any depth."""
        node = self.by_id.get(category_id)
        if node is None:
            return []
        ids: list[int] = []
        stack = [node]
        while stack:
            current = stack.pop()
            ids.append(current.id)
            stack.extend(current.children)
        return ids

    def ancestors(self, category_id: int) -> list[CategoryNode]:
        """Root first, the category itself last (for breadcrumbs)."""
        chain: list[CategoryNode] = []
        node = self.by_id.get(category_id)
        while node is not None:
            chain.append(node)
            node = self.by_id.get(node.parent_id) if node.parent_id else None
        return list(reversed(chain))


def _build_tree() -> CategoryTree:
    nodes = {
        row["id"]: CategoryNode(
            id=row["id"], name=row["name"], slug=row["slug"], parent_id=row["parent_id"]
        )
        for row in Category.objects.order_by("position", "name").values(
            "id", "name", "slug", "parent_id"
        )
    }
    roots: list[CategoryNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    return CategoryTree(
        roots=roots, by_id=nodes, by_slug={node.slug: node for node in nodes.values()}
    )


def _cached_tree() -> CategoryTree:
    tree = cache.get(CATEGORY_TREE_CACHE_KEY)
    if tree is None:
        tree = _build_tree()
        cache.set(CATEGORY_TREE_CACHE_KEY, tree, CATEGORY_TREE_TTL)
    return tree


def category_tree() -> CategoryTree:
    """The whole tree, from the cache (read once per request: the navigation, breadcrumbs
    and listing of one page share it); one query when it has to be rebuilt."""
    return request_memo(CATEGORY_TREE_CACHE_KEY, _cached_tree)


def product_base_queryset() -> QuerySet[Product]:
    """Active products with what a product card shows, in one query."""
    return Product.objects.filter(is_active=True).select_related("category", "product_type")


def product_get_for_page(*, slug: str) -> Product | None:
    return product_base_queryset().filter(slug=slug).first()


def product_newest(*, limit: int) -> list[Product]:
    return list(product_base_queryset().order_by("-created_at", "-id")[:limit])


def product_bestsellers(*, limit: int) -> list[Product]:
    return list(
        product_base_queryset()
        .filter(stock_quantity__gt=0)
        .order_by("-popularity", "-rating_count", "id")[:limit]
    )
