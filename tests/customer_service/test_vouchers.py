"""The assistant about voucher codes, through POST /api/chat/, with real carts and vouchers.

Every answer is the promotions app's verdict for the sender's own cart (the one the cart's
voucher form gives), whichever way the code reaches it: typed in the message, given when the
assistant asks, or already on the cart."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shop.accounts.factories import UserFactory
from shop.catalogue.factories import ProductFactory
from shop.orders.cart import DatabaseCartStore
from shop.promotions.factories import VoucherFactory
from shop.promotions.models import VoucherUse
from tests.customer_service.helpers import place_order

from .test_chat import ask

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def lamp(db):  # type: ignore[no-untyped-def]
    return ProductFactory(title="Desk Lamp", price=D("40.00"), stock_quantity=20)


@pytest.fixture
def in_cart(customer_client, lamp):  # type: ignore[no-untyped-def]
    """The signed-in customer's cart: one lamp, added through the product page's form."""
    response = customer_client.post(f"/cart/add/{lamp.pk}/", {"quantity": "1"})
    assert response.status_code == 302
    return customer_client


def voucher(code, *, max_uses=None, max_uses_per_customer=None, ends_at=None, **promotion):  # type: ignore[no-untyped-def]
    """A voucher ``code`` (its own limits and end) of a 10% promotion (``promotion`` fields)."""
    return VoucherFactory(
        code=code,
        max_uses=max_uses,
        max_uses_per_customer=max_uses_per_customer,
        ends_at=ends_at,
        **{f"promotion__{k}": v for k, v in {"value": D("10"), **promotion}.items()},
    )


def use(code_voucher, user):  # type: ignore[no-untyped-def]
    """A use of the voucher counted against ``user`` (on a real order of theirs)."""
    order, _product = place_order(user, key="v")
    VoucherUse.objects.create(voucher=code_voucher, user=user, order=order, amount=D("1.00"))


def test_an_expired_code_typed_in_the_message(in_cart):
    voucher("SUMMER10", ends_at=timezone.now() - timedelta(days=1))
    data = ask(in_cart, "voucher SUMMER10 isn't accepted")
    assert data["intent"] == "voucher"
    assert data["reply"] == "The code SUMMER10 has expired."


def test_a_code_that_has_not_started(in_cart):
    voucher("EARLY5", starts_at=timezone.now() + timedelta(days=2))
    data = ask(in_cart, "why doesn't my promo code EARLY5 work")
    assert data["reply"] == "The code EARLY5 is not valid yet."


def test_an_unknown_code(in_cart):
    data = ask(in_cart, "the coupon NOPE99 is rejected")
    assert data["reply"] == "We don't know this code. Check it for typos."


def test_a_used_up_code(in_cart):
    code = voucher("LAST1", max_uses=1)
    use(code, UserFactory(username="first"))
    data = ask(in_cart, "my voucher code LAST1 says invalid")
    assert data["reply"] == "The code LAST1 has been used up."


def test_a_code_the_customer_has_used_already(in_cart, customer):
    code = voucher("ONCE", max_uses_per_customer=1)
    use(code, customer)
    data = ask(in_cart, "discount code ONCE doesn't work")
    assert data["reply"] == "You have already used the code ONCE."


def test_a_minimum_spend_says_what_is_missing(in_cart):
    voucher("BIG20", min_spend=D("100"))
    data = ask(in_cart, "why won't the voucher BIG20 apply")
    assert data["reply"] == "Add €60.00 more of eligible items to use the code BIG20."


def test_a_code_for_other_items(in_cart):
    chair = ProductFactory(title="Chair", price=D("80.00"))
    code = voucher("CHAIRS")
    code.promotion.products.add(chair)
    data = ask(in_cart, "promo code CHAIRS not working")
    assert data["reply"] == "The code CHAIRS does not apply to anything in your cart."


def test_a_working_code_says_what_it_saves_and_changes_nothing(in_cart, customer):
    voucher("SAVE10")
    data = ask(in_cart, "does the voucher SAVE10 work?")
    assert data["reply"] == (
        "The code SAVE10 works for your cart: it takes €4.00 off. "
        "Enter it in your cart to use it: /cart/"
    )
    assert DatabaseCartStore(customer).voucher_code() == ""


def test_the_chat_says_what_the_cart_form_says(in_cart):
    voucher("BIG20", min_spend=D("100"))
    page = in_cart.post("/cart/voucher/", {"code": "big20"}, follow=True)
    (form_says,) = [str(m) for m in page.context["messages"] if "BIG20" in str(m)]
    assert ask(in_cart, "voucher big20 isn't accepted")["reply"] == form_says


def test_without_a_code_the_assistant_asks_for_it_then_checks_it(in_cart):
    voucher("SUMMER10", ends_at=timezone.now() - timedelta(hours=1))
    first = ask(in_cart, "my code doesn't work")
    assert first["intent"] == "voucher"
    assert first["reply"].startswith("Which code did you try?")
    second = ask(in_cart, "summer10", first["conversation"])
    assert second["intent"] == "voucher"
    assert second["reply"] == "The code SUMMER10 has expired."
    # Answered: the next message is a new question, not taken for a code.
    third = ask(in_cart, "thanks", first["conversation"])
    assert third["intent"] == "thanks"


def test_the_carts_own_code_is_explained(in_cart, lamp):
    voucher("SAVE10", min_spend=D("30"))
    applied = in_cart.post("/cart/voucher/", {"code": "SAVE10"})
    assert applied.status_code == 302
    data = ask(in_cart, "why was my discount not applied")
    assert data["intent"] == "voucher"
    assert data["reply"] == "The code SAVE10 is applied to your cart: it takes €4.00 off."
    # The lamp's price drops below the code's minimum spend: the code on the cart no longer
    # applies, and the assistant says why.
    lamp.variants.update(price=D("25.00"))
    data = ask(in_cart, "my discount code isn't working")
    assert data["reply"] == (
        "The code SAVE10 on your cart does not apply now: "
        "Add €5.00 more of eligible items to use the code SAVE10."
    )


def test_a_visitor_is_answered_for_their_session_cart(client, lamp):
    voucher("MEMBERS", max_uses_per_customer=1)
    voucher("OPEN5", max_uses_per_customer=None, min_spend=D("50"))
    client.post(f"/cart/add/{lamp.pk}/", {"quantity": "1"})
    assert ask(client, "voucher MEMBERS not accepted")["reply"] == (
        "Sign in to use the code MEMBERS."
    )
    assert ask(client, "voucher OPEN5 not accepted")["reply"] == (
        "Add €10.00 more of eligible items to use the code OPEN5."
    )


def test_an_empty_cart(customer_client):
    voucher("SAVE10")
    data = ask(customer_client, "voucher SAVE10 doesn't work")
    assert data["reply"] == "Add something to your cart before entering a code."


def test_another_customers_cart_is_never_read(in_cart, lamp):
    voucher("THEIRS")
    stranger = UserFactory(username="stranger")
    theirs = DatabaseCartStore(stranger)
    theirs.set(lamp.variants.get().pk, 1)
    theirs.set_voucher_code("THEIRS")
    data = ask(in_cart, "why was my discount not applied")
    assert "THEIRS" not in data["reply"]
    assert data["reply"].startswith("Which code did you try?")
