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
from typing import Callable

from bedrock_jobs_mock.backend import RegionState
from bedrock_jobs_mock.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.errors import conflict, validation_error
from bedrock_jobs_mock.lifecycle import Job
from bedrock_jobs_mock.services.bedrock import catalog
from bedrock_jobs_mock.services.bedrock.catalog import DISTILLATION, FINE_TUNING, FoundationModel
from bedrock_jobs_mock.services.bedrock.foundation_models import foundation_model_arn, model_id_of
from bedrock_jobs_mock.services.bedrock.import_jobs import JOB_NAME_IN_USE
from bedrock_jobs_mock.services.bedrock.listing import list_resources
from bedrock_jobs_mock.store import Resource, require
from bedrock_jobs_mock.tagging import tags_from_list

#: The phases of statusDetails, in order, and the share of the job's duration each takes
#: (decided: AWS publishes no split).
PHASES = ("validationDetails", "dataProcessingDetails", "trainingDetails")
PHASE_SHARES = (0.1, 0.2, 0.7)
#: How long a stopped job stays Stopping before it is Stopped (decided).
STOP_DELAY = timedelta(minutes=1)
#: The customizationConfig member that belongs to each customization type.
CONFIG_MEMBER_OF_TYPE = {
    DISTILLATION: "distillationConfig",
    "REINFORCEMENT_FINE_TUNING": "rftConfig",
}

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")


@dataclass(frozen=True)
class BaseModel:
    """What a job customizes: a foundation model, or a custom model built on one."""

    arn: str
    foundation: FoundationModel
    foundation_arn: str


@dataclass
class Phase:
    """One entry of statusDetails: creationTime is when the phase started, lastModifiedTime
    its latest change; a phase not started yet carries only its status (decided)."""

    status: str = "NotStarted"
    creation_time: datetime | None = None
    last_modified_time: datetime | None = None

    def move(self, status: str, when: datetime) -> None:
        if self.creation_time is None:
            self.creation_time = when
        self.status, self.last_modified_time = status, when

    def describe(self) -> JsonDict:
        return {
            "status": self.status,
            "creationTime": self.creation_time,
            "lastModifiedTime": self.last_modified_time,
        }


@dataclass(eq=False)
class CustomModel(Resource):
    """A custom model: the output of a completed customization job."""

    job: ModelCustomizationJob

    def describe(self) -> JsonDict:
        job = self.job
        return {
            "modelArn": self.arn,
            "modelName": self.name,
            "jobName": job.name,
            "jobArn": job.arn,
            "baseModelArn": job.base.arn,
            "baseModelName": "",
            "customizationType": job.customization_type,
            "modelKmsKeyArn": job.kms_key_arn,
            "hyperParameters": job.hyper_parameters,
            "trainingDataConfig": job.training_data_config,
            "validationDataConfig": job.validation_data_config,
            "outputDataConfig": job.output_data_config,
            "trainingMetrics": job.training_metrics,
            "validationMetrics": job.validation_metrics,
            "creationTime": self.creation_time,
            "customizationConfig": job.customization_config,
            "modelStatus": "Active",
            "ownerAccountId": job.state.account,
        }


