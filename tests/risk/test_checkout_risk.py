"""Order risk end to end: checkout scores, high risk holds the payment and fulfilment, staff
decide. Real transactions (``transaction=True``): the capture and the events run after commit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from shop.accounts.factories import AddressFactory, UserFactory
from shop.catalogue.factories import ProductFactory
from shop.orders.errors import OrderTransitionError
from shop.orders.models import Order, OrderStatus, PaymentStatus, PaymentTransaction
from shop.orders.payments.test_gateway import DECLINED_CARD, SUCCESS_CARD, TestGateway
from shop.orders.services import order_transition
from shop.risk import selectors
from shop.risk.models import Decision, OrderRisk, PaymentFailure, RiskLevel
from shop.risk.services import SCORING_FAILED_REASON

from .conftest import HOME, HOME_COUNTRY, HOME_POSTCODE, checkout, place

pytestmark = pytest.mark.django_db(transaction=True)

HOME_ADDRESS = {**HOME, "postcode": HOME_POSTCODE, "country": HOME_COUNTRY.lower()}
FAR_AWAY = {
    "full_name": "A. Nonym",
    "line1": "9 Rue du Quai",
    "city": "Paris",
    "postcode": "75001",
    "country": "fr",
}


def shopper(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def ship(client: Client, order: Order):  # type: ignore[no-untyped-def]
    return client.post(
        "/admin/orders/order/",
        {
            "action": "mark_shipped",
            "_selected_action": [order.pk],
            "ship": "1",
            f"order-{order.pk}-carrier": "dhl",
            f"order-{order.pk}-tracking_number": f"JJD{order.pk:012d}",
        },
        follow=True,
    )


def test_a_regular_customers_order_is_low_risk_and_ships(shop_history, regular, staff_user, client):
    lamp = ProductFactory(price=Decimal("30.00"), stock_quantity=5)
    customer = shopper(regular)
    customer.post(f"/cart/add/{lamp.pk}/", {"quantity": "2"})
    place(customer, checkout(customer, card=SUCCESS_CARD, address=HOME_ADDRESS))
    order = Order.objects.get(user=regular, status=OrderStatus.PAID)
    risk = order.risk
    assert risk.level == RiskLevel.LOW and risk.score < shop_history.hold_threshold / 2
    assert risk.model_version == shop_history.version
    assert risk.features["previous_orders"] == 4 and risk.features["new_address"] == 0
    assert not selectors.held_risks().exists()

    client.force_login(staff_user)
    ship(client, order)
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED


@pytest.fixture
def suspicious_order(shop_history):  # type: ignore[no-untyped-def]
    """A brand-new account with a saved London address: two declined cards, then a large
    order to Paris."""
    newcomer = UserFactory()
    AddressFactory(user=newcomer)
    headphones = ProductFactory(price=Decimal("199.00"), stock_quantity=5)
    customer = shopper(newcomer)
    customer.post(f"/cart/add/{headphones.pk}/", {"quantity": "3"})
    for _attempt in range(2):
        declined = place(customer, checkout(customer, card=DECLINED_CARD, address=FAR_AWAY))
        assert declined["Location"] == "/checkout/payment/"
    assert PaymentFailure.objects.filter(user=newcomer, kind="declined").count() == 2
    placed = place(customer, checkout(customer, card=SUCCESS_CARD, address=FAR_AWAY))
    order = Order.objects.get(user=newcomer)
    assert placed["Location"] == f"/checkout/done/{order.number}/"
    return order, headphones, customer


def test_a_suspicious_order_is_held_with_its_reasons(suspicious_order):
    order, _product, _customer = suspicious_order
    risk = order.risk
    # The order is placed and its stock kept, but its money is only authorised, not taken.
    assert order.status == OrderStatus.PENDING
    assert order.payment_status == PaymentStatus.AUTHORISED
    assert TestGateway().lookup(reference=order.payment_reference).status == "authorised"
    assert risk.level == RiskLevel.HIGH and risk.is_held and risk.score >= 75
    text = " | ".join(risk.reasons)
    assert "first order from an account created" in text and "minute" in text
    assert "2 declined card payments in the last 24 h" in text
    assert "ships to an address this account has never used" in text
    assert "ships to a country this account has never used" in text
    assert "above 99% of the shop's orders" in text
    assert list(selectors.held_risks()) == [risk]


def test_a_held_order_cannot_ship_until_staff_approve_it(suspicious_order, staff_user, client):
    order, _product, _customer = suspicious_order
    with pytest.raises(OrderTransitionError, match="held for risk review"):
        order_transition(order=order, to_status=OrderStatus.SHIPPED)
    client.force_login(staff_user)
    page = ship(client, order).content.decode()
    assert "held for risk review" in page
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING

    decided = client.post(
        f"/admin/risk/heldorder/{order.risk.pk}/change/",
        {"_approve": "1", "note": "Called the customer: a gift for family in Paris."},
    )
    assert decided.status_code == 302 and decided["Location"] == "/admin/risk/heldorder/"
    risk = OrderRisk.objects.get(order=order)
    assert risk.decision == Decision.APPROVED and risk.decided_by == staff_user
    assert risk.decided_at is not None and risk.note.startswith("Called the customer")
    assert not selectors.held_risks().exists()
    order.refresh_from_db()  # approving took the money
    assert order.status == OrderStatus.PAID and order.payment_status == PaymentStatus.CAPTURED
    assert TestGateway().lookup(reference=order.payment_reference).captured == order.total

    ship(client, order)
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED


def test_rejecting_a_held_order_cancels_restocks_and_releases_the_card(
    suspicious_order, staff_user, client
):
    order, product, _customer = suspicious_order
    product.refresh_from_db()
    assert product.stock_quantity == 2
    client.force_login(staff_user)
    response = client.post(
        f"/admin/risk/heldorder/{order.risk.pk}/change/",
        {"_reject": "1", "note": "Card testing pattern"},
        follow=True,
    )
    assert "rejected: cancelled, restocked" in response.content.decode()
    order.refresh_from_db()
    product.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and product.stock_quantity == 5
    # Never captured, so nothing to refund: the authorisation is voided.
    assert order.payment_status == PaymentStatus.VOIDED
    assert order.payments.filter(kind=PaymentTransaction.Kind.VOID).exists()
    assert not order.payments.filter(kind=PaymentTransaction.Kind.REFUND).exists()
    assert TestGateway().lookup(reference=order.payment_reference).status == "voided"
    risk = order.risk
    assert risk.decision == Decision.REJECTED and risk.decided_by == staff_user
    assert order.history.last().note == "rejected after risk review"

    again = client.post(f"/admin/risk/orderrisk/{risk.pk}/change/", {"_approve": "1"}, follow=True)
    assert "already rejected" in again.content.decode()
    risk.refresh_from_db()
    assert risk.decision == Decision.REJECTED


def test_customers_do_not_see_risk_internals(suspicious_order):
    order, _product, customer = suspicious_order
    for url in (f"/orders/{order.number}/", "/orders/", f"/checkout/done/{order.number}/"):
        page = customer.get(url)
        assert page.status_code == 200
        text = page.content.decode().lower()
        assert order.number.lower() in text
        assert "risk" not in text and "declined card payments" not in text
    assert customer.get("/admin/risk/heldorder/").status_code == 302  # to the admin login


def test_a_scoring_failure_never_loses_the_order(monkeypatch, regular, staff_user, client):
    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("feature store unavailable")

    monkeypatch.setattr("shop.risk.services.checkout_risk_features", broken)
    lamp = ProductFactory(price=Decimal("30.00"), stock_quantity=5)
    customer = shopper(regular)
    customer.post(f"/cart/add/{lamp.pk}/", {"quantity": "1"})
    place(customer, checkout(customer, card=SUCCESS_CARD, address=HOME_ADDRESS))
    order = Order.objects.get(user=regular, status=OrderStatus.PENDING)
    risk = order.risk
    assert risk.scoring_failed and risk.is_held and risk.reasons == [SCORING_FAILED_REASON]
    client.force_login(staff_user)
    assert "risk could not be scored" in ship(client, order).content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
