"""Profile one page as the load benchmark serves it: production settings, PostgreSQL, Redis.

    .venv/bin/python benchmarks/profile_page.py [PATH] [--requests 2000] [--signed-in USER]

Runs in-process through Django's WSGI handler (every middleware, as gunicorn calls it) against
the load benchmark's database and cache (LOAD_DATABASE_URL, LOAD_REDIS_URL), after a warm-up,
with pyinstrument when it is installed (``pip install pyinstrument``; not a dependency of the
shop), else cProfile. Requests carry no cookies unless ``--signed-in``, as wrk's do. Prints the
mean time per request and the profile.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.load_server import server_env


def pyinstrument_profiler() -> Any:
    """pyinstrument's Profiler class, or None where it is not installed (it is optional)."""
    try:
        import pyinstrument
    except ImportError:
        return None
    return pyinstrument.Profiler


def wsgi_get(app: Any, path: str, cookie: str) -> int:
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    status: list[str] = []
    body = app(environ, lambda s, headers, exc_info=None: status.append(s))
    for _chunk in body:
        pass
    if hasattr(body, "close"):
        body.close()
    return int(status[0].split()[0])


def signed_in_cookie(username: str) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    from shop.accounts.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "shop.accounts.backends.EmailOrUsernameBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default="")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--signed-in", default="", metavar="USERNAME")
    args = parser.parse_args()
    os.environ.update(server_env())
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    from django.db.models import Count

    from shop.catalogue.models import Product

    path = args.path or "/product/{}/".format(
        Product.objects.filter(is_active=True)
        .annotate(n=Count("reviews"))
        .order_by("-n", "pk")
        .values_list("slug", flat=True)[0]
    )
    cookie = signed_in_cookie(args.signed_in) if args.signed_in else ""
    for _ in range(50):
        assert wsgi_get(app, path, cookie) == 200
    profiler_class = pyinstrument_profiler()
    started = time.perf_counter()
    if profiler_class is not None:
        profiler = profiler_class(interval=0.0002)
        profiler.start()
        for _ in range(args.requests):
            wsgi_get(app, path, cookie)
        profiler.stop()
        elapsed = time.perf_counter() - started
        print(profiler.output_text(unicode=False, color=False, show_all=False))
    else:
        import cProfile
        import pstats

        with cProfile.Profile() as cprofile:
            for _ in range(args.requests):
                wsgi_get(app, path, cookie)
        elapsed = time.perf_counter() - started
        pstats.Stats(cprofile).sort_stats("cumulative").print_stats(40)
    print(f"{path}: {1000 * elapsed / args.requests:.2f} ms per request (profiled)")
    started = time.perf_counter()
    for _ in range(args.requests):
        wsgi_get(app, path, cookie)
    unprofiled = 1000 * (time.perf_counter() - started) / args.requests
    print(f"{path}: {unprofiled:.2f} ms per request without the profiler")


if __name__ == "__main__":
    main()
