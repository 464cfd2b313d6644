"""All state of an active mock: per-account, per-region resources, the clock and the schedule."""

from __future__ import annotations

import functools
import re
import secrets
import threading
import uuid
import weakref
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Callable, Generic, TypeVar

from bedrock_jobs_mock.engine.clock import MockClock
from bedrock_jobs_mock.engine.errors import ServiceError
from bedrock_jobs_mock.engine.faults import InjectedErrors
from bedrock_jobs_mock.engine.history import CallLog
from bedrock_jobs_mock.engine.idempotency import IdempotencyRecords
from bedrock_jobs_mock.engine.identifiers import (
    UPPER_ID_ALPHABET,
    ArnParts,
    ShortIds,
    arn,
    is_account_id,
    parse_arn,
)
from bedrock_jobs_mock.engine.lifecycle import Job, Scheduler, Transition
from bedrock_jobs_mock.engine.options import MockOptions
from bedrock_jobs_mock.engine.polling import Reads
from bedrock_jobs_mock.engine.records import Responder
from bedrock_jobs_mock.engine.run_plan import RunPlan
from bedrock_jobs_mock.engine.scoring import Scorer
from bedrock_jobs_mock.engine.servicemodel import partition_of
from bedrock_jobs_mock.engine.sharing import ShareIndex
from bedrock_jobs_mock.engine.store import Resource, ResourceTable
from bedrock_jobs_mock.engine.tagging import TagStore
from bedrock_jobs_mock.engine.world import NoWorld, World

R = TypeVar("R", bound=Resource)
T = TypeVar("T")


class RegionState:
    """The resources of one account in one region."""

    def __init__(self, backend: Backend, account: str, region: str) -> None:
        self.backend = backend
        self.account = account
        self.region = region
        self.partition = partition_of(region)
        self.tags = TagStore()
        self.idempotency = IdempotencyRecords()
        self._tables: dict[type, ResourceTable[Any]] = {}
        #: The jobs of each class that run, kept exact by ``note_transition``.
        self._running: dict[type, dict[str, Job]] = {}
        self._name_holders: dict[tuple[type, str], Job] = {}
        #: Every ARN minted here, kept after its resource is gone (``Backend.made_by_mock``).
        self._minted: set[str] = set()

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

    def note_transition(self, job: Job) -> None:
        """``job`` has changed: once it no longer runs, it leaves the running jobs."""
        if not job.is_running:
            self._running.get(type(job), {}).pop(job.arn, None)

    def hold_name(self, kind: type, name: str, job: Job) -> None:
        """``job`` holds the name ``name`` for a resource of ``kind`` while it runs."""
        self._name_holders[(kind, name)] = job

    def name_holder(self, kind: type, name: str) -> Job | None:
        """The running job that holds ``name`` for a resource of ``kind``, if any."""
        holder = self._name_holders.get((kind, name))
        if holder is not None and not holder.is_running:
            del self._name_holders[(kind, name)]
            return None
        return holder

    def running_count(self, kind: type[Job]) -> int:
        """How many jobs of class ``kind`` run (as their ``is_running`` says: a stopping job
        counts where its family says so; a resource that runs again, for an update, is not
        counted again): O(1)."""
        return len(self._running.get(kind, {}))

    def find_by_arn(self, resource_arn: str) -> Resource | None:
        """Any resource of this account and region with that ARN."""
        for table in self._tables.values():
            found: Resource | None = table.by_arn(resource_arn)
            if found is not None:
                return found
        return None

    def arn(self, service: str, resource: str) -> str:
        """Mint the ARN of a new resource of this account and region."""
        minted = arn(self.partition, service, self.region, self.account, resource)
        self._minted.add(minted)
        return minted

    def arn_of(self, service: str, resource: str) -> str:
        """The ARN ``resource`` of this account and region would have, to look it up by
        (unlike ``arn``, which mints: an id that names nothing is not recorded as made)."""
        return arn(self.partition, service, self.region, self.account, resource)

    def minted(self, resource_arn: str) -> bool:
        """Whether ``resource_arn`` was minted here, or names a resource held here."""
        return resource_arn in self._minted or self.find_by_arn(resource_arn) is not None

    def kms_key_arn(self, key: str | None) -> str | None:
        """The key ARN of a KMS key given as a key ARN, a key id, an alias name or an alias ARN.

        An alias resolves to its key, as the service reports it: the mock has no KMS,
        so the key id is derived from the alias, the same for every use of that alias
        in an account and region (decided). Anything else names no KMS key:
        ``ValidationException`` (decided; KMS would not find it).
        """
        if key is None:
            return None
        parts = parse_arn(key)
        if parts is not None:
            if parts.service != "kms" or not _KMS_RESOURCE.fullmatch(parts.resource):
                raise _not_a_kms_key(key)
            partition, region, account, resource = parts[0], parts[2], parts[3], parts[4]
        elif _KMS_RESOURCE.fullmatch(key) or _KMS_KEY_ID.fullmatch(key):
            partition, region, account = self.partition, self.region, self.account
            resource = key if key.startswith("alias/") else f"key/{key}"
        else:
            raise _not_a_kms_key(key)
        if resource.startswith("alias/"):
            scope = ":".join((partition, region, account, resource))
            resource = f"key/{uuid.uuid5(uuid.NAMESPACE_URL, scope)}"
        return arn(partition, "kms", region, account, resource)


