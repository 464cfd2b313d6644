"""Datasets, models and model versions: the records every Lookout for Equipment operation shares."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, ClassVar, TypeVar, Union

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext
from bedrock_jobs_mock.engine.errors import not_found
from bedrock_jobs_mock.engine.lifecycle import Job
from bedrock_jobs_mock.engine.paging import paginate
from bedrock_jobs_mock.engine.store import Resource, ResourceTable, require
from bedrock_jobs_mock.services.lookoutequipment import statuses
from bedrock_jobs_mock.services.lookoutequipment.arns import split_version_arn, version_arn
from bedrock_jobs_mock.services.lookoutequipment.policies import ResourcePolicy
from bedrock_jobs_mock.services.lookoutequipment.statuses import lookout_model

#: DescribeModel members that configure the model itself (UpdateModel changes some);
#: everything else DescribeModel shows comes from its active (else latest) version.
MODEL_SETTINGS = (
    "DatasetName",
    "DatasetArn",
    "Schema",
    "LabelsInputConfiguration",
    "RoleArn",
    "ServerSideKmsKeyId",
    "DataPreProcessingConfiguration",
    "OffCondition",
    "ModelDiagnosticsOutputConfiguration",
)


def model_settings(version_settings: JsonDict) -> JsonDict:
    """The settings a new model takes from the settings of its first version."""
    return {name: version_settings.get(name) for name in MODEL_SETTINGS}


@functools.cache
def input_members(operation: str, *, leaving_out: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The members of ``operation``'s input shape in botocore's model, but ``leaving_out``:
    read from the model on first use, once (importing the package loads no model)."""
    shape = lookout_model().operation_model(operation).input_shape
    return tuple(name for name in shape.members if name not in leaving_out)


@functools.cache
def echoed_members(operation: str, *, leaving_out: tuple[str, ...]) -> tuple[str, ...]:
    """The members of ``operation``'s input that DescribeModelVersion shows under the same
    name, but ``leaving_out`` (those the handler resolves itself): a version keeps them as
    given. Read from the model on first use, once.
    """
    described = lookout_model().operation_model("DescribeModelVersion")
    shown = described.output_shape.members
    return tuple(
        name for name in input_members(operation, leaving_out=leaving_out) if name in shown
    )


@dataclass(eq=False)
class Dataset(Resource):
    """A dataset; ``settings`` holds DescribeDataset members under the API's names."""

    status: str
    last_updated: datetime
    settings: JsonDict

    def describe(self) -> JsonDict:
        """DescribeDataset; also a ListDatasets summary (the encoder keeps its members)."""
        return {
            **self.settings,
            "DatasetName": self.name,
            "DatasetArn": self.arn,
            "Status": self.status,
            "CreatedAt": self.creation_time,
            "LastUpdatedAt": self.last_updated,
        }


@dataclass(frozen=True)
class Activation:
    """``version`` made the model's active version at ``at``."""

    version: ModelVersion
    at: datetime


@dataclass(frozen=True)
class InferenceData:
    """Inference data a model holds, which the mock knows only by its time range."""

    start: datetime
    end: datetime


@dataclass(eq=False)
class ModelVersion(Job):
    """One version of a model, trained or imported, that finishes on the clock.

    ``settings`` (what the version was made with) and ``results`` (what its
    run produced) hold DescribeModelVersion members under the API's names.
    The ``name`` of a version, which the test controls accept, is
    ``{model name}/{version number}``.
    """

    #: The SourceType of the kind, and the status it runs in.
    SOURCE_TYPE: ClassVar[str]
    RUNNING_STATUS: ClassVar[str]

    model: Model = field(repr=False)
    number: int
    status: str
    settings: JsonDict
    results: JsonDict
    last_updated: datetime
    policy: ResourcePolicy | None = None

    @property
    def source_type(self) -> str:
        return self.SOURCE_TYPE

    @property
    def is_running(self) -> bool:
        return self.status == self.RUNNING_STATUS

    def end_results(self, when: datetime) -> JsonDict:
        """Members stamped when the run ends, however it ends."""
        raise NotImplementedError

    def success_results(self, when: datetime) -> JsonDict:
        """Members a successful run adds."""
        return self.end_results(when)

    def complete(self, when: datetime) -> None:
        self.results.update(self.success_results(when))
        self._finish(statuses.SUCCESS, when)
        if self.model.active is None:
            self.model.activate(self, when)

    def fail(self, when: datetime, message: str) -> None:
        self.results.update(self.end_results(when), FailedReason=message)
        self._finish(statuses.FAILED, when)

    def _finish(self, status: str, when: datetime) -> None:
        self.status = status
        self.last_updated = self.model.last_updated = when

    def describe(self) -> JsonDict:
        """DescribeModelVersion; also a ListModelVersions summary (the encoder keeps its own)."""
        return {
            "ModelName": self.model.name,
            "ModelArn": self.model.arn,
            "ModelVersion": self.number,
            "ModelVersionArn": self.arn,
            "Status": self.status,
            "SourceType": self.source_type,
            **self.settings,
            **self.results,
            "CreatedAt": self.creation_time,
            "LastUpdatedTime": self.last_updated,
        }


