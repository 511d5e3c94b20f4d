"""The demo's categories, products, product images and product statistics."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import numpy as np
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db.models import Avg, Count, OuterRef, Subquery
from django.db.models.functions import Coalesce, Round
from django.utils.text import slugify

from shop.catalogue.images import GALLERY_WIDTHS, MAIN_WIDTH, gallery_file_name
from shop.catalogue.models import Category, Product, ProductVariant
from shop.catalogue.services import category_save
from shop.demo.engine.catalogue import unique_slug
from shop.demo.engine.gallery import product_gallery_files
from shop.demo.engine.illustrations import colour_in
from shop.demo.engine.specs import ProductSpec
from shop.ratings.models import Review

from .run import BATCH, SeedRun, batched

# How much each kind of signal (view, cart, purchase, rating) counts towards popularity, and
# how fast it fades: the last 30 days of weighted signals, as the storefront sorts by it.
POPULARITY_WEIGHTS = np.array([1.0, 3.0, 5.0, 2.0])
POPULARITY_DAYS = 30.0


def categories_seed(*, run: SeedRun) -> dict[str, int]:
    """Create or update the category tree; returns category ids by slug.

    Through the catalogue's ``category_save`` (validation, and the storefront's cached tree
    dropped): a few dozen rows, so the service costs nothing noticeable.
    """
    run.report.step("Categories")
    existing = {
        c.slug: c for c in Category.objects.filter(slug__in=[c.slug for c in run.shop.categories])
    }
    ids: dict[str, int] = {}
    for position, spec in enumerate(run.shop.categories):
        category = existing.get(spec.slug) or Category(slug=spec.slug)
        category.name = spec.name
        category.description = spec.description
        category.parent_id = ids.get(spec.parent_slug) if spec.parent_slug else None
        category.position = position
        ids[spec.slug] = category_save(category=category).pk
    run.report.line(f"  {len(ids)} categories")
    return ids


def products_seed(
    *, run: SeedRun, categories: dict[str, int], product_types: dict[str, int]
) -> list[int]:
    """Create missing products; returns product ids in the generator's order.

    Bulk inserts, not a catalogue service: there is none for products (staff use the admin),
    and the large demo has 50,000 of them.
    """
    run.report.step("Products")
    existing = set(Product.objects.values_list("sku", flat=True))
    # Products are matched by SKU; another size of the demo (or staff) may already hold a new
    # product's slug under another SKU, so a taken slug gets a number, as clashing titles do.
    slugs = set(Product.objects.values_list("slug", flat=True))

    def free_slug(slug: str) -> str:
        slug = unique_slug(slug, slugs) if slug in slugs else slug
        slugs.add(slug)
        return slug

    new = [
        Product(
            sku=spec.sku,
            slug=free_slug(spec.slug),
            title=spec.title,
            brand=spec.brand,
            description=spec.description,
            price=spec.price,
            currency=spec.currency,
            category_id=categories[spec.category_slug],
            product_type_id=product_types[spec.type_slug],
            stock_quantity=spec.stock,
            lead_time_days=spec.lead_time_days,
            is_active=spec.active,
            created_at=run.now - timedelta(days=spec.created_days_ago),
        )
        for spec in run.shop.products
        if spec.sku not in existing
    ]
    for done, chunk in enumerate(batched(new), start=1):
        Product.objects.bulk_create(chunk)
        run.progress("products", min(done * BATCH, len(new)), len(new))
    ids = dict(Product.objects.values_list("sku", "pk"))
    run.report.line(f"  {len(new)} created, {len(existing)} already there")
    return [ids[spec.sku] for spec in run.shop.products]


def _colours(spec: ProductSpec) -> list[str]:
    """The product's colours: its variants' in order, else its colour attribute's, else none."""
    found = [value for v in spec.variants for slug, value in v.options if slug == "colour"]
    found += [value for slug, value in spec.attributes if slug == "colour"]
    if not found:  # what it is made of, or a colour its title names ("..., Olive canvas")
        named = [colour_in(value) for _slug, value in spec.attributes] + [colour_in(spec.title)]
        found = [name for name in named if name][:1]
    return list(dict.fromkeys(found))


def _colours_or_none(spec: ProductSpec) -> list[str | None]:
    """Its colours, or one gallery without a colour (drawn in a neutral one)."""
    return [*_colours(spec)] or [None]


# An image's name is at most 100 characters (ImageField's max_length): "products/gallery/",
# the stem and "/1-720.webp" leave 60 for the stem. The medium demo's longest product slug and
# colour ("...mechanical-keyboard-brown-switches-full-size-midnight-black") made 106, which
# PostgreSQL refused (SQLite does not check), so `seed_demo --size medium` failed there.
MAX_STEM = 60


