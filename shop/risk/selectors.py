"""Reads for order risk: the shop's rows as engine records, the serving model, the queue, the
staff digest."""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db.models import Q, QuerySet

from shop.accounts.models import Address, User
from shop.forecasting.models import ReorderAdvice, StockStatus
from shop.forecasting.selectors import reorder_advice
from shop.orders.hooks import CheckoutDraft, postcode_normal
from shop.orders.models import OrderStatus
from shop.orders.selectors import OrderFacts, order_counts_near, order_facts

from .engine.features import (
    INDEX,
    AccountRecord,
    OrderRecord,
    address_key,
    compute_features,
)
from .engine.model import APPROVED, REJECTED, UNDECIDED, default_model
from .engine.model import RiskModel as EngineModel
from .models import Decision, OrderRisk, PaymentFailure, RiskLevel, RiskModel

logger = logging.getLogger(__name__)

# Orders that can still be stopped before they leave the warehouse.
OPEN_STATUSES = (OrderStatus.PENDING, OrderStatus.PAID)


def order_records(facts: Iterable[OrderFacts]) -> list[OrderRecord]:
    return [
        OrderRecord(
            order_id=fact.order_id,
            account_id=fact.user_id,
            placed_at=fact.created_at.timestamp(),
            amount=float(fact.total),
            address=address_key(fact.ship_line1, fact.ship_postcode, fact.ship_country),
            country=fact.ship_country.upper(),
            max_quantity=int(fact.max_quantity),
        )
        for fact in facts
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
    for user_id, created_at, line1, postcode, country in _rows(
        addresses.values_list("user_id", "created_at", "line1", "postcode", "country"),
        streamed=account_ids is None,
    ):
        saved[user_id].append(
            (created_at.timestamp(), address_key(line1, postcode, country), country.upper())
        )
    failed: dict[int, list[float]] = defaultdict(list)
    for user_id, created_at in _rows(
        failures.values_list("user_id", "created_at"), streamed=account_ids is None
    ):
        failed[user_id].append(created_at.timestamp())
    return {
        pk: AccountRecord(
            joined_at=joined.timestamp(),
            saved_addresses=tuple(saved.get(pk, ())),
            failed_payments=tuple(sorted(failed.get(pk, ()))),
        )
        for pk, joined in _rows(
            users.values_list("pk", "date_joined"), streamed=account_ids is None
        )
    }


def _rows(rows: QuerySet[Any], *, streamed: bool) -> Iterable[Any]:
    """Every account's rows streamed (a server-side cursor on PostgreSQL); a checkout's few
    in one round trip, where a cursor's DECLARE, FETCH and CLOSE would cost three."""
    return rows.iterator(chunk_size=5_000) if streamed else rows


def checkout_risk_features(*, draft: CheckoutDraft) -> npt.NDArray[np.float64]:
    """The features of a checkout about to become an order, before any stock lock: the
    customer's own orders and the last day's orders to the same postcode, whatever the size of
    the shop (a few indexed queries)."""
    address = draft.address
    target = OrderRecord(
        order_id=0,
        account_id=draft.user_id,
        placed_at=draft.placed_at.timestamp(),
        amount=float(draft.amount),
        address=address_key(address.line1, address.postcode, address.country),
        country=address.country.upper(),
        max_quantity=draft.max_quantity,
    )
    own = order_facts(user_id=draft.user_id) if draft.user_id is not None else iter(())
    accounts = account_records([draft.user_id] if draft.user_id is not None else [])
    features = compute_features([target], order_records(own), accounts)
    # Other accounts' orders to the same address in the 24 h before, counted by the database
    # (per spelling of the first line, keyed as ``compute_features`` keys them), where reading
    # them all made a busy postcode's every checkout slower.
    postcode, country = postcode_normal(address.postcode), address.country.upper()
    features[0, INDEX["address_orders_24h"]] = sum(
        n
        for line1, n in order_counts_near(
            postcode=postcode,
            country=country,
            since=draft.placed_at - timedelta(days=1),
            until=draft.placed_at,
            other_than=draft.user_id,
        )
        if address_key(line1, postcode, country) == target.address
    )
    return features


@dataclass(frozen=True)
class TrainingSet:
    order_ids: list[int]
    features: npt.NDArray[np.float64]
    labels: npt.NDArray[np.int8]


def risk_training_set() -> TrainingSet:
    """Every order's features as of its placement, and staff decisions as labels."""
    records = order_records(order_facts())
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
    """(version, model) now serving; version 0 and the default rules before any training, or
    while the stored model was trained on other features (right after an upgrade, until the
    next recalibration), so checkout keeps scoring instead of holding every order.

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
        try:
            model = EngineModel.from_json(row.params, row.forest)
        except ValueError:
            logger.warning("risk model v%s is from an older engine; scoring by the rules", version)
            return 0, default_model()
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


# --- The staff digest ------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestOrder:
    number: str
    score: int
    total: str
    reason: str


@dataclass(frozen=True)
class DigestProduct:
    title: str
    sku: str
    stock: int
    lead_time_days: int
    stockout_date: date | None
    reorder_quantity: int


@dataclass(frozen=True)
class StaffDigest:
    """What staff should act on today: held orders, stock out now or running out."""

    held_count: int
    held: list[DigestOrder]
    out_of_stock: list[DigestProduct]
    runs_out: list[DigestProduct]

    @property
    def empty(self) -> bool:
        return not (self.held_count or self.out_of_stock or self.runs_out)


def _digest_product(row: ReorderAdvice) -> DigestProduct:
    return DigestProduct(
        title=row.product.title,
        sku=row.product.sku,
        stock=row.product.stock_quantity,
        lead_time_days=row.product.lead_time_days,
        stockout_date=row.stockout_date,
        reorder_quantity=row.reorder_quantity,
    )


def staff_digest(*, limit: int = 20) -> StaffDigest:
    """The digest's content now, at most ``limit`` rows a list (four queries)."""
    held = held_risks().select_related("order").order_by("-score", "scored_at")
    advice = list(reorder_advice()[: 2 * limit])
    return StaffDigest(
        held_count=held.count(),
        held=[
            DigestOrder(
                number=risk.order.number,
                score=risk.score,
                total=f"{risk.order.total} {risk.order.currency}",
                reason=risk.reasons[0] if risk.reasons else "",
            )
            for risk in held[:limit]
        ],
        out_of_stock=[
            _digest_product(r) for r in advice if r.stock_status == StockStatus.OUT_OF_STOCK
        ][:limit],
        runs_out=[_digest_product(r) for r in advice if r.stock_status == StockStatus.RUNS_OUT][
            :limit
        ],
    )


def staff_digest_recipients() -> list[str]:
    """Active staff with an e-mail address who may review orders or see the stock advice."""
    may = Q(is_superuser=True)
    for app, codename in (("risk", "view_heldorder"), ("forecasting", "view_reorderadvice")):
        granted = Q(
            user_permissions__content_type__app_label=app, user_permissions__codename=codename
        ) | Q(
            groups__permissions__content_type__app_label=app, groups__permissions__codename=codename
        )
        may |= granted
    return list(
        User.objects.filter(may, is_active=True, is_staff=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