#: A KMS key id: 36 characters (a UUID; Bedrock's models allow any of ``[a-zA-Z0-9-]``),
#: or a multi-Region key's ``mrk-`` id.
_KMS_KEY_ID = re.compile(r"[a-zA-Z0-9-]{36}|mrk-[0-9a-fA-F]{32}")
#: The resource of a KMS key ARN or alias ARN, or an alias name.
_KMS_RESOURCE = re.compile(rf"key/({_KMS_KEY_ID.pattern})|alias/[a-zA-Z0-9/_-]{{1,250}}")


def _not_a_kms_key(key: str) -> ServiceError:
    return ServiceError(
        "ValidationException",
        f"The KMS key '{key}' is not a key id, key ARN, alias name or alias ARN.",
    )


class BesideEachRegion(Generic[T]):
    """What a service keeps beside each Region's state (an index, a queue): made on first
    use, dropped with the state."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._kept: weakref.WeakKeyDictionary[RegionState, T] = weakref.WeakKeyDictionary()

    def of(self, state: RegionState) -> T:
        """What is kept beside ``state``."""
        kept = self._kept.get(state)
        if kept is None:
            kept = self._kept[state] = self._make()
        return kept


#: Predicates the services add (``recognise_arns_with``): whether an ARN names something
#: the mock knows without minting it (its catalogue's foundation models and system
#: inference profiles).
_RECOGNISERS: list[Callable[[ArnParts], bool]] = []


def recognise_arns_with(recognises: Callable[[ArnParts], bool]) -> None:
    """Count the ARNs ``recognises`` accepts among those the mock made (``made_by_mock``)."""
    if recognises not in _RECOGNISERS:
        _RECOGNISERS.append(recognises)


class Backend:
    """Everything one (outermost) mock holds. All access happens under ``lock``."""

    def __init__(self, options: MockOptions, world: World | None = None) -> None:
        self.options = options
        #: The AWS around the mock (another mock's accounts, S3 and IAM), if it can be seen.
        self.world: World = world if world is not None else NoWorld()
        # Effects seen outside the mock (objects in moto's S3, events on its bus) appear
        # when the clock passes their time, not only at the mock's next request.
        self.clock = MockClock(options.start_time, moved=self._clock_moved)
        self.scheduler = Scheduler(applied=self.note_transition)
        self.runs = RunPlan(options.durations)
        #: How far the clock moves after each request answered (``env.set_auto_tick``).
        self.auto_tick = options.auto_tick
        #: What reads of running jobs do: finish after N reads, the guard against hangs.
        self.reads = Reads(
            self.clock, self.scheduler, options.finish_after_reads, options.hang_after_reads
        )
        self.lock = threading.RLock()
        self.token_secret = secrets.token_bytes(32)
        self.calls = CallLog(options.calls_kept)
        self.injected_errors = InjectedErrors()
        self._regions: dict[tuple[str, str], RegionState] = {}
        self._jobs: dict[str, Job] = {}
        self._jobs_by_name: dict[str, dict[str, Job]] = {}
        self._jobs_by_place: dict[tuple[str, str], dict[str, Job]] = {}
        #: What accounts share with each other (``env.share_model``).
        self.shares = ShareIndex()
        #: What answers the records of jobs that read data (``env.respond_to_records``, the
        #: ``record_responder`` option); None: each family's default. Jobs read it here
        #: when they process their records.
        self.record_responder: Responder | None = None
        #: What scores the prompts of evaluation jobs (``env.score_evaluations``, the
        #: ``evaluation_scorer`` option); None: the family's default.
        self.evaluation_scorer: Scorer | None = None
        self._ids = ShortIds()
        self._upper_ids = ShortIds(10, UPPER_ID_ALPHABET)

    def default_account(self) -> str:
        """The account of requests whose credentials name none: the mock's own when
        given explicitly, else the world's default, else the mock's."""
        if not self.options.account_id_given:
            return self.world.default_account() or self.options.account_id
        return self.options.account_id

    def account_of(self, access_key: str | None) -> str:
        """The account a request signed with ``access_key`` acts as: a 12-digit key is
        that account; a key the world issued (STS AssumeRole) is its account."""
        if access_key is not None and is_account_id(access_key):
            return access_key
        known = self.world.account_of_key(access_key) if access_key is not None else None
        return known or self.default_account()

    def region_state(self, account: str, region: str) -> RegionState:
        state = self._regions.get((account, region))
        if state is None:
            state = self._regions[(account, region)] = RegionState(self, account, region)
        return state

    def new_id(self) -> str:
        """A 12-character resource id never issued before by this mock."""
        return self._ids.issue()

    def new_upper_id(self) -> str:
        """A 10-character ``[A-Z0-9]`` id never issued before by this mock (Agents for
        Bedrock's: knowledge bases, data sources, ingestion jobs)."""
        return self._upper_ids.issue()

    def existing_region_state(self, account: str, region: str) -> RegionState | None:
        """The state of an account and region that has been used, without creating it."""
        return self._regions.get((account, region))

    def made_by_mock(self, value: str) -> bool:
        """Whether ``value`` is an ARN this mock minted (its resource may be gone since),
        the ARN of a resource it holds, or one a service recognises as its catalogue's.
        Such a value is never refused on pattern grounds: the installed model's pattern
        may predate it (docs/fidelity.md)."""
        parts = parse_arn(value)
        if parts is None:
            return False
        if any(recognises(parts) for recognises in _RECOGNISERS):
            return True
        with self.lock:  # asked while validating, before the request takes the lock
            state = self.existing_region_state(parts.account, parts.region)
            return state is not None and state.minted(value)

    def find(self, kind: type[R], resource_arn: str) -> R | None:
        """The resource of class ``kind`` with that ARN, in whichever account and region
        its ARN names."""
        parts = parse_arn(resource_arn)
        if parts is None:
            return None
        state = self.existing_region_state(parts.account, parts.region)
        return state.table(kind).by_arn(resource_arn) if state is not None else None

    def track(self, job: Job) -> None:
        """Make ``job`` reachable by the test controls (``env.complete`` and friends)."""
        self._jobs[job.arn] = job
        self._jobs_by_name.setdefault(job.name, {})[job.arn] = job
        self._jobs_by_place.setdefault(_place_of(job), {})[job.arn] = job

    def note_renamed(self, job: Job, old_name: str) -> None:
        """``job`` (tracked) was called ``old_name``: the controls find it by its new name."""
        namesakes = self._jobs_by_name.get(old_name, {})
        namesakes.pop(job.arn, None)
        if not namesakes:
            self._jobs_by_name.pop(old_name, None)
        self._jobs_by_name.setdefault(job.name, {})[job.arn] = job

    def note_transition(self, job: Job) -> None:
        """``job`` changed (by its schedule or a test control): its state's running jobs
        follow."""
        state = self.existing_region_state(*_place_of(job))
        if state is not None:
            state.note_transition(job)

    def untrack(self, job: Job) -> None:
        """Forget a job (its resource is gone): no control or schedule reaches it again."""
        self.scheduler.forget(job)
        self._jobs.pop(job.arn, None)
        namesakes = self._jobs_by_name.get(job.name, {})
        namesakes.pop(job.arn, None)
        if not namesakes:  # the name goes with its last job: nothing grows with deletes
            self._jobs_by_name.pop(job.name, None)
        self._jobs_by_place.get(_place_of(job), {}).pop(job.arn, None)

    def jobs_in(self, account: str, region: str) -> list[Job]:
        """The jobs the controls reach in ``account`` and ``region``, oldest first."""
        return list(self._jobs_by_place.get((account, region), {}).values())

    def job_by_arn(self, arn: str) -> Job | None:
        """The tracked job with that ARN, if any."""
        return self._jobs.get(arn)

    def find_jobs(self, identifier: str) -> list[Job]:
        """Jobs whose ARN, or else whose name, is ``identifier``."""
        if identifier in self._jobs:
            return [self._jobs[identifier]]
        return list(self._jobs_by_name.get(identifier, {}).values())

    def start_run(
        self,
        job: Job,
        *,
        steps: Sequence[tuple[float, Transition]] = (),
        start: datetime | None = None,
    ) -> None:
        """Run ``job`` from ``start`` (default: its creation) for the current duration of
        its ``KIND``.

        Each step's transition falls due its share of the run after the one
        before; at the end the job fails with the message a test scripted through
        ``env.fail_next``, else with the problem the world shows then
        (``Job.problem_at_end``), else completes. A job that runs again (an update
        of what it made) starts a new run.
        """
        duration = self.runs.duration(job.KIND)
        start = job.creation_time if start is None else start
        due = start
        for share, transition in steps:
            due += duration * share
            self.scheduler.at(due, job, transition)
        message = self.runs.take_failure(job.KIND)
        if message is None:
            end: Transition = functools.partial(self._end_run, job)
        else:
            end = functools.partial(job.fail, message=message)
        self.scheduler.at(start + duration, job, end)

    def _end_run(self, job: Job, when: datetime) -> None:
        problem = job.problem_at_end(self.world)
        if problem is None:
            job.complete(when)
        else:
            job.fail(when, problem)

    def apply_due_transitions(self) -> None:
        self.scheduler.run_due(self.clock.now())

    def _clock_moved(self) -> None:
        with self.lock:
            self.apply_due_transitions()


def _place_of(job: Job) -> tuple[str, str]:
    """The account and region a job's ARN names."""
    parts = parse_arn(job.arn)
    return (parts.account, parts.region) if parts is not None else ("", "")
