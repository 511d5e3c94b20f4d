"""The server side of benchmarks/load.py: a PostgreSQL database and Redis of its own, gunicorn
as ``make serve`` runs it, plain HTTP requests, and wrk with a Lua script that reports latency
percentiles."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shop_load")
# Redis db 15 by default: db 0 is CI's, and the benchmark empties its cache prefix.
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/15")
# Its own folder (logs, the test gateway's ledger, wrk's files): LOAD_VAR_DIR beside another run.
VAR_DIR = Path(os.environ.get("LOAD_VAR_DIR") or Path(tempfile.gettempdir()) / "shop-load")
# The settings and the WSGI application with the floors (see config.settings.benchmark).
SETTINGS = "config.settings.benchmark"
WSGI_APP = "benchmarks.floor_wsgi:application"

LUA = r"""
local body = os.getenv("WRK_BODY")
if body and body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
local cookie = os.getenv("WRK_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
-- WRK_COOKIES names a file of Cookie headers, one per line (signed-in customers' sessions):
-- each request is one customer's, at random.
local cookies_file = os.getenv("WRK_COOKIES")
local cookies = nil
if cookies_file and cookies_file ~= "" then
  cookies = {}
  for line in io.lines(cookies_file) do cookies[#cookies + 1] = line end
end
-- WRK_PATHS names a file of paths, one per line: each request takes one at random.
local paths_file = os.getenv("WRK_PATHS")
local paths = nil
if paths_file and paths_file ~= "" then
  paths = {}
  for line in io.lines(paths_file) do paths[#paths + 1] = line end
end
function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  local headers = nil
  if cookies then
    headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    headers["Cookie"] = cookies[math.random(#cookies)]
  end
  if paths then return wrk.format(nil, paths[math.random(#paths)], headers) end
  return wrk.format(nil, nil, headers)
end
local bad = 0
function response(status, headers, body)
  if status < 200 or status >= 300 then bad = bad + 1 end
end
function done(summary, latency, requests)
  io.write(string.format(
    "RESULT {\"requests\": %d, \"duration_us\": %d, \"p50\": %d, \"p95\": %d, \"p99\": %d, " ..
    "\"max\": %d, \"errors\": %d, \"socket_errors\": %d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def server_env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": "shop-load",
        "SECRET_KEY": os.environ.get("LOAD_SECRET_KEY") or secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "false",
        "SHOP_VAR_DIR": str(VAR_DIR),
        "LOG_LEVEL": "WARNING",
        "API_THROTTLE_ANON": "1000000/minute",
        "API_THROTTLE_USER": "1000000/minute",
        "CHAT_RATE_LIMIT": "1000000/minute",
        # The checkout loop's buyers get their API tokens in one burst.
        "LOGIN_RATE_LIMIT": "1000000/minute",
        "PAYMENT_ALLOW_TEST_GATEWAY": "true",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_database() -> None:
    import psycopg

    parts = urllib.parse.urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def prepare(env: dict[str, str], *, seed: bool) -> None:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    ensure_database()
    manage(env, "migrate", "--noinput", "-v", "0")
    if seed:
        manage(env, "seed_demo", "--size", "medium")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    # The assistant's model is built before serving (production never trains in a request:
    # the first chat request used to train it, outlived gunicorn's 30 s timeout and killed
    # the workers, so every later row read 0).
    manage(env, "train_assistant", "--if-stale")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    log = open(VAR_DIR / "gunicorn.log", "w")  # noqa: SIM115 - lives as long as the server
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            WSGI_APP,
            # Each worker loads the assistant's model as it starts (benchmarks/load_gunicorn.py).
            "--config",
            "python:benchmarks.load_gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            # As `make serve` runs it: gthread workers, which keep connections alive.
            "--threads",
            "1",
            "--keep-alive",
            "5",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return wait_until_up(process, port, VAR_DIR / "gunicorn.log")


def wait_until_up(
    process: subprocess.Popen[bytes], port: int, log: Path
) -> subprocess.Popen[bytes]:
    """``process`` once it answers /healthz on ``port``; its ``log``'s end if it exits."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(log.read_text()[-3000:])
        try:
            status, _, _ = request(port, "GET", "/healthz")
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not come up")


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookies[key] = rest.split(";", 1)[0]
        return response.status, cookies, data
    finally:
        conn.close()


def run_wrk(
    port: int, path: str, *, duration: int, connections: int, env: dict[str, str]
) -> dict[str, float]:
    script = VAR_DIR / "report.lua"
    script.write_text(LUA)
    # Warm-up: fill the caches and the workers' per-process state.
    subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            "-d2s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}{path}",
        ],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}{path}",
        ],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return parse_wrk(out)


def parse_wrk(out: str) -> dict[str, float]:
    """The figures of the Lua script's RESULT line (latencies in ms)."""
    line = next((line for line in out.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise ValueError("wrk printed no RESULT line: " + out[-500:])
    data = json.loads(line[len("RESULT ") :])
    seconds = data["duration_us"] / 1e6
    return {
        "rps": data["requests"] / seconds,
        "requests": data["requests"],
        "p50": data["p50"] / 1000,
        "p95": data["p95"] / 1000,
        "p99": data["p99"] / 1000,
        "max": data["max"] / 1000,
        "errors": data["errors"] + data["socket_errors"],
    }
