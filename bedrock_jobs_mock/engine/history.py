"""The requests a mock served, oldest first: what ``env.calls`` shows."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any, Callable, NamedTuple


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


#: How many calls a mock keeps by default: the latest ones.
DEFAULT_CALLS_KEPT = 10_000


class CallLog:
    """The latest ``limit`` requests one mock served (every one when ``limit`` is None);
    dropped with the mock.

    Serving pays only for keeping a request: its :class:`Call` is made, and its
    input decoded again from the request itself, the first time the history is
    read. So the record shares nothing with the state, whose resources hold
    parts of the handler's input.
    """

    def __init__(self, limit: int | None = DEFAULT_CALLS_KEPT) -> None:
        self._entries: deque[Call | Served] = deque(maxlen=limit)
        self._lock = threading.Lock()

    def record(self, served: Served) -> None:
        """Keep a request as it was served; its input is read when the history is."""
        with self._lock:
            self._entries.append(served)

    def snapshot(self) -> tuple[Call, ...]:
        """The calls kept, oldest first."""
        with self._lock:
            calls = tuple(
                entry.call() if isinstance(entry, Served) else entry for entry in self._entries
            )
            self._entries = deque(calls, maxlen=self._entries.maxlen)
            return calls


class Served(NamedTuple):
    """A request as it was served (``error``: the error code, or None), before the
    history is read: ``read_input()`` then decodes its input from the request."""

    service: str
    operation: str
    account: str
    region: str
    error: str | None
    time: datetime
    read_input: Callable[[], Mapping[str, Any]]

    def call(self) -> Call:
        input_ = MappingProxyType(dict(self.read_input()))
        return Call(
            self.service, self.operation, self.account, self.region, input_, self.error, self.time
        )
