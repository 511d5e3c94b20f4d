"""What every seeding step shares: the generated shop, one "now", and where progress goes."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Protocol, TypeVar

from shop.demo.engine import DemoShop

T = TypeVar("T")
# Rows per bulk insert: large enough to be quick, small enough to keep memory flat.
BATCH = 5_000


class Report(Protocol):
    """Where a seeding run says what it is doing (the command prints it)."""

    def step(self, message: str) -> None:
        """A heading: the next part of the shop is being written."""

    def line(self, message: str) -> None:
        """A detail under the current heading."""


@dataclass(frozen=True, slots=True)
class SeedRun:
    """One seeding: the generated ``shop``, the moment its "days ago" count back from."""

    shop: DemoShop
    now: datetime
    report: Report

    def progress(self, label: str, done: int, total: int) -> None:
        self.report.line(f"  {label}: {done}/{total}")


def batched(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@contextmanager
def quiet_sign_ins() -> Iterator[None]:
    """The demo's traffic signs its customers in, and axes logs every sign-in at INFO: a line
    per visit or conversation that says nothing about them. Quiet for the block."""
    axes_log = logging.getLogger("axes")
    level = axes_log.level
    axes_log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        axes_log.setLevel(level)
