"""Ingestion jobs: STARTING (all statistics 0), IN_PROGRESS after the first
``STARTING_SHARE`` of the ``ingestion_job`` duration, COMPLETE (or FAILED) at its end;
StopIngestionJob (where the installed model has it): STOPPING, STOPPED ``STOP_DELAY`` later.

At IN_PROGRESS the job compares its data source's objects in S3 with what the data source
last indexed (``sync``); COMPLETE indexes every change and shows the statistics, a stop
indexes the share of the changes the job had reached. Without a world that can tell (no
moto), nothing is read and the statistics stay 0.

One job runs per data source and ``concurrent_ingestion_jobs_per_knowledge_base`` per
knowledge base (50 on a MANAGED one), ``concurrent_ingestion_jobs`` per account and
Region; a start beyond is a ``ConflictException`` whose message names concurrent
ingestion jobs, as clients match (the messages are here, and only here).
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import ServiceError, conflict, validation_error
from bedrock_jobs_mock.engine.lifecycle import Job
from bedrock_jobs_mock.engine.paging import Position, paginate, paginate_ordered
from bedrock_jobs_mock.engine.servicemodel import service_model
from bedrock_jobs_mock.engine.store import missing
from bedrock_jobs_mock.services.bedrock_agent import documents, sync
from bedrock_jobs_mock.services.bedrock_agent.configuration import MANAGED, SERVICE
from bedrock_jobs_mock.services.bedrock_agent.data_sources import (
    AVAILABLE,
    DataSource,
    find_data_source,
)
from bedrock_jobs_mock.services.bedrock_agent.knowledge_bases import ACTIVE

STARTING, IN_PROGRESS, COMPLETE, FAILED = "STARTING", "IN_PROGRESS", "COMPLETE", "FAILED"
STOPPING, STOPPED = "STOPPING", "STOPPED"
#: The statuses the concurrency rules count.
RUNNING = (STARTING, IN_PROGRESS, STOPPING)
#: The share of the ``ingestion_job`` duration a job is STARTING (decided).
STARTING_SHARE = 0.1
#: How long a stopped job stays STOPPING (decided).
STOP_DELAY = timedelta(seconds=5)
#: Ingestion jobs at once per MANAGED knowledge base (the quota L-D74F6A4C).
MANAGED_JOBS_PER_KNOWLEDGE_BASE = 50
INGESTION_JOB = "ingestion job"

#: The conflicts of a start, in the order they are checked ([decided] wordings: the real
#: ones are not published; clients match the code and ``concurrent ingestion jobs``).
DATA_SOURCE_BUSY = (
    "There is an ongoing ingestion job for this data source. You can have a maximum "
    "number of concurrent ingestion jobs per data source: 1."
)
KNOWLEDGE_BASE_BUSY = (
    "There is an ongoing ingestion job for this knowledge base. You can have a maximum "
    "number of concurrent ingestion jobs per knowledge base: {limit}."
)
ACCOUNT_BUSY = (
    "You have reached the maximum number of concurrent ingestion jobs for this account "
    "and Region: {limit}."
)


@functools.cache
def _statistics_members() -> tuple[str, ...]:
    """The members of IngestionJobStatistics in the installed model."""
    return tuple(service_model(SERVICE).shape_for("IngestionJobStatistics").members)


def _statistics(counts: sync.Statistics) -> JsonDict:
    """IngestionJobStatistics of ``counts``; ``numberOfDocumentsSkipped`` 0 where the model
    has it (decided: unchanged documents are not counted skipped)."""
    values = {
        "numberOfDocumentsScanned": counts.scanned,
        "numberOfMetadataDocumentsScanned": counts.metadata_scanned,
        "numberOfNewDocumentsIndexed": counts.new,
        "numberOfModifiedDocumentsIndexed": counts.modified,
        "numberOfMetadataDocumentsModified": counts.metadata_modified,
        "numberOfDocumentsDeleted": counts.deleted,
        "numberOfDocumentsFailed": counts.failed,
    }
    return {member: values.get(member, 0) for member in _statistics_members()}


@dataclass(eq=False)
class IngestionJob(Job):
    """An ingestion job of one data source; its ``name`` is its id (what ``env.complete``
    and ``env.fail`` take)."""

    KIND = "ingestion_job"

    state: RegionState
    data_source: DataSource
    description: str | None
    #: Its run's length (the ``ingestion_job`` duration when it started).
    duration: timedelta
    status: str = STARTING
    updated_at: datetime = field(init=False)
    statistics: sync.Statistics = field(default_factory=sync.Statistics)
    failure_reasons: list[str] | None = None
    text_ready_at: datetime | None = None
    #: What the scan at IN_PROGRESS found; None before, or where nothing could be read.
    found: sync.Scan | None = None
    in_progress_at: datetime | None = None
    #: What it scans: its data source's S3 location and image parsing when it started
    #: (an UpdateDataSource while it runs takes effect at the next job).
    s3: JsonDict | None = field(init=False)
    parses_images: bool = field(init=False)

    def __post_init__(self) -> None:
        self.updated_at = self.creation_time
        self.s3 = copy.deepcopy(self.data_source.configuration.get("s3Configuration"))
        self.parses_images = self.data_source.parses_images

    @property
    def ingestion_job_id(self) -> str:
        return self.name

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def run_end(self) -> datetime:
        return self.creation_time + self.duration

    # -- transitions on the clock ---------------------------------------------------------

    def _in_progress(self, when: datetime) -> None:
        if self.status != STARTING:
            return
        problem = self._scan()
        if problem is not None:
            self._end(FAILED, when, [problem])
            return
        self.in_progress_at = when
        self._move(IN_PROGRESS, when)

    def _stopped(self, when: datetime) -> None:
        self._end(STOPPED, when)

    # -- requests and test controls -------------------------------------------------------

    def stop(self, when: datetime) -> None:
        """STOPPING now, STOPPED ``STOP_DELAY`` later; a job IN_PROGRESS keeps the share of
        its changes it reached by now indexed."""
        if self.status == IN_PROGRESS and self.found is not None:
            self.statistics = sync.apply(self.data_source.index, self.found, self._share(when))
            documents.reconcile(self.data_source)
        scheduler = self.state.backend.scheduler
        scheduler.cancel(self)
        self._move(STOPPING, when)
        scheduler.at(when + STOP_DELAY, self, self._stopped)

    def complete(self, when: datetime) -> None:
        """COMPLETE now (``env.complete``), every change indexed; a STOPPING job STOPPED."""
        if self.status == STOPPING:
            self._end(STOPPED, when)
            return
        if self.status == STARTING and self._scan() is not None:
            self.found = None  # a missing bucket: completed as told, with nothing read
        self._index(when)

    def fail(self, when: datetime, message: str) -> None:
        """FAILED now with ``message`` its ``failureReasons``; nothing more is indexed."""
        self._end(FAILED, when, [message])

    # -- what every change goes through ---------------------------------------------------

    def _scan(self) -> str | None:
        """Read S3 (an S3 data source, where the world can tell); the failure message of
        a bucket that does not exist."""
        data_source, state, s3 = self.data_source, self.state, self.s3
        if data_source.type != "S3" or s3 is None:
            return None
        quotas = state.backend.options.quotas
        found = sync.scan(
            state.backend.world,
            state.account,
            sync.bucket_of(s3["bucketArn"]),
            (s3.get("inclusionPrefixes") or [""])[0],
            data_source.index,
            sync.Limits.of(quotas),
            images=self.parses_images,
        )
        if isinstance(found, str):
            return found
        self.found = found
        return None

    def _index(self, when: datetime) -> None:
        found = self.found
        if found is not None:
            self.statistics = sync.apply(self.data_source.index, found)
            documents.reconcile(self.data_source)
        self.text_ready_at = when
        self._end(COMPLETE, when, list(found.failure_reasons) if found else None)

    def _share(self, when: datetime) -> float:
        """The share of its IN_PROGRESS time the job has run at ``when``."""
        start = self.in_progress_at
        if start is None or self.run_end <= start:
            return 1.0
        return min(1.0, (when - start) / (self.run_end - start))

    def _end(self, status: str, when: datetime, reasons: list[str] | None = None) -> None:
        self.failure_reasons = reasons or None
        self.state.backend.scheduler.cancel(self)
        self._move(status, when)

    def _move(self, status: str, when: datetime) -> None:
        """Take ``status`` at ``when``; a job that stops running frees its data source and
        its knowledge base."""
        was_running = self.is_running
        self.status, self.updated_at = status, when
        if was_running and not self.is_running:
            data_source = self.data_source
            if data_source.running_job is self:
                data_source.running_job = None
            data_source.knowledge_base.running_jobs.discard(self.arn)

    def describe(self) -> JsonDict:
        """GetIngestionJob's ``ingestionJob`` (the members of a summary too)."""
        return {
            "knowledgeBaseId": self.data_source.knowledge_base.knowledge_base_id,
            "dataSourceId": self.data_source.data_source_id,
            "ingestionJobId": self.ingestion_job_id,
            "description": self.description,
            "status": self.status,
            "statistics": _statistics(self.statistics),
            "failureReasons": self.failure_reasons,
            "startedAt": self.creation_time,
            "updatedAt": self.updated_at,
            "textReadyAt": self.text_ready_at,
        }

    def summary(self) -> JsonDict:
        """ListIngestionJobs' summary: the job less its ``failureReasons``."""
        described = self.describe()
        del described["failureReasons"]
        return described


