"""Serve the demo shop (``make demo``'s last step): gunicorn in one process, and once it answers,
the address and the logins as the last lines on the screen.

Requests are logged to ``var/log/access.log`` (under SHOP_VAR_DIR), not the terminal, so the
logins stay in view; Ctrl+C (or a SIGTERM) stops the server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from .seed_demo import logins_file

STARTUP_SECONDS = 120


def demo_banner(*, url: str, logins: str, access_log: str = "var/log/access.log") -> list[str]:
    """What the terminal shows last: the shop's address, then the logins seed_demo wrote."""
    lines = [line.strip() for line in logins.splitlines() if line.strip()]
    if not lines:
        lines = ["(no logins recorded: run `manage.py seed_demo` first)"]
    return [
        "",
        f"The demo shop is up (Ctrl+C stops it; requests are logged to {access_log}).",
        f"  Shop:           {url}",
        *(f"  {line}" for line in lines),
    ]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "healthz", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


class Command(BaseCommand):
    help = "Serve the demo shop with gunicorn; print its address and logins once it answers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, port: int, threads: int, **options: Any) -> None:
        url = f"http://127.0.0.1:{port}/"
        log_dir = settings.VAR_DIR / "log"
        log_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base"}
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi",
            "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", str(threads),
            "--access-logfile", str(log_dir / "access.log"), "--log-level", "warning",
        ]  # fmt: skip
        self.stdout.write(f"Starting the server on {url} ...")
        self.stdout.flush()
        server = subprocess.Popen(command, env=env)
        # A SIGTERM to this command stops the server too (the finally below), not only Ctrl+C.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not _answers(url):
                if server.poll() is not None:
                    raise CommandError(f"gunicorn exited with {server.returncode}")
                if time.monotonic() > deadline:
                    raise CommandError(f"the server did not answer on {url} in time")
                time.sleep(0.3)
            logins = logins_file()
            text = logins.read_text(encoding="utf-8") if logins.exists() else ""
            for line in demo_banner(url=url, logins=text, access_log=str(log_dir / "access.log")):
                self.stdout.write(line)
            self.stdout.flush()
            server.wait()
        except KeyboardInterrupt:
            pass
        finally:
            if server.poll() is None:
                server.terminate()
                server.wait(timeout=30)
