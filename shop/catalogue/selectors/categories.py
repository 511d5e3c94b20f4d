"""The category tree and the product listings."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

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


@dataclass(frozen=True)
class DepartmentTile:
    """A top-level category on the home page, pictured by its most popular product's image."""

    node: CategoryNode
    image_url: str


def department_tiles() -> list[DepartmentTile]:
    """Every root of the tree with the image of the most popular active product with an
    image anywhere below it ("" when it has none); one query for the whole tree."""
    tree = category_tree()
    ranked = (
        Product.objects.filter(is_active=True)
        .exclude(image="")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("category_id"),
                order_by=[F("popularity").desc(), F("id").asc()],
            )
        )
        .filter(rank=1)
        .values_list("category_id", "popularity", "id", "image")
    )
    best: dict[int, tuple[float, int, str]] = {}
    for category_id, popularity, product_id, image in ranked:
        chain = tree.ancestors(category_id)
        if not chain:
            continue
        root = chain[0].id
        held = best.get(root)
        if held is None or (-popularity, product_id) < (-held[0], held[1]):
            best[root] = (popularity, product_id, image)
    storage = Product._meta.get_field("image").storage
    return [
        DepartmentTile(
            node=root, image_url=storage.url(best[root.id][2]) if root.id in best else ""
        )
        for root in tree.roots
    ]
