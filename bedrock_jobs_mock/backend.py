"""All state of an active mock: per-account, per-region resources, the clock and the schedule."""

from __future__ import annotations

import secrets
import threading
import uuid
from typing import Any, TypeVar

from bedrock_jobs_mock.clock import MockClock
from bedrock_jobs_mock.identifiers import arn, short_id
from bedrock_jobs_mock.lifecycle import Job, Scheduler
from bedrock_jobs_mock.options import MockOptions
from bedrock_jobs_mock.servicemodel import partition_of
from bedrock_jobs_mock.store import Resource, ResourceTable
from bedrock_jobs_mock.tagging import TagStore

R = TypeVar("R", bound=Resource)
J = TypeVar("J", bound=Job)


class RegionState:
    """The resources of one account in one region."""

    def __init__(self, backend: Backend, account: str, region: str) -> None:
        self.backend = backend
        self.account = account
        self.region = region
        self.partition = partition_of(region)
        self.tags = TagStore()
        self.idempotent_results: dict[tuple[str, str], dict[str, Any]] = {}
        self._tables: dict[type, ResourceTable[Any]] = {}
        self._running: dict[type, dict[str, Job]] = {}

    def table(self, kind: type[R]) -> ResourceTable[R]:
        """The table of resources of class ``kind`` (created empty on first use)."""
        if kind not in self._tables:
            self._tables[kind] = ResourceTable()
        table: ResourceTable[R] = self._tables[kind]
        return table

    def launch(self, job: Job) -> None:
        """Add a new job to its table, to the running jobs, and to the test controls."""
        self.table(type(job)).add(job)
        self._running.setdefault(type(job), {})[job.arn] = job
        self.backend.track(job)

    def running_jobs(self, kind: type[J]) -> list[J]:
        """The jobs of class ``kind`` still running: cheap however many have finished."""
        running = self._running.setdefault(kind, {})
        for finished in [key for key, job in running.items() if not job.is_running]:
            del running[finished]
        return [job for job in running.values() if isinstance(job, kind)]

    def find_by_arn(self, resource_arn: str) -> Resource | None:
        """Any resource of this account and region with that ARN."""
        for table in self._tables.values():
            found: Resource | None = table.by_arn(resource_arn)
            if found is not None:
                return found
        return None

    def arn(self, service: str, resource: str) -> str:
        return arn(self.partition, service, self.region, self.account, resource)

    def kms_key_arn(self, key: str | None) -> str | None:
        """The key ARN of a KMS key given as a key ARN, a key id, an alias name or an alias ARN.

        An alias resolves to its key, as the service reports it: the mock has no KMS,
        so the key id is derived from the alias, the same for every use of that alias
        in an account and region (decided).
        """
        if key is None:
            return None
        parts = key.split(":", 5) if key.startswith("arn:") else []
        if parts and (len(parts) < 6 or not parts[5].startswith("alias/")):
            return key  # a key ARN, or an ARN the mock cannot read: reported as given
        _, partition, _, region, account, resource = parts or (
            "arn",
            self.partition,
            "kms",
            self.region,
            self.account,
            key,
        )
        if resource.startswith("alias/"):
            scope = ":".join((partition, region, account, resource))
            resource = str(uuid.uuid5(uuid.NAMESPACE_URL, scope))
        return arn(partition, "kms", region, account, f"key/{resource}")


class Backend:
    """Everything one (outermost) mock holds. All access happens under ``lock``."""

    def __init__(self, options: MockOptions) -> None:
        self.options = options
        self.clock = MockClock(options.start_time)
        self.scheduler = Scheduler()
        self.lock = threading.RLock()
        self.token_secret = secrets.token_bytes(32)
        self._regions: dict[tuple[str, str], RegionState] = {}
        self._jobs: dict[str, Job] = {}
        self._issued_ids: set[str] = set()

    def region_state(self, account: str, region: str) -> RegionState:
        key = (account, region)
        if key not in self._regions:
            self._regions[key] = RegionState(self, account, region)
        return self._regions[key]

    def new_id(self) -> str:
        """A 12-character resource id never issued before by this mock."""
        while True:
            candidate = short_id()
            if candidate not in self._issued_ids:
                self._issued_ids.add(candidate)
                return candidate

    def existing_region_state(self, account: str, region: str) -> RegionState | None:
        """The state of an account and region that has been used, without creating it."""
        return self._regions.get((account, region))

    def track(self, job: Job) -> None:
        """Make ``job`` reachable by the test controls (``env.complete`` and friends)."""
        self._jobs[job.arn] = job

    def untrack(self, job: Job) -> None:
        """Forget a job (its resource is gone): no control or schedule reaches it again."""
        self.scheduler.cancel(job)
        self._jobs.pop(job.arn, None)

    def find_jobs(self, identifier: str) -> list[Job]:
        """Jobs whose ARN, or else whose name, is ``identifier``."""
        if identifier in self._jobs:
            return [self._jobs[identifier]]
        return [job for job in self._jobs.values() if job.name == identifier]

    def apply_due_transitions(self) -> None:
        self.scheduler.run_due(self.clock.now())
