"""Signed-in sessions and the checkout loop of benchmarks/load.py.

Sessions are real: each demo customer signs in through the sign-in page (CSRF token, password
check, the session cookie the shop sets), exactly as a browser does. The checkout loop drives
``POST /api/checkout/`` from threads, one per buyer, each with its own API token and its own
keep-alive connection; a buyer puts one unit in the cart, then checks out with the test
gateway's success card. Latencies are of the checkout request alone (the cart request is
timed apart), measured by the client.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field

from benchmarks.load_server import request

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
ADDRESS = {
    "full_name": "Load Test",
    "line1": "Teststraße 1",
    "city": "Berlin",
    "postcode": "10115",
    "country": "DE",
}
CARD = {
    "number": "4242 4242 4242 4242",
    "expiry_month": 12,
    "expiry_year": 2099,
    "cvc": "123",
    "holder": "Load Test",
}


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def csrf_from(body: bytes) -> str:
    found = CSRF_FIELD.search(body)
    if not found:
        raise AssertionError("no CSRF token in the page")
    return found.group(1).decode()


def sign_in(port: int, username: str, password: str) -> dict[str, str]:
    """The cookies of a session signed in through the sign-in page."""
    status, jar, body = request(port, "GET", "/accounts/login/")
    assert status == 200, f"sign-in page answered {status}"
    form = {"username": username, "password": password, "csrfmiddlewaretoken": csrf_from(body)}
    status, new, _ = request(
        port,
        "POST",
        "/accounts/login/",
        body=urllib.parse.urlencode(form).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(jar),
        },
    )
    assert status == 302 and "sessionid" in new, f"sign-in of {username} answered {status}"
    return {**jar, **new}


def form_post(port: int, jar: dict[str, str], page: str, path: str, form: dict[str, str]) -> int:
    """POST a form of ``page`` the way a browser would (its CSRF token); the jar is updated."""
    status, new, body = request(port, "GET", page, headers={"Cookie": cookie_header(jar)})
    assert status == 200, f"{page} answered {status}"
    jar.update(new)
    status, new, _ = request(
        port,
        "POST",
        path,
        body=urllib.parse.urlencode({**form, "csrfmiddlewaretoken": csrf_from(body)}).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(jar),
        },
    )
    jar.update(new)
    return status


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..100) of ``values``; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 100))  # ceil without floats
    return ordered[int(rank) - 1]


@dataclass
class Outcomes:
    """What the buyers got: latencies (ms) of the checkouts, and every answer by kind."""

    latencies: list[float] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, latency_ms: float | None = None) -> None:
        with self.lock:
            self.kinds[kind] += 1
            if latency_ms is not None:
                self.latencies.append(latency_ms)


def outcome_kind(status: int, body: bytes) -> str:
    """``placed``, ``out_of_stock`` (an expected refusal) or ``error <status> <code>``."""
    if status in (200, 201):
        return "placed"
    try:
        code = json.loads(body).get("error", {}).get("code", "")
    except (ValueError, AttributeError):
        code = ""
    if status == 409 and code == "out_of_stock":
        return "out_of_stock"
    return f"error {status} {code}".strip()


class Buyer:
    """One customer with an API token and a keep-alive connection of their own."""

    def __init__(self, port: int, username: str, password: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        status, body = self.call(
            "POST", "/api/auth/token/", {"username": username, "password": password}
        )
        assert status == 200, f"token for {username}: {status} {body[:200]!r}"
        self.token = json.loads(body)["token"]

    def call(self, method: str, path: str, payload: object, **headers: str) -> tuple[int, bytes]:
        if getattr(self, "token", None):
            headers["Authorization"] = f"Token {self.token}"
        self.conn.request(
            method,
            path,
            body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", **headers},
        )
        response = self.conn.getresponse()
        return response.status, response.read()

    def buy(self, variant_id: int, outcomes: Outcomes) -> str:
        status, body = self.call("PUT", f"/api/cart/items/{variant_id}/", {"quantity": 1})
        if status != 200:
            kind = outcome_kind(status, body)
            outcomes.add(kind)
            return kind
        payload = {"address": ADDRESS, "shipping_method": "standard", "card": CARD}
        started = time.perf_counter()
        status, body = self.call(
            "POST", "/api/checkout/", payload, **{"Idempotency-Key": uuid.uuid4().hex}
        )
        kind = outcome_kind(status, body)
        outcomes.add(kind, (time.perf_counter() - started) * 1000)
        return kind


def checkout_loop(
    buyers: list[Buyer], variants: list[int], *, seconds: float, stop_when_sold_out: bool
) -> tuple[Outcomes, float]:
    """Each buyer buys its variant (``variants[i % len]``) again and again for ``seconds`` (or
    until it meets out-of-stock, with ``stop_when_sold_out``). Returns outcomes and wall time."""
    outcomes = Outcomes()
    deadline = time.monotonic() + seconds
    start = threading.Barrier(len(buyers) + 1)

    def run(index: int, buyer: Buyer) -> None:
        start.wait()
        while time.monotonic() < deadline:
            try:
                kind = buyer.buy(variants[index % len(variants)], outcomes)
            except (OSError, http.client.HTTPException) as error:
                outcomes.add(f"error {type(error).__name__}")
                buyer.conn.close()
                continue
            if stop_when_sold_out and kind == "out_of_stock":
                return

    threads = [threading.Thread(target=run, args=(i, b)) for i, b in enumerate(buyers)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return outcomes, time.perf_counter() - began
