"""Provisioned Throughput: model units bought for a custom model, or for a foundation
model the catalogue marks as provisionable.

Creating, then InService (or Failed) on the clock. An update may rename it at
once and switch its model: it is Updating, still serving its ``modelArn``,
with ``desiredModelArn`` the model it switches to, until the update ends.
Model units and commitment never change. It cannot be deleted before its
commitment term ends.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import conflict, validation_error
from bedrock_jobs_mock.engine.store import require
from bedrock_jobs_mock.engine.tagging import check_tag_keys, tags_from_list
from bedrock_jobs_mock.services.bedrock import catalog
from bedrock_jobs_mock.services.bedrock.foundation_models import foundation_model_arn, model_id_of
from bedrock_jobs_mock.services.bedrock.jobs import remove_resource
from bedrock_jobs_mock.services.bedrock.listing import list_resources
from bedrock_jobs_mock.services.bedrock.serving import (
    Serving,
    check_name_free,
    finish_later,
    served_model,
    serving_kind,
    start,
)

CREATING, IN_SERVICE, UPDATING, FAILED = "Creating", "InService", "Updating", "Failed"
#: The length of each commitment term, in calendar months from the purchase (decided).
COMMITMENT_MONTHS = {"OneMonth": 1, "SixMonths": 6}


@dataclass(frozen=True)
class ProvisionedModel:
    """A model Provisioned Throughput serves, and the foundation model it is built on."""

    arn: str
    foundation_arn: str

    @property
    def is_foundation_model(self) -> bool:
        return self.arn == self.foundation_arn


@serving_kind
@dataclass(eq=False)
class ProvisionedThroughput(Serving):
    """Provisioned Throughput: Creating, then InService or Failed; Updating while it
    switches to ``desired``."""

    what = "Provisioned Throughput"
    KIND = "provisioned_throughput"

    model: ProvisionedModel
    desired: ProvisionedModel
    model_units: int
    commitment_duration: str | None
    commitment_expiration_time: datetime | None
    last_modified_time: datetime
    status: str = CREATING
    failure_message: str | None = None

    @property
    def is_running(self) -> bool:
        """Whether it is being created or updated."""
        return self.status in (CREATING, UPDATING)

    def serves(self, model_arn: str) -> bool:
        """Whether it serves ``model_arn`` or is switching to it. A Failed one still names
        both until it is deleted, so neither model can be deleted under it (decided)."""
        return model_arn in (self.model.arn, self.desired.arn)

    def named_models(self) -> tuple[str, ...]:
        """The model it serves and the one it switches to (the same when not switching)."""
        return (self.model.arn, self.desired.arn)

    def switch(self, model: ProvisionedModel, when: datetime) -> None:
        """Start switching to ``model``: Updating from ``when``."""
        self.desired, self.status, self.last_modified_time = model, UPDATING, when

    def complete(self, when: datetime) -> None:
        """InService from ``when``, serving the desired model."""
        self.model, self.status, self.last_modified_time = self.desired, IN_SERVICE, when

    def fail(self, when: datetime, message: str) -> None:
        """Failed from ``when`` with ``message``, whether it was being created or updated
        (decided: the status set has no UpdateFailed)."""
        self.status, self.failure_message, self.last_modified_time = FAILED, message, when

    def describe(self) -> JsonDict:
        """GetProvisionedModelThroughput's answer, also a list summary."""
        return {
            "modelUnits": self.model_units,
            "desiredModelUnits": self.model_units,
            "provisionedModelName": self.name,
            "provisionedModelArn": self.arn,
            "modelArn": self.model.arn,
            "desiredModelArn": self.desired.arn,
            "foundationModelArn": self.model.foundation_arn,
            "status": self.status,
            "creationTime": self.creation_time,
            "lastModifiedTime": self.last_modified_time,
            "failureMessage": self.failure_message,
            "commitmentDuration": self.commitment_duration,
            "commitmentExpirationTime": self.commitment_expiration_time,
        }


def _provisioned_model(context: RequestContext, identifier: str) -> ProvisionedModel:
    """The model ``identifier`` names: a provisionable foundation model (id or ARN), or an
    Active custom model of the caller (name or ARN)."""
    state = context.state
    foundation = catalog.find(model_id_of(state, identifier))
    if foundation is not None:
        if not foundation.is_provisionable:
            raise validation_error(
                f"The model '{identifier}' does not support Provisioned Throughput."
            )
        arn = foundation_model_arn(state, foundation.model_id)
        return ProvisionedModel(arn, arn)
    custom = served_model(context, identifier, "provisioned", what="model")
    return ProvisionedModel(custom.arn, custom.lineage.base.foundation_arn)