@dataclass(eq=False)
class ModelCustomizationJob(Job):
    state: RegionState
    base: BaseModel
    output_model_name: str
    role_arn: str
    client_request_token: str | None
    customization_type: str
    hyper_parameters: dict[str, str]
    training_data_config: JsonDict
    validation_data_config: JsonDict
    output_data_config: JsonDict
    vpc_config: JsonDict | None
    customization_config: JsonDict | None
    kms_key_arn: str | None
    model_tags: dict[str, str]
    phases: list[Phase] = field(default_factory=list)
    status: str = "InProgress"
    last_modified_time: datetime | None = None
    end_time: datetime | None = None
    failure_message: str | None = None
    output_model_arn: str | None = None
    training_metrics: JsonDict | None = None
    validation_metrics: list[JsonDict] | None = None

    def __post_init__(self) -> None:
        self.phases = [Phase() for _ in PHASES]
        self.phases[0].move("InProgress", self.creation_time)
        self.last_modified_time = self.creation_time

    @property
    def is_running(self) -> bool:
        return self.status == "InProgress"

    def finish_phase(self, index: int, when: datetime) -> None:
        """Phase ``index`` completes and the next one starts."""
        self.phases[index].move("Completed", when)
        self.phases[index + 1].move("InProgress", when)
        self.last_modified_time = when

    def complete(self, when: datetime) -> None:
        for phase in self.phases:
            if phase.status != "Completed":
                phase.move("Completed", when)
        self.training_metrics, self.validation_metrics = _metrics(self)
        model = CustomModel(
            arn=self.state.arn(
                "bedrock",
                f"custom-model/{self.base.foundation.model_id}/{self.state.backend.new_id()}",
            ),
            name=self.output_model_name,
            # A custom model's creationTime is its job's (seen in real responses).
            creation_time=self.creation_time,
            job=self,
        )
        self.state.table(CustomModel).add(model)
        self.state.tags.add(model.arn, self.model_tags)
        self.output_model_arn = model.arn
        self._finish("Completed", when)

    def fail(self, when: datetime, message: str) -> None:
        self._move_running_phase("InProgress", "Failed", when)
        self.failure_message = message
        self._finish("Failed", when)

    def stop(self, when: datetime) -> None:
        """Stopping at once; ``stopped`` follows after ``STOP_DELAY``."""
        self._move_running_phase("InProgress", "Stopping", when)
        self.status, self.last_modified_time = "Stopping", when

    def stopped(self, when: datetime) -> None:
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
            "outputModelName": self.output_model_name,
            "customModelName": self.output_model_name,
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
            "baseModelArn": self.base.arn,
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
    or ARN), or a custom model of the caller (ARN or name) to customize again."""
    model_id = model_id_of(identifier)
    foundation = catalog.customizable_variant(model_id)
    if foundation is not None:
        arn = foundation_model_arn(state, foundation.model_id)
        return BaseModel(arn, foundation, arn)
    if catalog.find(model_id) is not None:
        raise validation_error(
            f"The base model '{identifier}' does not support model customization."
        )
    custom = state.table(CustomModel).find(identifier)
    if custom is None:
        raise validation_error(
            f"The base model '{identifier}' does not exist or is not available to this account."
        )
    root = custom.job.base
    return BaseModel(custom.arn, root.foundation, root.foundation_arn)


def _check_customization_type(state: RegionState, base: BaseModel, kind: str) -> None:
    model = base.foundation
    supported = model.customizations_in(state.region)
    if not supported:
        raise validation_error(
            f"The base model '{model.model_id}' cannot be customized in {state.region}."
        )
    if kind not in supported:
        raise validation_error(
            f"The base model '{model.model_id}' does not support customization type {kind}; "
            f"it supports {', '.join(supported)}."
        )


def _teacher_id(identifier: str) -> str:
    """The foundation model a teacher identifier names (model id, model ARN or
    inference-profile ARN, whose id carries a geography prefix such as ``us.``)."""
    model_id = (
        identifier.split(":", 5)[5].split("/", 1)[-1]
        if identifier.startswith("arn:")
        else identifier
    )
    if catalog.find(model_id) is None and "." in model_id:
        unprefixed = model_id.split(".", 1)[1]
        if catalog.find(unprefixed) is not None:
            return unprefixed
    return model_id


def _check_customization_config(base: BaseModel, kind: str, config: JsonDict | None) -> None:
    """customizationConfig must match the type; DISTILLATION needs a teacher of the base model."""
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
        _check_teacher(base.foundation, distillation["teacherModelConfig"])


def _check_teacher(student: FoundationModel, teacher_config: JsonDict) -> None:
    teacher = teacher_config["teacherModelIdentifier"]
    teacher_id = _teacher_id(teacher)
    if catalog.find(teacher_id) is None:
        raise validation_error(f"The teacher model '{teacher}' does not exist.")
    if teacher_id not in student.teachers:
        raise validation_error(
            f"The teacher model '{teacher}' cannot distill the base model "
            f"'{student.model_id}'; its teachers are {', '.join(student.teachers)}."
        )


def _number(value: float) -> str:
    return format(value, "g")


def _hyperparameters(model: FoundationModel, given: dict[str, str]) -> dict[str, str]:
    """``given`` checked against the model's family, with the defaults of those left out
    (decided: the job reports the values it trains with)."""
    for name, value in given.items():
        spec = model.hyperparameter(name)
        if spec is None:
            supported = ", ".join(item.name for item in model.hyperparameters)
            raise validation_error(
                f"Hyperparameter '{name}' is not supported by the base model "
                f"'{model.model_id}'; supported: {supported}."
            )
        kind = "an integer" if spec.integer else "a number"
        if not (_INTEGER if spec.integer else _NUMBER).fullmatch(value):
            raise validation_error(f"Hyperparameter '{name}' must be {kind}, got '{value}'.")
        if not spec.minimum <= float(value) <= spec.maximum:
            raise validation_error(
                f"Hyperparameter '{name}' must be between {_number(spec.minimum)} and "
                f"{_number(spec.maximum)}, got '{value}'."
            )
    return {**{spec.name: spec.default for spec in model.hyperparameters}, **given}


def _model_name_taken(state: RegionState, name: str) -> bool:
    return state.table(CustomModel).by_name(name) is not None or any(
        job.output_model_name == name for job in state.running_jobs(ModelCustomizationJob)
    )


def _schedule(context: RequestContext, job: ModelCustomizationJob) -> None:
    """Each phase ends after its share of the duration; the last one completes the job."""
    duration = context.options.durations["model_customization"]
    scheduler = context.backend.scheduler
    due = job.creation_time
    for index, share in enumerate(PHASE_SHARES[:-1]):
        due += duration * share
        scheduler.at(due, job, functools.partial(job.finish_phase, index))
    scheduler.at(job.creation_time + duration, job, job.complete)


def _new_job(
    context: RequestContext, params: JsonDict, base: BaseModel, kind: str
) -> ModelCustomizationJob:
    state = context.state
    job_id = context.backend.new_id()
    return ModelCustomizationJob(
        arn=state.arn("bedrock", f"model-customization-job/{base.foundation.model_id}/{job_id}"),
        name=params["jobName"],
        creation_time=context.now,
        state=state,
        base=base,
        output_model_name=params["customModelName"],
        role_arn=params["roleArn"],
        client_request_token=params.get("clientRequestToken"),
        customization_type=kind,
        hyper_parameters=_hyperparameters(base.foundation, params.get("hyperParameters", {})),
        training_data_config=params["trainingDataConfig"],
        validation_data_config=params.get("validationDataConfig", {"validators": []}),
        output_data_config=params["outputDataConfig"],
        vpc_config=params.get("vpcConfig"),
        customization_config=params.get("customizationConfig"),
        kms_key_arn=state.kms_key_arn(params.get("customModelKmsKeyId")),
        model_tags=tags_from_list(params.get("customModelTags", [])),
    )


# -- operations --------------------------------------------------------------------------


@serves("bedrock", "CreateModelCustomizationJob")
def create_model_customization_job(context: RequestContext, params: JsonDict) -> JsonDict:
    state = context.state
    if state.table(ModelCustomizationJob).by_name(params["jobName"]) is not None:
        raise validation_error(JOB_NAME_IN_USE)
    if _model_name_taken(state, params["customModelName"]):
        raise conflict(f"A custom model named {params['customModelName']} already exists.")
    base = _resolve_base(state, params["baseModelIdentifier"])
    kind = params.get("customizationType", FINE_TUNING)
    _check_customization_type(state, base, kind)
    _check_customization_config(base, kind, params.get("customizationConfig"))
    job = _new_job(context, params, base, kind)
    job_tags = tags_from_list(params.get("jobTags", []))
    state.tags.check_room(job.arn, job_tags)
    state.tags.check_room(job.arn, job.model_tags)
    state.launch(job)
    state.tags.add(job.arn, job_tags)
    _schedule(context, job)
    return {"jobArn": job.arn}


@serves("bedrock", "GetModelCustomizationJob")
def get_model_customization_job(context: RequestContext, params: JsonDict) -> JsonDict:
    table = context.state.table(ModelCustomizationJob)
    return require(table, params["jobIdentifier"], "model customization job").describe()


@serves("bedrock", "ListModelCustomizationJobs")
def list_model_customization_jobs(context: RequestContext, params: JsonDict) -> JsonDict:
    return list_resources(
        context,
        params,
        context.state.table(ModelCustomizationJob),
        result_key="modelCustomizationJobSummaries",
        describe=ModelCustomizationJob.describe,
        status_of=lambda job: job.status,
    )


@serves("bedrock", "StopModelCustomizationJob")
def stop_model_customization_job(context: RequestContext, params: JsonDict) -> JsonDict:
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


@serves("bedrock", "GetCustomModel")
def get_custom_model(context: RequestContext, params: JsonDict) -> JsonDict:
    model = require(context.state.table(CustomModel), params["modelIdentifier"], "custom model")
    return model.describe()


def _custom_model_filter(params: JsonDict) -> Callable[[CustomModel], bool]:
    """baseModelArnEquals: the model customized; foundationModelArnEquals: the root
    foundation model, through any chain of customizations; isOwned: every model the
    mock holds is owned by its account (shared models arrive with copy jobs)."""
    base_arn = params.get("baseModelArnEquals")
    foundation_arn = params.get("foundationModelArnEquals")
    owned = params.get("isOwned")
    return lambda model: (
        (base_arn is None or model.job.base.arn == base_arn)
        and (foundation_arn is None or model.job.base.foundation_arn == foundation_arn)
        and owned is not False
    )


@serves("bedrock", "ListCustomModels")
def list_custom_models(context: RequestContext, params: JsonDict) -> JsonDict:
    return list_resources(
        context,
        params,
        context.state.table(CustomModel),
        result_key="modelSummaries",
        describe=CustomModel.describe,
        status_of=lambda _: "Active",
        status_filter="modelStatus",
        extra_filter=_custom_model_filter(params),
    )


@serves("bedrock", "DeleteCustomModel")
def delete_custom_model(context: RequestContext, params: JsonDict) -> JsonDict:
    table = context.state.table(CustomModel)
    model = require(table, params["modelIdentifier"], "custom model")
    table.remove(model)
    context.state.tags.drop(model.arn)
    return {}
