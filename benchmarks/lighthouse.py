"""Lighthouse on the storefront, served as ``make serve`` serves it (issue 18).

    python benchmarks/lighthouse.py [--runs 3] [--pages home,product] [--details]

Seeds the small demo into a scratch SQLite database (its own SHOP_VAR_DIR, no PostgreSQL, no
Redis), collects the static files, and serves the shop with gunicorn under the production
settings (DEBUG off, static files from WhiteNoise, two workers of one thread, as ``make serve``
starts it; HTTPS redirects off, since it is plain HTTP on the loopback). Then the npm
``lighthouse`` package, installed on first use into ``var/lighthouse/`` (gitignored; Debian's
Node.js 20 runs Lighthouse 12), audits five pages with Debian's Chromium in its mobile mode
(emulated phone, simulated slow 4G and 4x CPU slowdown, Lighthouse's defaults): the home page,
a category, a product with its gallery, the cart with an item in it, and the checkout's
address step. The cart and checkout are a guest's: the script adds the product to a cart
through the product page's form as a browser would, and Lighthouse sends that session's cookie.

It prints performance, accessibility, best practices and SEO per page (the median of
``--runs`` runs; with ``--details``, every audit that lost points), and keeps each report
under ``var/lighthouse/reports/``. Targets: performance, accessibility and best practices at
least 95 on all five pages; SEO at least 95 on home, category and product (cart and checkout
are ``noindex`` on purpose, which Lighthouse's SEO category counts against them).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load_checkout import cookie_header, form_post  # noqa: E402
from benchmarks.load_server import free_port, request, wait_until_up  # noqa: E402

PYTHON = sys.executable
TOOLS = ROOT / "var" / "lighthouse"
REPORTS = TOOLS / "reports"
LIGHTHOUSE_VERSION = "12.8.2"  # the newest line that runs on Node.js 20
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
HEADINGS = ("perf", "a11y", "best", "seo")
PAGES = ("home", "category", "product", "cart", "checkout")
INDEXED = ("home", "category", "product")
TARGET = 95
VARIANT_INPUT = re.compile(r'name="variant" value="(\d+)" data-variant-input')


def lighthouse_bin() -> Path:
    """The lighthouse command, installed with npm into var/lighthouse/ the first time."""
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {TOOLS} ...", flush=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(TOOLS),
             f"lighthouse@{LIGHTHOUSE_VERSION}"],
            check=True, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
        )  # fmt: skip
    return binary


def server_env(var_dir: Path) -> dict[str, str]:
    """The production settings on a scratch SQLite database, over plain HTTP on the loopback."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SHOP_VAR_DIR": str(var_dir),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }


