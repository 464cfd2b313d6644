"""Custom model deployments: an Active custom model of the caller served on demand.

Creating, then Active (or Failed) on the clock. An update switches the model
it serves: it stays Active and keeps serving its ``modelArn`` while
``updateDetails`` reports the model it switches to, Updating, then
UpdateCompleted (the new model is served) or UpdateFailed (the old one still
is). It cannot be deleted while it is being created or updated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import conflict, validation_error
from bedrock_jobs_mock.engine.store import require
from bedrock_jobs_mock.engine.tagging import check_tag_keys, tags_from_list
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

CREATING, ACTIVE, FAILED = "Creating", "Active", "Failed"
UPDATING, UPDATE_COMPLETED, UPDATE_FAILED = "Updating", "UpdateCompleted", "UpdateFailed"


@dataclass
class Update:
    """An update's ``updateDetails``: the model it switches to, and how far it got."""

    model_arn: str
    status: str = UPDATING

    def describe(self) -> JsonDict:
        return {"modelArn": self.model_arn, "updateStatus": self.status}


@serving_kind
@dataclass(eq=False)
class CustomModelDeployment(Serving):
    """A custom model deployment: Creating, then Active or Failed; an update runs while
    it stays Active."""

    what = "custom model deployment"
    KIND = "custom_model_deployment"

    model_arn: str
    description: str | None
    last_updated_at: datetime
    status: str = CREATING
    update: Update | None = None
    failure_message: str | None = None

    @property
    def running_update(self) -> Update | None:
        """The update under way, if any."""
        return self.update if self.update is not None and self.update.status == UPDATING else None

    @property
    def is_running(self) -> bool:
        """Whether it is being created or updated."""
        return self.status == CREATING or self.running_update is not None

    def serves(self, model_arn: str) -> bool:
        """Whether it serves ``model_arn`` or is switching to it (a Failed one serves none)."""
        update = self.running_update
        switching_to = update.model_arn if update is not None else None
        return self.status != FAILED and model_arn in (self.model_arn, switching_to)

    def named_models(self) -> tuple[str, ...]:
        """The model it serves, and the one its latest update switched to, if any."""
        return (self.model_arn,) if self.update is None else (self.model_arn, self.update.model_arn)

    def switch(self, model_arn: str, when: datetime) -> None:
        """Start switching to ``model_arn`` at ``when``; an earlier failure is forgotten."""
        self.update, self.last_updated_at = Update(model_arn), when
        self.failure_message = None

    def complete(self, when: datetime) -> None:
        """The creation or update ends well at ``when``: Active, serving the new model."""
        update = self.running_update
        if update is not None:
            self.model_arn, update.status = update.model_arn, UPDATE_COMPLETED
        self.status, self.last_updated_at = ACTIVE, when

    def fail(self, when: datetime, message: str) -> None:
        """The creation or update fails at ``when`` with ``message``: a failed creation is
        Failed; a failed update leaves it Active on its old model (UpdateFailed)."""
        update = self.running_update
        if update is not None:
            update.status = UPDATE_FAILED
        else:
            self.status = FAILED
        self.failure_message, self.last_updated_at = message, when

    def describe(self) -> JsonDict:
        """GetCustomModelDeployment's answer, also a list summary (which names the
        deployment ``customModelDeploymentName``)."""
        return {
            "customModelDeploymentArn": self.arn,
            "modelDeploymentName": self.name,
            "customModelDeploymentName": self.name,
            "modelArn": self.model_arn,
            "createdAt": self.creation_time,
            "status": self.status,
            "description": self.description,
            "updateDetails": self.update.describe() if self.update is not None else None,
            "failureMessage": self.failure_message,
            "lastUpdatedAt": self.last_updated_at,
        }


@serves("bedrock", "CreateCustomModelDeployment")
def create_custom_model_deployment(context: RequestContext, params: JsonDict) -> JsonDict:
    """CreateCustomModelDeployment: the name, the model and the tags are checked; Active
    after ``durations["custom_model_deployment"]``. A name in use is a
    ValidationException: the operation declares no ConflictException. Tag keys beginning
    with ``aws:`` are refused before anything else."""
    check_tag_keys(params, "tags")
    state = context.state
    name = params["modelDeploymentName"]
    check_name_free(state, CustomModelDeployment, name)
    model = served_model(context, params["modelArn"], "deployed")
    now = context.now
    deployment = CustomModelDeployment(
        arn=state.arn("bedrock", f"custom-model-deployment/{context.backend.new_id()}"),
        name=name,
        creation_time=now,
        model_arn=model.arn,
        description=params.get("description"),
        last_updated_at=now,
    )
    start(context, deployment, tags_from_list(params.get("tags", [])))
    return {"customModelDeploymentArn": deployment.arn}


def _require(context: RequestContext, identifier: str) -> CustomModelDeployment:
    table = context.state.table(CustomModelDeployment)
    return require(table, identifier, CustomModelDeployment.what)


@serves("bedrock", "GetCustomModelDeployment")
def get_custom_model_deployment(context: RequestContext, params: JsonDict) -> JsonDict:
    """GetCustomModelDeployment, by name or ARN."""
    return context.read(_require(context, params["customModelDeploymentIdentifier"]))


@serves("bedrock", "ListCustomModelDeployments")
def list_custom_model_deployments(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListCustomModelDeployments: ``createdAfter``/``Before``, ``nameContains``,
    ``statusEquals``, ``modelArnEquals`` (the model it serves), sort and paging."""
    model_arn = params.get("modelArnEquals")
    return list_resources(
        context,
        params,
        context.state.table(CustomModelDeployment),
        result_key="modelDeploymentSummaries",
        describe=CustomModelDeployment.describe,
        time_filters=("createdAfter", "createdBefore"),
        extra_filter=lambda deployment: model_arn is None or deployment.model_arn == model_arn,
    )


@serves("bedrock", "UpdateCustomModelDeployment")
def update_custom_model_deployment(context: RequestContext, params: JsonDict) -> JsonDict:
    """UpdateCustomModelDeployment of an Active deployment not already being updated:
    it switches to ``modelArn`` after ``durations["custom_model_deployment"]``. Anything
    refused is a ValidationException: the operation declares no ConflictException."""
    deployment = _require(context, params["customModelDeploymentIdentifier"])
    updating = deployment.running_update is not None
    if deployment.status != ACTIVE or updating:
        state = UPDATING if updating else deployment.status
        raise validation_error(
            f"The {deployment.what} {deployment.name} cannot be updated while its status "
            f"is {state}."
        )
    model = served_model(context, params["modelArn"], "deployed")
    deployment.switch(model.arn, context.now)
    finish_later(context, deployment)
    return {"customModelDeploymentArn": deployment.arn}


@serves("bedrock", "DeleteCustomModelDeployment")
def delete_custom_model_deployment(context: RequestContext, params: JsonDict) -> JsonDict:
    """DeleteCustomModelDeployment, by name or ARN, at once; ConflictException while it is
    being created or updated (decided)."""
    deployment = _require(context, params["customModelDeploymentIdentifier"])
    if deployment.is_running:
        doing = "created" if deployment.status == CREATING else "updated"
        raise conflict(
            f"The {deployment.what} {deployment.name} cannot be deleted while it is being {doing}."
        )
    return remove_resource(context, context.state.table(CustomModelDeployment), deployment)
