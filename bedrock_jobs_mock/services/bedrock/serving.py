"""What the families that serve a model share: custom model deployments and Provisioned
Throughput.

Each is a job whose creation, and each update, ends on the clock after its
kind's duration. Its name is unique among its kind in the account and Region.
The custom model it serves is the caller's own, in the Region, and Active
(a model shared with the caller must be copied first). A custom model that
something serves cannot be deleted.

Which resources serve a model is found through an index of the Region, model ARN
to the ARNs of the resources that have named it (when created or switched): a
DeleteCustomModel looks only at those, never at the whole table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from bedrock_jobs_mock.engine.backend import BesideEachRegion, RegionState
from bedrock_jobs_mock.engine.dispatch import RequestContext
from bedrock_jobs_mock.engine.errors import validation_error
from bedrock_jobs_mock.engine.lifecycle import Job
from bedrock_jobs_mock.engine.store import ResourceTable, require
from bedrock_jobs_mock.services.bedrock.custom_models import (
    CUSTOM_MODEL,
    MODEL_SERVERS,
    CustomModel,
    check_active,
    owned_models,
)


@dataclass(eq=False)
class Serving(Job):
    """A resource that serves a model. Each family sets ``what``, how messages name its
    kind, and ``KIND``, the durations key of its creation and updates."""

    what: ClassVar[str]

    def serves(self, model_arn: str) -> bool:
        """Whether this serves the model ``model_arn``, or is switching to it."""
        raise NotImplementedError

    def named_models(self) -> tuple[str, ...]:
        """The ARNs of every model this serves or is switching to, whatever its status
        (the index of the Region's servers holds these; ``serves`` decides)."""
        raise NotImplementedError


S = TypeVar("S", bound=Serving)


class ServerIndex:
    """Of one Region: for each kind and model ARN, the resources of that kind that have
    named the model when created or switched, each with its rank of creation.

    A superset of those that serve the model (``Serving.serves`` decides), pruned of
    resources since deleted whenever it is read.
    """

    def __init__(self) -> None:
        self._ranks: dict[str, int] = {}
        self._named_by: dict[tuple[type, str], set[str]] = {}

    def note(self, resource: Serving) -> None:
        """Index ``resource`` under every model it names now (first noted: its creation)."""
        self._ranks.setdefault(resource.arn, len(self._ranks))
        for model_arn in resource.named_models():
            self._named_by.setdefault((type(resource), model_arn), set()).add(resource.arn)

    def candidates(self, table: ResourceTable[S], kind: type[S], model_arn: str) -> list[S]:
        """The live resources of ``kind`` in ``table`` that have named ``model_arn``, in
        the order they were created (the table's own order)."""
        arns = self._named_by.get((kind, model_arn))
        if not arns:
            return []
        found: list[S] = []
        for resource_arn in list(arns):
            resource = table.by_arn(resource_arn)
            if resource is None:
                arns.discard(resource_arn)
                self._ranks.pop(resource_arn, None)
            else:
                found.append(resource)
        found.sort(key=lambda resource: self._ranks[resource.arn])
        return found


_INDEXES = BesideEachRegion(ServerIndex)


def server_index(state: RegionState) -> ServerIndex:
    """The index of the resources that serve models in ``state`` (created on first use)."""
    return _INDEXES.of(state)


def serving_kind(kind: type[S]) -> type[S]:
    """Class decorator: a custom model that a resource of ``kind`` serves cannot be deleted."""

    def served_by(state: RegionState, model_arn: str) -> str | None:
        candidates = server_index(state).candidates(state.table(kind), kind, model_arn)
        server = next((each for each in candidates if each.serves(model_arn)), None)
        return None if server is None else f"the {kind.what} {server.name}"

    MODEL_SERVERS.append(served_by)
    return kind


def check_name_free(state: RegionState, kind: type[Serving], name: str) -> None:
    """``ValidationException`` when a resource of ``kind`` has ``name``: neither family's
    create or update declares ConflictException."""
    if state.table(kind).by_name(name) is not None:
        raise validation_error(f"A {kind.what} named {name} already exists.")


def served_model(
    context: RequestContext, identifier: str, action: str, what: str = CUSTOM_MODEL
) -> CustomModel:
    """The caller's custom model of the Region that ``identifier`` (name or ARN) names,
    if it is Active (``ValidationException`` saying it cannot be ``action`` otherwise);
    ``ResourceNotFoundException`` naming it ``what`` when there is none."""
    return check_active(require(owned_models(context), identifier, what), identifier, action)


def start(context: RequestContext, resource: Serving, tags: Mapping[str, str]) -> None:
    """Add ``resource`` to its Region and the test controls with ``tags`` (checked first,
    so a refused request leaves nothing), and schedule the end of its creation."""
    state = context.state
    state.tags.check_room(resource.arn, tags)
    state.launch(resource)
    state.tags.add(resource.arn, tags)
    finish_later(context, resource)


def finish_later(context: RequestContext, resource: Serving) -> None:
    """The creation or update ``resource`` has begun ends after its kind's duration."""
    server_index(context.state).note(resource)
    context.backend.start_run(resource, start=context.now)
