"""The staff pages of order risk: the review queue, every score, the models."""

from __future__ import annotations

import pytest
from django.test import Client

from shop.orders.models import OrderStatus
from shop.risk.factories import OrderRiskFactory, PastOrderFactory, PaymentFailureFactory
from shop.risk.models import Decision, RiskLevel

pytestmark = pytest.mark.django_db

PAGES = (
    "/admin/risk/heldorder/",
    "/admin/risk/orderrisk/",
    "/admin/risk/riskmodel/",
    "/admin/risk/paymentfailure/",
)


@pytest.fixture
def risks(db):  # type: ignore[no-untyped-def]
    held = OrderRiskFactory(score=88, reasons=["3 declined card payments in the last 24 h"])
    approved = OrderRiskFactory(score=70, decision=Decision.APPROVED)
    shipped = OrderRiskFactory(score=91, order__status=OrderStatus.SHIPPED)
    low = OrderRiskFactory(score=5, level=RiskLevel.LOW, reasons=[])
    return {"held": held, "approved": approved, "shipped": shipped, "low": low}


def test_the_review_queue_lists_only_orders_that_can_still_be_stopped(client, staff_user, risks):
    client.force_login(staff_user)
    page = client.get("/admin/risk/heldorder/")
    assert page.status_code == 200
    text = page.content.decode()
    assert risks["held"].order.number in text and "3 declined card payments" in text
    assert "88" in text and risks["held"].order.email in text
    for other in ("approved", "shipped", "low"):
        assert risks[other].order.number not in text
    assert client.get("/admin/risk/heldorder/?q=" + risks["held"].order.number).status_code == 200


def test_every_risk_page_renders_for_staff_and_not_for_customers(
    client, customer, staff_user, risks
):
    PaymentFailureFactory()
    customer_client = Client()
    customer_client.force_login(customer)
    client.force_login(staff_user)
    for url in PAGES:
        assert client.get(url).status_code == 200, url
        assert customer_client.get(url).status_code == 302, url
    detail = client.get(f"/admin/risk/orderrisk/{risks['held'].pk}/change/")
    text = detail.content.decode()
    assert detail.status_code == 200 and 'name="_approve"' in text and 'name="_reject"' in text
    assert '<label for="id_decision_note">' in text
    decided = client.get(f"/admin/risk/orderrisk/{risks['approved'].pk}/change/")
    assert 'name="_approve"' not in decided.content.decode()


def test_the_order_page_shows_its_risk(client, staff_user, risks):
    client.force_login(staff_user)
    order = risks["held"].order
    page = client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "Score 88, High" in page and "held for review" in page
    assert "3 declined card payments in the last 24 h" in page
    listing = client.get("/admin/orders/order/?risk__level=high").content.decode()
    assert order.number in listing and risks["low"].order.number not in listing


def test_risk_adds_its_column_and_section_to_the_order_admin(client, staff_user, risks):
    client.force_login(staff_user)
    listing = client.get("/admin/orders/order/").content.decode()
    assert "High (88), held" in listing and "Low (5)" in listing
    unscored = PastOrderFactory()
    page = client.get(f"/admin/orders/order/{unscored.pk}/change/").content.decode()
    assert ">Risk</h2>" in page and "Not scored yet." in page


def test_approve_and_reject_actions_record_who_decided(client, staff_user, risks):
    client.force_login(staff_user)
    other = OrderRiskFactory(score=77)
    client.post(
        "/admin/risk/heldorder/",
        {"action": "approve", "_selected_action": [risks["held"].pk]},
    )
    client.post("/admin/risk/heldorder/", {"action": "reject", "_selected_action": [other.pk]})
    risks["held"].refresh_from_db()
    other.refresh_from_db()
    assert (risks["held"].decision, risks["held"].decided_by) == (Decision.APPROVED, staff_user)
    assert (other.decision, other.decided_by) == (Decision.REJECTED, staff_user)
    other.order.refresh_from_db()
    assert other.order.status == OrderStatus.CANCELLED


def test_a_decision_post_without_a_choice_is_refused_plainly(client, staff_user, risks):
    client.force_login(staff_user)
    url = f"/admin/risk/orderrisk/{risks['held'].pk}/change/"
    response = client.post(url, {"note": "hm"}, follow=True)
    assert response.status_code == 200 and "Choose approve or reject." in response.content.decode()
    risks["held"].refresh_from_db()
    assert risks["held"].decision == Decision.PENDING


def test_recalibrate_now_trains_a_model(client, staff_user, risks):
    client.force_login(staff_user)
    assert client.get("/admin/risk/riskmodel/retrain/").status_code == 405
    response = client.post("/admin/risk/riskmodel/retrain/", follow=True)
    assert "Recalibration has been queued." in response.content.decode()
    page = client.get("/admin/risk/riskmodel/").content.decode()
    assert "Recalibrate now" in page
    from shop.risk.models import RiskModel

    model = RiskModel.objects.get(is_current=True)
    assert model.n_orders == 4 and model.n_decisions == 1
    detail = client.get(f"/admin/risk/riskmodel/{model.pk}/change/").content.decode()
    assert "Rules with their learned thresholds" in detail and "failed payments" in detail


def test_staff_who_may_only_view_cannot_decide(client, risks):
    from django.contrib.auth.models import Permission

    from shop.accounts.factories import UserFactory

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="risk", codename__startswith="view_")
    )
    client.force_login(viewer)
    held = risks["held"]
    queue = client.get("/admin/risk/heldorder/")
    assert queue.status_code == 200
    assert 'value="approve"' not in queue.content.decode()
    assert 'value="reject"' not in queue.content.decode()
    client.post(
        "/admin/risk/heldorder/",
        {"action": "reject", "_selected_action": [held.pk]},
    )
    assert (
        client.post(f"/admin/risk/orderrisk/{held.pk}/change/", {"_reject": "1"}).status_code == 403
    )
    held.refresh_from_db()
    held.order.refresh_from_db()
    assert held.decision == Decision.PENDING and held.order.status != OrderStatus.CANCELLED
