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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bedrock_jobs_mock.backend import RegionState
from bedrock_jobs_mock.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.errors import conflict, not_found
from bedrock_jobs_mock.services.lookoutequipment import statuses
from bedrock_jobs_mock.services.lookoutequipment.arns import (
    account_of,
    new_model_arn,
    version_arn,
)
from bedrock_jobs_mock.services.lookoutequipment.policies import authorize_import
from bedrock_jobs_mock.services.lookoutequipment.records import (
    Dataset,
    InferenceData,
    Model,
    ModelVersion,
    find_version,
    model_settings,
    require_dataset,
)
from bedrock_jobs_mock.services.lookoutequipment.tags import add_tags, check_tag_room, request_tags

#: Size the mock gives every imported model artifact.
MODEL_ARTIFACT_BYTES = 1_048_576
#: Rate at which the mock counts a source model's inference data.
INFERENCE_BYTES_PER_SECOND = 1_000

#: DescribeModelVersion members an imported version takes from its source when created.
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


@dataclass(eq=False)
class ImportedVersion(ModelVersion):
    """A version made by ImportModelVersion."""

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
    """The source version, looked up in its owner's account in the caller's region."""
    owner = context.backend.region_state(account_of(arn), context.state.region)
    source = find_version(owner, arn)
    if source is None:
        raise not_found(f"The specified model version '{arn}' could not be found.")
    return source


def _authorize(context: RequestContext, source: ModelVersion) -> None:
    """Another account's version needs its owner's permission; the caller's own does not."""
    if account_of(source.arn) != context.state.account:
        authorize_import(
            context.state.account,
            context.state.partition,
            [source.model.policy, source.policy],
            source.arn,
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
        "LabelsInputConfiguration": params.get("LabelsInputConfiguration"),
        "RoleArn": params.get("RoleArn"),
        "ServerSideKmsKeyId": state.kms_key_arn(params.get("ServerSideKmsKeyId")),
        "SourceModelVersionArn": source.arn,
        "ImportJobStartTime": now,
    }


def _target_model(
    state: RegionState, name: str, settings: JsonDict, tags: dict[str, str], now: datetime
) -> Model:
    """The caller's model named ``name``, made now from ``settings`` if there is none."""
    model = state.table(Model).by_name(name)
    arn = model.arn if model else new_model_arn(state, name)
    check_tag_room(state, arn, tags)
    if model is None:
        model = Model(arn, name, now, model_settings(settings), now)
        state.table(Model).add(model)
    add_tags(state, arn, tags)
    return model


@serves("lookoutequipment", "ImportModelVersion")
def import_model_version(context: RequestContext, params: JsonDict) -> JsonDict:
    state, now = context.state, context.now
    source = _source_version(context, params["SourceModelVersionArn"])
    _authorize(context, source)
    if source.status != statuses.SUCCESS:
        raise conflict(
            f"The model version '{source.arn}' cannot be imported: its status is "
            f"{source.status}; only a {statuses.SUCCESS} version can be imported."
        )
    dataset = require_dataset(state, params["DatasetName"])
    settings = _version_settings(state, params, source, dataset, now)
    name = params.get("ModelName", source.model.name)
    model = _target_model(state, name, settings, request_tags(params), now)
    number = model.next_version_number()
    version = ImportedVersion(
        arn=version_arn(model.arn, number),
        name=name,
        creation_time=now,
        model=model,
        number=number,
        source_type=statuses.IMPORT,
        status=statuses.IMPORT_IN_PROGRESS,
        settings=settings,
        results={},
        last_updated=now,
        source_results={member: source.results.get(member) for member in _FROM_SOURCE_ON_SUCCESS},
        strategy=params.get("InferenceDataImportStrategy", statuses.NO_IMPORT),
        source_inference_data=_inference_data_of(source.model, now),
    )
    model.add_version(version)
    context.backend.track(version)
    due = now + context.options.durations["lookout_model_import"]
    context.backend.scheduler.at(due, version, version.complete)
    return {
        "ModelName": model.name,
        "ModelArn": model.arn,
        "ModelVersion": number,
        "ModelVersionArn": version.arn,
        "Status": version.status,
    }
