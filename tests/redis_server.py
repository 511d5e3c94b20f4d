"""A private ``redis-server`` on a free port, to stop and start at will (outage tests and the
outage benchmark). The shared Redis is never touched."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import redis

START_DEADLINE_SECONDS = 10.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """``with RedisServer(tmp_dir) as server:`` a fresh, empty Redis at ``server.url``;
    ``stop()`` is an outage (connections refused on that port), ``start()`` brings it back on
    the same port, empty, as a restarted Redis without persistence is."""

    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.directory = directory
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1)

    def start(self) -> None:
        assert self.binary is not None
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_DEADLINE_SECONDS
        while True:
            try:
                if self.client().ping():
                    return
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.02)

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


class CeleryPointedAt:
    """``with CeleryPointedAt(app, url):`` the Celery app sends to (and keeps results in) the
    Redis at ``url``, for real (not eagerly); everything is put back afterwards."""

    def __init__(self, app: Any, url: str) -> None:
        self.app, self.url = app, url
        self.saved: tuple[Any, ...] = ()

    def _reset(self) -> None:
        # Drop the pooled connections and the cached result backend, so the next call
        # connects to the URL now configured.
        self.app._pool = None
        self.app.amqp._producer_pool = None
        self.app._local.__dict__.pop("backend", None)

    def __enter__(self) -> CeleryPointedAt:
        conf = self.app.conf
        self.saved = (conf.broker_url, conf.result_backend, conf.task_always_eager)
        conf.broker_url = conf.result_backend = self.url
        conf.task_always_eager = False
        self._reset()
        return self

    def __exit__(self, *exc_info: object) -> None:
        conf = self.app.conf
        conf.broker_url, conf.result_backend, conf.task_always_eager = self.saved
        self._reset()
