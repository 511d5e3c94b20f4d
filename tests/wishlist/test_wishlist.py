"""Save for later: from the product page and the cart, back into the cart, through the API,
and the e-mails when a saved product gets cheaper or comes back."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory, stock_set, variant_of
from shop.core.models import OutboxMessage
from shop.orders.cart import DatabaseCartStore
from shop.wishlist.models import SavedItem
from shop.wishlist.services import saved_item_add, saved_item_alerts_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def tent() -> Any:
    return ProductFactory(title="Trail Tent", price=Decimal("120.00"), stock_quantity=4)


def test_save_from_the_product_page_then_move_it_to_the_cart(customer_client, customer, tent):
    page = customer_client.get(tent.get_absolute_url())
    assert b"Save for later" in page.content
    response = customer_client.post(reverse("wishlist:save", args=[tent.pk]), follow=True)
    assert b"Saved for later." in response.content
    customer_client.post(reverse("wishlist:save", args=[tent.pk]))  # twice: still one
    (item,) = SavedItem.objects.filter(user=customer)
    assert item.saved_price == Decimal("120.00") and not item.wants_restock_alert

    listing = customer_client.get(reverse("wishlist:list")).content.decode()
    assert "Trail Tent" in listing and "Move to cart" in listing
    customer_client.post(reverse("wishlist:to_cart", args=[item.pk]))
    assert DatabaseCartStore(customer).quantities() == {variant_of(tent).pk: 1}
    assert not SavedItem.objects.filter(user=customer).exists()


def test_save_for_later_from_the_cart(customer_client, customer, tent):
    variant = variant_of(tent)
    DatabaseCartStore(customer).set(variant.pk, 2)
    assert b"Save for later" in customer_client.get(reverse("orders:cart")).content
    customer_client.post(reverse("wishlist:cart_save", args=[variant.pk]))
    assert DatabaseCartStore(customer).quantities() == {}
    assert SavedItem.objects.get(user=customer).variant == variant
    # A line that is not in the cart is a 404, and nothing is saved.
    other = variant_of(ProductFactory())
    assert customer_client.post(reverse("wishlist:cart_save", args=[other.pk])).status_code == 404
    assert SavedItem.objects.filter(user=customer).count() == 1


def test_customers_see_and_touch_only_their_own_items(customer_client, tent):
    other = saved_item_add(user=UserFactory(), product=tent)
    assert customer_client.post(reverse("wishlist:remove", args=[other.pk])).status_code == 404
    assert customer_client.post(reverse("wishlist:to_cart", args=[other.pk])).status_code == 404
    assert "Trail Tent" not in customer_client.get(reverse("wishlist:list")).content.decode()
    assert SavedItem.objects.filter(pk=other.pk).exists()
    response = Client().post(reverse("wishlist:save", args=[tent.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_out_of_stock_means_email_me_when_available(customer_client, customer, tent):
    stock_set(tent, 0)
    page = customer_client.get(tent.get_absolute_url())
    assert b"E-mail me when available" in page.content
    customer_client.post(reverse("wishlist:save", args=[tent.pk]))
    item = SavedItem.objects.get(user=customer)
    assert item.wants_restock_alert

    assert saved_item_alerts_queue().back_in_stock == 0  # still out of stock
    stock_set(tent, 3)
    report = saved_item_alerts_queue()
    assert report.back_in_stock == 1
    assert saved_item_alerts_queue().back_in_stock == 0  # once
    (message,) = OutboxMessage.objects.filter(kind="wishlist.back_in_stock")
    assert message.status == OutboxMessage.Status.PENDING  # the worker sends it


def test_a_price_drop_is_emailed_once_per_new_low(
    customer, tent, django_capture_on_commit_callbacks
):
    saved_item_add(user=customer, product=tent)
    variant = variant_of(tent)

    def reprice(price: str) -> None:
        variant.price = Decimal(price)
        variant.save(update_fields=["price"])
        tent.price = Decimal(price)
        tent.save(update_fields=["price"])

    def run() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return saved_item_alerts_queue().price_drops

    assert run() == 0
    reprice("99.00")
    assert run() == 1
    assert run() == 0  # no news: the same price
    reprice("110.00")
    assert run() == 0  # dearer than what they heard of
    reprice("95.00")
    assert run() == 1
    subjects = [m.subject for m in mail.outbox]
    assert subjects == ["Trail Tent is cheaper now"] * 2
    assert "€99.00" in mail.outbox[0].body or "99.00" in mail.outbox[0].body
    assert "95.00" in mail.outbox[1].body and "120.00" in mail.outbox[1].body
    ((html, mimetype),) = mail.outbox[1].alternatives
    assert mimetype == "text/html" and "Trail Tent" in html


def test_the_wishlist_api(customer, tent):
    api = APIClient()
    api.force_authenticate(customer)
    created = api.post("/api/wishlist/", {"product_id": tent.pk}, format="json")
    assert created.status_code == 201
    item = created.json()
    assert item["product"]["title"] == "Trail Tent" and item["in_stock"] is True
    again = api.post("/api/wishlist/", {"product_id": tent.pk}, format="json")
    assert again.status_code == 200 and again.json()["id"] == item["id"]
    assert [i["id"] for i in api.get("/api/wishlist/").json()] == [item["id"]]
    assert api.post("/api/wishlist/", {"product_id": 10**12}, format="json").status_code == 404
    assert api.post("/api/wishlist/", {"product_id": "x"}, format="json").status_code == 400

    moved = api.post(f"/api/wishlist/{item['id']}/move-to-cart/")
    assert moved.status_code == 204
    assert DatabaseCartStore(customer).quantities() == {variant_of(tent).pk: 1}
    assert api.delete(f"/api/wishlist/{item['id']}/").status_code == 404  # gone with the move

    other = saved_item_add(user=UserFactory(), product=tent)
    assert api.delete(f"/api/wishlist/{other.pk}/").status_code == 404
    assert APIClient().get("/api/wishlist/").status_code == 401
