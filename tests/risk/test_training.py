"""Training and scoring on the seeded demo shop, the command, the nightly task."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import QuerySet

from shop.demo.services.live import KEY_PREFIX
from shop.orders.models import Order
from shop.risk.factories import PastOrderFactory
from shop.risk.models import Decision, OrderRisk, RiskLevel, RiskModel
from shop.risk.selectors import risk_model_current
from shop.risk.services import KEEP_MODELS, risk_model_train
from shop.risk.tasks import risk_recalibrate

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_shop(db):  # type: ignore[no-untyped-def]
    call_command("seed_demo", size="small", no_images=True, stdout=StringIO())
    return Order.objects.count()


def history() -> QuerySet[OrderRisk]:
    """The scores of last year's demo orders (today's were scored at checkout)."""
    return OrderRisk.objects.exclude(order__idempotency_key__startswith=KEY_PREFIX)


def test_the_command_trains_on_the_demo_and_scores_every_order(demo_shop):
    today = OrderRisk.objects.count()
    assert today == Order.objects.filter(idempotency_key__startswith=KEY_PREFIX).count() > 0
    out = StringIO()
    call_command("score_order_risk", stdout=out)
    text = out.getvalue()
    model = RiskModel.objects.get(is_current=True)
    assert model.duration_seconds is not None  # recorded as a run
    assert model.n_orders == demo_shop and model.forest is not None
    assert "Training the risk model" in text and f"Risk model v{model.version}" in text
    past = demo_shop - today
    assert f"scored {past}/{past}" in text and f"{past} orders scored" in text
    assert OrderRisk.objects.count() == demo_shop
    assert set(history().values_list("model_version", flat=True)) == {model.version}
    # Last year's demo customers are ordinary: almost nothing is held.
    high = history().filter(level=RiskLevel.HIGH).count()
    assert high <= 0.05 * past
    assert model.metrics["held_share_of_history"] <= 0.05

    again = StringIO()
    call_command("score_order_risk", "--no-train", stdout=again)
    assert "0 orders scored" in again.getvalue()
    assert RiskModel.objects.filter(is_current=True).count() == 1


def test_the_nightly_task_recalibrates_on_staff_decisions(demo_shop):
    # Only approvals this time: the demo's own decisions are undone.
    OrderRisk.objects.update(decision=Decision.PENDING)
    call_command("score_order_risk", stdout=StringIO())
    first_version, first = risk_model_current()
    # Staff approve the ten riskiest demo orders: legitimate, so the hold threshold rises.
    riskiest = OrderRisk.objects.order_by("-score")[:10]
    OrderRisk.objects.filter(pk__in=[r.pk for r in riskiest]).update(decision=Decision.APPROVED)
    version = risk_recalibrate.delay().get()
    current_version, current = risk_model_current()
    assert version == current_version == first_version + 1
    assert current.n_decisions == 10
    assert current.hold_threshold >= first.hold_threshold
    assert RiskModel.objects.filter(is_current=True).get().version == version


def test_rescoring_open_orders_uses_the_new_model(demo_shop):
    call_command("score_order_risk", stdout=StringIO())
    stale = OrderRisk.objects.filter(order__status="paid", decision=Decision.PENDING).first()
    OrderRisk.objects.filter(pk=stale.pk).update(score=99, model_version=0)
    shipped = OrderRisk.objects.filter(order__status="shipped").first()
    OrderRisk.objects.filter(pk=shipped.pk).update(score=99, model_version=0)
    out = StringIO()
    call_command("score_order_risk", "--no-train", "--rescore-open", stdout=out)
    stale.refresh_from_db()
    shipped.refresh_from_db()
    assert stale.score != 99 and stale.model_version == risk_model_current()[0]
    assert (shipped.score, shipped.model_version) == (99, 0)  # gone: no longer worth a hold


def test_the_command_refuses_nonsense(demo_shop):
    with pytest.raises(CommandError, match="nothing to do"):
        call_command("score_order_risk", "--no-train", "--no-backfill")


def test_a_failed_training_is_recorded_and_the_serving_model_stays(monkeypatch):
    PastOrderFactory.create_batch(4)
    first = risk_model_train()

    def broken(*args: object, **kwargs: object) -> None:
        raise MemoryError("out of memory in the forest")

    monkeypatch.setattr("shop.risk.services.train", broken)
    with pytest.raises(MemoryError):
        risk_model_train()
    failed = RiskModel.objects.get(version=first.version + 1)
    assert failed.status == RiskModel.Status.FAILED and "out of memory" in failed.error
    assert not failed.is_current and failed.hold_threshold is None
    assert risk_model_current()[0] == first.version
    first.refresh_from_db()
    assert first.status == RiskModel.Status.SUCCEEDED and first.is_current


def test_old_trainings_are_pruned_but_the_serving_one_stays():
    PastOrderFactory.create_batch(3)
    for _ in range(KEEP_MODELS + 2):
        risk_model_train()
    versions = list(RiskModel.objects.values_list("version", flat=True))
    assert versions == list(range(KEEP_MODELS + 2, 2, -1))
    assert RiskModel.objects.get(is_current=True).version == KEEP_MODELS + 2


def test_async_queues_the_nightly_recalibration_as_it_is(monkeypatch):
    sent = []
    monkeypatch.setattr(risk_recalibrate, "delay", lambda: sent.append("queued"))
    for options in (["--no-train"], ["--rescore-open"], ["--seed", "3"]):
        with pytest.raises(CommandError, match="apply in this process only"):
            call_command("score_order_risk", "--async", *options, stdout=StringIO())
    assert sent == []
    call_command("score_order_risk", "--async", "--no-backfill", stdout=StringIO())
    assert sent == ["queued"] and not RiskModel.objects.exists()


def test_a_model_from_an_older_engine_falls_back_to_the_rules(db):
    """Right after an upgrade the stored model's features differ: checkout keeps scoring by
    the default rules instead of holding every order as unscorable."""
    from shop.core.services import run_mark_succeeded
    from shop.risk.models import RiskModel as StoredModel
    from shop.risk.selectors import risk_model_current

    stored = StoredModel.objects.create(
        version=7, is_current=True, params={"features": ["an", "older", "set"]}, metrics={}
    )
    run_mark_succeeded(run=stored)
    version, model = risk_model_current()
    assert version == 0 and model.hold_threshold > 0
