"""Fill the shop with a believable demo: catalogue, customers, orders, reviews and signals.

The data comes from the framework-free generator in ``shop.demo.engine`` (deterministic for a
seed); this command only writes it. Rows are matched by natural keys (slugs, SKUs, usernames,
per-order keys), so running it again duplicates nothing.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Iterable, Iterator
from datetime import timedelta
from decimal import Decimal
from itertools import islice
from typing import Any, TypeVar

import numpy as np
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Avg, Count, OuterRef, Subquery
from django.db.models.functions import Coalesce, Round
from django.utils import timezone

from recommendations.models import Interaction
from shop.accounts.models import Address, User
from shop.catalogue.models import Category, Product
from shop.catalogue.services import category_tree_invalidate
from shop.demo.engine import EVENT_KINDS, SIZES, DemoShop, generate
from shop.demo.engine.images import render_product_image
from shop.orders.models import Order, OrderLine, OrderStatusChange
from shop.orders.services import ORDER_NUMBER_ALPHABET
from shop.ratings.models import Review

T = TypeVar("T")
BATCH = 5_000
STAFF_USERNAME = "admin"
DEMO_CUSTOMER_PASSWORD = "demo-shopper-pass"
# The chain of statuses an order went through to reach its final one.
STATUS_PATHS = {
    "pending": ["pending"],
    "paid": ["pending", "paid"],
    "shipped": ["pending", "paid", "shipped"],
    "delivered": ["pending", "paid", "shipped", "delivered"],
    "cancelled": ["pending", "paid", "cancelled"],
    "refunded": ["pending", "paid", "shipped", "delivered", "refunded"],
}
STATUS_TIMESTAMP = {
    "paid": "paid_at",
    "shipped": "shipped_at",
    "delivered": "delivered_at",
    "cancelled": "cancelled_at",
    "refunded": "refunded_at",
}
STATUS_DELAY_DAYS = {"pending": 0, "paid": 0.01, "shipped": 1, "delivered": 3, "cancelled": 0.5}


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def demo_order_number(seed: int, index: int) -> str:
    digest = hashlib.sha256(f"demo-order:{seed}:{index}".encode()).digest()
    return "ORD-" + "".join(
        ORDER_NUMBER_ALPHABET[b % len(ORDER_NUMBER_ALPHABET)] for b in digest[:8]
    )


class Command(BaseCommand):
    help = "Seed a demo shop (idempotent). Sizes: small, medium (default), large."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="medium")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--no-images", action="store_true", help="Skip generated product images."
        )

    def handle(self, *args: Any, size: str, seed: int, no_images: bool, **options: Any) -> None:
        started = time.monotonic()
        self.step(f"Generating the {size} demo shop (seed {seed})")
        shop = generate(size, seed)
        self.stdout.write("  " + ", ".join(f"{n} {k}" for k, n in shop.counts.items()))
        self.now = timezone.now()
        categories = self.seed_categories(shop)
        products = self.seed_products(shop, categories)
        if not no_images and size != "large":
            self.seed_images(shop, products)
        customers = self.seed_customers(shop)
        self.seed_addresses(shop, customers)
        if self.seed_orders(shop, customers, products):
            self.seed_interactions(shop, customers, products)
        self.seed_reviews(shop, customers, products)
        self.refresh_product_statistics(shop, products)
        password = self.seed_staff()
        category_tree_invalidate()
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo shop ready in {elapsed:.1f}s."))
        self.stdout.write(f"  Staff login:    {STAFF_USERNAME} / {password}  (at /admin/)")
        self.stdout.write(
            f"  Customer login: {shop.customers[0].username} / {DEMO_CUSTOMER_PASSWORD}"
        )

    def step(self, message: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(message))
        self.stdout.flush()

    def progress(self, label: str, done: int, total: int) -> None:
        self.stdout.write(f"  {label}: {done}/{total}")
        self.stdout.flush()

    # --- catalogue ---------------------------------------------------------------------------

    def seed_categories(self, shop: DemoShop) -> dict[str, int]:
        self.step("Categories")
        ids: dict[str, int] = {}
        for position, spec in enumerate(shop.categories):
            category, _created = Category.objects.update_or_create(
                slug=spec.slug,
                defaults={
                    "name": spec.name,
                    "description": spec.description,
                    "parent_id": ids.get(spec.parent_slug) if spec.parent_slug else None,
                    "position": position,
                },
            )
            ids[spec.slug] = category.pk
        self.stdout.write(f"  {len(ids)} categories")
        return ids

    def seed_products(self, shop: DemoShop, categories: dict[str, int]) -> list[int]:
        """Create missing products; returns product ids in the generator's order."""
        self.step("Products")
        existing = set(Product.objects.values_list("sku", flat=True))
        new = [
            Product(
                sku=spec.sku,
                slug=spec.slug,
                title=spec.title,
                brand=spec.brand,
                description=spec.description,
                price=spec.price,
                currency=spec.currency,
                category_id=categories[spec.category_slug],
                stock_quantity=spec.stock,
                lead_time_days=spec.lead_time_days,
                is_active=spec.active,
                created_at=self.now - timedelta(days=spec.created_days_ago),
            )
            for spec in shop.products
            if spec.sku not in existing
        ]
        for done, chunk in enumerate(batched(new, BATCH), start=1):
            Product.objects.bulk_create(chunk)
            self.progress("products", min(done * BATCH, len(new)), len(new))
        ids = dict(Product.objects.values_list("sku", "pk"))
        self.stdout.write(f"  {len(new)} created, {len(existing)} already there")
        return [ids[spec.sku] for spec in shop.products]

    def seed_images(self, shop: DemoShop, product_ids: list[int]) -> None:
        self.step("Product images")
        names = {c.slug: c.name for c in shop.categories}
        missing = set(Product.objects.filter(image="").values_list("pk", flat=True))
        todo = [
            (pid, spec)
            for pid, spec in zip(product_ids, shop.products, strict=True)
            if pid in missing
        ]
        for done, (pid, spec) in enumerate(todo, start=1):
            data = render_product_image(
                title=spec.title, category=names[spec.category_slug], seed=spec.image_seed
            )
            product = Product(pk=pid)
            extension = "webp" if data[:4] == b"RIFF" else "png"
            product.image.save(f"{spec.slug}.{extension}", ContentFile(data), save=False)
            Product.objects.filter(pk=pid).update(image=product.image.name)
            if done % 200 == 0 or done == len(todo):
                self.progress("images", done, len(todo))
        if not todo:
            self.stdout.write("  all products have images")

    # --- people ------------------------------------------------------------------------------

    def seed_customers(self, shop: DemoShop) -> list[int]:
        self.step("Customers")
        existing = set(User.objects.values_list("username", flat=True))
        password = make_password(DEMO_CUSTOMER_PASSWORD)
        new = [
            User(
                username=spec.username,
                email=spec.email,
                first_name=spec.first_name,
                last_name=spec.last_name,
                password=password,
                date_joined=self.now - timedelta(days=spec.joined_days_ago),
            )
            for spec in shop.customers
            if spec.username not in existing
        ]
        for chunk in batched(new, BATCH):
            User.objects.bulk_create(chunk)
        ids = dict(User.objects.values_list("username", "pk"))
        self.stdout.write(f"  {len(new)} created, {len(shop.customers) - len(new)} already there")
        return [ids[spec.username] for spec in shop.customers]

    def seed_addresses(self, shop: DemoShop, customer_ids: list[int]) -> None:
        with_address = set(Address.objects.values_list("user_id", flat=True))
        seen: set[int] = set()
        new = []
        for spec in shop.addresses:
            user_id = customer_ids[spec.customer]
            if user_id in with_address:
                continue
            new.append(
                Address(
                    user_id=user_id,
                    full_name=spec.full_name,
                    line1=spec.line1,
                    line2=spec.line2,
                    city=spec.city,
                    postcode=spec.postcode,
                    country=spec.country,
                    phone=spec.phone,
                    is_default=user_id not in seen,
                )
            )
            seen.add(user_id)
        for chunk in batched(new, BATCH):
            Address.objects.bulk_create(chunk)
        self.stdout.write(f"  {len(new)} addresses created")

    # --- orders and signals ------------------------------------------------------------------

    def seed_orders(self, shop: DemoShop, customer_ids: list[int], product_ids: list[int]) -> bool:
        """Write the demo's order history once; False when it is already there."""
        self.step("Orders")
        if Order.objects.filter(idempotency_key__startswith="demo-").exists():
            self.stdout.write("  already seeded")
            return False
        specs = {
            spec.sku: (pid, spec) for pid, spec in zip(product_ids, shop.products, strict=True)
        }
        users = dict(User.objects.filter(pk__in=set(customer_ids)).values_list("pk", "email"))
        addresses = {
            a.user_id: a
            for a in Address.objects.filter(user_id__in=set(customer_ids), is_default=True)
        }
        total = len(shop.orders)
        for start in range(0, total, BATCH):
            with transaction.atomic():
                self._write_order_batch(shop, start, customer_ids, specs, users, addresses)
            self.progress("orders", min(start + BATCH, total), total)
        return True

    def _write_order_batch(
        self,
        shop: DemoShop,
        start: int,
        customer_ids: list[int],
        specs: dict[str, Any],
        users: dict[int, str],
        addresses: dict[int, Address],
    ) -> None:
        orders, lines_by_index, history = [], {}, []
        for index, spec in enumerate(shop.orders[start : start + BATCH], start=start):
            user_id = customer_ids[spec.customer]
            address = addresses.get(user_id)
            placed = self.now - timedelta(days=spec.days_ago)
            lines = [(specs[sku][0], specs[sku][1], qty) for sku, qty in spec.lines]
            subtotal = sum((s.price * qty for _pid, s, qty in lines), Decimal("0.00"))
            shipping = Decimal("0.00") if subtotal >= Decimal("50") else Decimal("4.95")
            order = Order(
                number=demo_order_number(shop.seed, index),
                user_id=user_id,
                status=spec.status,
                email=users[user_id],
                ship_full_name=address.full_name if address else "Demo Customer",
                ship_line1=address.line1 if address else "1 Demo Street",
                ship_city=address.city if address else "Berlin",
                ship_postcode=address.postcode if address else "10115",
                ship_country=address.country if address else "DE",
                shipping_method="standard",
                shipping_method_name="Standard delivery",
                shipping_price=shipping,
                subtotal=subtotal,
                total=subtotal + shipping,
                currency="EUR",
                payment_reference=f"demo_{index}",
                idempotency_key=f"demo-{shop.seed}-{index}",
                created_at=placed,
            )
            path = STATUS_PATHS[spec.status]
            for status in path[1:]:
                when = min(placed + timedelta(days=STATUS_DELAY_DAYS.get(status, 5)), self.now)
                setattr(order, STATUS_TIMESTAMP[status], when)
            orders.append(order)
            lines_by_index[len(orders) - 1] = lines
        Order.objects.bulk_create(orders)
        numbers = [o.number for o in orders]
        ids = dict(Order.objects.filter(number__in=numbers).values_list("number", "pk"))
        order_lines = []
        for position, order in enumerate(orders):
            order_id = ids[order.number]
            for pid, spec, qty in lines_by_index[position]:
                order_lines.append(
                    OrderLine(
                        order_id=order_id,
                        product_id=pid,
                        title=spec.title,
                        sku=spec.sku,
                        unit_price=spec.price,
                        quantity=qty,
                    )
                )
            previous = ""
            for status in STATUS_PATHS[order.status]:
                stamp = getattr(order, STATUS_TIMESTAMP.get(status, "created_at"))
                history.append(
                    OrderStatusChange(
                        order_id=order_id,
                        from_status=previous,
                        to_status=status,
                        changed_at=stamp or order.created_at,
                    )
                )
                previous = status
        OrderLine.objects.bulk_create(order_lines)
        OrderStatusChange.objects.bulk_create(history)

    def seed_interactions(
        self, shop: DemoShop, customer_ids: list[int], product_ids: list[int]
    ) -> None:
        self.step("Interaction signals")
        arrays = shop.event_arrays
        users = np.asarray(customer_ids, dtype=np.int64)
        products = np.asarray(product_ids, dtype=np.int64)
        total = len(arrays)
        for start in range(0, total, BATCH * 2):
            window = slice(start, start + BATCH * 2)
            rows = zip(
                users[arrays.customer[window]].tolist(),
                products[arrays.product[window]].tolist(),
                arrays.kind[window].tolist(),
                arrays.value[window].tolist(),
                arrays.days_ago[window].tolist(),
                strict=True,
            )
            Interaction.objects.bulk_create(
                Interaction(
                    user_id=user_id,
                    product_id=product_id,
                    kind=EVENT_KINDS[kind],
                    weight=float(value),
                    created_at=self.now - timedelta(days=float(days_ago)),
                )
                for user_id, product_id, kind, value, days_ago in rows
            )
            self.progress("signals", min(start + BATCH * 2, total), total)

    def seed_reviews(self, shop: DemoShop, customer_ids: list[int], product_ids: list[int]) -> None:
        self.step("Reviews")
        by_sku = {spec.sku: pid for pid, spec in zip(product_ids, shop.products, strict=True)}
        existing = set(Review.objects.values_list("user_id", "product_id"))
        bought = set(
            OrderLine.objects.filter(
                order__status__in=("paid", "shipped", "delivered")
            ).values_list("order__user_id", "product_id")
        )
        new, seen = [], set(existing)
        for spec in shop.reviews:
            key = (customer_ids[spec.customer], by_sku[spec.sku])
            if key in seen:
                continue
            seen.add(key)
            new.append(
                Review(
                    user_id=key[0],
                    product_id=key[1],
                    stars=spec.stars,
                    title=spec.title,
                    body=spec.body,
                    is_verified_purchase=key in bought,
                    created_at=self.now - timedelta(days=spec.days_ago),
                    updated_at=self.now - timedelta(days=spec.days_ago),
                )
            )
        for chunk in batched(new, BATCH):
            Review.objects.bulk_create(chunk)
        self.stdout.write(f"  {len(new)} reviews created")

    def refresh_product_statistics(self, shop: DemoShop, product_ids: list[int]) -> None:
        """Ratings from reviews; popularity from the last 30 days of weighted signals."""
        self.step("Product statistics")
        visible = Review.objects.filter(product=OuterRef("pk"), is_hidden=False).values("product")
        Product.objects.update(
            rating_average=Coalesce(
                Subquery(visible.annotate(a=Round(Avg("stars"), 2)).values("a")), Decimal("0")
            ),
            rating_count=Coalesce(Subquery(visible.annotate(c=Count("id")).values("c")), 0),
        )
        arrays = shop.event_arrays
        weights = np.array([1.0, 3.0, 5.0, 2.0])[arrays.kind] * np.exp(-arrays.days_ago / 30.0)
        scores = np.bincount(arrays.product, weights=weights, minlength=len(product_ids))
        updates = [
            Product(pk=pid, popularity=round(float(s), 3))
            for pid, s in zip(product_ids, scores, strict=True)
        ]
        for chunk in batched(updates, BATCH):
            Product.objects.bulk_update(chunk, ["popularity"])
        self.stdout.write(f"  {len(updates)} products refreshed")

    def seed_staff(self) -> str:
        self.step("Staff account")
        password = secrets.token_urlsafe(12)
        staff, _created = User.objects.get_or_create(
            username=STAFF_USERNAME,
            defaults={"email": "staff@example.com", "is_staff": True, "is_superuser": True},
        )
        staff.set_password(password)
        staff.is_staff = staff.is_superuser = True
        staff.save(update_fields=["password", "is_staff", "is_superuser"])
        return password
