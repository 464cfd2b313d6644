"""Virtual sleep: while on, ``time.sleep`` and ``asyncio.sleep`` move the mock clock instead.

The two module attributes are replaced, so every thread and every caller that
looks them up at call time (``time.sleep(60)``, botocore's retries and
waiters, ``await asyncio.sleep(30)``) sleeps virtually. A name bound before
the mock started (``from time import sleep``) still refers to the real one.
``asyncio`` is imported when a virtual sleep is made, not with the package.
"""

from __future__ import annotations

import importlib
import time
from datetime import timedelta
from typing import Any

from bedrock_jobs_mock.engine.clock import MockClock


class VirtualSleep:
    """Replaces ``time.sleep`` and ``asyncio.sleep`` between ``start`` and ``stop``."""

    def __init__(self, clock: MockClock, owner: object = None) -> None:
        self._clock = clock
        #: The mock that asked for virtual sleep: it ends when that mock stops.
        self.owner = owner
        #: What start() replaced (typeshed's signatures vary across Python versions).
        self._asyncio: Any = importlib.import_module("asyncio")
        self._real_sleep: Any = time.sleep
        self._real_async_sleep: Any = self._asyncio.sleep

    def start(self) -> None:
        """Put the virtual sleeps in place, remembering the functions they replace."""
        self._real_sleep, self._real_async_sleep = time.sleep, self._asyncio.sleep
        time.sleep = self._sleep  # type: ignore[assignment]
        self._asyncio.sleep = self._async_sleep

    def stop(self) -> None:
        """Put back the very functions ``start`` replaced."""
        time.sleep = self._real_sleep
        self._asyncio.sleep = self._real_async_sleep

    def _sleep(self, seconds: float) -> None:
        """``time.sleep``: returns at once, with the mock clock ``seconds`` past the call
        (or further, if another sleeper already took it there)."""
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        wake = self._clock.now() + timedelta(seconds=seconds)
        self._real_sleep(0)  # still let other threads run, as a real sleep would
        self._clock.advance_to(wake)

    async def _async_sleep(self, delay: float, result: Any = None) -> Any:
        """``asyncio.sleep``: yields to the loop once, then the mock clock is ``delay`` past
        the call. Tasks that sleep from the same moment wake together: four tasks
        gathered, each sleeping 60 s, move the clock 60 s, not 240 s."""
        wake = self._clock.now() + timedelta(seconds=max(delay, 0))
        value = await self._real_async_sleep(0, result)
        self._clock.advance_to(wake)
        return value
