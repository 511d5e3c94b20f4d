"""The pieces of benchmarks/load.py that can break without anyone running it: the floor view is
mounted only by the benchmark's settings, the bare WSGI answer never reaches Django, and the
drivers read wrk's report, percentiles, checkout answers and the sign-in page correctly.
No timing is asserted here (the benchmark prints figures; it never tests them)."""

from __future__ import annotations

import urllib.parse

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve

from benchmarks import floor_wsgi
from benchmarks.load_checkout import csrf_from, outcome_kind, percentile, sign_in
from benchmarks.load_server import LUA, parse_wrk
from config.benchmark_urls import FLOOR_PATH
from shop.accounts.factories import DEFAULT_PASSWORD


def test_the_floor_view_is_not_mounted_by_default(client, db):
    assert settings.ROOT_URLCONF == "config.urls"
    with pytest.raises(Resolver404):
        resolve(FLOOR_PATH)
    assert client.get(FLOOR_PATH).status_code == 404


def test_the_benchmark_settings_mount_it_behind_every_middleware(client, settings):
    # No database access is allowed in this test: the floor view makes no query.
    settings.ROOT_URLCONF = "config.benchmark_urls"
    response = client.get(FLOOR_PATH)
    assert response.status_code == 200
    assert response.content == b"ok"
    # The full stack ran: security, CSP and clickjacking headers are on the trivial answer too.
    assert "Content-Security-Policy" in response.headers
    assert response.headers["X-Frame-Options"] == "DENY"
    # And the shop's own pages are still there.
    assert resolve("/healthz").url_name == "health"


def test_the_benchmark_settings_module_only_changes_the_urls():
    source = (settings.BASE_DIR / "config" / "settings" / "benchmark.py").read_text()
    assignments = [line for line in source.splitlines() if "=" in line and not line[0].isspace()]
    assert assignments == ['ROOT_URLCONF = "config.benchmark_urls"']


def test_the_bare_wsgi_answer_never_reaches_django(monkeypatch):
    def shop(environ, start_response):
        raise AssertionError("the shop was called")

    monkeypatch.setattr(floor_wsgi, "shop_application", shop)
    started = []
    body = floor_wsgi.application(
        {"PATH_INFO": floor_wsgi.BARE_PATH, "REQUEST_METHOD": "GET"},
        lambda status, headers: started.append((status, dict(headers))),
    )
    assert list(body) == [b"ok"]
    assert started == [("200 OK", {"Content-Type": "text/plain", "Content-Length": "2"})]


def test_every_other_path_is_the_shop(monkeypatch):
    calls = []
    monkeypatch.setattr(floor_wsgi, "shop_application", lambda e, s: calls.append(e) or [b"x"])
    assert floor_wsgi.application({"PATH_INFO": "/"}, lambda *a: None) == [b"x"]
    assert calls == [{"PATH_INFO": "/"}]


def test_wrk_report_is_read_in_milliseconds():
    out = (
        "Running 10s test @ http://127.0.0.1:1/\n"
        'RESULT {"requests": 5000, "duration_us": 10000000, "p50": 1500, "p95": 4000, '
        '"p99": 9000, "max": 20000, "errors": 3, "socket_errors": 2}\n'
    )
    assert parse_wrk(out) == {
        "rps": 500.0,
        "requests": 5000,
        "p50": 1.5,
        "p95": 4.0,
        "p99": 9.0,
        "max": 20.0,
        "errors": 5,
    }
    with pytest.raises(ValueError, match="no RESULT line"):
        parse_wrk("wrk: connection refused\n")


def test_the_lua_script_sends_a_random_signed_in_session():
    assert 'os.getenv("WRK_COOKIES")' in LUA
    assert 'headers["Cookie"] = cookies[math.random(#cookies)]' in LUA


def test_nearest_rank_percentiles():
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 99) == 0.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0


def test_checkout_answers_are_told_apart():
    assert outcome_kind(201, b"{}") == "placed"
    assert outcome_kind(200, b"{}") == "placed"
    out = b'{"error": {"status": 409, "code": "out_of_stock", "message": "x"}}'
    assert outcome_kind(409, out) == "out_of_stock"
    other = b'{"error": {"status": 409, "code": "conflict", "message": "x"}}'
    assert outcome_kind(409, other) == "error 409 conflict"
    assert outcome_kind(503, b"<html>") == "error 503"


def test_csrf_token_is_read_from_a_form():
    page = b'<form><input type="hidden" name="csrfmiddlewaretoken" value="abc123"></form>'
    assert csrf_from(page) == "abc123"
    with pytest.raises(AssertionError):
        csrf_from(b"<p>no form</p>")


@pytest.mark.django_db(transaction=True)
def test_sign_in_gets_a_real_session(live_server, customer):
    port = urllib.parse.urlsplit(live_server.url).port
    jar = sign_in(port, customer.username, DEFAULT_PASSWORD)
    assert jar["sessionid"]
