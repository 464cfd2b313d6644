"""Custom models, whichever way they were made (customization, copy, CreateCustomModel),
their status, and who can see them.

An account sees, in each Region, the custom models it owns there and those
other accounts share with it there (``env.share_model``). GetCustomModel
reads either kind (a shared one by ARN only); ListCustomModels lists owned
ones, shared ones, or both (``isOwned``); only the owner can delete a model,
and not while it is being created or while anything serves it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Optional

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import conflict, validation_error
from bedrock_jobs_mock.engine.identifiers import account_of
from bedrock_jobs_mock.engine.store import (
    MergedTables,
    Ordered,
    Resource,
    ResourceTable,
    missing,
    require,
)
from bedrock_jobs_mock.services.bedrock.catalog import FoundationModel
from bedrock_jobs_mock.services.bedrock.jobs import remove_resource
from bedrock_jobs_mock.services.bedrock.listing import list_resources

#: How messages name a custom model.
CUSTOM_MODEL = "custom model"
#: modelStatus values. A model a job made appears Active when its job completes; one
#: CreateCustomModel makes is Creating until its creation ends.
CREATING, ACTIVE, FAILED = "Creating", "Active", "Failed"

#: What serves a custom model: each function names, in a Region, what serves the model
#: whose ARN it is given (``custom model deployment my-deployment``), or returns None.
#: The families that serve models register one; a model something serves cannot be deleted.
ServedBy = Callable[[RegionState, str], Optional[str]]
MODEL_SERVERS: list[ServedBy] = []


@dataclass(frozen=True)
class BaseModel:
    """What a job customizes: a foundation model, or a custom model built on one.

    ``identifier`` is how the request named it, for messages; ``foundation`` is
    the root foundation model, whose rules apply however long the chain.
    """

    identifier: str
    arn: str
    foundation: FoundationModel
    foundation_arn: str


@dataclass(frozen=True)
class Lineage:
    """How a custom model was made: the customization job, its base model and its
    training. A copy carries its source's lineage; nothing changes it afterwards. A
    model brought in with CreateCustomModel had no job and no training in Bedrock: it
    has none of those members.
    """

    job_name: str | None
    job_arn: str | None
    base: BaseModel
    customization_type: str
    #: None for a customization type that takes no hyperparameters.
    hyper_parameters: dict[str, str] | None
    training_data_config: JsonDict | None
    validation_data_config: JsonDict | None
    output_data_config: JsonDict | None
    customization_config: JsonDict | None
    training_metrics: JsonDict | None
    validation_metrics: list[JsonDict] | None

    def in_region(self, foundation_arn: str) -> Lineage:
        """This lineage as a copy in another Region reports it: its root foundation model
        is that Region's (``foundation_arn``), and so is its base when the base was the
        foundation model itself; a custom base keeps its own ARN."""
        base = self.base
        arn = foundation_arn if base.arn == base.foundation_arn else base.arn
        return replace(self, base=replace(base, arn=arn, foundation_arn=foundation_arn))


@dataclass(eq=False)
class CustomModel(Resource):
    """A custom model, owned by the account its ARN names."""

    lineage: Lineage
    kms_key_arn: str | None
    status: str = ACTIVE
    failure_message: str | None = None

    @property
    def owner(self) -> str:
        """The account that owns the model."""
        return account_of(self.arn)

    def describe(self) -> JsonDict:
        """GetCustomModel's answer, also a ListCustomModels summary."""
        lineage = self.lineage
        return {
            "modelArn": self.arn,
            "modelName": self.name,
            "jobName": lineage.job_name,
            "jobArn": lineage.job_arn,
            "baseModelArn": lineage.base.arn,
            # Summaries report an empty baseModelName (seen in real responses).
            "baseModelName": "",
            "customizationType": lineage.customization_type,
            "modelKmsKeyArn": self.kms_key_arn,
            "hyperParameters": lineage.hyper_parameters,
            "trainingDataConfig": lineage.training_data_config,
            "validationDataConfig": lineage.validation_data_config,
            "outputDataConfig": lineage.output_data_config,
            "trainingMetrics": lineage.training_metrics,
            "validationMetrics": lineage.validation_metrics,
            "creationTime": self.creation_time,
            "customizationConfig": lineage.customization_config,
            "modelStatus": self.status,
            "failureMessage": self.failure_message,
            "ownerAccountId": self.owner,
        }


def check_active(model: CustomModel, identifier: str, action: str) -> CustomModel:
    """``model``, if it is Active; else ``ValidationException`` saying it cannot be
    ``action`` (``deployed``, ``copied``): the operations that use a model declare no
    ConflictException (decided)."""
    if model.status != ACTIVE:
        raise validation_error(
            f"The custom model '{identifier}' cannot be {action}: its status is "
            f"{model.status}, and only Active custom models can be {action}."
        )
    return model


def owned_models(context: RequestContext) -> ResourceTable[CustomModel]:
    """The custom models the caller owns in the request's Region."""
    return context.state.table(CustomModel)


def shared_models(context: RequestContext) -> ResourceTable[CustomModel]:
    """The custom models of the request's Region that other accounts share with the caller."""
    state = context.state
    return context.backend.shares.shared_with(CustomModel, state.account, state.region)


def visible_models(context: RequestContext, owned: bool | None = None) -> Ordered[CustomModel]:
    """The models ``isOwned`` selects: owned (True), shared with the caller (False), or both."""
    if owned is None:
        return MergedTables(owned_models(context), shared_models(context))
    return owned_models(context) if owned else shared_models(context)


@serves("bedrock", "GetCustomModel")
def get_custom_model(context: RequestContext, params: JsonDict) -> JsonDict:
    """GetCustomModel: an owned model by name or ARN, a shared one by ARN."""
    identifier = params["modelIdentifier"]
    model = owned_models(context).find(identifier)
    if model is None:
        model = shared_models(context).by_arn(identifier)
    if model is None:
        raise missing(CUSTOM_MODEL, identifier)
    return context.read(model)


def _lineage_filter(params: JsonDict) -> Callable[[CustomModel], bool]:
    """baseModelArnEquals: the model customized; foundationModelArnEquals: the root
    foundation model, through any chain of customizations and copies."""
    base_arn = params.get("baseModelArnEquals")
    foundation_arn = params.get("foundationModelArnEquals")
    return lambda model: (
        (base_arn is None or model.lineage.base.arn == base_arn)
        and (foundation_arn is None or model.lineage.base.foundation_arn == foundation_arn)
    )


@serves("bedrock", "ListCustomModels")
def list_custom_models(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListCustomModels, with the common filters plus base, foundation, owner and status."""
    return list_resources(
        context,
        params,
        visible_models(context, params.get("isOwned")),
        result_key="modelSummaries",
        describe=CustomModel.describe,
        status_filter="modelStatus",
        extra_filter=_lineage_filter(params),
    )


@serves("bedrock", "DeleteCustomModel")
def delete_custom_model(context: RequestContext, params: JsonDict) -> JsonDict:
    """DeleteCustomModel, by name or ARN, of a model the caller owns that is neither being
    created nor served (ConflictException, decided): the model, its tags and its shares
    go; models customized or copied from it stay."""
    table = owned_models(context)
    model = require(table, params["modelIdentifier"], CUSTOM_MODEL)
    if model.status == CREATING:
        raise conflict(
            f"The custom model {model.name} cannot be deleted while it is being created."
        )
    for served_by in MODEL_SERVERS:
        server = served_by(context.state, model.arn)
        if server is not None:
            raise conflict(
                f"The custom model {model.name} cannot be deleted while {server} uses it."
            )
    return remove_resource(context, table, model)
