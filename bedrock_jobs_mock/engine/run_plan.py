"""How long each kind of job runs, and how the next ones end.

The ``durations`` option sets the first; ``env.set_duration`` changes it for
jobs created afterwards; ``env.fail_next`` scripts the next jobs of a kind to
end Failed. Kinds are the keys of ``DEFAULT_DURATIONS``.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping
from datetime import timedelta

from bedrock_jobs_mock.engine.options import (
    Duration,
    as_duration,
    check_count,
    check_job_kind,
    check_text,
)


class RunPlan:
    """The current duration of each kind of job and the failures scripted for the next ones."""

    def __init__(self, durations: Mapping[str, timedelta]) -> None:
        self._durations = dict(durations)
        #: Per kind, (message, how many jobs still fail with it), in the order scripted:
        #: a count costs one entry, however large.
        self._failures: dict[str, deque[tuple[str, int]]] = {kind: deque() for kind in durations}
        self._lock = threading.Lock()

    def duration(self, kind: str) -> timedelta:
        """How long a job of ``kind`` started now runs."""
        with self._lock:
            return self._durations[kind]

    def set_duration(self, kind: str, duration: Duration) -> None:
        """Jobs of ``kind`` created from now on run ``duration`` (a timedelta, or seconds)."""
        check_job_kind(kind)
        step = as_duration(kind, duration)
        with self._lock:
            self._durations[kind] = step

    def fail_next(self, kind: str, message: str, count: int) -> None:
        """The next ``count`` jobs of ``kind`` (after any scripted before) fail with ``message``."""
        check_job_kind(kind)
        check_text("message", message)
        check_count(count)
        with self._lock:
            self._failures[kind].append((message, count))

    def take_failure(self, kind: str) -> str | None:
        """The failure message scripted for the job of ``kind`` starting now, if any."""
        with self._lock:
            return _take(self._failures[kind])


def _take(pending: deque[tuple[str, int]]) -> str | None:
    """The first of ``pending``'s messages, one of its count used up; None when it is empty."""
    if not pending:
        return None
    message, remaining = pending[0]
    if remaining == 1:
        pending.popleft()
    else:
        pending[0] = (message, remaining - 1)
    return message
