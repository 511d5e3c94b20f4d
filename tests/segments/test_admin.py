"""The segments in admin, as shop staff use them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from shop.segments.factories import CustomerSegmentFactory, OrderFactory, SegmentRunFactory
from shop.segments.models import CustomerSegment, Segment, SegmentRun

pytestmark = pytest.mark.django_db
OVERVIEW = "/admin/segments/customersegment/overview/"


@pytest.fixture
def assigned(db):
    run = SegmentRunFactory(
        n_customers=6,
        n_buyers=5,
        n_clusters=4,
        silhouette=0.41,
        centroids=[
            {
                "cluster": 0,
                "segment": "loyal",
                "size": 3,
                "recency_days": 9.5,
                "frequency": 5.2,
                "monetary": 612.0,
            }
        ],
        rules={"big_spend_from": 200.0, "median_monetary": 100.0, "many_orders_from": 4.0},
    )
    for monetary in ("300.00", "500.00", "700.00"):
        CustomerSegmentFactory(run=run, segment=Segment.LOYAL, monetary=monetary, frequency=6)
    CustomerSegmentFactory(run=run, segment=Segment.LOST, recency_days=400, frequency=0)
    CustomerSegmentFactory(run=run, segment=Segment.AT_RISK, recency_days=120)
    CustomerSegmentFactory(
        run=run, segment=Segment.PROSPECT, recency_days=None, frequency=0, monetary="0"
    )
    return run


def test_overview_counts_match_the_assignments(client, staff_user, assigned):
    client.force_login(staff_user)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    body = response.content.decode()
    shown = dict(re.findall(r'<td data-segment="(\w+)">(\d+)</td>', body))
    expected = {
        segment: str(CustomerSegment.objects.filter(segment=segment).count())
        for segment in CustomerSegment.objects.values_list("segment", flat=True).distinct()
    }
    assert shown == expected == {"loyal": "3", "lost": "1", "at_risk": "1", "prospect": "1"}
    # Average spend of the loyal: (300 + 500 + 700) / 3.
    loyal_row = body.split('data-segment="loyal"')[1].split("</tr>")[0]
    assert "500.00" in loyal_row and "6.0" in loyal_row
    assert f"{reverse('admin:segments_customersegment_changelist')}?segment__exact=loyal" in body
    assert "Buyers were also grouped into 4 clusters (silhouette 0.410)" in body


def test_overview_chart_is_accessible_and_matches_its_table(client, staff_user, assigned):
    client.force_login(staff_user)
    body = client.get(OVERVIEW).content.decode()
    figure = body.split('<figure class="admin-chart"', 1)[1].split("</figure>", 1)[0]
    svg = figure.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg
    assert 'aria-labelledby="segments-chart-title segments-chart-desc"' in svg
    assert '<title id="segments-chart-title">Customers per segment</title>' in svg
    assert "Loyal: 3" in svg and "Lost: 1" in svg  # the text alternative has the numbers
    assert svg.count("<rect") == 4
    table = figure.split("<caption>Customers per segment</caption>", 1)[1].split("</table>")[0]
    assert re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', table) == [
        ("Prospects (never ordered)", "1"),
        ("Loyal", "3"),
        ("At risk", "1"),
        ("Lost", "1"),
    ]


def test_overview_without_a_run_says_what_to_do(client, staff_user):
    client.force_login(staff_user)
    body = client.get(OVERVIEW).content.decode()
    assert "No segment run has succeeded yet" in body and "admin-chart" not in body


def test_customers_can_be_filtered_by_segment_and_link_to_the_customer(
    client, staff_user, assigned
):
    client.force_login(staff_user)
    url = reverse("admin:segments_customersegment_changelist")
    response = client.get(url, {"segment__exact": "loyal"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 3
    lost = CustomerSegment.objects.get(segment=Segment.LOST)
    body = client.get(url, {"segment__exact": "lost"}).content.decode()
    assert reverse("admin:accounts_user_change", args=[lost.user_id]) in body
    assert client.get(url, {"q": lost.user.email}).context["cl"].result_count == 1


def test_run_history_lists_runs_with_their_sizes(client, staff_user, assigned):
    SegmentRunFactory(status=SegmentRun.Status.FAILED, error="boom")
    assigned.sizes = {"loyal": 3, "lost": 1}
    assigned.save(update_fields=["sizes"])
    client.force_login(staff_user)
    response = client.get(reverse("admin:segments_segmentrun_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2
    body = response.content.decode()
    assert "Loyal 3, Lost 1" in body and OVERVIEW in body


def test_refresh_now_recomputes_the_segments(client, staff_user, customer):
    OrderFactory(user=customer, days_ago=5)
    client.force_login(staff_user)
    refresh = reverse("admin:segments_refresh")
    assert client.get(refresh).status_code == 405
    response = client.post(refresh, follow=True)
    assert response.redirect_chain[-1][0] == OVERVIEW
    assert "A segment refresh has been queued." in response.content.decode()
    # Tasks run eagerly without Redis: the customer is in a segment now.
    assert CustomerSegment.objects.get(user=customer).segment == Segment.PROMISING


def test_segments_are_for_staff_only(customer_client, assigned):
    for url in (
        OVERVIEW,
        reverse("admin:segments_customersegment_changelist"),
        reverse("admin:segments_segmentrun_changelist"),
    ):
        response = customer_client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert customer_client.post(reverse("admin:segments_refresh")).status_code == 302
    assert not SegmentRun.objects.exclude(pk=assigned.pk).exists()
