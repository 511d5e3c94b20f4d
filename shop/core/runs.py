"""Kinds of run: each computation a worker refreshes (recommendation builds, forecasts, risk
models, segments) is described once by a ``RunKind`` beside its Celery task, in the app's
``tasks.py``. Everything staff use to start one comes from that description: ``enqueue``
(with the "queue is down" error), the management command (``shop.core.commands.RunCommand``)
and the admin's "run now" button (``shop.core.admin.RunButtonAdmin``).

The writes of a run (start, succeed, fail, prune) are services in ``shop.core.services``;
the tasks call the app's services, and nothing below the tasks imports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from celery.backends.asynchronous import E_RETRY_LIMIT_EXCEEDED  # type: ignore[attr-defined]
from kombu.exceptions import OperationalError

from .errors import ServiceUnavailableError
from .models import Run

if TYPE_CHECKING:  # django-stubs is a development dependency only
    from django_stubs_ext import StrOrPromise


class TaskQueueUnavailable(ServiceUnavailableError):
    """The broker could not be reached, so nothing was queued; the message is for staff.
    The API answers it with a 503 like any unavailable service."""

    code = "queue_unavailable"


class Task(Protocol):
    """What a run kind needs of its Celery task."""

    def delay(self, *args: Any, **kwargs: Any) -> Any: ...


@dataclass(frozen=True)
class RunKind:
    """One kind of run, as staff meet it.

    ``verb`` names the admin view (``<verb>/``, url ``<app>_<model>_<verb>``); ``button`` is
    its label; ``queued`` and ``unavailable`` are what staff read when they ask for a run and
    the queue takes it or is down; ``command`` is the management command that runs one in the
    process (``--async`` queues it) and ``command_help`` its help text.
    """

    model: type[Run]
    task: Task
    verb: str
    button: StrOrPromise
    queued: StrOrPromise
    unavailable: StrOrPromise
    command: str
    command_help: str

    def enqueue(self) -> None:
        """Send the task to the workers; raise ``TaskQueueUnavailable`` if the queue is down."""
        try:
            # Callers have written nothing to wait for, so it is sent now (not on commit),
            # which lets a broken queue be reported to whoever asked instead of failing
            # silently after the response.
            self.task.delay()
        except (OperationalError, ConnectionError, OSError) as error:
            raise TaskQueueUnavailable(str(self.unavailable)) from error
        except RuntimeError as error:
            # A task that keeps its result subscribes to the result store before it is sent;
            # with Redis down Celery gives up with a bare RuntimeError (benchmarks/queue_outage).
            if str(error) != E_RETRY_LIMIT_EXCEEDED:
                raise
            raise TaskQueueUnavailable(str(self.unavailable)) from error
