"""The requests a mock served, oldest first: what ``env.calls`` shows."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Call:
    """One request the mock answered.

    ``input`` holds the decoded parameters in the API's member names (empty
    when the request could not be read); ``error`` is the error code it was
    answered with, or None; ``time`` is the mock clock when it was served.
    """

    service: str
    operation: str
    account: str
    region: str
    input: Mapping[str, Any]
    error: str | None
    time: datetime


class CallLog:
    """Every request one mock served. It grows with the calls and is dropped with the mock."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._lock = threading.Lock()

    def record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def snapshot(self) -> tuple[Call, ...]:
        """The calls so far, oldest first."""
        with self._lock:
            return tuple(self._calls)
