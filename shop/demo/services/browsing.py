"""Shoppers browsing the demo shop through its own pages over the last 30 days, so staff's
recommendation figures (impressions, clicks, CTR per placement, day and position, what rows
showed) come from the serving path, never from rows written into the statistics.

Each visit is a real request sequence through Django's full stack (middleware, sessions, the
page cache, the views that record what rows showed and what was clicked): the home page, now
and then a click on a recommended card (its ``?rec=…&pos=…`` link, as a browser follows it),
the product page with its rows, sometimes the cart with "Complete your order", and for a
customer sometimes an order page. Visitors have accepted analytics cookies; customers are
signed in. Runs after a recommendation build (the rows need one).

The visits are spread over the last ``days`` days: each past visit runs with the clock set to
its moment (time-machine moves every clock the shop reads: ``timezone.now()``, ``localdate()``
and ``time.time()`` in the event buffers), so the per-day statistics, the row events and the
views get that day's date exactly as a visit on that day would give them. Today's visits run at
the real time. Every page shows the current build's rows (there was no older build to show).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from recommendations.services import (
    interaction_buffer_flush,
    placement_impressions_flush,
    row_shown_flush,
)
from shop.accounts.models import User
from shop.core.consent import ANALYTICS, CONSENT_COOKIE
from shop.orders.models import Order

from .run import Report

# A recommended card's link: /product/<slug>/?rec=<placement>&pos=<n>
REC_LINK = re.compile(r'href="(/product/[^"?]+/\?rec=([a-z_]+)&amp;pos=(\d+))"')
CLICK_CHANCE = 0.35  # of a page with recommendations, a click on one of them
CART_CHANCE = 0.3  # of a product page, adding it to the cart
ORDER_PAGE_CHANCE = 0.2  # of a customer's visit, a look at one of their orders
DEFAULT_DAYS = 30
WEEKEND_WEIGHT = 1.4  # a weekend day draws this many times the visits of a weekday
OPENING_HOURS = (8, 22)  # past visits fall between these local hours


@dataclass(frozen=True)
class Browsed:
    visits: int
    pages: int
    clicks: Counter[str]
    days: int  # days with at least one visit


@dataclass(frozen=True)
class _Shopper:
    user: User
    orders: list[tuple[str, datetime]]  # (number, placed)


def host_name() -> str:
    hosts = [h for h in settings.ALLOWED_HOSTS if h not in ("*", "") and not h.startswith(".")]
    return hosts[0] if hosts else "localhost"


def _click(rng: random.Random, client: Client, html: str, clicks: Counter[str]) -> str | None:
    """Follow one recommended card, the first positions likelier (as shoppers click)."""
    links = REC_LINK.findall(html)
    if not links or rng.random() > CLICK_CHANCE:
        return None
    weights = [1 / int(position) for _href, _placement, position in links]
    href, placement, _position = rng.choices(links, weights=weights)[0]
    clicks[placement] += 1
    return client.get(href.replace("&amp;", "&")).content.decode()


def visit_moments(
    *, visits: int, days: int, now: datetime, rng: random.Random
) -> list[datetime | None]:
    """When each visit happens, oldest first: a moment of one of the ``days`` days up to today
    (weekends busier), between opening hours; ``None`` for a visit of today, at the real time."""
    today = timezone.localdate(now)
    dates = [today - timedelta(days=offset) for offset in range(days - 1, -1, -1)]
    weights = [WEEKEND_WEIGHT if day.weekday() >= 5 else 1.0 for day in dates]
    # Every day gets a visit while there are enough, the rest are drawn by weight.
    if visits < days:
        chosen = dates[-visits:]
    else:
        chosen = [*dates, *rng.choices(dates, weights, k=visits - days)]
    moments: list[datetime | None] = []
    start, end = OPENING_HOURS
    for day in sorted(chosen):
        if day == today:
            moments.append(None)
            continue
        opening = timezone.make_aware(datetime.combine(day, time(start)))
        moments.append(opening + timedelta(seconds=rng.uniform(0, (end - start) * 3600)))
    return sorted(moments, key=lambda moment: (moment is None, moment or now))


def _visit(
    rng: random.Random, client: Client, shopper: _Shopper | None, clicks: Counter[str]
) -> int:
    """One visit's pages; returns how many were requested."""
    if shopper is not None:
        client.force_login(shopper.user)
    else:
        client.cookies[CONSENT_COOKIE] = ANALYTICS
    html = client.get("/").content.decode()
    pages = 1
    product_page = _click(rng, client, html, clicks)
    if product_page is not None:
        pages += 1
        if _click(rng, client, product_page, clicks) is not None:
            pages += 1
        match = re.search(r'action="(/cart/add/\d+/)"', product_page)
        if match and rng.random() < CART_CHANCE:
            client.post(match.group(1), {"quantity": "1"})
            cart = client.get("/cart/").content.decode()
            pages += 2 if _click(rng, client, cart, clicks) is not None else 1
    if shopper is not None and rng.random() < ORDER_PAGE_CHANCE:
        placed = [number for number, at in shopper.orders if at <= timezone.now()]
        if placed:
            page = client.get(f"/orders/{rng.choice(placed)}/").content.decode()
            pages += 2 if _click(rng, client, page, clicks) is not None else 1
    return pages


def _flush() -> None:
    """What the rows showed, the views waiting in the buffers and the day's impressions still
    counted only in the cache, written now (under the day's clock)."""
    row_shown_flush()
    interaction_buffer_flush()
    placement_impressions_flush()


def demo_shoppers() -> list[_Shopper]:
    customers = list(User.objects.filter(is_staff=False).order_by("pk")[:200])
    orders: dict[int, list[tuple[str, datetime]]] = {}
    for user_id, number, placed in Order.objects.filter(user__in=customers).values_list(
        "user_id", "number", "created_at"
    ):
        orders.setdefault(user_id, []).append((str(number), placed))
    return [_Shopper(user, orders.get(user.pk, [])) for user in customers]


def demo_browse(*, visits: int, seed: int, report: Report, days: int = DEFAULT_DAYS) -> Browsed:
    """``visits`` visits over the last ``days`` days, half by signed-in customers (those who
    had joined by then), half by consenting visitors."""
    if visits < 1 or days < 1:
        raise ValueError("visits and days must be at least 1")
    rng = random.Random(seed)
    shoppers = demo_shoppers()
    host = host_name()
    pages, clicks = 0, Counter[str]()
    moments = visit_moments(visits=visits, days=days, now=timezone.now(), rng=rng)
    for number, moment in enumerate(moments, start=1):
        clock: AbstractContextManager[object] = (
            nullcontext() if moment is None else time_machine.travel(moment, tick=True)
        )
        with clock:
            now = timezone.now()
            joined = [s for s in shoppers if s.user.date_joined <= now]
            shopper = rng.choice(joined) if joined and rng.random() < 0.5 else None
            pages += _visit(rng, Client(HTTP_HOST=host), shopper, clicks)
            following = moments[number] if number < len(moments) else None
            if moment is not None and (
                following is None or timezone.localdate(following) != timezone.localdate(moment)
            ):
                _flush()  # the day is over
        if number % 100 == 0:
            report.line(f"  {number} of {visits} visits")
    _flush()
    today = timezone.localdate()
    active = {today if m is None else timezone.localdate(m) for m in moments}
    return Browsed(visits=visits, pages=pages, clicks=clicks, days=len(active))