def gallery_stem(name: str) -> str:
    """A gallery's folder name: the slug, shortened with a hash of the whole if too long."""
    stem = slugify(name)
    if len(stem) <= MAX_STEM:
        return stem
    digest = hashlib.sha1(stem.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{stem[: MAX_STEM - 9].rstrip('-')}-{digest}"


def _gallery_store(*, storage: Storage, stem: str, files: dict[tuple[int, int, str], bytes]) -> str:
    for (view, width, fmt), data in files.items():
        name = gallery_file_name(stem=stem, view=view, width=width, fmt=fmt)
        if storage.exists(name):  # left by an earlier seed: the layout needs the exact name
            storage.delete(name)
        storage.save(name, ContentFile(data))
    return gallery_file_name(stem=stem, view=1, width=MAIN_WIDTH, fmt="png")


def product_gallery_save(*, storage: Storage, stem: str, kind: str, colour: str | None) -> str:
    """Render the product's views in every width and format into the gallery layout
    (``shop.catalogue.images``); returns the name of the main image (the first view's PNG)."""
    files = product_gallery_files(kind=kind, colour=colour, widths=GALLERY_WIDTHS)
    return _gallery_store(storage=storage, stem=stem, files=files)


def product_images_seed(*, run: SeedRun, product_ids: list[int]) -> None:
    """Render and store a gallery for every demo product that has no image yet: views of an
    illustration of its kind in its colour, and a gallery per colour for its variants, so
    picking a colour shows it. Each view in several widths, as WebP and PNG.

    Rendered by a thread per core (Pillow releases the GIL), stored and recorded in this one,
    50 products at a time so that only their files are held in memory."""
    run.report.step("Product images")
    storage = default_storage  # the image fields' storage (media), as upload_to writes
    missing = set(Product.objects.filter(image="").values_list("pk", flat=True))
    todo = [
        (pid, spec)
        for pid, spec in zip(product_ids, run.shop.products, strict=True)
        if pid in missing
    ]

    def render(job: tuple[str, str | None]) -> dict[tuple[int, int, str], bytes]:
        return product_gallery_files(kind=job[0], colour=job[1], widths=GALLERY_WIDTHS)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for start in range(0, len(todo), 50):
            chunk = todo[start : start + 50]
            jobs = [
                (pid, spec, spec.type_slug.replace("-", " ") or spec.title, colour)
                for pid, spec in chunk
                for colour in _colours_or_none(spec)
            ]
            rendered = pool.map(render, [(kind, colour) for _p, _s, kind, colour in jobs])
            names: dict[int, dict[str | None, str]] = {}
            for (pid, spec, _kind, colour), files in zip(jobs, rendered, strict=True):
                stem = gallery_stem(f"{spec.slug}-{colour}" if colour else spec.slug)
                names.setdefault(pid, {})[colour] = _gallery_store(
                    storage=storage, stem=stem, files=files
                )
            for pid, spec in chunk:
                _images_record(pid=pid, spec=spec, names=names[pid])
            run.progress("images", start + len(chunk), len(todo))
    if not todo:
        run.report.line("  all products have images")


def _images_record(*, pid: int, spec: ProductSpec, names: dict[str | None, str]) -> None:
    """The product's image is its first colour's; each variant's, its colour's (if several)."""
    Product.objects.filter(pk=pid).update(image=next(iter(names.values())))
    for variant in spec.variants:
        picked = next((value for slug, value in variant.options if slug == "colour"), None)
        if picked in names and len(names) > 1:
            ProductVariant.objects.filter(sku=variant.sku).update(image=names[picked])


def product_statistics_refresh(*, run: SeedRun, product_ids: list[int]) -> None:
    """Ratings from reviews; popularity from the last 30 days of weighted signals.

    One statement for every product's rating rather than the ratings app's per-product
    ``product_rating_refresh``: two queries a product would be 100,000 for the large demo.
    """
    run.report.step("Product statistics")
    visible = Review.objects.filter(product=OuterRef("pk"), is_hidden=False).values("product")
    Product.objects.update(
        rating_average=Coalesce(
            Subquery(visible.annotate(a=Round(Avg("stars"), 2)).values("a")), Decimal("0")
        ),
        rating_count=Coalesce(Subquery(visible.annotate(c=Count("id")).values("c")), 0),
    )
    arrays = run.shop.event_arrays
    weights = POPULARITY_WEIGHTS[arrays.kind] * np.exp(-arrays.days_ago / POPULARITY_DAYS)
    scores = np.bincount(arrays.product, weights=weights, minlength=len(product_ids))
    updates = [
        Product(pk=pid, popularity=round(float(s), 3))
        for pid, s in zip(product_ids, scores, strict=True)
    ]
    for chunk in batched(updates):
        Product.objects.bulk_update(chunk, ["popularity"])
    run.report.line(f"  {len(updates)} products refreshed")
