"""Staff's promotions and vouchers in admin."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from shop.catalogue.factories import ProductFactory
from shop.promotions.factories import VoucherFactory
from shop.promotions.models import Promotion

pytestmark = pytest.mark.django_db


def test_staff_create_a_promotion_for_segments_with_a_voucher(client, staff_user):
    client.force_login(staff_user)
    product = ProductFactory()
    data = {
        "name": "Loyal ten",
        "description": "",
        "kind": "percentage",
        "value": "10",
        "is_active": "on",
        "products": [str(product.pk)],
        "brands": "",
        "segment_list": ["loyal", "big_spenders"],
        "min_spend": "0",
        "requires_voucher": "on",
        "combinable": "on",
        "exclusive_group": "",
        "priority": "0",
        "vouchers-TOTAL_FORMS": "1",
        "vouchers-INITIAL_FORMS": "0",
        "vouchers-0-code": "LOYAL10",
        "vouchers-0-max_uses": "100",
        "vouchers-0-max_uses_per_customer": "1",
        "vouchers-0-is_active": "on",
    }
    response = client.post(reverse("admin:promotions_promotion_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    promotion = Promotion.objects.get()
    assert promotion.segment_names == frozenset({"loyal", "big_spenders"})
    assert list(promotion.products.all()) == [product]
    assert promotion.vouchers.get().code == "LOYAL10"


def test_a_percentage_over_100_is_refused_in_admin(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:promotions_promotion_add"),
        {
            "name": "Too much",
            "kind": "percentage",
            "value": "150",
            "min_spend": "0",
            "priority": "0",
            "vouchers-TOTAL_FORMS": "0",
            "vouchers-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "A percentage cannot exceed 100." in response.content.decode()
    assert not Promotion.objects.exists()


def test_the_voucher_list_counts_uses_and_the_page_lists_them(client, staff_user):
    client.force_login(staff_user)
    voucher = VoucherFactory(code="SHOWME", max_uses=5, promotion__value=Decimal("5"))
    listing = client.get(reverse("admin:promotions_voucher_changelist"))
    assert "SHOWME" in listing.content.decode()
    page = client.get(reverse("admin:promotions_voucher_change", args=[voucher.pk]))
    assert page.status_code == 200 and "voucher uses" in page.content.decode().lower()
