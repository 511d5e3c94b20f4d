"""`make demo`'s ends: seed_demo leaves the logins for serve_demo, which prints them as the last
lines once the server answers; the step runner shows progress and hides a step's chatter."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from shop.demo.management.commands.serve_demo import demo_banner
from shop.demo.services import DEMO_CUSTOMER_PASSWORD, STAFF_USERNAME

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_seed_demo_leaves_the_logins_for_the_server_readable_by_the_owner_only(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo", size="small", no_images=True, stdout=StringIO())
    logins = (tmp_path / "demo-logins.txt").read_text()
    assert f"Staff login:    {STAFF_USERNAME} / " in logins
    assert f"/ {DEMO_CUSTOMER_PASSWORD}" in logins
    assert (tmp_path / "demo-logins.txt").stat().st_mode & 0o077 == 0


def test_the_banner_ends_with_the_address_and_the_logins():
    logins = "  Staff login:    admin / s3cret  (at /admin/)\n  Customer login: ada / pw\n"
    lines = demo_banner(url="http://127.0.0.1:8000/", logins=logins)
    assert lines[-3:] == [
        "  Shop:           http://127.0.0.1:8000/",
        "  Staff login:    admin / s3cret  (at /admin/)",
        "  Customer login: ada / pw",
    ]
    assert "run `manage.py seed_demo` first" in demo_banner(url="u", logins="")[-1]


def run_step(tmp_path: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "step.py"), "2/9", "Doing it", "--", *command],
        capture_output=True,
        text=True,
        env={"SHOP_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_a_step_prints_its_number_and_time_and_logs_the_chatter(tmp_path):
    result = run_step(tmp_path, sys.executable, "-c", "print('metric 0.93')")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "==> [2/9] Doing it" and lines[-1].startswith("    done in ")
    assert "metric" not in result.stdout
    assert "metric 0.93" in (tmp_path / "log" / "setup.log").read_text()


def test_a_failing_step_shows_the_end_of_its_output_and_its_exit_code(tmp_path):
    code = "import sys; print('the reason'); sys.exit(3)"
    result = run_step(tmp_path, sys.executable, "-c", code)
    assert result.returncode == 3
    assert "failed after" in result.stdout and "    the reason" in result.stdout
