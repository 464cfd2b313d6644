"""Bedrock batch inference: model invocation jobs.

A job moves ``Submitted -> Validating -> Scheduled -> InProgress -> Completed``
on the mock clock, each phase taking its share of the ``model_invocation``
duration (``PHASE_SHARES``, the one place the split is made). Validation reads
the input (``batch_records.inspect_input``) and may fail the job; the end of
InProgress answers the records (``batch_records.process_records``).

A job that reaches the end of Scheduled runs at once unless the model already
has as many jobs InProgress as the ``in_progress_model_invocation_jobs`` quota
allows (unlimited by default); it then waits in Scheduled, first come first
served, for a job of the same model to end. At ``jobExpirationTime`` (submit
time + ``timeoutDurationInHours``) a job that has not started ends Expired, one
still InProgress ends PartiallyCompleted with the records of the time it ran.
Stop: Stopping at once, Stopped ``STOP_DELAY`` later.
"""

from __future__ import annotations

import sys
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bedrock_jobs_mock.engine.backend import BesideEachRegion, RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import validation_error
from bedrock_jobs_mock.engine.lifecycle import Job
from bedrock_jobs_mock.engine.quotas import check_running
from bedrock_jobs_mock.engine.store import ResourceTable, missing
from bedrock_jobs_mock.engine.tagging import check_tag_keys, check_tag_room, tags_from_list
from bedrock_jobs_mock.services.bedrock import batch_records
from bedrock_jobs_mock.services.bedrock.batch_models import InvokedModel, invoked_model
from bedrock_jobs_mock.services.bedrock.batch_records import BatchInput, RecordCounts, RecordLimits
from bedrock_jobs_mock.services.bedrock.jobs import JOB_NAME_IN_USE, check_role
from bedrock_jobs_mock.services.bedrock.listing import list_resources

SUBMITTED, VALIDATING, SCHEDULED, IN_PROGRESS = "Submitted", "Validating", "Scheduled", "InProgress"
COMPLETED, PARTIALLY_COMPLETED, FAILED = "Completed", "PartiallyCompleted", "Failed"
STOPPING, STOPPED, EXPIRED = "Stopping", "Stopped", "Expired"
#: The statuses of a job not yet begun (the timeout ends these Expired).
PENDING = (SUBMITTED, VALIDATING, SCHEDULED)
#: The statuses the concurrent-jobs quota counts: submitted and in progress.
ACTIVE = (*PENDING, IN_PROGRESS)
#: Each phase's share of the ``model_invocation`` duration, in order (decided: AWS
#: publishes none; validation takes about 4 of the default 20 minutes, as the end time
#: of real expired jobs suggests).
PHASE_SHARES = ((SUBMITTED, 0.05), (VALIDATING, 0.2), (SCHEDULED, 0.05), (IN_PROGRESS, 0.7))
#: How long a stopped job stays Stopping before it is Stopped (decided).
STOP_DELAY = timedelta(minutes=1)
#: timeoutDurationInHours when the request gives none (seen in real listings).
DEFAULT_TIMEOUT_HOURS = 24
DEFAULT_INVOCATION_TYPE = "InvokeModel"
#: The version of the EventBridge event's detail, as AWS's sample event gives it.
EVENT_DETAIL_VERSION = "0.0"
BATCH_JOB = "batch inference job"


class ModelSlots:
    """Of one Region, per model (``InvokedModel.quota_key``): the jobs the concurrent
    quota counts, how many are InProgress, and those waiting in Scheduled for a slot."""

    def __init__(self) -> None:
        self.active: dict[str, set[str]] = {}
        self.in_progress: dict[str, int] = {}
        self.waiting: dict[str, deque[ModelInvocationJob]] = {}


_SLOTS = BesideEachRegion(ModelSlots)


def model_slots(state: RegionState) -> ModelSlots:
    """The per-model counts of ``state`` (created on first use)."""
    return _SLOTS.of(state)


