"""Run one step of `make demo` with a one-line progress report instead of its full output.

    python3 scripts/step.py 3/10 "Seeding the demo shop" -- .venv/bin/python manage.py seed_demo

prints "==> [3/10] Seeding the demo shop", then a dot line every few seconds while the command
runs ("pip" steps count the packages as pip collects them), then "done in 12.3s". The command's
own output goes to var/log/setup.log; when it fails, its last 40 lines are printed too. Only the
standard library: it runs before the virtualenv exists.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

TAIL_ON_FAILURE = 40
TICK_SECONDS = 5.0


def main(argv: list[str]) -> int:
    if "--" not in argv or argv.index("--") < 2:
        print(__doc__, file=sys.stderr)
        return 2
    number, title = argv[0], " ".join(argv[1 : argv.index("--")])
    command = argv[argv.index("--") + 1 :]
    log_dir = Path(os.environ.get("SHOP_VAR_DIR", "var")) / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / "setup.log"
    print(f"==> [{number}] {title}", flush=True)
    started = time.monotonic()
    lines: list[str] = []
    collected = 0
    done = threading.Event()

    def tick() -> None:  # a sign of life during long, quiet stretches
        while not done.wait(TICK_SECONDS):
            elapsed = time.monotonic() - started
            extra = f", {collected} packages so far" if collected else ""
            print(f"    ... still working ({elapsed:.0f}s{extra})", flush=True)

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(f"\n==> [{number}] {title}: {' '.join(command)}\n")
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
        )
        assert process.stdout is not None
        for line in process.stdout:
            log.write(line)
            lines.append(line)
            del lines[:-TAIL_ON_FAILURE]
            if line.startswith("Collecting "):
                collected += 1
        code = process.wait()
    done.set()
    elapsed = time.monotonic() - started
    if code:
        print(f"    failed after {elapsed:.1f}s (exit {code}); the end of {log_path}:", flush=True)
        sys.stdout.write("".join("    " + line for line in lines))
        return code
    print(f"    done in {elapsed:.1f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
