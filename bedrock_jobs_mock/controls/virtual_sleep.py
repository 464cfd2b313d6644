"""Virtual sleep: while on, ``time.sleep`` and ``asyncio.sleep`` move the mock clock instead.

The two module attributes are replaced, so every thread and every caller that
looks them up at call time (``time.sleep(60)``, botocore's retries and
waiters, ``await asyncio.sleep(30)``) sleeps virtually. A name bound before
the mock started (``from time import sleep``) still refers to the real one.
``asyncio`` is imported when a virtual sleep is made, not with the package.

Sleeps in several threads overlap as in real time (``sleeping_threads``);
``Thread.join`` and ``Future.result`` are wrapped to tell it which threads are
waiting for others. Tasks of one event loop take turns as the loop runs them
(``_async_sleep``).
"""

from __future__ import annotations

import functools
import importlib
import threading
import time
from datetime import timedelta
from typing import Any

from bedrock_jobs_mock.controls.sleeping_threads import SleepingThreads
from bedrock_jobs_mock.engine.clock import MockClock


class VirtualSleep:
    """Replaces ``time.sleep`` and ``asyncio.sleep`` between ``start`` and ``stop``."""

    def __init__(self, clock: MockClock, owner: object = None) -> None:
        self._clock = clock
        self._threads = SleepingThreads(clock)
        #: The mock that asked for virtual sleep: it ends when that mock stops.
        self.owner = owner
        #: What start() replaced (typeshed's signatures vary across Python versions).
        self._asyncio: Any = importlib.import_module("asyncio")
        self._future: Any = importlib.import_module("concurrent.futures").Future
        self._real_sleep: Any = time.sleep
        self._real_async_sleep: Any = self._asyncio.sleep
        self._real_join: Any = threading.Thread.join
        self._real_result: Any = self._future.result

    def start(self) -> None:
        """Put the virtual sleeps in place, remembering the functions they replace."""
        self._real_sleep, self._real_async_sleep = time.sleep, self._asyncio.sleep
        self._real_join, self._real_result = threading.Thread.join, self._future.result
        time.sleep = self._sleep  # type: ignore[assignment]
        self._asyncio.sleep = self._async_sleep
        threading.Thread.join = self._waiting_for_others(self._real_join)  # type: ignore[method-assign]
        self._future.result = self._waiting_for_others(self._real_result)

    def stop(self) -> None:
        """Put back the very functions ``start`` replaced."""
        time.sleep = self._real_sleep
        self._asyncio.sleep = self._real_async_sleep
        threading.Thread.join = self._real_join  # type: ignore[method-assign]
        self._future.result = self._real_result
        self._threads.release()

    def _waiting_for_others(self, wait: Any) -> Any:
        """``wait`` (a method), telling the sleeping threads the caller is waiting for others."""

        @functools.wraps(wait)
        def waiting(*args: Any, **kwargs: Any) -> Any:
            with self._threads.waiting():
                return wait(*args, **kwargs)

        return waiting

    def _sleep(self, seconds: float) -> None:
        """``time.sleep``: returns when the mock clock is ``seconds`` past the call; alone,
        at once. Threads sleeping together wake in the order of their wake times, the
        clock jumping from one to the next once every thread that sleeps is asleep."""
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        if seconds == 0:
            self._real_sleep(0)  # the idiom for "let other threads run"
            return
        self._threads.sleep(seconds)

    async def _async_sleep(self, delay: float, result: Any = None) -> Any:
        """``asyncio.sleep``: yields to the loop once, then the mock clock is ``delay`` past
        the call. Tasks that sleep from the same moment wake together: four tasks
        gathered, each sleeping 60 s, move the clock 60 s, not 240 s."""
        wake = self._clock.now() + timedelta(seconds=max(delay, 0))
        value = await self._real_async_sleep(0, result)
        self._clock.advance_to(wake)
        return value
