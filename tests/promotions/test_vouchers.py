"""Promotions and vouchers through the shop's own services: what a cart is offered, what each
refused code says (and that it changes nothing), the order's snapshot and the voucher's uses."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import CategoryFactory, ProductFactory, variant_of
from shop.orders.cart import DatabaseCartStore, SessionCartStore
from shop.orders.hooks import customer_segments
from shop.orders.models import OrderStatus
from shop.orders.selectors import cart_summary
from shop.orders.services import ShippingAddress, order_place, order_transition
from shop.promotions.factories import PromotionFactory, VoucherFactory
from shop.promotions.models import PromotionKind, VoucherUse
from shop.promotions.services import VoucherError, voucher_apply
from shop.segments.models import CustomerSegment, SegmentRun
from tests.payments import card

pytestmark = pytest.mark.django_db
D = Decimal
ADDRESS = ShippingAddress(full_name="A", line1="B", city="C", postcode="10115", country="DE")


@pytest.fixture
def lamp(db):  # type: ignore[no-untyped-def]
    return ProductFactory(title="Desk Lamp", price=D("40.00"), stock_quantity=50, brand="Lumo")


@pytest.fixture
def cart(customer, lamp):  # type: ignore[no-untyped-def]
    store = DatabaseCartStore(customer)
    store.set(variant_of(lamp).pk, 2)
    return store


def place(user, store, key="k" * 20):  # type: ignore[no-untyped-def]
    return order_place(
        user=user,
        store=store,
        address=ADDRESS,
        shipping_method_code="standard",
        payment=card(),
        idempotency_key=key,
    )


def test_an_automatic_promotion_applies_in_the_cart_per_line(customer, cart, lamp):
    PromotionFactory(name="Lighting -25%", value=D("25"), brands="lumo")
    summary = cart_summary(store=cart, country="DE", user_id=customer.pk)
    (line,) = summary.lines
    assert (line.discount, line.line_total, summary.discount) == (
        D("20.00"),
        D("60.00"),
        D("20.00"),
    )


def test_a_promotion_outside_its_dates_or_inactive_does_not_apply(customer, cart):
    now = timezone.now()
    PromotionFactory(starts_at=now + timedelta(hours=1))
    PromotionFactory(ends_at=now - timedelta(seconds=1), starts_at=now - timedelta(days=2))
    PromotionFactory(is_active=False)
    assert cart_summary(store=cart, country="DE", user_id=customer.pk).discount == 0


def test_a_category_promotion_covers_its_subcategories(customer):
    parent = CategoryFactory(name="Home")
    child = CategoryFactory(name="Lamps", parent=parent)
    lamp = ProductFactory(category=child, price=D("10.00"))
    store = DatabaseCartStore(customer)
    store.set(variant_of(lamp).pk, 1)
    promotion = PromotionFactory(value=D("50"))
    promotion.categories.add(parent)
    assert cart_summary(store=store, country="DE", user_id=customer.pk).discount == D("5.00")


def test_segment_membership_reaches_pricing_through_the_segments_provider(customer, cart):
    PromotionFactory(value=D("10"), segments="loyal")
    assert cart_summary(store=cart, country="DE", user_id=customer.pk).discount == 0
    run = SegmentRun.objects.create(status="succeeded")
    CustomerSegment.objects.create(user=customer, run=run, segment="loyal", monetary=D("100"))
    assert customer_segments(customer.pk) == frozenset({"loyal"})
    assert cart_summary(store=cart, country="DE", user_id=customer.pk).discount == D("8.00")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ({"code": "OTHER"}, "We don't know this code"),
        ({"ends_at_days": -1}, "has expired"),
        ({"starts_at_days": 1}, "is not valid yet"),
        ({"is_active": False}, "no longer valid"),
        ({"used_up": True}, "has been used up"),
        ({"min_spend": D("500")}, "more of eligible items"),
        ({"brands": "Nope"}, "does not apply to anything in your cart"),
    ],
)
def test_a_code_that_cannot_apply_says_why_and_changes_nothing(customer, cart, setup, message):
    now = timezone.now()
    voucher = VoucherFactory(code="SAVE10", is_active=setup.get("is_active", True))
    promotion = voucher.promotion
    promotion.min_spend = setup.get("min_spend", D("0"))
    promotion.brands = setup.get("brands", "")
    promotion.save()
    if "ends_at_days" in setup:
        voucher.starts_at = now - timedelta(days=5)
        voucher.ends_at = now + timedelta(days=setup["ends_at_days"])
    if "starts_at_days" in setup:
        voucher.starts_at = now + timedelta(days=setup["starts_at_days"])
    if setup.get("used_up"):
        voucher.max_uses = 1
        other = UserFactory()
        store = DatabaseCartStore(other)
        store.set(next(iter(cart.quantities())), 1)
        store.set_voucher_code("SAVE10")
        voucher.save()
        place(other, store, key="o" * 20)
    voucher.save()
    with pytest.raises(VoucherError) as refused:
        voucher_apply(
            store=cart, code=setup.get("code", "save10"), country="DE", user_id=customer.pk
        )
    assert message in refused.value.message
    assert cart.voucher_code() == ""
    assert cart_summary(store=cart, country="DE", user_id=customer.pk).discount == 0


def test_a_code_is_found_whatever_its_case_and_codes_are_unique_whatever_the_case(customer, cart):
    VoucherFactory(code="Save10", promotion__value=D("10"))
    summary = voucher_apply(store=cart, code=" save10 ", country="DE", user_id=customer.pk)
    assert summary.discount == D("8.00")
    assert cart.voucher_code() == "Save10"
    with pytest.raises(IntegrityError), transaction.atomic():
        VoucherFactory(code="SAVE10")


def test_a_visitor_needs_to_sign_in_for_a_per_customer_code(client, lamp):
    VoucherFactory(code="ONCE", max_uses_per_customer=1)
    store = SessionCartStore(client.session)
    store.set(variant_of(lamp).pk, 1)
    with pytest.raises(VoucherError, match="Sign in"):
        voucher_apply(store=store, code="ONCE", country="DE", user_id=None)


def test_a_voucher_beaten_by_an_exclusive_promotion_is_refused_with_the_reason(customer, cart):
    PromotionFactory(name="Big sale", description="Big sale", value=D("30"), combinable=False)
    VoucherFactory(code="SAVE10", promotion__value=D("10"))
    with pytest.raises(VoucherError, match="cannot be combined with Big sale"):
        voucher_apply(store=cart, code="SAVE10", country="DE", user_id=customer.pk)


def test_checkout_snapshots_the_discount_and_records_the_use(customer, cart, lamp):
    cart.set(variant_of(lamp).pk, 1)
    VoucherFactory(code="SAVE10", promotion__value=D("10"), promotion__name="Ten off")
    PromotionFactory(kind=PromotionKind.FREE_SHIPPING, name="Free delivery")
    charged = cart_summary(store=cart, country="DE", user_id=customer.pk).shipping_options()
    assert charged[0].price == 0  # the free-shipping promotion already shows in the options
    voucher_apply(store=cart, code="SAVE10", country="DE", user_id=customer.pk)
    order = place(customer, cart)
    line = order.lines.get()
    assert (line.discount, line.line_total) == (D("4.00"), D("36.00"))
    assert (order.subtotal, order.discount_total, order.voucher_code) == (
        D("40.00"),
        D("4.00"),
        "SAVE10",
    )
    assert order.shipping_price == 0 and order.shipping_discount > 0
    assert order.total == D("36.00")
    assert {d["name"] for d in order.discounts} == {"Ten off", "Free delivery"}
    use = VoucherUse.objects.get()
    assert (use.order_id, use.user_id, use.amount) == (order.pk, customer.pk, D("4.00"))
    assert cart.voucher_code() == ""


def test_the_per_customer_limit_holds_and_cancelling_gives_the_use_back(
    customer, cart, lamp, django_capture_on_commit_callbacks
):
    VoucherFactory(code="ONCE", max_uses_per_customer=1, max_uses=1)
    voucher_apply(store=cart, code="ONCE", country="DE", user_id=customer.pk)
    order = place(customer, cart)
    cart.set(variant_of(lamp).pk, 1)
    with pytest.raises(VoucherError, match="used up"):
        voucher_apply(store=cart, code="ONCE", country="DE", user_id=customer.pk)
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=order, to_status=OrderStatus.CANCELLED)
    assert VoucherUse.objects.get().released_at is not None
    summary = voucher_apply(store=cart, code="ONCE", country="DE", user_id=customer.pk)
    assert summary.discount == D("4.00")


def test_a_code_that_expired_after_it_was_applied_stops_checkout_and_charges_nothing(
    customer, cart
):
    voucher = VoucherFactory(code="SOON")
    voucher_apply(store=cart, code="SOON", country="DE", user_id=customer.pk)
    voucher.ends_at = timezone.now() - timedelta(seconds=1)
    voucher.save()
    summary = cart_summary(store=cart, country="DE", user_id=customer.pk)
    assert "expired" in summary.offers.voucher_problem and summary.discount == 0
    with pytest.raises(Exception, match="expired"):
        place(customer, cart)
    assert not customer.orders.exists() and not VoucherUse.objects.exists()
