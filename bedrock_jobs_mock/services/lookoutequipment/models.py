"""Models: CreateModel (training on the clock), DescribeModel, ListModels, UpdateModel,
DeleteModel and UpdateActiveModelVersion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import conflict, validation_error
from bedrock_jobs_mock.services.lookoutequipment import statuses
from bedrock_jobs_mock.services.lookoutequipment.arns import new_model_arn
from bedrock_jobs_mock.services.lookoutequipment.metrics import model_metrics, model_quality
from bedrock_jobs_mock.services.lookoutequipment.records import (
    Dataset,
    Model,
    ModelVersion,
    echoed_members,
    input_members,
    list_page,
    model_settings,
    require_dataset,
    require_model,
    require_version,
    start_version,
)
from bedrock_jobs_mock.services.lookoutequipment.tags import tagged

#: The data ranges CreateModel accepts, as (start, end) member pairs.
DATA_RANGES = (
    ("TrainingDataStartTime", "TrainingDataEndTime"),
    ("EvaluationDataStartTime", "EvaluationDataEndTime"),
)


def _as_given() -> tuple[str, ...]:
    """CreateModel members a trained version keeps as given (labels, data ranges, role, ...)."""
    return echoed_members(
        "CreateModel", leaving_out=("ModelName", "DatasetName", "ServerSideKmsKeyId")
    )


def _updatable() -> tuple[str, ...]:
    """What UpdateModel changes: every member of its input but the model's name."""
    return input_members("UpdateModel", leaving_out=("ModelName",))


@dataclass(eq=False)
class TrainedVersion(ModelVersion):
    """A version trained by CreateModel: its metrics appear when training succeeds."""

    SOURCE_TYPE = statuses.TRAINING
    RUNNING_STATUS = statuses.IN_PROGRESS
    KIND = "lookout_model_training"

    def end_results(self, when: datetime) -> JsonDict:
        return {"TrainingExecutionEndTime": when}

    def success_results(self, when: datetime) -> JsonDict:
        return {
            **self.end_results(when),
            "ModelMetrics": model_metrics(self.model.name, self.number, self.settings),
            "ModelQuality": model_quality(self.settings),
        }


def _refuse_taken_name(state: RegionState, name: str) -> None:
    if state.table(Model).by_name(name) is not None:
        raise conflict(f"The model '{name}' already exists.")


def _check_data_ranges(params: JsonDict) -> None:
    for start, end in DATA_RANGES:
        if start in params and end in params and params[start] >= params[end]:
            raise validation_error(f"{start} must be earlier than {end}.")


def _training_settings(state: RegionState, params: JsonDict, dataset: Dataset) -> JsonDict:
    schema = params.get("DatasetSchema", {}).get("InlineDataSchema")
    return {
        "DatasetName": dataset.name,
        "DatasetArn": dataset.arn,
        "Schema": schema or dataset.settings.get("Schema"),
        "ServerSideKmsKeyId": state.kms_key_arn(params.get("ServerSideKmsKeyId")),
        **{member: params.get(member) for member in _as_given()},
    }


@serves("lookoutequipment", "CreateModel")
def create_model(context: RequestContext, params: JsonDict) -> JsonDict:
    """Create a model and start training its version 1 on the mock clock."""
    state, name, now = context.state, params["ModelName"], context.now
    _refuse_taken_name(state, name)
    dataset = require_dataset(state, params["DatasetName"])
    _check_data_ranges(params)
    settings = _training_settings(state, params, dataset)
    model = Model(new_model_arn(state, name), name, now, model_settings(settings), now)
    with tagged(state, model.arn, params):
        state.table(Model).add(model)
        start_version(
            context,
            model,
            TrainedVersion,
            settings=settings,
            results={"TrainingExecutionStartTime": now},
        )
    return {"ModelArn": model.arn, "Status": model.status}


@serves("lookoutequipment", "DescribeModel")
def describe_model(context: RequestContext, params: JsonDict) -> JsonDict:
    """DescribeModel: a read of its latest version, the one that trains or imports."""
    model = require_model(context.state, params["ModelName"])
    return context.read(model, of=model.latest)


@serves("lookoutequipment", "ListModels")
def list_models(context: RequestContext, params: JsonDict) -> JsonDict:
    """Newest first; the name prefixes are case-sensitive, like the names."""
    status = params.get("Status")
    model_prefix = params.get("ModelNameBeginsWith", "")
    dataset_prefix = params.get("DatasetNameBeginsWith", "")

    def matches(model: Model) -> bool:
        return (
            model.name.startswith(model_prefix)
            and str(model.settings["DatasetName"]).startswith(dataset_prefix)
            and (status is None or model.status == status)
        )

    return list_page(context, context.state.table(Model), params, "ModelSummaries", matches)


@serves("lookoutequipment", "UpdateModel")
def update_model(context: RequestContext, params: JsonDict) -> JsonDict:
    model = require_model(context.state, params["ModelName"])
    for member in _updatable():
        if member in params:
            model.settings[member] = params[member]
    model.last_updated = context.now
    return {}


@serves("lookoutequipment", "DeleteModel")
def delete_model(context: RequestContext, params: JsonDict) -> JsonDict:
    """Delete a model with its versions and policies; a running training or import stops,
    and no test control reaches its versions any more."""
    model = require_model(context.state, params["ModelName"])
    for version in model.versions:
        context.backend.untrack(version)
    context.state.table(Model).remove(model)
    context.state.tags.drop(model.arn)
    return {}


@serves("lookoutequipment", "UpdateActiveModelVersion")
def update_active_model_version(context: RequestContext, params: JsonDict) -> JsonDict:
    model = require_model(context.state, params["ModelName"])
    version = require_version(model, params["ModelVersion"])
    if version.status != statuses.SUCCESS:
        raise validation_error(
            f"Model version {version.number} of model '{model.name}' cannot be activated: "
            f"its status is {version.status}; only a {statuses.SUCCESS} version can be activated."
        )
    model.activate(version, context.now)
    previous = model.previous.version if model.previous else None
    return {
        "ModelName": model.name,
        "ModelArn": model.arn,
        "CurrentActiveVersion": version.number,
        "CurrentActiveVersionArn": version.arn,
        "PreviousActiveVersion": previous.number if previous else None,
        "PreviousActiveVersionArn": previous.arn if previous else None,
    }