def _add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` calendar months later (the month's last day if it is shorter)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(
        year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1])
    )


@serves("bedrock", "CreateProvisionedModelThroughput")
def create_provisioned_model_throughput(context: RequestContext, params: JsonDict) -> JsonDict:
    """CreateProvisionedModelThroughput: the name, the model and the tags are checked;
    InService after ``durations["provisioned_throughput"]``. A name in use is a
    ValidationException: the operation declares no ConflictException. Tag keys beginning
    with ``aws:`` are refused before anything else."""
    check_tag_keys(params, "tags")
    state = context.state
    name = params["provisionedModelName"]
    check_name_free(state, ProvisionedThroughput, name)
    model = _provisioned_model(context, params["modelId"])
    now = context.now
    commitment = params.get("commitmentDuration")
    throughput = ProvisionedThroughput(
        arn=state.arn("bedrock", f"provisioned-model/{context.backend.new_id()}"),
        name=name,
        creation_time=now,
        model=model,
        desired=model,
        model_units=params["modelUnits"],
        commitment_duration=commitment,
        commitment_expiration_time=(
            _add_months(now, COMMITMENT_MONTHS[commitment]) if commitment else None
        ),
        last_modified_time=now,
    )
    start(context, throughput, tags_from_list(params.get("tags", [])))
    return {"provisionedModelArn": throughput.arn}


def _require(context: RequestContext, identifier: str) -> ProvisionedThroughput:
    return require(
        context.state.table(ProvisionedThroughput), identifier, ProvisionedThroughput.what
    )


@serves("bedrock", "GetProvisionedModelThroughput")
def get_provisioned_model_throughput(context: RequestContext, params: JsonDict) -> JsonDict:
    """GetProvisionedModelThroughput, by name or ARN."""
    return context.read(_require(context, params["provisionedModelId"]))


@serves("bedrock", "ListProvisionedModelThroughputs")
def list_provisioned_model_throughputs(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListProvisionedModelThroughputs, with the common filters plus the model it serves."""
    model_arn = params.get("modelArnEquals")
    return list_resources(
        context,
        params,
        context.state.table(ProvisionedThroughput),
        result_key="provisionedModelSummaries",
        describe=ProvisionedThroughput.describe,
        extra_filter=lambda throughput: model_arn is None or throughput.model.arn == model_arn,
    )


def _check_switch(throughput: ProvisionedThroughput, model: ProvisionedModel, given: str) -> None:
    """A Provisioned Throughput for a custom model may switch to its base model or to
    another custom model of that base; one for a base model cannot switch (doc)."""
    if throughput.model.is_foundation_model:
        raise validation_error(
            f"The model of the {throughput.what} {throughput.name} cannot be changed: it "
            "serves a base model."
        )
    if model.foundation_arn != throughput.model.foundation_arn:
        raise validation_error(
            f"The model '{given}' is not {throughput.model.foundation_arn} nor a custom model "
            f"of it, the base model of the {throughput.what} {throughput.name}."
        )


@serves("bedrock", "UpdateProvisionedModelThroughput")
def update_provisioned_model_throughput(context: RequestContext, params: JsonDict) -> JsonDict:
    """UpdateProvisionedModelThroughput of an InService one: a new name at once, a new
    model after ``durations["provisioned_throughput"]``. Anything refused is a
    ValidationException: the operation declares no ConflictException."""
    throughput = _require(context, params["provisionedModelId"])
    if throughput.status != IN_SERVICE:
        raise validation_error(
            f"The {throughput.what} {throughput.name} cannot be updated while its status is "
            f"{throughput.status}."
        )
    new_name = params.get("desiredProvisionedModelName", throughput.name)
    model_id = params.get("desiredModelId")
    model = _provisioned_model(context, model_id) if model_id is not None else None
    if model is not None:
        _check_switch(throughput, model, str(model_id))
    if new_name != throughput.name:
        check_name_free(context.state, ProvisionedThroughput, new_name)
        context.state.table(ProvisionedThroughput).rename(throughput, new_name)
    throughput.last_modified_time = context.now
    if model is not None and model.arn != throughput.model.arn:
        throughput.switch(model, context.now)
        finish_later(context, throughput)
    return {}


@serves("bedrock", "DeleteProvisionedModelThroughput")
def delete_provisioned_model_throughput(context: RequestContext, params: JsonDict) -> JsonDict:
    """DeleteProvisionedModelThroughput, by name or ARN, at once whatever its status,
    except before its commitment term ends (doc; ConflictException, decided) unless it
    Failed (decided)."""
    throughput = _require(context, params["provisionedModelId"])
    expires = throughput.commitment_expiration_time
    if expires is not None and context.now < expires and throughput.status != FAILED:
        raise conflict(
            f"The {throughput.what} {throughput.name} cannot be deleted before its "
            f"commitment term ends at {expires.isoformat()}."
        )
    return remove_resource(context, context.state.table(ProvisionedThroughput), throughput)