def _check_can_start(context: RequestContext, data_source: DataSource) -> None:
    """The knowledge base ACTIVE, the data source AVAILABLE, and the concurrency rules
    (data source, knowledge base, account, in that order)."""
    knowledge_base = data_source.knowledge_base
    if knowledge_base.status != ACTIVE:
        raise validation_error(
            f"The knowledge base {knowledge_base.knowledge_base_id} is in "
            f"{knowledge_base.status} status. Start an ingestion job when it is ACTIVE."
        )
    if data_source.status != AVAILABLE:
        raise validation_error(
            f"You cannot start an ingestion job on a data source with status {data_source.status}."
        )
    if data_source.running_job is not None:
        raise conflict(DATA_SOURCE_BUSY)
    quotas = context.options.quotas
    if knowledge_base.type == MANAGED:
        per_knowledge_base: int | None = MANAGED_JOBS_PER_KNOWLEDGE_BASE
    else:
        per_knowledge_base = quotas["concurrent_ingestion_jobs_per_knowledge_base"]
    if per_knowledge_base is not None and len(knowledge_base.running_jobs) >= per_knowledge_base:
        raise conflict(KNOWLEDGE_BASE_BUSY.format(limit=per_knowledge_base))
    per_account = quotas["concurrent_ingestion_jobs"]
    if per_account is not None and context.state.running_count(IngestionJob) >= per_account:
        raise conflict(ACCOUNT_BUSY.format(limit=per_account))


