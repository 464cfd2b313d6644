"""ImportModelVersion: a successful model version, of this account or shared by another,
imported as a new version of a model of the caller, on the mock clock.

Inference data (decided; the mock runs no inference scheduler): a source
model counts as holding inference data from the moment its active version was
activated until the import starts, at ``INFERENCE_BYTES_PER_SECOND``.
``InferenceDataImportStrategy`` decides, when the import succeeds, whether
that data replaces the target model's (OVERWRITE), fills it only while the
target holds none (ADD_WHEN_EMPTY), or stays behind (NO_IMPORT, the default).
What was brought shows on the target's DescribeModel
(``AccumulatedInferenceDataStartTime``/``EndTime``) and in the version's
``ImportedDataSizeInBytes`` (``MODEL_ARTIFACT_BYTES`` plus the data's bytes).

A model takes one version at a time (decided): importing into a model whose
latest version is still training or importing is a ConflictException.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import conflict, not_found
from bedrock_jobs_mock.engine.identifiers import account_of
from bedrock_jobs_mock.services.lookoutequipment import statuses
from bedrock_jobs_mock.services.lookoutequipment.arns import new_model_arn
from bedrock_jobs_mock.services.lookoutequipment.policies import authorize_import
from bedrock_jobs_mock.services.lookoutequipment.records import (
    Dataset,
    InferenceData,
    Model,
    ModelVersion,
    echoed_members,
    find_version,
    model_settings,
    require_dataset,
    start_version,
)
from bedrock_jobs_mock.services.lookoutequipment.tags import tagged

#: Size the mock gives every imported model artifact.
MODEL_ARTIFACT_BYTES = 1_048_576
#: Rate at which the mock counts a source model's inference data.
INFERENCE_BYTES_PER_SECOND = 1_000

#: DescribeModelVersion members an imported version takes from its source when created
#: (what the source was trained with and the import request cannot give).
_FROM_SOURCE = (
    "Schema",
    "TrainingDataStartTime",
    "TrainingDataEndTime",
    "EvaluationDataStartTime",
    "EvaluationDataEndTime",
    "DataPreProcessingConfiguration",
    "OffCondition",
)
#: ... and when the import succeeds.
_FROM_SOURCE_ON_SUCCESS = ("ModelMetrics", "ModelQuality")


def _as_given() -> tuple[str, ...]:
    """ImportModelVersion members an imported version keeps as given (source ARN, labels,
    role)."""
    return echoed_members(
        "ImportModelVersion", leaving_out=("ModelName", "DatasetName", "ServerSideKmsKeyId")
    )


@dataclass(eq=False)
class ImportedVersion(ModelVersion):
    """A version made by ImportModelVersion."""

    SOURCE_TYPE = statuses.IMPORT
    RUNNING_STATUS = statuses.IMPORT_IN_PROGRESS
    KIND = "lookout_model_import"

    source_results: JsonDict = field(default_factory=dict)
    strategy: str = statuses.NO_IMPORT
    source_inference_data: InferenceData | None = None

    def end_results(self, when: datetime) -> JsonDict:
        return {"ImportJobEndTime": when}

    def success_results(self, when: datetime) -> JsonDict:
        return {
            **self.end_results(when),
            **self.source_results,
            "ImportedDataSizeInBytes": MODEL_ARTIFACT_BYTES + self._bring_inference_data(),
        }

    def _bring_inference_data(self) -> int:
        """Apply the strategy to the target model; the bytes of inference data brought."""
        data, target = self.source_inference_data, self.model
        if data is None or self.strategy == statuses.NO_IMPORT:
            return 0
        if self.strategy == statuses.ADD_WHEN_EMPTY and target.inference_data is not None:
            return 0
        target.inference_data = data
        return int((data.end - data.start).total_seconds()) * INFERENCE_BYTES_PER_SECOND


def _source_version(context: RequestContext, arn: str) -> ModelVersion:
    """The source version, looked up in its owner's account in the caller's region
    (an account that has never been used there has none, and is not brought into being)."""
    owner = context.backend.existing_region_state(account_of(arn), context.state.region)
    source = find_version(owner, arn) if owner is not None else None
    if source is None:
        raise not_found(f"The specified model version '{arn}' could not be found.")
    return source


def _authorize(context: RequestContext, source: ModelVersion) -> None:
    """The policies of the source's model and version decide; see ``authorize_import``."""
    authorize_import(
        context.state.account,
        context.state.partition,
        [source.model, source],
        source.arn,
        same_account=account_of(source.arn) == context.state.account,
    )


def _refuse_while_running(model: Model) -> None:
    """A model takes one version at a time (decided): none while its latest still runs."""
    latest = model.latest
    if latest.is_running:
        raise conflict(
            f"The model '{model.name}' cannot take a new version while its version "
            f"{latest.number} is {latest.status}."
        )


def _inference_data_of(model: Model, now: datetime) -> InferenceData | None:
    return InferenceData(model.active.at, now) if model.active is not None else None


def _version_settings(
    state: RegionState, params: JsonDict, source: ModelVersion, dataset: Dataset, now: datetime
) -> JsonDict:
    return {
        "DatasetName": dataset.name,
        "DatasetArn": dataset.arn,
        **{member: source.settings.get(member) for member in _FROM_SOURCE},
        **{member: params.get(member) for member in _as_given()},
        "ServerSideKmsKeyId": state.kms_key_arn(params.get("ServerSideKmsKeyId")),
        "ImportJobStartTime": now,
    }


@serves("lookoutequipment", "ImportModelVersion")
def import_model_version(context: RequestContext, params: JsonDict) -> JsonDict:
    """Import as the next version of the caller's ``ModelName`` (default: the source
    model's name), made now from the version's settings if the caller has no such model."""
    state, now = context.state, context.now
    source = _source_version(context, params["SourceModelVersionArn"])
    _authorize(context, source)
    if source.status != statuses.SUCCESS:
        raise conflict(
            f"The model version '{source.arn}' cannot be imported: its status is "
            f"{source.status}; only a {statuses.SUCCESS} version can be imported."
        )
    dataset = require_dataset(state, params["DatasetName"])
    name = params.get("ModelName", source.model.name)
    model = state.table(Model).by_name(name)
    if model is not None:
        _refuse_while_running(model)
    settings = _version_settings(state, params, source, dataset, now)
    with tagged(state, model.arn if model else new_model_arn(state, name), params) as arn:
        if model is None:
            model = Model(arn, name, now, model_settings(settings), now)
            state.table(Model).add(model)
        version = start_version(
            context,
            model,
            ImportedVersion,
            settings=settings,
            results={},
            source_results={key: source.results.get(key) for key in _FROM_SOURCE_ON_SUCCESS},
            strategy=params.get("InferenceDataImportStrategy", statuses.NO_IMPORT),
            source_inference_data=_inference_data_of(source.model, now),
        )
    return {
        "ModelName": model.name,
        "ModelArn": model.arn,
        "ModelVersion": version.number,
        "ModelVersionArn": version.arn,
        "Status": version.status,
    }
