"""Failure limits: after ``limit`` failures of one kind for one subject within ``window``
seconds, the next attempts are refused until the window ends.

For what a throttle of requests cannot see: wrong passwords sprayed over many usernames from
one address, or guessed inside a signed-in session. Counters live in the cache (shared by the
workers when it is Redis; an outage fails open, as the cache does everywhere). The subject is
hashed into the key, so no address or id is stored in clear.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class FailureLimit:
    scope: str
    limit: int
    window: int  # seconds, from the first failure

    def _key(self, subject: str) -> str:
        digest = hashlib.sha256(f"{self.scope}\x1f{subject}".encode()).hexdigest()[:32]
        return f"failures:{self.scope}:{digest}"

    def failures(self, subject: str) -> int:
        return int(cache.get(self._key(subject)) or 0)

    def blocked(self, subject: str) -> bool:
        return self.failures(subject) >= self.limit

    def fail(self, subject: str) -> int:
        """Count one failure; returns how many there are in the window now."""
        key = self._key(subject)
        if cache.add(key, 1, self.window):
            return 1
        try:
            return int(cache.incr(key))
        except ValueError:  # expired between the two calls
            cache.set(key, 1, self.window)
            return 1

    def clear(self, subject: str) -> None:
        cache.delete(self._key(subject))
