"""Bedrock model evaluation jobs: automated (algorithmic or judged by an evaluator
model), knowledge base (RAG) and human evaluations.

An automated job is ``InProgress`` for the ``model_evaluation`` duration, then
``Completed`` with its results written beside moto's S3 (``evaluation_records``), or
``Failed`` with ``failureMessages``. A human job waits for its workers: it stays
``InProgress`` until a test control ends it (``env.complete`` writes its results,
``env.fail`` fails it). Stop: ``Stopping`` at once, ``Stopped`` ``STOP_DELAY`` later.
BatchDeleteEvaluationJob: an ended job is ``Deleting``, then gone ``DELETE_DELAY``
later; its results stay in S3.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bedrock_jobs_mock.engine.backend import BesideEachRegion, RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import conflict
from bedrock_jobs_mock.engine.lifecycle import Job
from bedrock_jobs_mock.engine.quotas import check_running
from bedrock_jobs_mock.engine.store import ResourceTable, missing
from bedrock_jobs_mock.engine.tagging import check_tag_keys, check_tag_room, tags_from_list
from bedrock_jobs_mock.services.bedrock import evaluation_records
from bedrock_jobs_mock.services.bedrock.evaluation_records import Dataset, EvaluationWork
from bedrock_jobs_mock.services.bedrock.evaluation_rules import (
    AUTOMATED,
    HUMAN,
    EvaluationRequest,
    check_request,
    task_types,
)
from bedrock_jobs_mock.services.bedrock.jobs import JOB_NAME_IN_USE, check_role
from bedrock_jobs_mock.services.bedrock.listing import list_resources

IN_PROGRESS, COMPLETED, FAILED = "InProgress", "Completed", "Failed"
STOPPING, STOPPED, DELETING = "Stopping", "Stopped", "Deleting"
#: The statuses BatchDeleteEvaluationJob deletes.
DELETABLE = (COMPLETED, FAILED, STOPPED)
#: How long a stopped job stays Stopping, and a deleted one Deleting (decided).
STOP_DELAY = timedelta(minutes=1)
DELETE_DELAY = timedelta(minutes=1)
EVALUATION_JOB = "evaluation job"
#: The quota each kind of job counts against.
QUOTAS = {
    AUTOMATED: "concurrent_automated_evaluation_jobs",
    HUMAN: "concurrent_human_evaluation_jobs",
}
#: The item-level errors of BatchDeleteEvaluationJob: the documented one for a job it
#: cannot find, and the mock's for a job not yet ended (decided: undocumented).
NOT_FOUND_CODE, NOT_FOUND = "404", "Unable to locate this job to delete."
NOT_DELETABLE_CODE = "400"
NOT_DELETABLE = (
    "The evaluation job is {status}: only Completed, Failed and Stopped jobs can be deleted."
)

#: Of one Region, per jobType: the ARNs of the jobs the concurrent quotas count.
_RUNNING: BesideEachRegion[dict[str, set[str]]] = BesideEachRegion(
    lambda: {AUTOMATED: set(), HUMAN: set()}
)


@dataclass(eq=False)
class EvaluationJob(Job):
    """A model evaluation job. Its duration and any failure ``env.fail_next`` scripted
    for it are fixed at creation (an automated job's; a human job ends by control)."""

    KIND = "model_evaluation"

    state: RegionState
    request: EvaluationRequest
    params: JsonDict
    duration: timedelta
    scripted_failure: str | None
    status: str = IN_PROGRESS
    failure_messages: list[str] | None = None
    last_modified_time: datetime = field(init=False)

    def __post_init__(self) -> None:
        self.last_modified_time = self.creation_time

    @property
    def job_type(self) -> str:
        return self.request.job_type

    @property
    def job_id(self) -> str:
        """The last segment of the job's ARN: its folder in the output tree."""
        return self.arn.rsplit("/", 1)[1]

    @property
    def is_running(self) -> bool:
        return self.status == IN_PROGRESS

    def schedule(self) -> None:
        """An automated job ends after its duration; a human one waits for a control."""
        if self.job_type == AUTOMATED:
            end = self.creation_time + self.duration
            self.state.backend.scheduler.at(end, self, self._run_ended)

    def _run_ended(self, when: datetime) -> None:
        if self.status != IN_PROGRESS:
            return
        problem = self.scripted_failure or self.request.late_failure or self._evaluate()
        self._move(FAILED if problem else COMPLETED, when, problem)

    def _evaluate(self) -> str | None:
        """Read, answer and score the datasets and write the results; the failure message."""
        backend = self.state.backend
        return evaluation_records.evaluate(
            backend.world,
            self.state.account,
            self._work(),
            responder=backend.record_responder,
            scorer=backend.evaluation_scorer,
        )

    def _work(self) -> EvaluationWork:
        config = self.params["evaluationConfig"]
        inner = config.get("automated") or config.get("human") or {}
        custom = inner.get("customMetricConfig") or {}
        request = self.request
        limit = self.state.backend.options.quotas["prompts_per_evaluation_dataset"]
        return EvaluationWork(
            job_name=self.name,
            job_id=self.job_id,
            job_type=self.job_type,
            output_uri=self.params["outputDataConfig"]["s3Uri"],
            datasets=tuple(Dataset.of(dataset) for dataset in inner["datasetMetricConfigs"]),
            subjects=request.subjects,
            evaluator=next(iter(request.evaluator_models), None),
            custom_metrics_evaluator=next(iter(request.custom_metrics_evaluators), None),
            custom_metrics=tuple(
                source["customMetricDefinition"]
                for source in custom.get("customMetrics", [])
                if "customMetricDefinition" in source
            ),
            prompt_limit=sys.maxsize if limit is None else limit,
        )

    # -- requests and test controls ------------------------------------------------------

    def stop(self, when: datetime) -> None:
        """Stopping now, Stopped ``STOP_DELAY`` later; nothing is written."""
        scheduler = self.state.backend.scheduler
        scheduler.cancel(self)
        self._move(STOPPING, when)
        scheduler.at(when + STOP_DELAY, self, self._stopped)

    def _stopped(self, when: datetime) -> None:
        self._move(STOPPED, when)

    def complete(self, when: datetime) -> None:
        """Completed now (``env.complete``), its results written where its data can be read;
        a problem with its data does not fail it."""
        self._evaluate()
        self._move(COMPLETED, when)

    def fail(self, when: datetime, message: str) -> None:
        """Failed now with ``message`` as its failure message."""
        self._move(FAILED, when, message)

    def delete(self, when: datetime) -> None:
        """Deleting now, gone ``DELETE_DELAY`` later (its results stay in S3)."""
        self._move(DELETING, when)
        self.state.backend.scheduler.at(when + DELETE_DELAY, self, self._gone)

    def _gone(self, when: datetime) -> None:
        state = self.state
        state.table(EvaluationJob).remove(self)
        state.tags.drop(self.arn)
        state.backend.untrack(self)

    def _move(self, status: str, when: datetime, message: str | None = None) -> None:
        if message is not None:
            self.failure_messages = [message]
        self.status, self.last_modified_time = status, when
        if status != IN_PROGRESS:
            _RUNNING.of(self.state)[self.job_type].discard(self.arn)

    # -- answers -------------------------------------------------------------------------

    def describe(self) -> JsonDict:
        """GetEvaluationJob's answer."""
        params = self.params
        return {
            "jobName": self.name,
            "status": self.status,
            "jobArn": self.arn,
            "jobDescription": params.get("jobDescription"),
            "roleArn": params["roleArn"],
            "customerEncryptionKeyId": params.get("customerEncryptionKeyId"),
            "jobType": self.job_type,
            "applicationType": self.request.application_type,
            "evaluationConfig": params["evaluationConfig"],
            "inferenceConfig": params["inferenceConfig"],
            "outputDataConfig": params["outputDataConfig"],
            "creationTime": self.creation_time,
            "lastModifiedTime": self.last_modified_time,
            "failureMessages": self.failure_messages,
        }

    def summary(self) -> JsonDict:
        """A ListEvaluationJobs summary: the deprecated identifier lists beside
        ``inferenceConfigSummary``, as the service still answers them."""
        request = self.request
        models = [s.identifier for s in request.subjects if s.kind == "model"]
        precomputed = [s.identifier for s in request.subjects if s.kind == "precomputed"]
        knowledge_bases = [s.identifier for s in request.subjects if s.kind.startswith("retrieve")]
        rag_sources = [s.identifier for s in request.subjects if s.kind.startswith("precomputed_")]
        rag = request.application_type != "ModelEvaluation"
        return {
            "jobArn": self.arn,
            "jobName": self.name,
            "status": self.status,
            "creationTime": self.creation_time,
            "jobType": self.job_type,
            "evaluationTaskTypes": task_types(self.params["evaluationConfig"]),
            "modelIdentifiers": models,
            "ragIdentifiers": knowledge_bases or None,
            "evaluatorModelIdentifiers": list(request.evaluator_models) or None,
            "customMetricsEvaluatorModelIdentifiers": (
                list(request.custom_metrics_evaluators) or None
            ),
            "inferenceConfigSummary": (
                {
                    "ragConfigSummary": {
                        "bedrockKnowledgeBaseIdentifiers": knowledge_bases,
                        "precomputedRagSourceIdentifiers": rag_sources,
                    }
                }
                if rag
                else {
                    "modelConfigSummary": {
                        "bedrockModelIdentifiers": models,
                        "precomputedInferenceSourceIdentifiers": precomputed,
                    }
                }
            ),
            "applicationType": request.application_type,
        }


# -- operations ----------------------------------------------------------------------------


@serves("bedrock", "CreateEvaluationJob")
def create_evaluation_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """CreateEvaluationJob: the tags, the name, the rules of ``evaluation_rules``, the
    role, the quota of the job's type and the room for its tags are checked in that
    order; an automated job then runs on the clock, a human one waits."""
    check_tag_keys(params, "jobTags")
    state, backend = context.state, context.backend
    if state.table(EvaluationJob).by_name(params["jobName"]) is not None:
        raise conflict(JOB_NAME_IN_USE)
    request = check_request(state, params)
    running = _RUNNING.of(state)[request.job_type]
    what = f"{request.job_type.lower()} model evaluation jobs"
    check_running(context, QUOTAS[request.job_type], len(running), what)
    check_role(context, params["roleArn"])
    automated = request.job_type == AUTOMATED
    job = EvaluationJob(
        arn=state.arn("bedrock", f"evaluation-job/{backend.new_id()}"),
        name=params["jobName"],
        creation_time=context.now,
        state=state,
        request=request,
        params=params,
        duration=backend.runs.duration(EvaluationJob.KIND),
        scripted_failure=backend.runs.take_failure(EvaluationJob.KIND) if automated else None,
    )
    tags = tags_from_list(params.get("jobTags", []))
    check_tag_room(state.tags, job.arn, tags, "ValidationException")
    state.launch(job)
    state.tags.add(job.arn, tags)
    running.add(job.arn)
    job.schedule()
    return {"jobArn": job.arn}


def _job(context: RequestContext, arn: str) -> EvaluationJob:
    """The caller's job with that ARN (the model admits no other identifier)."""
    table: ResourceTable[EvaluationJob] = context.state.table(EvaluationJob)
    job = table.by_arn(arn)
    if job is None:
        raise missing(EVALUATION_JOB, arn)
    return job


@serves("bedrock", "GetEvaluationJob")
def get_evaluation_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """GetEvaluationJob, by job ARN."""
    return context.read(_job(context, params["jobIdentifier"]))


@serves("bedrock", "ListEvaluationJobs")
def list_evaluation_jobs(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListEvaluationJobs, with the creation-time, status, name and applicationType
    filters, sort and paging of every Bedrock list."""
    wanted = params.get("applicationTypeEquals")
    return list_resources(
        context,
        params,
        context.state.table(EvaluationJob),
        result_key="jobSummaries",
        describe=EvaluationJob.summary,
        extra_filter=lambda job: wanted is None or job.request.application_type == wanted,
    )


@serves("bedrock", "StopEvaluationJob")
def stop_evaluation_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """StopEvaluationJob: an InProgress job is Stopping at once, Stopped ``STOP_DELAY``
    later; a job in any other status cannot be stopped (``ConflictException``)."""
    job = _job(context, params["jobIdentifier"])
    if job.status != IN_PROGRESS:
        raise conflict(
            f"The evaluation job {job.name} cannot be stopped: its status is {job.status}, "
            "and only InProgress jobs can be stopped."
        )
    job.stop(context.now)
    context.backend.note_transition(job)
    return {}


@serves("bedrock", "BatchDeleteEvaluationJob")
def batch_delete_evaluation_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """BatchDeleteEvaluationJob: each Completed, Failed or Stopped job is Deleting (one
    already Deleting is reported so again); an unknown job, or one not yet ended, is an
    item-level error."""
    table: ResourceTable[EvaluationJob] = context.state.table(EvaluationJob)
    errors: list[JsonDict] = []
    deleted: list[JsonDict] = []
    for arn in params["jobIdentifiers"]:
        job = table.by_arn(arn)
        if job is None:
            errors.append({"jobIdentifier": arn, "code": NOT_FOUND_CODE, "message": NOT_FOUND})
        elif job.status in DELETABLE or job.status == DELETING:
            if job.status != DELETING:
                job.delete(context.now)
            deleted.append({"jobIdentifier": arn, "jobStatus": job.status})
        else:
            message = NOT_DELETABLE.format(status=job.status)
            errors.append({"jobIdentifier": arn, "code": NOT_DELETABLE_CODE, "message": message})
    return {"errors": errors, "evaluationJobs": deleted}
