"""Bedrock model customization jobs and the custom models they produce.

A job moves through three phases on the mock clock, each taking its share of
the ``model_customization`` duration (``PHASE_SHARES``): validation, data
processing, training. On completion the custom model appears; a stopped or
failed job produces none.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import conflict, validation_error
from bedrock_jobs_mock.engine.quotas import check_concurrent_jobs
from bedrock_jobs_mock.engine.store import require
from bedrock_jobs_mock.engine.tagging import check_tag_keys, tags_from_list
from bedrock_jobs_mock.engine.world import World
from bedrock_jobs_mock.services.bedrock import catalog
from bedrock_jobs_mock.services.bedrock.catalog import (
    DISTILLATION,
    FINE_TUNING,
    REINFORCEMENT_FINE_TUNING,
    FoundationModel,
)
from bedrock_jobs_mock.services.bedrock.custom_models import (
    CUSTOM_MODEL,
    BaseModel,
    CustomModel,
    Lineage,
    check_active,
)
from bedrock_jobs_mock.services.bedrock.foundation_models import foundation_model_arn, model_id_of
from bedrock_jobs_mock.services.bedrock.jobs import ModelJob, check_names, check_role, launch
from bedrock_jobs_mock.services.bedrock.listing import list_resources
from bedrock_jobs_mock.services.bedrock.s3_data import missing_customization_data, write_metrics

#: The phases of statusDetails (the members of the model's StatusDetails, which botocore
#: 1.35.4 lacks; tests check them against any botocore that has it), in order, and the
#: share of the job's duration each takes (decided: AWS publishes no split).
PHASES = ("validationDetails", "dataProcessingDetails", "trainingDetails")
PHASE_SHARES = (0.1, 0.2, 0.7)
#: How long a stopped job stays Stopping before it is Stopped (decided).
STOP_DELAY = timedelta(minutes=1)
#: The customizationConfig member that belongs to each customization type (the members
#: of the model's CustomizationConfig, checked by the tests where botocore has it).
CONFIG_MEMBER_OF_TYPE = {
    DISTILLATION: "distillationConfig",
    REINFORCEMENT_FINE_TUNING: "rftConfig",
}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")


@dataclass
class Phase:
    """One entry of statusDetails: creationTime is when the phase started, lastModifiedTime
    its latest change; a phase not started yet carries only its status (decided)."""

    status: str = "NotStarted"
    creation_time: datetime | None = None
    last_modified_time: datetime | None = None

    def move(self, status: str, when: datetime) -> None:
        """Take ``status`` at ``when``; the first move is when the phase started."""
        if self.creation_time is None:
            self.creation_time = when
        self.status, self.last_modified_time = status, when

    def describe(self) -> JsonDict:
        """The phase as a member of statusDetails reports it."""
        return {
            "status": self.status,
            "creationTime": self.creation_time,
            "lastModifiedTime": self.last_modified_time,
        }


@dataclass(eq=False)
class ModelCustomizationJob(ModelJob):
    """A model customization job: InProgress through its phases, then Completed with
    its model, Failed, or Stopping and then Stopped."""

    KIND = "model_customization"
    model_kind = CustomModel
    model_what = CUSTOM_MODEL

    base: BaseModel
    role_arn: str
    client_request_token: str | None
    customization_type: str
    #: None for a customization type that takes no hyperparameters.
    hyper_parameters: dict[str, str] | None
    training_data_config: JsonDict
    validation_data_config: JsonDict
    output_data_config: JsonDict
    vpc_config: JsonDict | None
    customization_config: JsonDict | None
    kms_key_arn: str | None
    phases: list[Phase] = field(init=False, default_factory=lambda: [Phase() for _ in PHASES])
    status: str = "InProgress"
    last_modified_time: datetime | None = field(init=False, default=None)
    end_time: datetime | None = None
    failure_message: str | None = None
    output_model_arn: str | None = None
    training_metrics: JsonDict | None = None
    validation_metrics: list[JsonDict] | None = None

    def __post_init__(self) -> None:
        self.phases[0].move("InProgress", self.creation_time)
        self.last_modified_time = self.creation_time

    @property
    def is_running(self) -> bool:
        """Whether the job is still InProgress (a Stopping job is not)."""
        return self.status == "InProgress"

    def finish_phase(self, index: int, when: datetime) -> None:
        """Phase ``index`` completes and the next one starts."""
        self.phases[index].move("Completed", when)
        self.phases[index + 1].move("InProgress", when)
        self.last_modified_time = when

    def complete(self, when: datetime) -> None:
        """Completed at ``when``: every phase completes, metrics appear, and the custom
        model appears with the job's creation time."""
        for phase in self.phases:
            if phase.status != "Completed":
                phase.move("Completed", when)
        training, validation = _metrics(self)
        self.training_metrics, self.validation_metrics = training, validation
        model = CustomModel(
            arn=self.state.arn(
                "bedrock",
                f"custom-model/{self.base.foundation.model_id}/{self.state.backend.new_id()}",
            ),
            name=self.model_name,
            # A custom model's creationTime is its job's (seen in real responses).
            creation_time=self.creation_time,
            lineage=Lineage(
                job_name=self.name,
                job_arn=self.arn,
                base=self.base,
                customization_type=self.customization_type,
                hyper_parameters=self.hyper_parameters,
                training_data_config=self.training_data_config,
                validation_data_config=self.validation_data_config,
                output_data_config=self.output_data_config,
                customization_config=self.customization_config,
                training_metrics=self.training_metrics,
                validation_metrics=self.validation_metrics,
            ),
            kms_key_arn=self.kms_key_arn,
        )
        self.publish(model)
        self.output_model_arn = model.arn
        self._write_metrics(training, validation)
        self._finish("Completed", when)

    def problem_at_end(self, world: World) -> str | None:
        """A training or validation file missing from S3, or an output bucket that does
        not exist, fails the job."""
        validators = self.validation_data_config.get("validators", [])
        data = [self.training_data_config.get("s3Uri")] + [v.get("s3Uri") for v in validators]
        return missing_customization_data(
            world,
            self.state.account,
            [uri for uri in data if uri],
            self.output_data_config["s3Uri"],
        )

    def _write_metrics(self, training: JsonDict, validation: list[JsonDict]) -> None:
        """The metrics files under the output location, where the world keeps S3."""
        write_metrics(
            self.state.backend.world,
            self.state.account,
            self.output_data_config["s3Uri"],
            self.arn.rsplit("/", 1)[-1],
            epochs=int((self.hyper_parameters or {}).get("epochCount", "1")),
            training_loss=training["trainingLoss"],
            validation_losses=[entry["validationLoss"] for entry in validation],
        )

    def fail(self, when: datetime, message: str) -> None:
        """Failed at ``when`` with ``message``; the running phase fails; no model."""
        self._move_running_phase("InProgress", "Failed", when)
        self.failure_message = message
        self._finish("Failed", when)

    def stop(self, when: datetime) -> None:
        """Stopping at once; ``stopped`` follows after ``STOP_DELAY``."""
        self._move_running_phase("InProgress", "Stopping", when)
        self.status, self.last_modified_time = "Stopping", when

    def stopped(self, when: datetime) -> None:
        """Stopped at ``when``, ``STOP_DELAY`` after ``stop``; no model."""
        self._move_running_phase("Stopping", "Stopped", when)
        self._finish("Stopped", when)

    def _move_running_phase(self, current: str, status: str, when: datetime) -> None:
        for phase in self.phases:
            if phase.status == current:
                phase.move(status, when)

    def _finish(self, status: str, when: datetime) -> None:
        self.status, self.end_time, self.last_modified_time = status, when, when

    def describe(self) -> JsonDict:
        """GetModelCustomizationJob's answer, also a list summary (with its own member names)."""
        return {
            "jobArn": self.arn,
            "jobName": self.name,
            "outputModelName": self.model_name,
            "customModelName": self.model_name,
            "outputModelArn": self.output_model_arn,
            "customModelArn": self.output_model_arn,
            "clientRequestToken": self.client_request_token,
            "roleArn": self.role_arn,
            "status": self.status,
            "statusDetails": {name: phase.describe() for name, phase in zip(PHASES, self.phases)},
            "failureMessage": self.failure_message,
            "creationTime": self.creation_time,
            "lastModifiedTime": self.last_modified_time,
            "endTime": self.end_time,
            # The job's shape (FoundationModelArn) names the root foundation model, also
            # when a custom model was customized; the custom model's own keeps the base.
            "baseModelArn": self.base.foundation_arn,
            "hyperParameters": self.hyper_parameters,
            "trainingDataConfig": self.training_data_config,
            "validationDataConfig": self.validation_data_config,
            "outputDataConfig": self.output_data_config,
            "customizationType": self.customization_type,
            "outputModelKmsKeyArn": self.kms_key_arn,
            "trainingMetrics": self.training_metrics,
            "validationMetrics": self.validation_metrics,
            "vpcConfig": self.vpc_config,
            "customizationConfig": self.customization_config,
        }


