"""The PASS/FAIL lines every recommendation benchmark ends with."""

from __future__ import annotations

from collections.abc import Sequence

Check = tuple[str, bool, str]


def print_checks(checks: Sequence[Check], width: int = 36) -> int:
    """Print one PASS/FAIL line per check; the exit status: 0 when every check passed."""
    print()
    for label, ok, detail in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label:<{width}} {detail}".rstrip())
    return 0 if all(ok for _, ok, _ in checks) else 1
