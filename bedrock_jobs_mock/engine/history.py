"""The requests a mock served, oldest first: what ``env.calls`` shows."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any, Callable, Optional


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
        self._entries: deque[Call | _Unread] = deque(maxlen=limit)
        self._lock = threading.Lock()

    def record(
        self,
        service: str,
        operation: str,
        account: str,
        region: str,
        error: str | None,
        time: datetime,
        read_input: Callable[[], Mapping[str, Any]],
    ) -> None:
        """Keep a request served at ``time`` (with ``error``, or None), whose input
        ``read_input()`` gives when the history is first read."""
        entry = (service, operation, account, region, error, time, read_input)
        with self._lock:
            self._entries.append(entry)

    def snapshot(self) -> tuple[Call, ...]:
        """The calls kept, oldest first."""
        with self._lock:
            calls = tuple(
                entry if isinstance(entry, Call) else _call_of(*entry) for entry in self._entries
            )
            self._entries = deque(calls, maxlen=self._entries.maxlen)
            return calls


#: A request not yet read back: ``CallLog.record``'s arguments.
_Unread = tuple[str, str, str, str, Optional[str], datetime, Callable[[], Mapping[str, Any]]]


def _call_of(
    service: str,
    operation: str,
    account: str,
    region: str,
    error: str | None,
    time: datetime,
    read_input: Callable[[], Mapping[str, Any]],
) -> Call:
    return Call(
        service, operation, account, region, MappingProxyType(dict(read_input())), error, time
    )