@dataclass(eq=False)
class ModelInvocationJob(Job):
    """A batch inference job: through its phases to Completed, or Failed, Stopped,
    Expired or PartiallyCompleted. Its duration and any failure ``env.fail_next``
    scripted for it are fixed at submission."""

    KIND = "model_invocation"

    state: RegionState
    model: InvokedModel
    role_arn: str
    client_request_token: str | None
    input_data_config: JsonDict
    output_data_config: JsonDict
    vpc_config: JsonDict | None
    timeout_hours: int
    invocation_type: str
    duration: timedelta
    scripted_failure: str | None
    status: str = SUBMITTED
    message: str | None = None
    last_modified_time: datetime = field(init=False)
    #: submitTime as the state-change events write it (formatted once).
    _event_creation_time: str = field(init=False, repr=False)
    end_time: datetime | None = None
    #: When validation ended (the end time an Expired job reports, as real ones do).
    validated_at: datetime | None = None
    #: What validation found in S3; None where nothing could be read (no counts then).
    batch_input: BatchInput | None = None
    counts: RecordCounts | None = None
    started: datetime | None = None
    run_end: datetime | None = None

    def __post_init__(self) -> None:
        self.last_modified_time = self.creation_time
        self._event_creation_time = _event_time(self.creation_time)

    @property
    def job_id(self) -> str:
        """The last segment of the job's ARN: its output folder's name."""
        return self.arn.rsplit("/", 1)[1]

    @property
    def expiration_time(self) -> datetime:
        """submitTime + timeoutDurationInHours."""
        return self.creation_time + timedelta(hours=self.timeout_hours)

    @property
    def is_running(self) -> bool:
        """Whether the job is submitted or in progress (a Stopping job is not)."""
        return self.status in ACTIVE

    @property
    def input_uri(self) -> str:
        return str(self.input_data_config["s3InputDataConfig"]["s3Uri"])

    @property
    def output_uri(self) -> str:
        return str(self.output_data_config["s3OutputDataConfig"]["s3Uri"])

    def schedule(self) -> None:
        """Each pending phase ends after its share of the run; the timeout, whatever the
        job does until then, at ``expiration_time``."""
        scheduler = self.state.backend.scheduler
        ends = {SUBMITTED: self._validating, VALIDATING: self._validated, SCHEDULED: self._ready}
        due = self.creation_time
        for phase, share in PHASE_SHARES[:-1]:
            due += self.duration * share
            scheduler.at(due, self, ends[phase])
        scheduler.at(self.expiration_time, self, self._expire)

    # -- transitions on the clock (each does nothing once the job has moved on) ----------

    def _validating(self, when: datetime) -> None:
        if self.status == SUBMITTED:
            self._move(VALIDATING, when)

    def _validated(self, when: datetime) -> None:
        if self.status != VALIDATING:
            return
        problem = self._inspect()
        self.validated_at = when
        if problem is None:
            self._move(SCHEDULED, when)
        else:
            self._end(FAILED, when, problem)

    def _ready(self, when: datetime) -> None:
        """The end of the Scheduled phase: run now if the model has a slot, else wait."""
        if self.status != SCHEDULED:
            return
        slots = model_slots(self.state)
        if self._slot_free(slots):
            self._start(when)
        else:
            slots.waiting.setdefault(self.model.quota_key, deque()).append(self)

    def _start(self, when: datetime) -> None:
        self.started = when
        self.run_end = when + self.duration * PHASE_SHARES[-1][1]
        self._move(IN_PROGRESS, when)
        self.state.backend.scheduler.at(self.run_end, self, self._run_ended)

    def _run_ended(self, when: datetime) -> None:
        if self.status != IN_PROGRESS:
            return
        problem = self.scripted_failure or self._process(1.0)
        self._end(FAILED if problem else COMPLETED, when, problem)

    def _expire(self, when: datetime) -> None:
        """The timeout: a job not begun is Expired, one InProgress PartiallyCompleted."""
        if self.status in PENDING:
            self._end(EXPIRED, when, end_time=self.validated_at)
        elif self.status == IN_PROGRESS:
            if self.run_end is not None and self.run_end <= when:  # its run ends right now
                self._run_ended(when)
                return
            problem = self._process(self._share(when))
            self._end(FAILED if problem else PARTIALLY_COMPLETED, when, problem)

    def _stopped(self, when: datetime) -> None:
        self._end(STOPPED, when)

    # -- requests and test controls ------------------------------------------------------

    def stop(self, when: datetime) -> None:
        """Stopping now, Stopped ``STOP_DELAY`` later; a job InProgress keeps the output
        of the records it answered until now (a failure to write it changes nothing)."""
        if self.status == IN_PROGRESS:
            self._process(self._share(when))
        scheduler = self.state.backend.scheduler
        scheduler.cancel(self)
        self._move(STOPPING, when)
        scheduler.at(when + STOP_DELAY, self, self._stopped)

    def complete(self, when: datetime) -> None:
        """Completed now (``env.complete``), all its records answered where they can be
        read and written; a problem with its input or output does not fail it."""
        if self.validated_at is None:
            self._inspect()
            self.validated_at = when
        self._process(1.0)
        self._end(COMPLETED, when)

    def fail(self, when: datetime, message: str) -> None:
        """Failed now with ``message``, whatever phase it was in."""
        self._end(FAILED, when, message)

    # -- what every change goes through --------------------------------------------------

    def _end(
        self,
        status: str,
        when: datetime,
        message: str | None = None,
        end_time: datetime | None = None,
    ) -> None:
        self.message = message
        self.end_time = end_time or when
        self.state.backend.scheduler.cancel(self)  # the timeout no longer applies
        self._move(status, when)

    def _move(self, status: str, when: datetime) -> None:
        """Take ``status`` at ``when``: the model's slots follow, the change is announced,
        and a slot this job frees goes to the next job waiting for it."""
        previous, self.status, self.last_modified_time = self.status, status, when
        slots, key = model_slots(self.state), self.model.quota_key
        if previous in ACTIVE and status not in ACTIVE:
            _discard(slots.active, key, self.arn)
        if status == IN_PROGRESS:
            slots.in_progress[key] = slots.in_progress.get(key, 0) + 1
        self.announce()
        if previous == IN_PROGRESS:
            slots.in_progress[key] -= 1
            self._start_waiting(slots, when)

    def _start_waiting(self, slots: ModelSlots, when: datetime) -> None:
        queue = slots.waiting.get(self.model.quota_key)
        while queue and self._slot_free(slots):
            waiting = queue.popleft()
            if waiting.status == SCHEDULED:  # not stopped, failed or expired meanwhile
                waiting._start(when)

    def _slot_free(self, slots: ModelSlots) -> bool:
        limit = self.state.backend.options.quotas["in_progress_model_invocation_jobs"]
        return limit is None or slots.in_progress.get(self.model.quota_key, 0) < limit

    def _share(self, when: datetime) -> float:
        """The fraction of its InProgress time the job has run at ``when``."""
        if self.started is None or self.run_end is None or self.run_end <= self.started:
            return 1.0
        return min(1.0, (when - self.started) / (self.run_end - self.started))

    # -- the records, through batch_records ----------------------------------------------

    def _inspect(self) -> str | None:
        """Validate the input; the failure message, if it fails the job."""
        found = batch_records.inspect_input(
            self.state.backend.world, self.state.account, self.input_uri, self._limits()
        )
        if isinstance(found, str):
            return found
        self.batch_input = found
        return None

    def _process(self, share: float) -> str | None:
        """Answer ``share`` of the records and write their output; the failure message,
        if writing fails. Nothing to do where validation read nothing."""
        if self.batch_input is None:
            return None
        backend = self.state.backend
        result = batch_records.process_records(
            backend.world,
            self.state.account,
            self.batch_input,
            output_s3_uri=self.output_uri,
            job_id=self.job_id,
            model_id=self.model.base_id,
            invocation_type=self.invocation_type,
            responder=backend.record_responder,
            share=share,
        )
        if isinstance(result, str):
            return result
        self.counts = result
        return None

    def _limits(self) -> RecordLimits:
        quotas = self.state.backend.options.quotas

        def limit(name: str) -> int:
            value = quotas[name]
            return sys.maxsize if value is None else value

        return RecordLimits(
            min_records=quotas["min_records_per_model_invocation_job"] or 0,
            records_per_file=limit("records_per_model_invocation_file"),
            records_per_job=limit("records_per_model_invocation_job"),
            file_bytes=limit("model_invocation_file_bytes"),
            job_bytes=limit("model_invocation_job_bytes"),
        )

    def announce(self) -> None:
        """Tell the world (EventBridge, beside moto) of the job's status, as of its latest
        change on the mock clock."""
        state = self.state
        batch_records.announce_state_change(
            state.backend.world,
            state.account,
            state.region,
            {
                "version": EVENT_DETAIL_VERSION,
                "accountId": state.account,
                "batchJobName": self.name,
                "batchJobArn": self.arn,
                "batchModelId": self.model.model_id,
                "status": self.status,
                "failureMessage": self.message or "",
                "creationTime": self._event_creation_time,
            },
            when=self.last_modified_time,
        )

    def describe(self) -> JsonDict:
        """GetModelInvocationJob's answer, also a ListModelInvocationJobs summary."""
        return {
            "jobArn": self.arn,
            "jobName": self.name,
            "modelId": self.model.model_id,
            "clientRequestToken": self.client_request_token,
            "roleArn": self.role_arn,
            "status": self.status,
            "message": self.message,
            "submitTime": self.creation_time,
            "lastModifiedTime": self.last_modified_time,
            "endTime": self.end_time,
            "inputDataConfig": self.input_data_config,
            "outputDataConfig": self.output_data_config,
            "vpcConfig": self.vpc_config,
            "timeoutDurationInHours": self.timeout_hours,
            "jobExpirationTime": self.expiration_time,
            "modelInvocationType": self.invocation_type,
            **self._counts(),
        }

    def _counts(self) -> JsonDict:
        """The record counts: none before validation read the input (or where nothing
        could be read), zeros until the records are answered, then theirs."""
        counts = self.counts
        if counts is None:
            return _NO_RECORDS_YET if self.batch_input is not None else {}
        return {
            "totalRecordCount": counts.total,
            "processedRecordCount": counts.processed,
            "successRecordCount": counts.success,
            "errorRecordCount": counts.error,
        }


