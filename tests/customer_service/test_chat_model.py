"""Where the chat's model comes from: trained before serving, never inside a request."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from customer_service.models import Conversation
from customer_service.services import conversations

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """As a new worker starts: no model loaded yet (and the loaded one back afterwards)."""
    monkeypatch.setattr(conversations._loaded, "assistant", None)
    conversations._classifier.cache_clear()
    yield
    conversations._classifier.cache_clear()


def test_a_server_without_a_model_answers_503_and_trains_nothing(
    settings, tmp_path: Path, fresh_process: None
) -> None:
    settings.ASSISTANT_TRAIN_ON_FIRST_USE = False  # as in production
    settings.ASSISTANT_MODEL_PATH = tmp_path / "missing.joblib"
    response = Client().post(
        "/api/chat/", {"message": "where is my order"}, content_type="application/json"
    )
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "assistant_unavailable"
    assert not settings.ASSISTANT_MODEL_PATH.exists()  # nothing was trained
    assert not Conversation.objects.exists()


def test_train_if_stale_keeps_an_up_to_date_model_evaluates_it_and_the_worker_loads_it(
    settings, tmp_path: Path, fresh_process: None
) -> None:
    # One training for the three commands (each costs seconds): train, keep, evaluate.
    model = tmp_path / "model.joblib"
    out = StringIO()
    call_command("train_assistant", out=model, if_stale=True, stdout=out)
    assert model.exists() and "Trained on" in out.getvalue()
    written = model.stat().st_mtime_ns
    again = StringIO()
    call_command("train_assistant", out=model, if_stale=True, stdout=again)
    assert "up to date; not retrained" in again.getvalue()
    assert model.stat().st_mtime_ns == written

    report = StringIO()
    # Grouped cross-validation retrains five times (minutes); it is tested on its own, small data.
    call_command("evaluate_assistant", model=model, no_cv=True, stdout=report)
    text = report.getvalue()
    assert "in-scope accuracy" in text and "out-of-scope recall" in text and "macro-F1" in text

    settings.ASSISTANT_TRAIN_ON_FIRST_USE = False
    settings.ASSISTANT_MODEL_PATH = model
    conversations.assistant_warm()  # what a worker does as it starts
    assert conversations._classifier.cache_info().currsize == 1
    response = Client().post(
        "/api/chat/", {"message": "where is my order"}, content_type="application/json"
    )
    assert response.status_code == 200
