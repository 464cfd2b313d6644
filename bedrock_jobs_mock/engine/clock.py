"""The mock's clock: starts at the real time, moves only when the test moves it."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import Callable, Union

#: A length of time: a ``timedelta``, or a number of seconds.
Duration = Union[timedelta, int, float]


def as_timedelta(value: Duration, name: str) -> timedelta:
    """``value`` (a ``timedelta``, or a number of seconds) as a ``timedelta``; ``TypeError``
    naming ``name`` for anything else, a string of digits included."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return timedelta(seconds=value)
    message = f"{name} must be a timedelta or a number of seconds, got {value!r}"
    if isinstance(value, str):
        message += "; pass a number, not a string"
    raise TypeError(message)


def as_utc(moment: datetime) -> datetime:
    """A timezone-aware UTC datetime; naive datetimes are taken to be UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


class MockClock:
    """Time as the mock sees it.

    ``now()`` is timezone-aware UTC. The clock never moves by itself:
    ``advance`` moves it forward, ``set`` puts it anywhere. ``moved()``, when given,
    is called after every move (outside the clock's lock).
    """

    def __init__(
        self, start: datetime | None = None, moved: Callable[[], object] | None = None
    ) -> None:
        self._lock = threading.Lock()
        self._now = as_utc(start) if start is not None else datetime.now(timezone.utc)
        self._moved = moved

    def now(self) -> datetime:
        """The current mock time (UTC, timezone-aware)."""
        return self._now  # one attribute read: atomic, so no lock (writers take it)

    def advance(
        self,
        delta: Duration | None = None,
        *,
        seconds: float = 0,
        minutes: float = 0,
        hours: float = 0,
        days: float = 0,
    ) -> datetime:
        """Move the clock forward and return the new time.

        ``env.clock.advance(minutes=15)``, ``env.clock.advance(timedelta(minutes=15))``
        and ``env.clock.advance(900)`` (seconds, as ``durations=`` takes them) are the same.
        """
        try:
            step = as_timedelta(delta or 0, "delta") + timedelta(
                seconds=seconds, minutes=minutes, hours=hours, days=days
            )
        except OverflowError as error:
            raise OverflowError(f"the clock cannot advance that far ({error})") from None
        if step < timedelta():
            raise ValueError("the clock only advances forward; use set() to go back")
        with self._lock:
            if step > datetime.max.replace(tzinfo=timezone.utc) - self._now:
                raise OverflowError(f"the clock cannot advance {step} past the year 9999")
            self._now += step
            now = self._now
        return self._after_move(now)

    def advance_to(self, moment: datetime) -> datetime:
        """Move the clock forward to ``moment`` if it is later than now; return the time."""
        with self._lock:
            self._now = now = max(self._now, _moment(moment))
        return self._after_move(now)

    def set(self, moment: datetime) -> datetime:
        """Put the clock at ``moment`` (naive datetimes are UTC) and return it."""
        with self._lock:
            self._now = now = _moment(moment)
        return self._after_move(now)

    def _after_move(self, now: datetime) -> datetime:
        if self._moved is not None:
            self._moved()
        return now


def _moment(moment: datetime) -> datetime:
    """``moment`` in UTC; ``TypeError`` unless it is a ``datetime``."""
    if not isinstance(moment, datetime):
        raise TypeError(
            f"moment must be a datetime, got {moment!r}; to move the clock by a length, "
            "use advance()"
        )
    return as_utc(moment)
