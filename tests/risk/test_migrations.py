"""Migration 0002 turns the trained risk models into runs and keeps them: each becomes a
succeeded run that finished when it was trained; backwards, the trainings come back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("risk", "0001_initial")]
AFTER = [("risk", "0002_riskmodel_run")]
TRAINED = datetime(2026, 3, 1, 2, 30, tzinfo=UTC)


def migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_trained_models_become_succeeded_runs_and_come_back():
    old = migrate(BEFORE).get_model("risk", "RiskModel")
    for version, serving in ((1, False), (2, True)):
        old.objects.create(
            version=version,
            is_current=serving,
            trained_at=TRAINED + timedelta(days=version),
            duration_ms=1500 * version,
            n_orders=40,
            hold_threshold=55.0 + version,
            params={"hold_threshold": 55.0 + version},
        )
    try:
        new = migrate(AFTER).get_model("risk", "RiskModel")
        runs = {run.version: run for run in new.objects.all()}
        assert set(runs) == {1, 2}
        second = runs[2]
        assert second.status == "succeeded" and second.is_current and second.error == ""
        assert second.finished_at == TRAINED + timedelta(days=2)
        assert second.duration_seconds == 3.0
        assert second.started_at == second.finished_at - timedelta(seconds=3)
        assert second.hold_threshold == 57.0 and second.n_orders == 40
        assert not runs[1].is_current and runs[1].duration_seconds == 1.5
        # A training that failed after the migration has no place in the old table.
        new.objects.create(version=3, status="failed", error="MemoryError")

        back = migrate(BEFORE).get_model("risk", "RiskModel")
        trainings = {row.version: row for row in back.objects.all()}
        assert set(trainings) == {1, 2}
        assert trainings[2].trained_at == TRAINED + timedelta(days=2)
        assert trainings[2].duration_ms == 3000 and trainings[2].is_current
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())  # the schema other tests expect
