"""Load benchmark: the shop under gunicorn on PostgreSQL and Redis with the medium demo data.

    .venv/bin/python benchmarks/load.py [--duration 10] [--connections 8] [--skip-seed]

What it does:

1. Prepares a dedicated database (``shop_load`` on 127.0.0.1:5432, user postgres; override with
   LOAD_DATABASE_URL) and a Redis cache under its own key prefix (LOAD_REDIS_URL, default
   redis://127.0.0.1:6379/0): migrate, ``seed_demo --size medium`` (idempotent), a
   recommendations rebuild when none is serving, collectstatic.
2. Serves it with gunicorn, 2 workers (gthread, 1 thread each, as ``make serve`` runs it:
   with 4 threads per worker the same machine gave about 20% fewer requests/s and a p99 two to
   ten times longer, the threads contending for the GIL),
   ``config.settings.production`` (DEBUG off) with a generated SECRET_KEY,
   SECURE_SSL_REDIRECT=false and ALLOWED_HOSTS=127.0.0.1; the API and chat throttles are raised
   so the benchmark measures the pages, not the rate limiter.
3. Drives it with **wrk** (Debian's ``wrk`` package: ``apt-get install -y wrk``), 2 threads and
   8 concurrent keep-alive connections, for a bounded time per page: home, category, product
   (the most reviewed one), products (every product page, each request picking one at random,
   so the cache is cold for many of them), search, cart (a visitor session with two lines) and
   the chat API (POST /api/chat/). The caches start empty; each page gets a 2 s warm-up. A Lua
   script reports p50/p95/p99 latency and the non-2xx count.
4. Checks that no page's query count grows with the data: each page is requested in-process
   with the cache switched off, on a small and a large instance of what it shows (a category
   with few and many products, a product with few and many reviews, a rare and a common search
   term, a cart with one and five lines), and the query counts must be equal.

Prints a table and PASS/FAIL for the target: home and product pages (the one product and all
of them at random) at least 400 requests/s with p99 at most 50 ms at 8 connections. Exit status
0 on PASS, 1 on FAIL.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import urllib.parse
from pathlib import Path
from typing import Any

# Run as a script: the repository root is not on the path yet.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.load_server import (
    DATABASE_URL,
    VAR_DIR,
    free_port,
    prepare,
    request,
    run_wrk,
    server_env,
    start_gunicorn,
)

TARGET_RPS = 400.0
TARGET_P99_MS = 50.0
TARGET_PAGES = ("home", "product", "products")


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def ensure_build() -> None:
    from recommendations.models import Build
    from recommendations.services import build_run

    if not Build.objects.filter(is_current=True).exists():
        print("running a recommendations rebuild ...")
        build_run(n_chunks=1)


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


def visitor_cart_cookie(port: int, product_slug: str, product_pks: list[int]) -> str:
    """A visitor session with two lines in the cart, as wrk's Cookie header."""
    status, cookies, body = request(port, "GET", f"/product/{product_slug}/")
    assert status == 200, status
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert token and "csrftoken" in cookies, "no CSRF token on the product page"
    jar = dict(cookies)
    for pk in product_pks[:2]:
        cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
        status, new, _ = request(
            port,
            "POST",
            f"/cart/add/{pk}/",
            body=urllib.parse.urlencode(
                {"quantity": "1", "csrfmiddlewaretoken": token.group(1).decode()}
            ).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        )
        assert status == 302, f"cart add answered {status}"
        jar.update(new)
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per page (default 10)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--skip-seed", action="store_true", help="the database is seeded already")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")

    env = server_env()
    print(f"preparing {DATABASE_URL} (medium demo data) ...", flush=True)
    prepare(env, seed=not args.skip_seed)
    django_setup(env)
    ensure_build()
    targets = pick_targets()
    from django.core.cache import cache

    cache.delete_pattern("*")  # type: ignore[attr-defined]

    port = free_port()
    server = start_gunicorn(env, port)
    try:
        cookie = visitor_cart_cookie(port, targets["product"][0], targets["cart_pks"])
        chat_body = json.dumps({"message": "how long does delivery take?"})
        every_product = VAR_DIR / "products.txt"
        every_product.write_text("\n".join(targets["all_products"]) + "\n")
        pages = [
            ("home", "/", {}),
            ("category", f"/category/{targets['category'][0]}/", {}),
            ("product", f"/product/{targets['product'][0]}/", {}),
            # Every product page in random order: most requests find the page cached only
            # after the warm-up has visited it, as on a real shop's long tail.
            ("products", "/", {"WRK_PATHS": str(every_product)}),
            ("search", f"/search/?q={targets['search']}", {}),
            ("cart", "/cart/", {"WRK_COOKIE": cookie}),
            ("chat API", "/api/chat/", {"WRK_BODY": chat_body}),
        ]
        print(
            f"\nwrk, 2 threads, {args.connections} connections, {args.duration} s per page; "
            "gunicorn 2 workers x 1 thread, config.settings.production, PostgreSQL + Redis\n"
        )
        header = f"{'page':<10} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        print(header + f"{'max ms':>8} {'non-2xx':>8}")
        results = {}
        for name, path, extra in pages:
            r = run_wrk(port, path, duration=args.duration, connections=args.connections, env=extra)
            results[name] = r
            print(
                f"{name:<10} {r['rps']:>8.0f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
                f"{r['p99']:>8.1f} {r['max']:>8.1f} {r['errors']:>8.0f}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    print("\nqueries per page with the cache off (small case / large case):")
    counts = query_counts(targets)
    grows = False
    for name, small, large in counts:
        flag = "" if large <= small else "  <-- grows with the data"
        grows = grows or large > small
        print(f"  {name:<10} {small:>3} / {large:<3}{flag}")
    print(
        f"  (category {targets['category_few'][1]} vs {targets['category'][1]} products, "
        f"product {targets['product_few'][1]} vs {targets['product'][1]} reviews, "
        f"search '{targets['search_rare']}' vs '{targets['search']}', cart 1 vs 5 lines)"
    )

    ok = not grows
    print()
    for name in TARGET_PAGES:
        r = results[name]
        page_ok = r["rps"] >= TARGET_RPS and r["p99"] <= TARGET_P99_MS and not r["errors"]
        ok = ok and page_ok
        print(
            f"{name}: {r['rps']:.0f} req/s (target >= {TARGET_RPS:.0f}), p99 {r['p99']:.1f} ms "
            f"(target <= {TARGET_P99_MS:.0f}): {'ok' if page_ok else 'MISSED'}"
        )
    errors = sum(r["errors"] for r in results.values())
    if errors:
        ok = False
        print(f"{errors:.0f} non-2xx or socket errors")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