def prepare(env: dict[str, str], *, size: str) -> None:
    def manage(*args: str) -> None:
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)

    print(f"seeding the {size} demo into {env['SHOP_VAR_DIR']} ...", flush=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    manage("seed_demo", "--size", size)
    manage("rebuild_recommendations")


def start_gunicorn(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """gunicorn as ``make serve`` starts it (2 workers of 1 thread); returns once it answers."""
    with log.open("w") as out:
        process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--threads", "1", "--graceful-timeout", "30"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    return wait_until_up(process, port, log)


def find_pages(port: int) -> tuple[dict[str, str], str]:
    """The five pages' paths, and the Cookie header of a guest with that product in the cart."""
    status, _, body = request(port, "GET", "/")
    assert status == 200, f"home answered {status}"
    home = body.decode()
    category = re.search(r'href="(/category/[^"]+/)"', home)
    assert category, "no category link on the home page"
    jar: dict[str, str] = {}
    for product in dict.fromkeys(re.findall(r'href="(/product/[^"?]+/)', home)):
        status, jar, body = request(port, "GET", product)
        page = body.decode()
        variant = VARIANT_INPUT.search(page)
        # A product with a gallery and one variant, which the form adds as it stands.
        if status == 200 and variant and "gallery-thumbs" in page:
            action = re.search(r'action="(/cart/add/\d+/)"', page)
            assert action, f"no add-to-cart form on {product}"
            added = form_post(
                port, jar, product, action.group(1), {"variant": variant.group(1), "quantity": "1"}
            )
            assert added == 302 and "sessionid" in jar, f"adding to the cart answered {added}"
            break
    else:
        raise SystemExit("no product with a gallery and a single variant on the home page")
    status, _, body = request(port, "GET", "/cart/", headers={"Cookie": cookie_header(jar)})
    assert status == 200 and b"Proceed to checkout" in body, "the cart is empty"
    paths = {
        "home": "/",
        "category": category.group(1),
        "product": product,
        "cart": "/cart/",
        "checkout": "/checkout/",
    }
    return paths, cookie_header(jar)


def audit(url: str, name: str, run: int, cookie: str) -> dict[str, object]:
    """One Lighthouse run (mobile) of ``url``; its JSON report."""
    REPORTS.mkdir(parents=True, exist_ok=True)
    output = REPORTS / f"{name}-{run}.json"
    command = [
        str(lighthouse_bin()), url,
        "--quiet", "--output=json", f"--output-path={output}",
        "--form-factor=mobile",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]  # fmt: skip
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    report: dict[str, object] = json.loads(output.read_text())
    return report


def scores(report: dict[str, object]) -> dict[str, int]:
    """Each category's score out of 100 (Lighthouse's rounding)."""
    categories = report["categories"]
    assert isinstance(categories, dict)
    return {key: round(float(categories[key]["score"] or 0) * 100) for key in CATEGORIES}


def lost_points(report: dict[str, object]) -> list[str]:
    """The audits that cost points, with what Lighthouse shows of them."""
    audits = report["audits"]
    categories = report["categories"]
    assert isinstance(audits, dict) and isinstance(categories, dict)
    lines = []
    for key in CATEGORIES:
        for ref in categories[key]["auditRefs"]:
            found = audits[ref["id"]]
            score = found.get("score")
            if ref["weight"] and score is not None and score < 1:
                shown = found.get("displayValue", "")
                lines.append(f"  {key}: {ref['id']} {score:.2f} {shown}".rstrip())
    return lines


def table(results: dict[str, dict[str, int]]) -> list[str]:
    """The figures as a Markdown table; a figure under its target is marked with a '!'."""
    lines = ["| page | " + " | ".join(HEADINGS) + " |", "|---" * (len(HEADINGS) + 1) + "|"]
    for name, figures in results.items():
        cells = []
        for key in CATEGORIES:
            value = figures[key]
            counted = key != "seo" or name in INDEXED
            cells.append(f"{value}{'' if not counted or value >= TARGET else ' !'}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page (the median is shown)")
    parser.add_argument("--pages", default=",".join(PAGES), help="a subset of " + ",".join(PAGES))
    parser.add_argument("--size", default="small", help="the demo's size (seed_demo --size)")
    parser.add_argument("--details", action="store_true", help="list the audits that lost points")
    args = parser.parse_args()
    if not shutil.which(CHROMIUM):
        raise SystemExit(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    lighthouse_bin()
    var_dir = Path(tempfile.mkdtemp(prefix="shop-lighthouse-"))
    env = server_env(var_dir)
    server = None
    try:
        prepare(env, size=args.size)
        port = free_port()
        server = start_gunicorn(env, port, var_dir / "gunicorn.log")
        paths, cookie = find_pages(port)
        results: dict[str, dict[str, int]] = {}
        details: dict[str, list[str]] = {}
        for name in args.pages.split(","):
            url = f"http://localhost:{port}{paths[name]}"
            with_cookie = cookie if name in ("cart", "checkout") else ""
            runs = [audit(url, name, run, with_cookie) for run in range(1, args.runs + 1)]
            figures = [scores(report) for report in runs]
            results[name] = {k: int(statistics.median(f[k] for f in figures)) for k in CATEGORIES}
            median_run = min(
                runs, key=lambda r: abs(scores(r)["performance"] - results[name]["performance"])
            )
            details[name] = lost_points(median_run)
            print(f"{name} {paths[name]}: {results[name]}", flush=True)
        print()
        print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile, median of {args.runs} run(s):")
        for line in table(results):
            print(line)
        misses = [
            f"{name} {key} {value}"
            for name, figures in results.items()
            for key, value in figures.items()
            if value < TARGET and (key != "seo" or name in INDEXED)
        ]
        print(
            f"FAIL (under {TARGET}): " + ", ".join(misses) if misses else f"PASS (all >= {TARGET})"
        )
        if args.details:
            for name, lines in details.items():
                print(f"\n{name}:")
                print("\n".join(lines) or "  (nothing lost)")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