@serves(SERVICE, "StartIngestionJob")
def start_ingestion_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """StartIngestionJob: STARTING with every statistic 0; the run on the clock."""
    data_source = find_data_source(context, params["knowledgeBaseId"], params["dataSourceId"])
    _check_can_start(context, data_source)
    state, backend = context.state, context.backend
    job_id = backend.new_upper_id()
    job = IngestionJob(
        arn=f"{data_source.arn}/ingestion-job/{job_id}",
        name=job_id,
        creation_time=context.now,
        state=state,
        data_source=data_source,
        description=params.get("description"),
        duration=backend.runs.duration(IngestionJob.KIND),
    )
    state.launch(job)
    data_source.jobs.add(job)
    data_source.running_job = job
    data_source.knowledge_base.running_jobs.add(job.arn)
    # The run's end completes it (every change indexed) or fails it as env.fail_next scripted.
    backend.start_run(job, steps=[(STARTING_SHARE, job._in_progress)])
    return {"ingestionJob": job.describe()}


def _job(context: RequestContext, params: JsonDict) -> IngestionJob:
    data_source = find_data_source(context, params["knowledgeBaseId"], params["dataSourceId"])
    job_id = params["ingestionJobId"]
    job = data_source.jobs.by_arn(f"{data_source.arn}/ingestion-job/{job_id}")
    if job is None:
        raise missing(INGESTION_JOB, job_id)
    return job


