"""Jobs as records with a schedule: transitions fall due on the mock clock and apply on read."""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, ClassVar

from bedrock_jobs_mock.engine.store import Resource
from bedrock_jobs_mock.engine.world import World

Transition = Callable[[datetime], None]

#: A bound on ``Scheduler.run_now``: a job whose transitions never end is a bug.
_MAX_STEPS_OF_ONE_JOB = 10_000


@dataclass(eq=False)
class Job(Resource):
    """A resource that runs: it has a status and finishes on the clock.

    Job families name their ``KIND`` and implement ``is_running``, ``complete``
    and ``fail``; ``Backend.start_run`` schedules the end of a new job's run,
    the scheduler calls them when their transitions fall due, and the test
    controls (``env.complete``, ``env.fail``) call them at once.
    """

    #: The kind of job: its key in ``durations``, and what ``env.fail_next`` names.
    KIND: ClassVar[str]

    @property
    def is_running(self) -> bool:
        raise NotImplementedError

    def complete(self, when: datetime) -> None:
        """Finish successfully at ``when``, with every side effect of success."""
        raise NotImplementedError

    def fail(self, when: datetime, message: str) -> None:
        """Finish as failed at ``when`` with ``message`` as its failure message."""
        raise NotImplementedError

    def problem_at_end(self, world: World) -> str | None:
        """The failure message the end of an unscripted run gives, when ``world`` shows
        something the job needs missing (its input data in S3); None by default."""
        return None


class Scheduler:
    """Due transitions of every job, in order of due time.

    Nothing runs on a thread: ``run_due(now)`` applies, in order, each
    transition whose due time has passed, stamping it with its own due time,
    so a job's history does not depend on when it was looked at.
    """

    def __init__(self, applied: Callable[[Job], None] = lambda job: None) -> None:
        """``applied(job)`` is called after each transition the schedule applies."""
        self._queue: list[tuple[datetime, int, str, int, Job, Transition]] = []
        self._order = itertools.count()
        self._generation: dict[str, int] = {}
        self._applied = applied

    def at(self, due: datetime, job: Job, transition: Transition) -> None:
        """Apply ``transition`` to ``job`` once the clock reaches ``due``."""
        generation = self._generation.setdefault(job.arn, 0)
        entry = (due, next(self._order), job.arn, generation, job, transition)
        heapq.heappush(self._queue, entry)

    def cancel(self, job: Job) -> None:
        """Drop every pending transition of ``job``."""
        self._generation[job.arn] = self._generation.get(job.arn, 0) + 1

    def forget(self, job: Job) -> None:
        """Drop every pending transition of ``job``, which is gone and never runs again."""
        self._generation.pop(job.arn, None)

    def next_due(self) -> datetime | None:
        """When the earliest live transition falls due, or None when nothing is pending."""
        self._drop_cancelled()
        return self._queue[0][0] if self._queue else None

    def run_due(self, now: datetime) -> None:
        """Apply, in order, every live transition due by ``now``. Cancelled ones at the
        head of the queue are dropped first, due or not: a job that is gone is not held
        until its time."""
        while True:
            self._drop_cancelled()
            if not self._queue or self._queue[0][0] > now:
                return
            due, _, _, _, job, transition = heapq.heappop(self._queue)
            transition(due)
            self._applied(job)

    def run_now(self, job: Job, now: datetime) -> None:
        """Apply at once, in due order and stamped ``now``, every live transition of ``job``,
        those they schedule in turn included: its run ends now as it would have at its end.
        A job left waiting with nothing scheduled (a batch job waiting for a slot) stays."""
        for _ in range(_MAX_STEPS_OF_ONE_JOB):
            generation = self._generation.get(job.arn)
            pending = [entry for entry in self._queue if entry[2] == job.arn]
            live = [entry for entry in pending if entry[3] == generation]
            if not live:
                return
            entry = min(live)
            self._queue.remove(entry)
            heapq.heapify(self._queue)
            entry[5](now)
            self._applied(job)
        raise RuntimeError(f"job {job.arn} kept scheduling new transitions")

    def _drop_cancelled(self) -> None:
        while self._queue and self._queue[0][3] != self._generation.get(self._queue[0][2]):
            heapq.heappop(self._queue)
