"""Writes for order risk: scoring orders, staff decisions, training, declined payments, and
the staff's daily digest of held orders and stock to reorder."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.accounts.models import User
from shop.core.outbox import Delivery, outbox_message_id, outbox_put
from shop.core.services import (
    Progress,
    run_fail,
    run_mark_succeeded,
    run_start_versioned,
    runs_prune,
)
from shop.core.services import quiet as _quiet
from shop.orders.hooks import CheckoutDraft
from shop.orders.models import OrderStatus
from shop.orders.services import order_payment_capture, order_transition

from .engine.features import FEATURES
from .engine.model import REJECTED, UNDECIDED, Assessment, train
from .models import Decision, OrderRisk, PaymentFailure, RiskLevel, RiskModel
from .selectors import (
    OPEN_STATUSES,
    checkout_risk_features,
    risk_model_current,
    risk_training_set,
    staff_digest,
    staff_digest_recipients,
)

logger = logging.getLogger(__name__)

SCORING_FAILED_REASON = "risk could not be scored"
DEFAULT_SEED = 8
KEEP_MODELS = 10
BATCH = 2_000


class RiskDecisionError(Exception):
    """A decision that cannot be taken; ``message`` is written for staff."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _features_json(row: np.ndarray) -> dict[str, float]:
    return {name: round(float(value), 4) for name, value in zip(FEATURES, row, strict=True)}


def payment_failure_record(*, user_id: int, amount: Decimal, kind: str) -> PaymentFailure:
    return PaymentFailure.objects.create(
        user_id=user_id, amount=amount, kind=kind, created_at=timezone.now()
    )


@dataclass(frozen=True)
class RiskVerdict:
    """A checkout's score, computed before the order exists (and before any stock lock)."""

    version: int
    assessment: Assessment
    features: dict[str, float]


def checkout_risk_score(*, draft: CheckoutDraft) -> RiskVerdict:
    version, model = risk_model_current()
    features = checkout_risk_features(draft=draft)
    return RiskVerdict(version, model.assess(features)[0], _features_json(features[0]))


def order_risk_record(*, order_id: int, verdict: RiskVerdict | None) -> OrderRisk:
    """Store a new order's score, inside the order's transaction, so no one can pay or ship
    the order before it has one. Without a verdict (scoring failed), the order is held."""
    now = timezone.now()
    if verdict is None:
        return OrderRisk.objects.create(
            order_id=order_id,
            score=0,
            level=RiskLevel.HIGH,
            reasons=[SCORING_FAILED_REASON],
            scored_at=now,
            scoring_failed=True,
        )
    return OrderRisk.objects.create(
        order_id=order_id,
        score=verdict.assessment.score,
        level=verdict.assessment.level,
        reasons=verdict.assessment.reasons,
        features=verdict.features,
        model_version=verdict.version,
        scored_at=now,
    )


def order_risk_decide(
    *, risk: OrderRisk, decision: str, by: User | None, note: str = ""
) -> OrderRisk:
    """Record a staff decision. Approving releases the order: its money is captured now.
    Rejecting cancels it (the stock returns, the authorisation is voided) through orders."""
    if decision not in (Decision.APPROVED, Decision.REJECTED):
        raise RiskDecisionError(_("Choose approve or reject."))
    with transaction.atomic():
        risk = OrderRisk.objects.select_for_update().select_related("order").get(pk=risk.pk)
        if risk.decision != Decision.PENDING:
            raise RiskDecisionError(
                _("Order %(number)s was already %(decision)s.")
                % {"number": risk.order.number, "decision": risk.get_decision_display().lower()}
            )
        risk.decision = decision
        risk.decided_by = by
        risk.decided_at = timezone.now()
        risk.note = note.strip()[:500]
        risk.save(update_fields=["decision", "decided_by", "decided_at", "note"])
        if decision == Decision.REJECTED and risk.order.status in OPEN_STATUSES:
            order_transition(
                order=risk.order,
                to_status=OrderStatus.CANCELLED,
                by=by,
                note="rejected after risk review",
            )
    if decision == Decision.APPROVED:
        # Outside the decision's transaction: a gateway call never runs under a row lock.
        order_payment_capture(order_id=risk.order_id, by=by)
    return risk


def _hold_metrics(
    model_scores: np.ndarray, labels: np.ndarray, hold: float
) -> dict[str, float | int]:
    held = model_scores >= hold
    metrics: dict[str, float | int] = {
        "held_share_of_history": round(float(held.mean()) if held.size else 0.0, 4)
    }
    decided = labels != UNDECIDED
    if decided.any():
        rejected = labels[decided] == REJECTED
        caught = held[decided]
        metrics["rejected"] = int(rejected.sum())
        metrics["approved"] = int((~rejected).sum())
        metrics["rejected_held"] = int((caught & rejected).sum())
        metrics["approved_held"] = int((caught & ~rejected).sum())
    return metrics


