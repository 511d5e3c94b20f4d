"""Shoppers browsing the demo shop through its own pages, so staff's recommendation figures
(impressions, clicks, CTR per placement and position, what rows showed) come from the serving
path, never from rows written into the statistics.

Each visit is a real request sequence through Django's full stack (middleware, sessions, the
page cache, the views that record what rows showed and what was clicked): the home page, now
and then a click on a recommended card (its ``?rec=…&pos=…`` link, as a browser follows it),
the product page with its rows, sometimes the cart with "Complete your order", and for a
customer sometimes an order page. Visitors have accepted analytics cookies; customers are
signed in. Runs after a recommendation build (the rows need one); counts are today's.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.test import Client

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


@dataclass(frozen=True)
class Browsed:
    visits: int
    pages: int
    clicks: Counter[str]


def _host() -> str:
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


def demo_browse(*, visits: int, seed: int, report: Report) -> Browsed:
    """``visits`` visits, half by signed-in customers, half by consenting visitors."""
    rng = random.Random(seed)
    customers = list(User.objects.filter(is_staff=False).order_by("pk")[:200])
    orders: dict[int, list[str]] = {}
    for user_id, number in Order.objects.filter(user__in=customers).values_list(
        "user_id", "number"
    ):
        orders.setdefault(user_id, []).append(str(number))
    host = _host()
    pages, clicks = 0, Counter[str]()
    for visit in range(visits):
        client = Client(HTTP_HOST=host)
        customer = rng.choice(customers) if customers and rng.random() < 0.5 else None
        if customer is not None:
            client.force_login(customer)
        else:
            client.cookies[CONSENT_COOKIE] = ANALYTICS
        html = client.get("/").content.decode()
        pages += 1
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
        if customer is not None and orders.get(customer.pk) and rng.random() < ORDER_PAGE_CHANCE:
            page = client.get(f"/orders/{rng.choice(orders[customer.pk])}/").content.decode()
            pages += 2 if _click(rng, client, page, clicks) is not None else 1
        if (visit + 1) % 100 == 0:
            report.line(f"  {visit + 1} of {visits} visits")
    # What the rows showed and the views waiting in the buffers, written now.
    row_shown_flush()
    interaction_buffer_flush()
    placement_impressions_flush()
    return Browsed(visits=visits, pages=pages, clicks=clicks)
