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
    answered with, or None; ``time`` is the mock clock when it was served;
    ``truncated`` says the request was larger than ``MAX_INPUT_BYTES`` and
    ``input`` keeps only a part of it: long strings cut to their first
    ``MAX_KEPT_CHARACTERS`` characters, and nothing past ``MAX_INPUT_BYTES``.
    """

    service: str
    operation: str
    account: str
    region: str
    input: Mapping[str, Any]
    error: str | None
    time: datetime
    truncated: bool = False


#: How many calls a mock keeps by default: the latest ones.
DEFAULT_CALLS_KEPT = 10_000
#: The most bytes of requests the history keeps: past it, the oldest calls go first.
MAX_HISTORY_BYTES = 32 * 1024 * 1024
#: The largest request the history keeps whole; a larger one is kept truncated.
MAX_INPUT_BYTES = 64 * 1024
#: The longest string a truncated input keeps whole.
MAX_KEPT_CHARACTERS = 1024


class CallLog:
    """The latest ``limit`` requests one mock served (every one when ``limit`` is None),
    at most ``MAX_HISTORY_BYTES`` of them; dropped with the mock.

    Serving pays only for keeping a request: its :class:`Call` is made, and its
    input decoded again from the request itself, the first time the history is
    read. So the record shares nothing with the state, whose resources hold
    parts of the handler's input. A request larger than ``MAX_INPUT_BYTES`` is
    decoded at once and kept truncated instead.
    """

    def __init__(self, limit: int | None = DEFAULT_CALLS_KEPT) -> None:
        self._limit = limit
        self._entries: deque[tuple[Call | Served, int]] = deque()
        self._bytes = 0
        self._lock = threading.Lock()

    def record(self, served: Served) -> None:
        """Keep a request as it was served; its input is read when the history is."""
        if self._limit == 0:
            return
        entry: Call | Served = served
        size = served.size
        if size > MAX_INPUT_BYTES:
            entry, size = served.call(truncate=True), MAX_INPUT_BYTES
        with self._lock:
            self._entries.append((entry, size))
            self._bytes += size
            while self._bytes > MAX_HISTORY_BYTES or (
                self._limit is not None and len(self._entries) > self._limit
            ):
                self._bytes -= self._entries.popleft()[1]

    def snapshot(self) -> tuple[Call, ...]:
        """The calls kept, oldest first."""
        with self._lock:
            calls = [
                entry.call() if isinstance(entry, Served) else entry for entry, _ in self._entries
            ]
            self._entries = deque(zip(calls, (size for _, size in self._entries)))
            return tuple(calls)


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
    #: The size of the request (its body), in bytes.
    size: int = 0

    def call(self, *, truncate: bool = False) -> Call:
        """The :class:`Call` this request was; with ``truncate``, its input cut to
        ``MAX_INPUT_BYTES``."""
        input_ = dict(self.read_input())
        if truncate:
            input_ = _truncated(input_, [MAX_INPUT_BYTES])
        return Call(
            self.service,
            self.operation,
            self.account,
            self.region,
            MappingProxyType(input_),
            self.error,
            self.time,
            truncate,
        )


def _truncated(value: Any, budget: list[int]) -> Any:
    """``value`` with strings cut to ``MAX_KEPT_CHARACTERS`` and everything past the
    ``budget`` (characters, shared by the whole input) left out."""
    if isinstance(value, str):
        kept = value[: min(MAX_KEPT_CHARACTERS, max(budget[0], 0))]
        budget[0] -= len(kept) + 1
        return kept
    if isinstance(value, (bytes, bytearray)):
        return _truncated(bytes(value).decode("utf-8", "replace"), budget).encode()
    if isinstance(value, Mapping):
        kept_items = {}
        for key, item in value.items():
            if budget[0] <= 0:
                break
            budget[0] -= len(str(key)) + 1
            kept_items[key] = _truncated(item, budget)
        return kept_items
    if isinstance(value, (list, tuple)):
        kept_list = []
        for item in value:
            if budget[0] <= 0:
                break
            kept_list.append(_truncated(item, budget))
        return kept_list
    budget[0] -= 8
    return value
