"""What Bedrock's job families that make a model (import, customization, copy) share.

A job of any family creates one model when it completes. Each refuses a model
name held by a model or reserved by a running job of any family that makes
that kind of model, checks the room for its tags before anything is created,
and deletes its models the same way; the families with job names refuse a
name any job of their kind already has.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Callable, ClassVar

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext
from bedrock_jobs_mock.engine.errors import ServiceError, conflict, validation_error
from bedrock_jobs_mock.engine.lifecycle import Job
from bedrock_jobs_mock.engine.store import R, Resource, ResourceTable, require

JOB_NAME_IN_USE = "The provided job name is currently in use."
ROLE_NOT_ASSUMABLE = "Could not assume provided IAM role."


@dataclass(eq=False)
class ModelJob(Job):
    """A job whose success creates a model named ``model_name``, tagged ``model_tags``.

    Each family sets ``model_kind``, the class of the model it creates, and
    ``model_what``, how messages name that model (``custom model``).
    """

    model_kind: ClassVar[type[Resource]]
    model_what: ClassVar[str]

    state: RegionState
    model_name: str
    model_tags: dict[str, str]

    def publish(self, model: Resource) -> None:
        """Add ``model``, the model this job made, with the tags the request gave it."""
        self.state.table(type(model)).add(model)
        self.state.tags.add(model.arn, self.model_tags)


def check_names(
    state: RegionState, job_kind: type[ModelJob], job_name: str, model_name: str
) -> None:
    """Refuse a job name any job of ``job_kind`` has, whatever its status
    (``ValidationException``), then a model name that is taken (``ConflictException``)."""
    if state.table(job_kind).by_name(job_name) is not None:
        raise validation_error(JOB_NAME_IN_USE)
    check_model_name(state, job_kind, model_name)


def check_model_name(
    state: RegionState,
    job_kind: type[ModelJob],
    model_name: str,
    refuse: Callable[[str], ServiceError] = conflict,
) -> None:
    """Refuse, with the error ``refuse`` makes, a model name held by a model of the kind
    ``job_kind`` makes, or reserved by a running job (of any family) that will make one.
    A job that failed or was stopped reserves nothing."""
    model_kind = job_kind.model_kind
    taken = state.table(model_kind).by_name(model_name) is not None
    if taken or state.name_holder(model_kind, model_name) is not None:
        what = job_kind.model_what
        article = "An" if what[0] in "aeiou" else "A"
        raise refuse(f"{article} {what} named {model_name} already exists.")


def check_role(context: RequestContext, role_arn: str) -> None:
    """Refuse, synchronously as the service does, a role the world knows does not exist
    (``ValidationException``); a world that cannot tell lets every role through."""
    if context.backend.world.role_exists(role_arn) is False:
        raise validation_error(ROLE_NOT_ASSUMABLE)


def launch(job: ModelJob, job_tags: Mapping[str, str]) -> None:
    """Start ``job`` with ``job_tags`` on it, once both sets of tags are known to fit.

    Both are checked before anything is created, so a refused request leaves
    nothing behind. The model has no ARN until the job completes: its tags are
    checked against the model to be, under its name, which is what
    ``TooManyTagsException`` then reports as ``resourceName`` (decided).
    """
    state = job.state
    state.tags.check_room(job.arn, job_tags)
    state.tags.check_room(job.model_name, job.model_tags)
    state.launch(job)
    state.hold_name(job.model_kind, job.model_name, job)
    state.tags.add(job.arn, job_tags)


def delete_resource(
    context: RequestContext, table: ResourceTable[R], identifier: str, what: str
) -> JsonDict:
    """Delete the resource of ``table`` that ``identifier`` (name or ARN) names
    (``remove_resource``); ``ResourceNotFoundException`` naming it ``what`` when there is none."""
    return remove_resource(context, table, require(table, identifier, what))


def remove_resource(context: RequestContext, table: ResourceTable[R], resource: R) -> JsonDict:
    """Remove ``resource`` from ``table`` with its tags and its shares; whatever ran under
    its ARN (the resource itself, or a model's creation) is forgotten by the schedule and
    the test controls. Resources built on it (a model customized or copied from it) are
    left as they are."""
    table.remove(resource)
    context.state.tags.drop(resource.arn)
    context.backend.shares.forget(resource)
    job = context.backend.job_by_arn(resource.arn)
    if job is not None:
        context.backend.untrack(job)
    return {}
