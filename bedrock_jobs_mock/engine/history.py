"""The requests a mock served, oldest first: what ``env.calls`` shows."""

from __future__ import annotations

import dataclasses
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any, Callable


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

    A request's input is decoded again from the request itself the first time
    the history is read, not copied on every call: serving pays nothing for it,
    and the record shares nothing with the state, whose resources hold parts of
    the handler's input.
    """

    def __init__(self, limit: int | None = DEFAULT_CALLS_KEPT) -> None:
        self._entries: deque[Call | _Unread] = deque(maxlen=limit)
        self._lock = threading.Lock()

    def record(self, call: Call, read_input: Callable[[], Mapping[str, Any]]) -> None:
        """Keep ``call``, whose input ``read_input()`` gives when first read."""
        with self._lock:
            self._entries.append(_Unread(call, read_input))

    def snapshot(self) -> tuple[Call, ...]:
        """The calls kept, oldest first."""
        with self._lock:
            calls = tuple(
                entry if isinstance(entry, Call) else entry.read() for entry in self._entries
            )
            self._entries = deque(calls, maxlen=self._entries.maxlen)
            return calls


@dataclass(frozen=True)
class _Unread:
    """A call whose input has not been decoded yet."""

    call: Call
    read_input: Callable[[], Mapping[str, Any]]

    def read(self) -> Call:
        return dataclasses.replace(self.call, input=MappingProxyType(dict(self.read_input())))
