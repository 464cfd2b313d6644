"""Code that polls without sleeping: jobs that finish after a number of reads, and the
guard that ends a poll the mock clock would never answer.

A *read* of a job is a Get or Describe of it (``GetModelImportJob``,
``DescribeModelVersion``, ``GetCustomModel`` of a model being created, ...),
served through ``RequestContext.read``; a List is not a read of the jobs it lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bedrock_jobs_mock.engine.clock import MockClock
from bedrock_jobs_mock.engine.errors import PollingHangError
from bedrock_jobs_mock.engine.lifecycle import Job, Scheduler
from bedrock_jobs_mock.engine.options import check_count, check_job_kind


class Reads:
    """What reads of running jobs do: finish a job on its Nth read (``finish_after_reads``),
    and raise once one job has been read ``hang_after`` times in a row while the clock
    stood still and no request changed anything."""

    def __init__(
        self,
        clock: MockClock,
        scheduler: Scheduler,
        finish_after: Mapping[str, int],
        hang_after: int | None,
    ) -> None:
        self._clock = clock
        self._scheduler = scheduler
        self._hang_after = hang_after
        #: Reads after which a job finishes, by kind and by job ARN (the ARN wins).
        self._by_kind: dict[str, int] = dict(finish_after)
        self._by_job: dict[str, int] = {}
        #: Reads of each running job (by kind and ARN) counted toward its rule since the
        #: rule was set.
        self._counted: dict[tuple[str, str], int] = {}
        #: Reads of each running job since the clock last moved or a request changed state.
        self._in_a_row: dict[str, int] = {}
        self._still_at: datetime | None = None

    def finish_after(self, kind: str | None, job: Job | None, reads: int | None) -> None:
        """Jobs of ``kind`` (or ``job`` alone) finish on their ``reads``-th read from now;
        ``None``: no longer. Reads before this call do not count."""
        if reads is not None:
            check_count(reads, name="reads")
        if kind is not None:
            check_job_kind(kind)
            rules, key = self._by_kind, kind
            self._counted = {key: n for key, n in self._counted.items() if key[0] != kind}
        elif job is not None:
            rules, key = self._by_job, job.arn
            self._counted.pop((job.KIND, job.arn), None)
        else:
            raise TypeError("finish_after needs a kind or a job")
        if reads is None:
            rules.pop(key, None)
        else:
            rules[key] = reads

    def changed(self) -> None:
        """A request that may change state was served: a poll that follows is a new one."""
        self._in_a_row.clear()

    def read(self, job: Job) -> None:
        """``job`` is read: count it toward its rule and the guard (only while it runs)."""
        if not job.is_running:
            return
        if (self._by_job or self._by_kind) and self._finished_by_rule(job):
            return
        if self._hang_after is not None:
            self._guard(job)

    def _finished_by_rule(self, job: Job) -> bool:
        """Count this read toward ``job``'s rule, if one applies; whether it finished it."""
        reads = self._by_job.get(job.arn, self._by_kind.get(job.KIND))
        if reads is None:
            return False
        key = (job.KIND, job.arn)
        counted = self._counted[key] = self._counted.get(key, 0) + 1
        if counted < reads:
            return False
        del self._counted[key]
        self._scheduler.run_now(job, self._clock.now())
        return not job.is_running

    def _guard(self, job: Job) -> None:
        now = self._clock.now()
        # Every move makes a new moment: identity says "moved" (a set() to the same
        # time too, which only ever spares a poll).
        if now is not self._still_at:
            self._still_at = now
            self._in_a_row.clear()
        reads = self._in_a_row[job.arn] = self._in_a_row.get(job.arn, 0) + 1
        assert self._hang_after is not None
        if reads > self._hang_after:
            raise PollingHangError(job.arn, _status_of(job), reads)


def _status_of(job: Job) -> str:
    described = job.describe()
    for member in ("status", "Status", "modelStatus"):
        if member in described:
            return str(described[member])
    return "running"
