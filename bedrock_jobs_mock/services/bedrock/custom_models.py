"""Custom models, whichever job made them (customization or copy), and who can see them.

An account sees, in each Region, the custom models it owns there and those
other accounts share with it there (``env.share_model``). GetCustomModel
reads either kind (a shared one by ARN only); ListCustomModels lists owned
ones, shared ones, or both (``isOwned``); only the owner can delete a model.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.identifiers import account_of
from bedrock_jobs_mock.engine.store import MergedTables, Ordered, Resource, ResourceTable, require
from bedrock_jobs_mock.services.bedrock.catalog import FoundationModel
from bedrock_jobs_mock.services.bedrock.jobs import delete_resource
from bedrock_jobs_mock.services.bedrock.listing import list_resources

#: How messages name a custom model.
CUSTOM_MODEL = "custom model"
#: The status of every custom model the mock holds: one appears only when its job completes.
MODEL_STATUS = "Active"


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
    training. A copy carries its source's lineage; nothing changes it afterwards.
    """

    job_name: str
    job_arn: str
    base: BaseModel
    customization_type: str
    #: None for a customization type that takes no hyperparameters.
    hyper_parameters: dict[str, str] | None
    training_data_config: JsonDict
    validation_data_config: JsonDict
    output_data_config: JsonDict
    customization_config: JsonDict | None
    training_metrics: JsonDict
    validation_metrics: list[JsonDict]

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
            "modelStatus": MODEL_STATUS,
            "ownerAccountId": self.owner,
        }


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
    shared = shared_models(context).by_arn(identifier)
    if shared is not None:
        return shared.describe()
    return require(owned_models(context), identifier, CUSTOM_MODEL).describe()


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
        status_of=lambda _: MODEL_STATUS,
        status_filter="modelStatus",
        extra_filter=_lineage_filter(params),
    )


@serves("bedrock", "DeleteCustomModel")
def delete_custom_model(context: RequestContext, params: JsonDict) -> JsonDict:
    """DeleteCustomModel, by name or ARN, of a model the caller owns: the model, its tags
    and its shares go; models customized or copied from it stay."""
    return delete_resource(context, owned_models(context), params["modelIdentifier"], CUSTOM_MODEL)
