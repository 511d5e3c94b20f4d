"""What the recommendation row costs the product page: median latency with and without it.

Prints figures and PASS/FAIL against the target (the row adds at most 5 ms at the median); it
is not a test. It seeds the medium demo shop into a throw-away SQLite database (or uses
DATABASE_URL when set), rebuilds the recommendations, then times the product page through
Django's test client in this process, alternating rows on and off (RECOMMENDATIONS_ENABLED) over
the same products so both see the same machine noise:

* warm: the steady state, rows served from the cache (what shoppers mostly get);
* cold: the cache cleared before every request, so each row is computed (at most 2 queries).

    python benchmarks/recsys_serving.py [--size small|medium] [--requests 400]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_MS = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="medium", choices=["small", "medium"])
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    os.environ.setdefault("SHOP_VAR_DIR", tempfile.mkdtemp(prefix="recs-serving-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    from shop.catalogue.models import Product

    setup_test_environment()
    print(f"seeding the {args.size} demo shop into {os.environ['SHOP_VAR_DIR']} ...", flush=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", size=args.size, no_images=True, stdout=quiet)
        call_command("rebuild_recommendations", stdout=quiet)
    urls = [
        p.get_absolute_url()
        for p in Product.objects.filter(is_active=True, stock_quantity__gt=0).order_by("pk")[:50]
    ]
    client = Client()

    def timed(url: str, *, enabled: bool, cold: bool) -> float:
        with override_settings(RECOMMENDATIONS_ENABLED=enabled):
            if cold:
                cache.clear()
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200
        assert (b"recommendation-row" in response.content) == enabled
        return elapsed

    results: dict[tuple[str, bool], list[float]] = {}
    for mode in ("warm", "cold"):
        for url in urls:  # warm-up: fill caches, templates, connections
            timed(url, enabled=True, cold=False)
            timed(url, enabled=False, cold=False)
        for i in range(args.requests):
            url = urls[i % len(urls)]
            for enabled in (True, False) if i % 2 else (False, True):
                results.setdefault((mode, enabled), []).append(
                    timed(url, enabled=enabled, cold=mode == "cold")
                )

    print(f"\nproduct page, median of {args.requests} requests each (ms)")
    print(f"{'state':6} {'without row':>12} {'with row':>10} {'added':>8}")
    verdict = True
    for mode in ("warm", "cold"):
        without = statistics.median(results[(mode, False)])
        with_row = statistics.median(results[(mode, True)])
        added = with_row - without
        print(f"{mode:6} {without:12.2f} {with_row:10.2f} {added:8.2f}")
        if mode == "warm":
            verdict = added <= TARGET_MS
    print(
        f"\ntarget: the row adds <= {TARGET_MS:.0f} ms at the median (warm): "
        f"{'PASS' if verdict else 'FAIL'}"
    )
    return 0 if verdict else 1


if __name__ == "__main__":
    raise SystemExit(main())