def _fraction(*parts: str) -> float:
    """A number in [0, 1) that depends only on ``parts``."""
    digest = hashlib.sha256("\0".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _metrics(job: ModelCustomizationJob) -> tuple[JsonDict, list[JsonDict]]:
    """Training loss in [0.05, 1.6); each validator's loss 5-25% above it (decided)."""
    training = 0.05 + 1.55 * _fraction(job.name, job.base.foundation.model_id)
    validators = job.validation_data_config["validators"]
    validation = [
        {"validationLoss": round(training * (1.05 + 0.2 * _fraction(job.name, str(index))), 6)}
        for index, _ in enumerate(validators)
    ]
    return {"trainingLoss": round(training, 6)}, validation


# -- resolving and checking a create request -------------------------------------------


def _resolve_base(state: RegionState, identifier: str) -> BaseModel:
    """The model ``identifier`` names: a foundation model (id with or without its suffix,
    or ARN), or an Active custom model of the caller (ARN or name) to customize again."""
    model_id = model_id_of(state, identifier)
    foundation = catalog.customizable_variant(model_id)
    if foundation is not None:
        arn = foundation_model_arn(state, foundation.model_id)
        return BaseModel(identifier, arn, foundation, arn)
    if catalog.find(model_id) is not None:
        raise validation_error(
            f"The base model '{identifier}' does not support model customization."
        )
    custom = state.table(CustomModel).find(identifier)
    if custom is None:
        raise validation_error(
            f"The base model '{identifier}' does not exist or is not available to this account."
        )
    check_active(custom, identifier, "customized")
    root = custom.lineage.base
    return BaseModel(identifier, custom.arn, root.foundation, root.foundation_arn)


def _check_customization_type(state: RegionState, base: BaseModel, kind: str) -> None:
    supported = base.foundation.customizations_in(state.region)
    if not supported:
        raise validation_error(
            f"The base model '{base.identifier}' cannot be customized in {state.region}."
        )
    if kind not in supported:
        raise validation_error(
            f"The base model '{base.identifier}' does not support customization type {kind}; "
            f"it supports {', '.join(supported)}."
        )


def _check_customization_config(
    state: RegionState, base: BaseModel, kind: str, config: JsonDict | None
) -> None:
    """customizationConfig must match the type; DISTILLATION needs a teacher of the base
    model, REINFORCEMENT_FINE_TUNING a grader."""
    config = config or {}
    for config_type, member in CONFIG_MEMBER_OF_TYPE.items():
        if member in config and kind != config_type:
            raise validation_error(
                f"customizationConfig.{member} is only valid with customization type "
                f"{config_type}, not {kind}."
            )
    if kind == DISTILLATION:
        distillation = config.get("distillationConfig")
        if distillation is None:
            raise validation_error(
                "Customization type DISTILLATION requires "
                "customizationConfig.distillationConfig with a teacher model."
            )
        _check_teacher(state, base, distillation["teacherModelConfig"])
    if kind == REINFORCEMENT_FINE_TUNING and "graderConfig" not in config.get("rftConfig", {}):
        raise validation_error(
            "Customization type REINFORCEMENT_FINE_TUNING requires "
            "customizationConfig.rftConfig with a graderConfig."
        )


def _check_teacher(state: RegionState, base: BaseModel, teacher_config: JsonDict) -> None:
    """The teacher (model id, model ARN, or inference profile) must teach the base model."""
    teacher = teacher_config["teacherModelIdentifier"]
    teacher_id = model_id_of(state, teacher, profiles=True)
    if catalog.find(teacher_id) is None:
        raise validation_error(f"The teacher model '{teacher}' does not exist.")
    student = base.foundation
    if teacher_id not in student.teachers:
        raise validation_error(
            f"The teacher model '{teacher}' cannot distill the base model "
            f"'{base.identifier}'; its teachers are {', '.join(student.teachers)}."
        )


def _number(value: float) -> str:
    return format(value, "g")


def _check_hyperparameters(base: BaseModel, kind: str, given: dict[str, str]) -> None:
    """Each hyperparameter given must be one the base model's family takes for ``kind``,
    with a value of its kind (integer or number) within its bounds."""
    specs = {spec.name: spec for spec in base.foundation.hyperparameters_for(kind)}
    for name, value in given.items():
        spec = specs.get(name)
        if spec is None and not specs:
            raise validation_error(
                f"Customization type {kind} takes no hyperparameters; got '{name}'."
            )
        if spec is None:
            raise validation_error(
                f"Hyperparameter '{name}' is not supported by the base model "
                f"'{base.identifier}'; supported: {', '.join(specs)}."
            )
        what = "an integer" if spec.integer else "a number"
        if not (_INTEGER if spec.integer else _NUMBER).fullmatch(value):
            raise validation_error(f"Hyperparameter '{name}' must be {what}, got '{value}'.")
        if not spec.minimum <= float(value) <= spec.maximum:
            raise validation_error(
                f"Hyperparameter '{name}' must be between {_number(spec.minimum)} and "
                f"{_number(spec.maximum)}, got '{value}'."
            )


def _with_defaults(
    model: FoundationModel, kind: str, given: dict[str, str]
) -> dict[str, str] | None:
    """``given`` (checked) plus the defaults of those left out (decided: the job reports
    the values it trains with; one without a documented default only when given); None
    for a customization type that takes none."""
    specs = model.hyperparameters_for(kind)
    if not specs:
        return None
    defaults = {spec.name: spec.default for spec in specs if spec.default is not None}
    return {**defaults, **given}


def _schedule(context: RequestContext, job: ModelCustomizationJob) -> None:
    """Each phase ends after its share of the run; the end of the run ends the last one."""
    context.backend.start_run(
        job,
        steps=[
            (share, functools.partial(job.finish_phase, index))
            for index, share in enumerate(PHASE_SHARES[:-1])
        ],
    )


def _new_job(
    context: RequestContext, params: JsonDict, base: BaseModel, kind: str
) -> ModelCustomizationJob:
    """The job a checked request describes."""
    state = context.state
    job_id = context.backend.new_id()
    return ModelCustomizationJob(
        arn=state.arn("bedrock", f"model-customization-job/{base.foundation.model_id}/{job_id}"),
        name=params["jobName"],
        creation_time=context.now,
        state=state,
        model_name=params["customModelName"],
        model_tags=tags_from_list(params.get("customModelTags", [])),
        base=base,
        role_arn=params["roleArn"],
        client_request_token=params.get("clientRequestToken"),
        customization_type=kind,
        hyper_parameters=_with_defaults(base.foundation, kind, params.get("hyperParameters", {})),
        training_data_config=params["trainingDataConfig"],
        validation_data_config=params.get("validationDataConfig", {"validators": []}),
        output_data_config=params["outputDataConfig"],
        vpc_config=params.get("vpcConfig"),
        customization_config=params.get("customizationConfig"),
        kms_key_arn=state.kms_key_arn(params.get("customModelKmsKeyId")),
    )


# -- operations --------------------------------------------------------------------------


@serves("bedrock", "CreateModelCustomizationJob")
def create_model_customization_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """CreateModelCustomizationJob: names, base model, type, config, hyperparameters and
    tags are checked in that order (tag keys beginning with ``aws:`` first of all); the
    job then runs its phases on the clock."""
    check_tag_keys(params, "jobTags", "customModelTags")
    state = context.state
    check_names(state, ModelCustomizationJob, params["jobName"], params["customModelName"])
    check_concurrent_jobs(
        context,
        ModelCustomizationJob,
        "concurrent_model_customization_jobs",
        "model customization jobs",
    )
    base = _resolve_base(state, params["baseModelIdentifier"])
    kind = params.get("customizationType", FINE_TUNING)
    _check_customization_type(state, base, kind)
    _check_customization_config(state, base, kind, params.get("customizationConfig"))
    _check_hyperparameters(base, kind, params.get("hyperParameters", {}))
    check_role(context, params["roleArn"])
    job = _new_job(context, params, base, kind)
    launch(job, tags_from_list(params.get("jobTags", [])))
    _schedule(context, job)
    return {"jobArn": job.arn}


@serves("bedrock", "GetModelCustomizationJob")
def get_model_customization_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """GetModelCustomizationJob, by job name or ARN."""
    table = context.state.table(ModelCustomizationJob)
    return context.read(require(table, params["jobIdentifier"], "model customization job"))


@serves("bedrock", "ListModelCustomizationJobs")
def list_model_customization_jobs(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListModelCustomizationJobs, with the filters, sort and paging every Bedrock list has."""
    return list_resources(
        context,
        params,
        context.state.table(ModelCustomizationJob),
        result_key="modelCustomizationJobSummaries",
        describe=ModelCustomizationJob.describe,
    )


@serves("bedrock", "StopModelCustomizationJob")
def stop_model_customization_job(context: RequestContext, params: JsonDict) -> JsonDict:
    """StopModelCustomizationJob: an InProgress job is Stopping at once, Stopped
    ``STOP_DELAY`` later; a job in any other status cannot be stopped."""
    table = context.state.table(ModelCustomizationJob)
    job = require(table, params["jobIdentifier"], "model customization job")
    if job.status != "InProgress":
        raise conflict(
            f"The model customization job {job.name} cannot be stopped: its status is "
            f"{job.status}, and only InProgress jobs can be stopped."
        )
    scheduler = context.backend.scheduler
    scheduler.cancel(job)
    job.stop(context.now)
    scheduler.at(context.now + STOP_DELAY, job, job.stopped)
    return {}
