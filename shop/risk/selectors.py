"""Reads for order risk: the shop's rows as engine records, the serving model, the queue."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import numpy.typing as npt
from django.db.models import Max, Q, QuerySet

from shop.accounts.models import Address, User
from shop.orders.models import Order, OrderStatus

from .engine.features import AccountRecord, OrderRecord, address_key, compute_features
from .engine.model import APPROVED, REJECTED, UNDECIDED, default_model
from .engine.model import RiskModel as EngineModel
from .models import Decision, OrderRisk, PaymentFailure, RiskLevel, RiskModel

# Orders that can still be stopped before they leave the warehouse.
OPEN_STATUSES = (OrderStatus.PENDING, OrderStatus.PAID)
RECORD_FIELDS = (
    "pk",
    "user_id",
    "created_at",
    "total",
    "ship_line1",
    "ship_postcode",
    "ship_country",
    "max_quantity",
)


def order_records(orders: QuerySet[Order]) -> list[OrderRecord]:
    rows = (
        orders.order_by()
        .annotate(max_quantity=Max("lines__quantity"))
        .values_list(*RECORD_FIELDS)
        .iterator(chunk_size=5_000)
    )
    return [
        OrderRecord(
            order_id=pk,
            account_id=user_id,
            placed_at=created_at.timestamp(),
            amount=float(total),
            address=address_key(line1, postcode, country),
            country=country.upper(),
            max_quantity=int(max_quantity or 0),
        )
        for pk, user_id, created_at, total, line1, postcode, country, max_quantity in rows
    ]


def account_records(account_ids: Iterable[int] | None = None) -> dict[int, AccountRecord]:
    """Sign-up time, saved addresses and declined payments per account (all when None)."""
    users = User.objects.all()
    addresses = Address.objects.all()
    failures = PaymentFailure.objects.filter(kind=PaymentFailure.Kind.DECLINED)
    if account_ids is not None:
        ids = list(account_ids)
        users, addresses = users.filter(pk__in=ids), addresses.filter(user_id__in=ids)
        failures = failures.filter(user_id__in=ids)
    saved: dict[int, list[tuple[float, str, str]]] = defaultdict(list)
    for user_id, created_at, line1, postcode, country in addresses.values_list(
        "user_id", "created_at", "line1", "postcode", "country"
    ).iterator(chunk_size=5_000):
        saved[user_id].append(
            (created_at.timestamp(), address_key(line1, postcode, country), country.upper())
        )
    failed: dict[int, list[float]] = defaultdict(list)
    for user_id, created_at in failures.values_list("user_id", "created_at").iterator(
        chunk_size=5_000
    ):
        failed[user_id].append(created_at.timestamp())
    return {
        pk: AccountRecord(
            joined_at=joined.timestamp(),
            saved_addresses=tuple(saved.get(pk, ())),
            failed_payments=tuple(sorted(failed.get(pk, ()))),
        )
        for pk, joined in users.values_list("pk", "date_joined").iterator(chunk_size=5_000)
    }


def order_risk_features(*, order: Order) -> npt.NDArray[np.float64]:
    """The features of one order: five small queries, whatever the size of the shop."""
    targets = order_records(Order.objects.filter(pk=order.pk))
    nearby = Q(
        ship_postcode__iexact=order.ship_postcode,
        ship_country__iexact=order.ship_country,
        created_at__gte=order.created_at - timedelta(days=1),
        created_at__lte=order.created_at,
    )
    related = Order.objects.filter(Q(user_id=order.user_id) | nearby) if order.user_id else None
    history = order_records(related if related is not None else Order.objects.filter(nearby))
    accounts = account_records([order.user_id] if order.user_id else [])
    return compute_features(targets, history, accounts)


@dataclass(frozen=True)
class TrainingSet:
    order_ids: list[int]
    features: npt.NDArray[np.float64]
    labels: npt.NDArray[np.int8]


def risk_training_set() -> TrainingSet:
    """Every order's features as of its placement, and staff decisions as labels."""
    records = order_records(Order.objects.all())
    records.sort(key=lambda r: (r.placed_at, r.order_id))
    features = compute_features(records, records, account_records())
    decisions = dict(
        OrderRisk.objects.exclude(decision=Decision.PENDING).values_list("order_id", "decision")
    )
    code: dict[str, int] = {Decision.APPROVED: APPROVED, Decision.REJECTED: REJECTED}
    labels = np.array(
        [code.get(decisions.get(r.order_id, ""), UNDECIDED) for r in records], dtype=np.int8
    )
    return TrainingSet([r.order_id for r in records], features, labels)


# --- The serving model -------------------------------------------------------------------------

# (version, finished_at): a version number alone can come back after a rolled-back training.
_loaded: dict[tuple[int, str], EngineModel] = {}
_lock = threading.Lock()


def risk_model_current() -> tuple[int, EngineModel]:
    """(version, model) now serving; version 0 and the default rules before any training.

    One indexed query per call; the model itself is deserialised once per process and version.
    """
    current = (
        RiskModel.objects.filter(is_current=True).values_list("version", "finished_at").first()
    )
    if current is None:
        return 0, default_model()
    version, finished_at = current
    key = (version, finished_at.isoformat() if finished_at else "")
    with _lock:
        model = _loaded.get(key)
    if model is None:
        row = RiskModel.objects.only("params", "forest").get(version=version)
        model = EngineModel.from_json(row.params, row.forest)
        with _lock:
            _loaded.clear()  # only the serving version is worth keeping
            _loaded[key] = model
    return version, model


# --- The review queue ----------------------------------------------------------------------


def held_risks() -> QuerySet[OrderRisk]:
    """High-risk orders awaiting a decision that could still be stopped."""
    return OrderRisk.objects.filter(
        level=RiskLevel.HIGH, decision=Decision.PENDING, order__status__in=OPEN_STATUSES
    )


def order_hold_get(*, order_id: int) -> OrderRisk | None:
    """The risk that holds this order back from fulfilment, if any."""
    return (
        OrderRisk.objects.filter(order_id=order_id, level=RiskLevel.HIGH)
        .filter(decision=Decision.PENDING)
        .first()
    )
