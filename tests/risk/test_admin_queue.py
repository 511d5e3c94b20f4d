"""The review queue and the decisions as staff with permissions see them, at a fixed number of
queries however many orders wait, and the models with what staff decisions taught them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.accounts.factories import UserFactory
from shop.risk.factories import OrderRiskFactory
from shop.risk.models import Decision, RiskModel

pytestmark = pytest.mark.django_db
QUEUE = "/admin/risk/heldorder/"
SCORES = "/admin/risk/orderrisk/"


@pytest.fixture
def reviewer(db):  # type: ignore[no-untyped-def]
    """Staff who may view and decide on risks, and nothing else."""
    user = UserFactory(username="reviewer", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="risk",
            codename__in=(
                "view_orderrisk",
                "change_orderrisk",
                "view_heldorder",
                "change_heldorder",
                "view_riskmodel",
            ),
        )
    )
    return user


def _queries(client, url: str, **params: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def test_queue_and_scores_cost_the_same_for_two_or_twenty_rows(client, reviewer):
    client.force_login(reviewer)
    OrderRiskFactory.create_batch(2)
    OrderRiskFactory(decision=Decision.REJECTED, decided_by=reviewer, note="stolen card")
    few = (_queries(client, QUEUE), _queries(client, SCORES))

    OrderRiskFactory.create_batch(18)
    OrderRiskFactory(decision=Decision.APPROVED, decided_by=reviewer, note="moved")
    many = (_queries(client, QUEUE), _queries(client, SCORES))
    # The user, their user and group permissions, the two counts, the rows (order, customer
    # and decider joined), the date hierarchy's range and days; the scores add their
    # model-version filter's values. Nothing per row.
    assert few == many == (8, 9)


def test_decisions_are_shown_with_who_decided_and_why(client, reviewer):
    OrderRiskFactory(decision=Decision.REJECTED, decided_by=reviewer, note="stolen card")
    client.force_login(reviewer)
    page = client.get(SCORES, {"decision__exact": "rejected"}).content.decode()
    assert "Rejected (fraud)" in page and "reviewer" in page
    assert client.get(QUEUE).context["cl"].result_count == 0


def test_models_show_what_staff_decisions_taught_them(client, reviewer):
    model = RiskModel.objects.create(
        version=1,
        status=RiskModel.Status.SUCCEEDED,
        hold_threshold=47,
        n_decisions=3,
        metrics={
            "held_share_of_history": 0.025,
            "rejected": 2,
            "rejected_held": 2,
            "approved": 1,
            "approved_held": 1,
        },
    )
    client.force_login(reviewer)
    listing = client.get("/admin/risk/riskmodel/").content.decode()
    assert "2 rejected (2 would be held), 1 approved (1 would be held)" in listing
    detail = client.get(f"/admin/risk/riskmodel/{model.pk}/change/")
    assert detail.status_code == 200 and "2 rejected" in detail.content.decode()
