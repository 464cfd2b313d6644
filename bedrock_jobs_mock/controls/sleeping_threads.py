"""Thread sleeps on the mock clock that overlap as they would in real time.

A thread's virtual sleep ends when the mock clock reaches its wake time. The
clock moves only when no thread that holds it is running: then it jumps to the
earliest wake time among the sleepers. So three threads polling every 30 s wake
together at 30 s, 60 s, ... on every run, whatever the scheduler does.

These threads hold the clock while they run: the thread that turned virtual
sleep on (the test's), every non-daemon thread started since, from its start
(a poller that has not reached its first sleep yet holds it), and any other
thread once it has slept. A thread waiting for others (``waiting``:
``Thread.join``, ``Future.result``) does not. A thread that neither sleeps,
waits nor finishes for ``GRACE_SECONDS`` of real time while others sleep (it
waits some other way: on a queue, idle in a pool) is taken to be done with
sleeping: the clock moves on without it until it sleeps or waits again. That
bounded wait is the one place real time counts, and why no sleep can hang.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from bedrock_jobs_mock.engine.clock import MockClock

#: How long (real seconds) sleepers wait for a running known thread before going on without it.
GRACE_SECONDS = 1.0
#: How often (real seconds) a waiting sleeper looks for threads that started or finished.
_LOOK_AGAIN_SECONDS = 0.005


class SleepingThreads:
    """The threads that sleep on one mock clock, and the wake time of each sleeper."""

    def __init__(self, clock: MockClock) -> None:
        self._clock = clock
        self._changed = threading.Condition()
        self._seen = set(threading.enumerate())
        #: Threads that hold the clock only once they sleep: they were there before.
        self._already_running = self._seen - {threading.current_thread()}
        self._have_slept: set[threading.Thread] = set()
        self._presumed_done: set[threading.Thread] = set()
        self._waiting: dict[threading.Thread, int] = {}
        self._wakes: dict[threading.Thread, datetime] = {}
        self._last_change = time.monotonic()
        self._released = False

    def sleep(self, seconds: float) -> None:
        """Block the calling thread until the mock clock is ``seconds`` past the call."""
        me = threading.current_thread()
        with self._changed:
            wake = self._clock.now() + timedelta(seconds=seconds)
            self._wakes[me] = wake
            self._have_slept.add(me)
            self._presumed_done.discard(me)
            self._note_change()
            try:
                while not self._released and self._clock.now() < wake:
                    running = self._running_known_threads(me)
                    if running and time.monotonic() - self._last_change < GRACE_SECONDS:
                        self._changed.wait(_LOOK_AGAIN_SECONDS)
                        continue
                    self._presumed_done.update(running)
                    self._jump_to_earliest_wake()
            finally:
                del self._wakes[me]
                self._note_change()

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """While inside, the calling thread waits for others and does not hold the clock."""
        me = threading.current_thread()
        with self._changed:
            self._waiting[me] = self._waiting.get(me, 0) + 1
            self._note_change()
        try:
            yield
        finally:
            with self._changed:
                self._waiting[me] -= 1
                if not self._waiting[me]:
                    del self._waiting[me]
                self._presumed_done.discard(me)
                self._note_change()

    def release(self) -> None:
        """End every sleep at once (virtual sleep is being turned off)."""
        with self._changed:
            self._released = True
            self._changed.notify_all()

    def _running_known_threads(self, me: threading.Thread) -> list[threading.Thread]:
        """The threads but ``me`` that hold the clock: alive, and neither asleep nor waiting."""
        alive = threading.enumerate()
        if self._seen.symmetric_difference(alive):
            self._note_change()  # a thread started or finished: give the others their chance
            self._seen = set(alive)
        self._have_slept.intersection_update(alive)
        self._already_running.intersection_update(alive)
        self._presumed_done.intersection_update(alive)
        now = self._clock.now()
        return [
            thread
            for thread in alive
            if thread is not me
            and (
                thread in self._have_slept or not (thread.daemon or thread in self._already_running)
            )
            and thread not in self._presumed_done
            and thread not in self._waiting
            and not (thread in self._wakes and self._wakes[thread] > now)
        ]

    def _jump_to_earliest_wake(self) -> None:
        now = self._clock.now()
        later = [wake for wake in self._wakes.values() if wake > now]
        if later:
            self._clock.advance_to(min(later))
        self._note_change()

    def _note_change(self) -> None:
        self._last_change = time.monotonic()
        self._changed.notify_all()
