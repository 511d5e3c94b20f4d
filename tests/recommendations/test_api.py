from __future__ import annotations

import pytest
from kombu.exceptions import OperationalError

from recommendations import tasks
from recommendations.models import Build
from shop.catalogue.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_product_row_through_the_api(client, taste_shop, rebuild):
    products, _ = taste_shop
    rebuild()
    data = client.get(f"/api/recommendations/product/{products['tent'].pk}/").json()
    assert data["placement"] == "product"
    assert data["items"][0]["product"]["title"] == "Camp Stove"
    assert client.get("/api/recommendations/product/999999/").status_code == 404
    hidden = ProductFactory(is_active=False)
    assert client.get(f"/api/recommendations/product/{hidden.pk}/").status_code == 404


def test_cart_row_uses_the_clients_cart(client, taste_shop, rebuild):
    products, _ = taste_shop
    rebuild()
    client.post(
        "/api/cart/items/",
        {"product_id": products["kettle"].pk, "quantity": 1},
        content_type="application/json",
    )
    data = client.get("/api/recommendations/cart/").json()
    titles = [item["product"]["title"] for item in data["items"]]
    assert titles[0] == "Enamel Mug" and "Steel Kettle" not in titles
    assert data["items"][0]["reason"] == "Often bought with Steel Kettle"


def test_home_row_is_personal_for_a_token_client(client, taste_shop, rebuild):
    from rest_framework.authtoken.models import Token

    from recommendations.models import Interaction
    from shop.accounts.factories import UserFactory

    products, _ = taste_shop
    rebuild()
    shopper = UserFactory(username="apishopper")
    Interaction.objects.create(user=shopper, product=products["kettle"], kind="purchase", weight=1)
    token = Token.objects.create(user=shopper)
    data = client.get("/api/recommendations/home/", HTTP_AUTHORIZATION=f"Token {token.key}").json()
    assert data["title"] == "Recommended for you"
    assert data["items"][0]["product"]["title"] == "Enamel Mug"
    assert data["items"][0]["reason"] == "Because you bought Steel Kettle"
    assert client.get("/api/recommendations/home/").json()["title"] == "Trending now"


def test_build_endpoints_are_for_staff_only(
    client, customer_client, staff_user, taste_shop, rebuild
):
    build = rebuild()
    assert client.get("/api/recommendations/builds/").status_code in (401, 403)
    assert customer_client.get("/api/recommendations/builds/").status_code == 403
    assert customer_client.post("/api/recommendations/builds/").status_code == 403
    client.force_login(staff_user)
    listing = client.get("/api/recommendations/builds/").json()
    assert listing[0]["version"] == build.version and "ndcg@10" in listing[0]["metrics"]
    assert (
        client.get(f"/api/recommendations/builds/{build.version}/").json()["status"] == "succeeded"
    )
    assert client.get("/api/recommendations/builds/999/").status_code == 404


def test_staff_start_a_rebuild(client, staff_user, taste_shop):
    client.force_login(staff_user)
    response = client.post("/api/recommendations/builds/")
    assert response.status_code == 202
    assert Build.objects.get().status == "succeeded"  # eager in tests: it ran at once


def test_queue_down_is_a_clear_503(client, staff_user, monkeypatch, db):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.rebuild, "delay", refuse)
    client.force_login(staff_user)
    response = client.post("/api/recommendations/builds/")
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "queue_unavailable" and "queue is unavailable" in error["message"]
    assert not Build.objects.exists()


@pytest.mark.hardening
def test_build_endpoints_ask_for_the_model_permissions_admin_asks_for(client, taste_shop, rebuild):
    """Issue 13, finding 8: a staff account without permissions is refused by admin, so the
    API refuses it too; granting the view permission on builds opens both."""
    from django.contrib.auth.models import Permission

    from shop.accounts.factories import UserFactory

    build = rebuild()
    clerk = UserFactory(username="clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get("/admin/recommendations/build/").status_code == 403
    assert client.get("/api/recommendations/builds/").status_code == 403
    assert client.get(f"/api/recommendations/builds/{build.version}/").status_code == 403
    assert client.post("/api/recommendations/builds/").status_code == 403
    assert Build.objects.count() == 1  # the refused POST started nothing

    clerk.user_permissions.add(Permission.objects.get(codename="view_build"))
    clerk = type(clerk).objects.get(pk=clerk.pk)  # drop the cached permissions
    client.force_login(clerk)
    assert client.get("/admin/recommendations/build/").status_code == 200
    assert client.get("/api/recommendations/builds/").json()[0]["version"] == build.version
    assert client.post("/api/recommendations/builds/").status_code == 202
