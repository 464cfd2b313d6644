"""Bedrock model copy jobs: a custom model copied into the caller's Region and account.

The source is a custom model in any Region of the caller's account, or one
that another account shares with the caller. A job has no name; its target
model's ARN is known from the start. The job holds the source model itself,
so deleting the source while the copy runs does not break it. On completion
the copy appears in the caller's Region, owned by the caller, with its
source's lineage (customization job, base model, customization type,
hyperparameters, metrics; the foundation model as the caller's Region names
it), the target name, tags and KMS key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import validation_error
from bedrock_jobs_mock.engine.identifiers import parse_arn
from bedrock_jobs_mock.engine.store import missing, require
from bedrock_jobs_mock.engine.tagging import check_tag_keys, tags_from_list, tags_to_list
from bedrock_jobs_mock.services.bedrock.custom_models import CUSTOM_MODEL, CustomModel, check_active
from bedrock_jobs_mock.services.bedrock.foundation_models import foundation_model_arn
from bedrock_jobs_mock.services.bedrock.jobs import ModelJob, check_model_name, launch
from bedrock_jobs_mock.services.bedrock.listing import list_resources

MODEL_COPY_JOB = "model copy job"


@dataclass(eq=False)
class ModelCopyJob(ModelJob):
    """A model copy job: InProgress, then Completed with its copy, or Failed.

    A copy job has no name in the API; its ``name`` here is its target model's,
    which is how the test controls and the ``targetModelNameContains`` filter
    know it (the operations find copy jobs by ARN only).
    """

    KIND = "model_copy"
    model_kind = CustomModel
    model_what = CUSTOM_MODEL

    source: CustomModel
    target_model_arn: str
    kms_key_arn: str | None
    status: str = "InProgress"
    failure_message: str | None = None

    @property
    def is_running(self) -> bool:
        """Whether the job is still InProgress."""
        return self.status == "InProgress"

    def complete(self, when: datetime) -> None:
        """Completed at ``when``: the copy appears, created when the job was (decided,
        as a customized model takes its job's creation time)."""
        lineage = self.source.lineage
        foundation = foundation_model_arn(self.state, lineage.base.foundation.model_id)
        copy = CustomModel(
            arn=self.target_model_arn,
            name=self.model_name,
            creation_time=self.creation_time,
            lineage=lineage.in_region(foundation),
            kms_key_arn=self.kms_key_arn,
        )
        self.publish(copy)
        self.status = "Completed"

    def fail(self, when: datetime, message: str) -> None:
        """Failed with ``message``: no copy, and its name is free again."""
        self.status, self.failure_message = "Failed", message

    def describe(self) -> JsonDict:
        """GetModelCopyJob's answer, also a ListModelCopyJobs summary."""
        return {
            "jobArn": self.arn,
            "status": self.status,
            "creationTime": self.creation_time,
            "targetModelArn": self.target_model_arn,
            "targetModelName": self.model_name,
            "sourceAccountId": self.source.owner,
            "sourceModelArn": self.source.arn,
            "targetModelKmsKeyArn": self.kms_key_arn,
            "targetModelTags": tags_to_list(self.model_tags) or None,
            "failureMessage": self.failure_message,
            "sourceModelName": self.source.name,
        }


def _source_model(context: RequestContext, source_arn: str) -> CustomModel:
    """The custom model ``source_arn`` names, if the caller owns it (in any Region of the
    caller's partition) or its owner shares it with the caller; a foundation model, a
    model whose base cannot be copied, or one that is not Active, is refused."""
    parts = parse_arn(source_arn)
    if parts is not None and parts.resource.startswith("foundation-model/"):
        raise validation_error(
            f"The source model '{source_arn}' is a foundation model; only custom models "
            "can be copied."
        )
    state, backend = context.state, context.backend
    visible = (
        parts is not None
        and parts.partition == state.partition
        and (
            parts.account == state.account
            or backend.shares.is_shared_with(source_arn, state.account)
        )
    )
    source = backend.find(CustomModel, source_arn) if visible else None
    if source is None:
        raise missing(CUSTOM_MODEL, source_arn)
    check_active(source, source_arn, "copied")
    foundation = source.lineage.base.foundation
    if not foundation.copyable:
        raise validation_error(
            f"The source model '{source_arn}' cannot be copied: custom models of "
            f"{foundation.name} cannot be copied."
        )
    return source


def _target_arn(context: RequestContext, source: CustomModel) -> str:
    """A new custom-model ARN in the caller's Region with its source's base-model segment
    (``custom-model/{base model id}/{id}``, or ``custom-model/imported/{id}``)."""
    base_segment = source.arn.split("/")[1]
    return context.state.arn("bedrock", f"custom-model/{base_segment}/{context.backend.new_id()}")


@serves("bedrock", "CreateModelCopyJob")
def create_model_copy_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """CreateModelCopyJob: the source is found, then the target name and the tags are
    checked; the copy completes after ``durations["model_copy"]``. A target name already
    taken is a ValidationException: the operation declares no ConflictException.
    Tag keys beginning with ``aws:`` are refused before anything else."""
    check_tag_keys(params, "targetModelTags")
    state = context.state
    source = _source_model(context, params["sourceModelArn"])
    target_name = params["targetModelName"]
    check_model_name(state, ModelCopyJob, target_name, refuse=validation_error)
    now = context.now
    job = ModelCopyJob(
        arn=state.arn("bedrock", f"model-copy-job/{context.backend.new_id()}"),
        name=target_name,
        creation_time=now,
        state=state,
        model_name=target_name,
        model_tags=tags_from_list(params.get("targetModelTags", [])),
        source=source,
        target_model_arn=_target_arn(context, source),
        kms_key_arn=state.kms_key_arn(params.get("modelKmsKeyId")),
    )
    launch(job, job_tags={})
    context.backend.start_run(job)
    return {"jobArn": job.arn}


@serves("bedrock", "GetModelCopyJob")
def get_model_copy_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """GetModelCopyJob, by job ARN (the model's pattern refuses anything else)."""
    return context.read(
        require(context.state.table(ModelCopyJob), params["jobArn"], MODEL_COPY_JOB)
    )


def _source_filter(params: JsonDict) -> Callable[[ModelCopyJob], bool]:
    """sourceAccountEquals: the source model's owner; sourceModelArnEquals: the source."""
    account = params.get("sourceAccountEquals")
    source_arn = params.get("sourceModelArnEquals")
    return lambda job: (
        (account is None or job.source.owner == account)
        and (source_arn is None or job.source.arn == source_arn)
    )


@serves("bedrock", "ListModelCopyJobs")
def list_model_copy_jobs(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListModelCopyJobs, with the common filters plus source account, source model and
    target model name (``outputModelNameContains`` on the wire)."""
    return list_resources(
        context,
        params,
        context.state.table(ModelCopyJob),
        result_key="modelCopyJobSummaries",
        describe=ModelCopyJob.describe,
        name_filter="targetModelNameContains",
        extra_filter=_source_filter(params),
    )
