"""The results of requests that carried a client token, for as long as a retry may come.

A request repeated with the same idempotency token gets the first request's result.
AWS services that state a window keep a token for 8 hours after its first use (Bedrock
states none), so a record expires 8 hours after the request on the mock clock; and a
Region keeps at most ``CAPACITY`` records, the oldest dropped first (decided), so the
records stay bounded however many resources a test creates.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

#: How long a client token is remembered after the request that first carried it.
WINDOW = timedelta(hours=8)
#: How many tokens a Region remembers at most; beyond, the oldest is forgotten.
CAPACITY = 10_000

Key = tuple[str, str]


class IdempotencyRecords:
    """Of one Region: (operation, token) -> the result and when it was first given.

    Records are kept in the order they were made: forgetting the expired and the
    overflowing ones takes O(1) amortized per request.
    """

    def __init__(self, window: timedelta = WINDOW, capacity: int = CAPACITY) -> None:
        self.window = window
        self.capacity = capacity
        self._records: dict[Key, tuple[datetime, dict[str, Any]]] = {}

    def __len__(self) -> int:
        return len(self._records)

    def get(self, key: Key, now: datetime) -> dict[str, Any] | None:
        """The result remembered for ``key``, unless its window has passed at ``now``."""
        record = self._records.get(key)
        if record is None:
            return None
        first_use, result = record
        if now - first_use >= self.window:
            del self._records[key]
            return None
        return result

    def remember(self, key: Key, result: dict[str, Any], now: datetime) -> None:
        """Remember ``result`` for ``key`` from ``now``; forget the oldest records that
        have expired, and the oldest beyond ``capacity``."""
        self._records.pop(key, None)
        self._records[key] = (now, result)
        while True:
            oldest = next(iter(self._records))
            first_use, _ = self._records[oldest]
            if len(self._records) <= self.capacity and now - first_use < self.window:
                return
            del self._records[oldest]