_NO_RECORDS_YET: JsonDict = {
    "totalRecordCount": 0,
    "processedRecordCount": 0,
    "successRecordCount": 0,
    "errorRecordCount": 0,
}


def _discard(members: dict[str, set[str]], key: str, arn: str) -> None:
    """Take ``arn`` out of ``members[key]``; an empty entry goes, so nothing grows."""
    held = members.get(key)
    if held is not None:
        held.discard(arn)
        if not held:
            del members[key]


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _event_time(when: datetime) -> str:
    """A time as the event's creationTime gives it: ``Aug 28, 2024, 10:47:53 PM`` (in
    English whatever the locale)."""
    hour = when.hour % 12 or 12
    noon = "AM" if when.hour < 12 else "PM"
    month = _MONTHS[when.month - 1]
    return f"{month} {when.day}, {when.year}, {hour}:{when.minute:02}:{when.second:02} {noon}"


# -- operations ----------------------------------------------------------------------------


def _with_bucket_owner(config: JsonDict, member: str, account: str) -> JsonDict:
    """``config`` with its bucket owner filled in, the caller, as the service reports it."""
    location = config.get(member)
    if location is None:
        return config
    return {**config, member: {**location, "s3BucketOwner": location.get("s3BucketOwner", account)}}


@serves("bedrock", "CreateModelInvocationJob")
def create_model_invocation_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """CreateModelInvocationJob: the name, the model, the model's quota, the role and the
    tags are checked in that order; the job then runs its phases on the clock."""
    check_tag_keys(params, "tags")
    state, backend = context.state, context.backend
    table = state.table(ModelInvocationJob)
    if table.by_name(params["jobName"]) is not None:
        raise validation_error(JOB_NAME_IN_USE)
    model = invoked_model(state, params["modelId"])
    slots = model_slots(state)
    check_running(
        context,
        "concurrent_model_invocation_jobs",
        len(slots.active.get(model.quota_key, ())),
        f"batch inference jobs using {model.quota_key}",
    )
    check_role(context, params["roleArn"])
    account = state.account
    job = ModelInvocationJob(
        arn=state.arn("bedrock", f"model-invocation-job/{backend.new_id()}"),
        name=params["jobName"],
        creation_time=context.now,
        state=state,
        model=model,
        role_arn=params["roleArn"],
        client_request_token=params.get("clientRequestToken"),
        input_data_config=_with_bucket_owner(
            params["inputDataConfig"], "s3InputDataConfig", account
        ),
        output_data_config=_with_bucket_owner(
            params["outputDataConfig"], "s3OutputDataConfig", account
        ),
        vpc_config=params.get("vpcConfig"),
        timeout_hours=params.get("timeoutDurationInHours", DEFAULT_TIMEOUT_HOURS),
        invocation_type=params.get("modelInvocationType", DEFAULT_INVOCATION_TYPE),
        duration=backend.runs.duration(ModelInvocationJob.KIND),
        scripted_failure=backend.runs.take_failure(ModelInvocationJob.KIND),
    )
    tags = tags_from_list(params.get("tags", []))
    check_tag_room(state.tags, job.arn, tags, "ValidationException")
    state.launch(job)
    state.tags.add(job.arn, tags)
    slots.active.setdefault(model.quota_key, set()).add(job.arn)
    job.announce()
    job.schedule()
    return {"jobArn": job.arn}