@dataclass(eq=False)
class Model(Resource):
    """A model of one account and region, with its versions in creation order."""

    settings: JsonDict
    last_updated: datetime
    versions: ResourceTable[ModelVersion] = field(default_factory=ResourceTable, repr=False)
    numbered: dict[int, ModelVersion] = field(default_factory=dict, repr=False)
    active: Activation | None = None
    previous: Activation | None = None
    inference_data: InferenceData | None = None
    policy: ResourcePolicy | None = None

    def add_version(self, version: ModelVersion) -> None:
        self.versions.add(version)
        self.numbered[version.number] = version

    def next_version_number(self) -> int:
        return max(self.numbered, default=0) + 1

    @property
    def latest(self) -> ModelVersion:
        return self.numbered[max(self.numbered)]

    def reference_version(self) -> ModelVersion:
        """The version DescribeModel reports on: the active one, else the latest."""
        return self.active.version if self.active is not None else self.latest

    @property
    def status(self) -> str:
        return self._status_with(self.reference_version())

    def _status_with(self, reference: ModelVersion) -> str:
        """SUCCESS once a version is active; until then, the status of ``reference``."""
        return statuses.SUCCESS if self.active is not None else reference.status

    def activate(self, version: ModelVersion, when: datetime) -> None:
        """Make ``version`` the active one; the active one becomes the previous one."""
        if self.active is not None and self.active.version is version:
            return
        self.previous, self.active = self.active, Activation(version, when)
        self.last_updated = when

    def describe(self) -> JsonDict:
        """DescribeModel; also a ListModels summary (the encoder keeps its members).

        What the reference version was made with and produced, under the model's own
        settings; the members only a version describes (its number) are not DescribeModel's.
        """
        active, previous, data = self.active, self.previous, self.inference_data
        version = self.reference_version()
        return {
            **version.settings,
            **version.results,
            **self.settings,
            "ModelName": self.name,
            "ModelArn": self.arn,
            "Status": self._status_with(version),
            "CreatedAt": self.creation_time,
            "LastUpdatedTime": self.last_updated,
            "ActiveModelVersion": active.version.number if active else None,
            "ActiveModelVersionArn": active.version.arn if active else None,
            "ModelVersionActivatedAt": active.at if active else None,
            "PreviousActiveModelVersion": previous.version.number if previous else None,
            "PreviousActiveModelVersionArn": previous.version.arn if previous else None,
            "PreviousModelVersionActivatedAt": previous.at if previous else None,
            "AccumulatedInferenceDataStartTime": data.start if data else None,
            "AccumulatedInferenceDataEndTime": data.end if data else None,
        }


PolicyHolder = Union[Model, ModelVersion]
V = TypeVar("V", bound=ModelVersion)
#: What the List operations list.
Listed = TypeVar("Listed", Dataset, Model, ModelVersion)


def start_version(context: RequestContext, model: Model, kind: type[V], **members: Any) -> V:
    """Add the next version of ``model``: a ``kind`` made now with ``members`` (its settings,
    results, ...), in ``kind.RUNNING_STATUS`` until its run (``kind.KIND``) ends."""
    now, number = context.now, model.next_version_number()
    version = kind(
        arn=version_arn(model.arn, number),
        name=f"{model.name}/{number}",
        creation_time=now,
        model=model,
        number=number,
        status=kind.RUNNING_STATUS,
        last_updated=now,
        **members,
    )
    model.add_version(version)
    context.backend.track(version)
    context.backend.start_run(version)
    return version


def list_page(
    context: RequestContext,
    table: ResourceTable[Listed],
    params: JsonDict,
    summaries: str,
    matches: Callable[[Listed], bool],
    *subject: str,
) -> JsonDict:
    """A page of ``table`` (newest first, ``matches`` kept) summarised under ``summaries``.

    ``subject`` binds the NextToken to what the listed resources belong to (a model's versions).
    """
    page = paginate(
        table,
        context.token_codec(*subject),
        matches=matches,
        max_results=params.get("MaxResults"),
        next_token=params.get("NextToken"),
    )
    return {summaries: [item.describe() for item in page.items], "NextToken": page.next_token}


def require_dataset(state: RegionState, name: str) -> Dataset:
    """The caller's dataset named ``name``, else ResourceNotFoundException."""
    return require(state.table(Dataset), name, "dataset")


def require_model(state: RegionState, name: str) -> Model:
    """The caller's model named ``name``, else ResourceNotFoundException."""
    return require(state.table(Model), name, "model")


def require_version(model: Model, number: int) -> ModelVersion:
    """Version ``number`` of ``model``, else ResourceNotFoundException."""
    version = model.numbered.get(number)
    if version is None:
        raise not_found(
            f"The specified model version {number} of model '{model.name}' could not be found."
        )
    return version


def find_version(state: RegionState, arn: str) -> ModelVersion | None:
    """The model version of ``state`` whose ARN is ``arn``."""
    parts = split_version_arn(arn)
    model = state.table(Model).by_arn(parts[0]) if parts else None
    version = model.numbered.get(parts[1]) if model and parts else None
    return version if version is not None and version.arn == arn else None


def find_policy_holder(state: RegionState, arn: str) -> PolicyHolder | None:
    """The model or model version of ``state`` whose ARN is ``arn``."""
    return state.table(Model).by_arn(arn) or find_version(state, arn)
