"""Server time that follows the real time: ``--time-factor``."""

from __future__ import annotations

import threading
import time
from typing import Callable

from bedrock_jobs_mock.engine.clock import MockClock


class RealTimePace:
    """Moves a mock clock ``factor`` mock seconds forward per real second, lazily.

    Nothing runs in the background: each request first brings the clock up to
    date (:meth:`catch_up`), then the lazy schedule applies what fell due, as
    in-process. A factor of 0 (the default) leaves the clock to the controls.
    """

    def __init__(self, factor: float = 0.0, timer: Callable[[], float] = time.monotonic) -> None:
        if factor < 0:
            raise ValueError(f"the time factor must not be negative, got {factor}")
        self.factor = factor
        self._timer = timer
        self._lock = threading.Lock()
        self._last = timer()

    def catch_up(self, clock: MockClock) -> None:
        """Advance ``clock`` by the real time since the last catch-up, times the factor."""
        if not self.factor:
            return
        with self._lock:
            now = self._timer()
            elapsed, self._last = now - self._last, now
        clock.advance(seconds=elapsed * self.factor)