def _job(context: RequestContext, identifier: str) -> ModelInvocationJob:
    """The caller's job that ``identifier`` (its ARN, or its id) names."""
    table: ResourceTable[ModelInvocationJob] = context.state.table(ModelInvocationJob)
    if identifier.startswith("arn:"):
        job = table.by_arn(identifier)
    else:
        job = table.by_arn(context.state.arn_of("bedrock", f"model-invocation-job/{identifier}"))
    if job is None:
        raise missing(BATCH_JOB, identifier)
    return job


@serves("bedrock", "GetModelInvocationJob")
def get_model_invocation_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """GetModelInvocationJob, by job ARN or id."""
    return context.read(_job(context, params["jobIdentifier"]))


@serves("bedrock", "ListModelInvocationJobs")
def list_model_invocation_jobs(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListModelInvocationJobs, with the submit-time, status and name filters, sort and
    paging of every Bedrock list."""
    return list_resources(
        context,
        params,
        context.state.table(ModelInvocationJob),
        result_key="invocationJobSummaries",
        describe=ModelInvocationJob.describe,
        time_filters=("submitTimeAfter", "submitTimeBefore"),
    )


@serves("bedrock", "StopModelInvocationJob")
def stop_model_invocation_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """StopModelInvocationJob: a job not yet ended is Stopping at once, Stopped
    ``STOP_DELAY`` later; a Stopping job is left as it is (decided); an ended job cannot
    be stopped (``ValidationException`` with ``State was: <status>``, which clients match)."""
    job = _job(context, params["jobIdentifier"])
    if job.status == STOPPING:
        return {}
    if not job.is_running:
        raise validation_error(
            f"The batch inference job {job.job_id} has ended and cannot be stopped. "
            f"State was: {job.status}"
        )
    job.stop(context.now)
    context.backend.note_transition(job)
    return {}
