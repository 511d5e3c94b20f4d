"""The money path: authorise before the lock, capture after the commit, refund (never void)
what was captured, reconcile what a crash left, and a gateway that refuses misuse."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory, variant_of
from shop.orders import hooks
from shop.orders.cart import DatabaseCartStore
from shop.orders.models import Order, OrderStatus, PaymentStatus, PaymentTransaction
from shop.orders.payments import CardDetails, IdempotencyConflict, PaymentStateError
from shop.orders.payments.test_gateway import (
    CAPTURE_DECLINED_CARD,
    SUCCESS_CARD,
    TestGateway,
)
from shop.orders.services import ShippingAddress, order_payments_reconcile, order_place
from shop.orders.services import checkout as checkout_module
from tests.payments import card

from .conftest import checkout

pytestmark = pytest.mark.django_db

API_BODY = {
    "shipping_method": "standard",
    "address": {
        "full_name": "Ada",
        "line1": "1 St",
        "city": "Berlin",
        "postcode": "10115",
        "country": "DE",
    },
    "card": {
        "number": SUCCESS_CARD,
        "expiry_month": 12,
        "expiry_year": 2039,
        "cvc": "123",
        "holder": "Ada",
    },
}


@pytest.fixture
def shopper(customer):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(customer)
    product = ProductFactory(stock_quantity=5, price=Decimal("30.00"), title="Desk Lamp")
    assert client.post(f"/cart/add/{product.pk}/", {"quantity": "2"}).status_code == 302
    return client, customer, product


def api_checkout(client: Client, key: str, body: dict[str, Any] = API_BODY) -> Any:
    return client.post(
        "/api/checkout/", body, content_type="application/json", headers={"Idempotency-Key": key}
    )


# --- The gateway refuses what a real one refuses -----------------------------------------------


def test_the_test_gateway_keeps_real_payment_states():
    gateway = TestGateway()
    token = gateway.tokenise(card_details(SUCCESS_CARD)).token
    auth = gateway.authorise(token=token, amount=Decimal("40"), currency="EUR", idempotency_key="a")
    assert gateway.lookup(reference=auth).status == "authorised"
    with pytest.raises(PaymentStateError, match="more than was authorised"):
        gateway.capture(reference=auth, amount=Decimal("41"))
    captured = gateway.capture(reference=auth, amount=Decimal("40"))
    with pytest.raises(PaymentStateError, match="cannot capture"):
        gateway.capture(reference=auth, amount=Decimal("40"))
    with pytest.raises(PaymentStateError, match="refund it"):
        gateway.void(reference=captured)
    gateway.refund(reference=captured, amount=Decimal("15"))
    gateway.refund(reference=auth, amount=Decimal("25"))
    with pytest.raises(PaymentStateError, match="left to refund"):
        gateway.refund(reference=captured, amount=Decimal("1"))
    payment = gateway.lookup(reference=captured)
    assert payment.status == "refunded" and payment.refunds == (Decimal("15"), Decimal("25"))


def test_the_test_gateway_voids_once_and_never_captures_a_void():
    gateway = TestGateway()
    token = gateway.tokenise(card_details(SUCCESS_CARD)).token
    auth = gateway.authorise(token=token, amount=Decimal("9"), currency="EUR", idempotency_key="v")
    gateway.void(reference=auth)
    gateway.void(reference=auth)  # a retried void is harmless
    with pytest.raises(PaymentStateError):
        gateway.capture(reference=auth, amount=Decimal("9"))
    with pytest.raises(PaymentStateError):
        gateway.refund(reference=auth, amount=Decimal("9"))


def test_the_test_gateway_honours_idempotency_keys():
    gateway = TestGateway()
    token = gateway.tokenise(card_details(SUCCESS_CARD)).token
    first = gateway.authorise(token=token, amount=Decimal("9"), currency="EUR", idempotency_key="k")
    again = gateway.authorise(token=token, amount=Decimal("9"), currency="EUR", idempotency_key="k")
    assert first == again
    with pytest.raises(IdempotencyConflict):
        gateway.authorise(token=token, amount=Decimal("10"), currency="EUR", idempotency_key="k")


def card_details(number: str) -> CardDetails:
    return CardDetails(number=number, expiry_month=12, expiry_year=2039, cvc="123", holder="A")


# --- Checkout ---------------------------------------------------------------------------------


def test_the_money_is_taken_only_after_the_order_is_committed(shopper):
    client, customer, _product = shopper
    response = api_checkout(client, "after-commit-key-0001")
    assert response.status_code == 201
    order = Order.objects.get(user=customer)
    assert order.status == OrderStatus.PAID and order.payment_status == PaymentStatus.CAPTURED
    kinds = list(order.payments.values_list("kind", flat=True))
    assert kinds == [PaymentTransaction.Kind.AUTHORISE, PaymentTransaction.Kind.CAPTURE]
    assert TestGateway().lookup(reference=order.payment_reference).captured == order.total


def test_a_failure_after_the_capture_refunds_and_says_so(monkeypatch, shopper):
    client, customer, product = shopper
    original = PaymentTransaction.objects.create

    def refuse_the_capture_record(**kwargs: Any) -> Any:
        if kwargs.get("kind") == PaymentTransaction.Kind.CAPTURE:
            raise OperationalError("could not write: the database is read-only")
        return original(**kwargs)

    monkeypatch.setattr(PaymentTransaction.objects, "create", refuse_the_capture_record)
    response = api_checkout(client, "refund-after-capture-1")
    assert response.status_code == 503
    assert "the payment was refunded in full" in response.json()["error"]["message"]
    order = Order.objects.get(user=customer)
    assert order.status == OrderStatus.CANCELLED
    assert order.payment_status == PaymentStatus.REFUNDED
    # The gateway took the money once and gave all of it back: refunded, never voided.
    payment = TestGateway().lookup(reference=order.payment_reference)
    assert payment.status == "refunded" and payment.refunds == (order.total,)
    product.refresh_from_db()
    assert product.stock_quantity == 5


def test_a_refused_capture_leaves_no_paid_order_and_releases_the_stock(shopper):
    client, customer, product = shopper
    review = checkout(client, card=CAPTURE_DECLINED_CARD)
    response = client.post(
        "/checkout/review/", {"idempotency_key": review.context["idempotency_key"]}, follow=True
    )
    assert "Your bank refused the payment when it was taken" in response.content.decode()
    order = Order.objects.get(user=customer)
    assert order.status == OrderStatus.CANCELLED
    assert order.payment_status == PaymentStatus.CAPTURE_FAILED
    assert not Order.objects.filter(status=OrderStatus.PAID).exists()
    product.refresh_from_db()
    assert product.stock_quantity == 5
    assert DatabaseCartStore(customer).quantities() == {
        variant_of(product).pk: 2
    }  # the cart comes back
    assert TestGateway().lookup(reference=order.payment_reference).status == "voided"


def test_the_same_key_with_another_request_is_refused_with_422(shopper):
    client, customer, _product = shopper
    key = "idempotent-body-key-01"
    first = api_checkout(client, key)
    assert first.status_code == 201
    again = api_checkout(client, key)
    assert again.status_code == 200 and again.json()["number"] == first.json()["number"]
    elsewhere = {**API_BODY, "address": {**API_BODY["address"], "city": "Hamburg"}}
    refused = api_checkout(client, key, elsewhere)
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "idempotency_key_reused"
    assert Order.objects.filter(user=customer).count() == 1


def test_two_customers_with_the_same_key_never_meet_at_the_gateway(shopper, db):
    client, _customer, product = shopper
    other = Client()
    other.force_login(UserFactory())
    other.post(f"/cart/add/{product.pk}/", {"quantity": "2"})
    assert api_checkout(client, "shared-key-0000000001").status_code == 201
    assert api_checkout(other, "shared-key-0000000001").status_code == 201
    references = set(Order.objects.values_list("payment_reference", flat=True))
    assert len(references) == 2


# --- Reconciliation -------------------------------------------------------------------------


def _crashed_before_capture(monkeypatch: Any, user: Any, product: Any, key: str) -> Order:
    """Place an order whose process died between the commit and the capture."""
    monkeypatch.setattr(
        checkout_module,
        "order_payment_capture",
        lambda *, order_id: Order.objects.get(pk=order_id),
    )
    store = DatabaseCartStore(user)
    store.set(variant_of(product).pk, 1)
    order = order_place(
        user=user,
        store=store,
        address=ShippingAddress("Ada", "1 St", "Berlin", "10115", "DE"),
        shipping_method_code="standard",
        payment=card(),
        idempotency_key=key,
    )
    monkeypatch.undo()
    return order


def _age(order: Order, **delta: int) -> None:
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(**delta))


def test_reconcile_captures_what_a_crash_left_and_cancels_lapsed_authorisations(
    monkeypatch, customer
):
    product = ProductFactory(stock_quantity=10)
    fresh = _crashed_before_capture(monkeypatch, customer, product, "crashed-0000000000001")
    stale = _crashed_before_capture(monkeypatch, customer, product, "crashed-0000000000002")
    lapsed = _crashed_before_capture(monkeypatch, customer, product, "crashed-0000000000003")
    held = _crashed_before_capture(monkeypatch, customer, product, "crashed-0000000000004")
    assert {o.status for o in (fresh, stale, lapsed, held)} == {OrderStatus.PENDING}
    _age(stale, minutes=10)
    _age(lapsed, days=8)
    _age(held, minutes=10)
    hooks.register_transition_guard(
        OrderStatus.PAID, lambda order: "held" if order.pk == held.pk else "", uid="test.held"
    )
    try:
        report = order_payments_reconcile()
    finally:
        hooks._guards[OrderStatus.PAID].pop("test.held")
    assert (report.captured, report.still_held, report.cancelled) == (1, 1, 1)
    for order in (fresh, stale, lapsed, held):
        order.refresh_from_db()
    assert fresh.status == OrderStatus.PENDING  # too recent: its own request may still capture
    assert stale.status == OrderStatus.PAID
    assert TestGateway().lookup(reference=stale.payment_reference).status == "captured"
    assert held.status == OrderStatus.PENDING
    assert lapsed.status == OrderStatus.CANCELLED and lapsed.payment_status == PaymentStatus.VOIDED
    product.refresh_from_db()
    assert product.stock_quantity == 7  # the lapsed order's unit is back


def test_reconcile_settles_a_capture_the_shop_never_recorded(monkeypatch, customer):
    product = ProductFactory(stock_quantity=3)
    order = _crashed_before_capture(monkeypatch, customer, product, "in-flight-00000000001")
    # The process claimed the capture, the gateway took the money, then the process died.
    TestGateway().capture(reference=order.payment_reference, amount=order.total)
    Order.objects.filter(pk=order.pk).update(
        payment_status=PaymentStatus.CAPTURING,
        payment_updated_at=timezone.now() - timedelta(minutes=10),
    )
    report = order_payments_reconcile()
    assert report.recovered == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.payment_status == PaymentStatus.CAPTURED
    assert order.payments.filter(kind=PaymentTransaction.Kind.CAPTURE).count() == 1