def risk_model_train(*, seed: int = DEFAULT_SEED, progress: Progress = _quiet) -> RiskModel:
    """(Re)train on all orders and staff decisions; the new model serves from the commit on.
    A training that fails is recorded as failed and the serving model stays."""
    run = run_start_versioned(model=RiskModel)
    try:
        progress("Reading orders, accounts and decisions")
        data = risk_training_set()
        progress(
            f"{len(data.order_ids)} orders, {int((data.labels != UNDECIDED).sum())} staff decisions"
        )
        progress("Training the rules and the isolation forest")
        model = train(data.features, data.labels, seed=seed)
        scores, _fired, _ranks = model.raw_scores(data.features)
        metrics = _hold_metrics(np.round(scores), data.labels, model.hold_threshold)
        with transaction.atomic():
            RiskModel.objects.filter(is_current=True).exclude(pk=run.pk).update(is_current=False)
            succeeded = run_mark_succeeded(run=run)
            run.is_current = True
            run.n_orders = model.n_orders
            run.n_decisions = model.n_decisions
            run.hold_threshold = model.hold_threshold
            run.params = model.to_json()
            run.forest = model.forest.to_json() if model.forest else None
            run.metrics = metrics
            run.save(
                update_fields=[
                    *succeeded,
                    "is_current",
                    "n_orders",
                    "n_decisions",
                    "hold_threshold",
                    "params",
                    "forest",
                    "metrics",
                ]
            )
    except Exception as error:
        run_fail(run=run, error=f"{type(error).__name__}: {error}")
        raise
    risk_models_prune()
    progress(
        f"Model v{run.version} serving: hold at {model.hold_threshold:g}, "
        f"{metrics['held_share_of_history']:.1%} of past orders would be held, "
        f"{run.duration_seconds}s"
    )
    return run


def risk_models_prune(*, keep: int = KEEP_MODELS) -> int:
    """Delete the trainings beyond the newest ``keep``, never the serving model."""
    current = set(RiskModel.objects.filter(is_current=True).values_list("pk", flat=True))
    return runs_prune(model=RiskModel, keep=keep, protected=current, newest_first=["-version"])


def _risk_row(order_id: int, assessment: Assessment, row: np.ndarray, version: int) -> OrderRisk:
    return OrderRisk(
        order_id=order_id,
        score=assessment.score,
        level=assessment.level,
        reasons=assessment.reasons,
        features=_features_json(row),
        model_version=version,
        scored_at=timezone.now(),
    )


def order_risk_backfill(*, rescore_open: bool = False, progress: Progress = _quiet) -> int:
    """Score every order that has no risk yet (and, with ``rescore_open``, re-score undecided
    open orders with the serving model, including those whose scoring failed). All or nothing;
    returns the orders scored."""
    version, model = risk_model_current()
    scored = set(OrderRisk.objects.values_list("order_id", flat=True))
    rescore: dict[int, int] = {}
    if rescore_open:
        rescore = dict(
            OrderRisk.objects.filter(
                decision=Decision.PENDING, order__status__in=OPEN_STATUSES
            ).values_list("order_id", "pk")
        )
    data = risk_training_set()
    wanted = [i for i, oid in enumerate(data.order_ids) if oid not in scored or oid in rescore]
    progress(f"{len(wanted)} orders to score with model v{version}")
    done = 0
    with transaction.atomic():
        for start in range(0, len(wanted), BATCH):
            chunk = wanted[start : start + BATCH]
            features = data.features[chunk]
            rows = [
                _risk_row(data.order_ids[i], a, features[k], version)
                for k, (i, a) in enumerate(zip(chunk, model.assess(features), strict=True))
            ]
            new = [r for r in rows if r.order_id not in rescore]
            again = [r for r in rows if r.order_id in rescore]
            for risk in again:
                risk.pk = rescore[risk.order_id]
            # A checkout may score one of these orders meanwhile; its own score stands.
            OrderRisk.objects.bulk_create(new, ignore_conflicts=True)
            OrderRisk.objects.bulk_update(
                again,
                [
                    "score",
                    "level",
                    "reasons",
                    "features",
                    "model_version",
                    "scored_at",
                    "scoring_failed",
                ],
            )
            done += len(rows)
            progress(f"scored {done}/{len(wanted)}")
    return done


# --- The staff digest ------------------------------------------------------------------------

STAFF_DIGEST = "risk.staff_digest"


def staff_digest_queue(*, day: date | None = None) -> None:
    """Once a day (after the night's recalibration and forecast): e-mail staff what waits for
    them. Through the outbox, one message per day whatever retries happen."""
    day = day or timezone.localdate()
    with transaction.atomic():
        outbox_put(kind=STAFF_DIGEST, payload={"day": day.isoformat()}, key=f"{STAFF_DIGEST}:{day}")


def staff_digest_send(*, day: date, message_id: str | None = None) -> int:
    """E-mail the digest as it stands now to the staff who act on it; returns the recipients
    (none when nothing waits, or nobody may see it)."""
    digest = staff_digest()
    recipients = staff_digest_recipients()
    if digest.empty or not recipients:
        return 0
    context = {"digest": digest, "day": day, "shop_name": settings.SHOP_NAME}
    headers = {"Message-ID": outbox_message_id(message_id)} if message_id else None
    EmailMessage(
        subject=render_to_string("risk/email/staff_digest_subject.txt", context).strip(),
        body=render_to_string("risk/email/staff_digest.txt", context),
        to=[settings.DEFAULT_FROM_EMAIL],
        bcc=recipients,
        headers=headers,
    ).send()
    return len(recipients)


def staff_digest_deliver(delivery: Delivery) -> None:
    """The outbox handler of ``risk.staff_digest``."""
    staff_digest_send(
        day=date.fromisoformat(delivery.payload["day"]), message_id=delivery.message_id
    )
