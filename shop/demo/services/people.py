"""The demo's customers, their addresses, and the staff account."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth.hashers import make_password

from shop.accounts.models import Address, User

from .run import SeedRun, batched

STAFF_USERNAME = "admin"
DEMO_CUSTOMER_PASSWORD = "demo-shopper-pass"


def customers_seed(*, run: SeedRun) -> list[int]:
    """Create missing customers; returns user ids in the generator's order.

    Bulk inserts sharing one password hash, not ``accounts.user_create``: that hashes each
    password (deliberately slow, about half a second each), which would be four minutes for the
    medium demo's 480 customers and hours for the large one.
    """
    run.report.step("Customers")
    existing = set(User.objects.values_list("username", flat=True))
    password = make_password(DEMO_CUSTOMER_PASSWORD)
    new = [
        User(
            username=spec.username,
            email=spec.email,
            first_name=spec.first_name,
            last_name=spec.last_name,
            password=password,
            date_joined=run.now - timedelta(days=spec.joined_days_ago),
        )
        for spec in run.shop.customers
        if spec.username not in existing
    ]
    for chunk in batched(new):
        User.objects.bulk_create(chunk)
    ids = dict(User.objects.values_list("username", "pk"))
    created, total = len(new), len(run.shop.customers)
    run.report.line(f"  {created} created, {total - created} already there")
    return [ids[spec.username] for spec in run.shop.customers]


def addresses_seed(*, run: SeedRun, customer_ids: list[int]) -> None:
    """Give customers without an address theirs; each customer's first one is the default.

    Bulk inserts, not ``accounts.address_save``: with its transaction, default-address
    bookkeeping and validation it runs eight statements an address, some 200,000 for the large
    demo's 26,000 addresses; here the first address is simply the default, and each is dated
    when its customer signed up.
    """
    with_address = set(Address.objects.values_list("user_id", flat=True))
    # Saved when the customer signed up: order risk compares an order's address with those
    # the account had settled on before it (``risk.engine.features``).
    joined = dict(User.objects.filter(pk__in=set(customer_ids)).values_list("pk", "date_joined"))
    seen: set[int] = set()
    new = []
    for spec in run.shop.addresses:
        user_id = customer_ids[spec.customer]
        if user_id in with_address:
            continue
        new.append(
            Address(
                user_id=user_id,
                full_name=spec.full_name,
                line1=spec.line1,
                line2=spec.line2,
                city=spec.city,
                postcode=spec.postcode,
                country=spec.country,
                phone=spec.phone,
                is_default=user_id not in seen,
                created_at=joined[user_id],
            )
        )
        seen.add(user_id)
    for chunk in batched(new):
        Address.objects.bulk_create(chunk)
    run.report.line(f"  {len(new)} addresses created")


def staff_account_seed(*, run: SeedRun) -> str:
    """Create (or reset) the superuser ``admin`` with a fresh random password; returns it."""
    run.report.step("Staff account")
    password = secrets.token_urlsafe(12)
    staff, _created = User.objects.get_or_create(
        username=STAFF_USERNAME,
        defaults={"email": "staff@example.com", "is_staff": True, "is_superuser": True},
    )
    staff.set_password(password)
    staff.is_staff = staff.is_superuser = True
    staff.save(update_fields=["password", "is_staff", "is_superuser"])
    return password
