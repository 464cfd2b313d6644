"""What Bedrock's job families that make a model (import, customization) share.

A job of either family creates one model when it completes. Both refuse a job
name any job of their kind already has, refuse a model name held by a model or
reserved by a running job, check the room for both sets of tags before
anything is created, and delete their models the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from bedrock_jobs_mock.backend import RegionState
from bedrock_jobs_mock.dispatch import JsonDict, RequestContext
from bedrock_jobs_mock.errors import conflict, validation_error
from bedrock_jobs_mock.lifecycle import Job
from bedrock_jobs_mock.store import R, Resource, ResourceTable, require

JOB_NAME_IN_USE = "The provided job name is currently in use."


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
    (``ValidationException``), and a model name held by a model of its kind or
    reserved by a running job, whose model would take it (``ConflictException``).
    A job that failed or was stopped reserves nothing."""
    if state.table(job_kind).by_name(job_name) is not None:
        raise validation_error(JOB_NAME_IN_USE)
    taken = state.table(job_kind.model_kind).by_name(model_name) is not None or any(
        job.model_name == model_name for job in state.running_jobs(job_kind)
    )
    if taken:
        what = job_kind.model_what
        article = "An" if what[0] in "aeiou" else "A"
        raise conflict(f"{article} {what} named {model_name} already exists.")


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
    state.tags.add(job.arn, job_tags)


def delete_resource(
    context: RequestContext, table: ResourceTable[R], identifier: str, what: str
) -> JsonDict:
    """Delete the resource of ``table`` that ``identifier`` (name or ARN) names, and its
    tags; ``ResourceNotFoundException`` naming it ``what`` when there is none.
    Resources built on it (a model customized from it) are left as they are."""
    resource = require(table, identifier, what)
    table.remove(resource)
    context.state.tags.drop(resource.arn)
    return {}