@serves(SERVICE, "GetIngestionJob")
def get_ingestion_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """GetIngestionJob."""
    return {"ingestionJob": context.read(_job(context, params))}


def _wanted_statuses(params: JsonDict) -> frozenset[str] | None:
    """The statuses the request's filter keeps (None: every one); a value the installed
    enum lacks is refused (decided)."""
    filters = params.get("filters")
    if not filters:
        return None
    values = filters[0]["values"]
    statuses = service_model(SERVICE).shape_for("IngestionJobStatus").enum
    unknown = [value for value in values if value not in statuses]
    if unknown:
        raise validation_error(
            f"Invalid filter value {unknown[0]} for attribute STATUS. Valid values: "
            f"{', '.join(statuses)}."
        )
    return frozenset(values)


def _status_position(descending: bool) -> Callable[[IngestionJob], Position]:
    """A job's place when sorted by STATUS: its status's rank in the enum's alphabetical
    order (reversed when descending), then newest first, the creation sequence breaking
    ties."""
    statuses = sorted(service_model(SERVICE).shape_for("IngestionJobStatus").enum)
    rank = {status: (-at if descending else at) for at, status in enumerate(statuses)}

    def position(job: IngestionJob) -> Position:
        created, sequence = job.sort_key
        return (rank[job.status], -round(created.timestamp() * 1_000_000), -sequence)

    return position


@serves(SERVICE, "ListIngestionJobs")
def list_ingestion_jobs(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListIngestionJobs of one data source: by start time, newest first unless sorted
    otherwise; sorted by STATUS, by status then newest first (decided); one STATUS filter."""
    data_source = find_data_source(context, params["knowledgeBaseId"], params["dataSourceId"])
    wanted = _wanted_statuses(params)
    sort = params.get("sortBy", {"attribute": "STARTED_AT", "order": "DESCENDING"})
    descending = sort["order"] == "DESCENDING"
    codec = context.token_codec(
        data_source.knowledge_base.knowledge_base_id, data_source.data_source_id, sort["attribute"]
    )

    def matches(job: IngestionJob) -> bool:
        return wanted is None or job.status in wanted

    if sort["attribute"] == "STATUS":
        page = paginate_ordered(
            (job for job in data_source.jobs.walk(descending=True) if matches(job)),
            codec,
            _status_position(descending),
            max_results=params.get("maxResults"),
            next_token=params.get("nextToken"),
        )
    else:
        page = paginate(
            data_source.jobs,
            codec,
            matches=matches,
            max_results=params.get("maxResults"),
            next_token=params.get("nextToken"),
            descending=descending,
        )
    return {
        "ingestionJobSummaries": [job.summary() for job in page.items],
        "nextToken": page.next_token,
    }


@serves(SERVICE, "StopIngestionJob")
def stop_ingestion_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """StopIngestionJob (botocore 1.35.31 and later: older clients cannot call it, and
    nothing else makes a job STOPPING or STOPPED): a STARTING or IN_PROGRESS job is
    STOPPING, STOPPED ``STOP_DELAY`` later; a STOPPING one is answered as it is; any other
    is a ``ConflictException`` (decided: the docs say a job must be running to be stopped)."""
    job = _job(context, params)
    if job.status in (STARTING, IN_PROGRESS):
        job.stop(context.now)
        context.backend.note_transition(job)
    elif job.status != STOPPING:
        raise _not_running(job)
    return {"ingestionJob": job.describe()}


def _not_running(job: IngestionJob) -> ServiceError:
    return conflict(
        f"The ingestion job {job.ingestion_job_id} is {job.status}. A data ingestion job "
        "must be currently running in order to stop it."
    )
