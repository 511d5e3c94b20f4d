"""gunicorn hooks for the load benchmark's server (``-c python:benchmarks.load_gunicorn``).

Each worker loads the assistant's model (trained before serving by ``load_server.prepare``) as
it starts, before it accepts a request: no request trains or loads it, so the chat row
measures answers, not start-up.
"""

from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:
    from customer_service.services import assistant_warm

    assistant_warm()
