"""Knowledge bases: CREATING, then ACTIVE on the clock; UPDATING, then ACTIVE; DELETING,
then gone (with their data sources and ingestion jobs).

Each of the three runs for the ``knowledge_base`` duration; ``env.fail`` (or
``env.fail_next("knowledge_base")``) ends one FAILED, UPDATE_UNSUCCESSFUL (where the
installed model has it) or DELETE_UNSUCCESSFUL, with the message as its
``failureReasons``. No vector store is contacted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import conflict, validation_error
from bedrock_jobs_mock.engine.lifecycle import Job
from bedrock_jobs_mock.engine.paging import paginate
from bedrock_jobs_mock.engine.servicemodel import service_model
from bedrock_jobs_mock.engine.store import ResourceTable, missing
from bedrock_jobs_mock.engine.tagging import check_tag_keys, check_tag_room
from bedrock_jobs_mock.services.bedrock_agent.configuration import SERVICE, check_knowledge_base
from bedrock_jobs_mock.services.questions import KNOWLEDGE_BASE_LOOKUP, KnowledgeBaseView

if TYPE_CHECKING:
    from bedrock_jobs_mock.services.bedrock_agent.data_sources import DataSource

CREATING, ACTIVE, UPDATING, DELETING = "CREATING", "ACTIVE", "UPDATING", "DELETING"
FAILED, UPDATE_UNSUCCESSFUL, DELETE_UNSUCCESSFUL = (
    "FAILED",
    "UPDATE_UNSUCCESSFUL",
    "DELETE_UNSUCCESSFUL",
)
#: The statuses of a knowledge base on its way somewhere.
MOVING = (CREATING, UPDATING, DELETING)
KNOWLEDGE_BASE = "knowledge base"
#: What an update may change besides name, description and role, where the model has it.
_UPDATABLE = ("metadataConfigurations", "userContextModeForRetrieval", "trustedIdentitySources")


def _failed_update_status() -> str:
    """UPDATE_UNSUCCESSFUL where the installed model's enum has it, else FAILED."""
    statuses = service_model(SERVICE).shape_for("KnowledgeBaseStatus").enum
    return UPDATE_UNSUCCESSFUL if UPDATE_UNSUCCESSFUL in statuses else FAILED


@dataclass(eq=False)
class KnowledgeBase(Job):
    """A knowledge base: its configuration as given, its data sources, and the ingestion
    jobs of theirs that run (the per-knowledge-base concurrency rule counts them)."""

    KIND = "knowledge_base"

    state: RegionState
    knowledge_base_id: str
    role_arn: str
    description: str | None
    configuration: JsonDict
    storage: JsonDict | None
    extras: JsonDict
    status: str = CREATING
    updated_at: datetime = field(init=False)
    failure_reasons: list[str] | None = None
    #: Its data sources, in creation order (a list of them pages through this).
    data_sources: ResourceTable[DataSource] = field(default_factory=ResourceTable)
    #: The ARNs of its ingestion jobs that run now.
    running_jobs: set[str] = field(default_factory=set)
    #: Whether its deletion has ended: no longer held, nor running.
    gone: bool = False

    def __post_init__(self) -> None:
        self.updated_at = self.creation_time

    @property
    def is_running(self) -> bool:
        return self.status in MOVING and not self.gone

    @property
    def type(self) -> str:
        return str(self.configuration["type"])

    def complete(self, when: datetime) -> None:
        """ACTIVE now; a deleting knowledge base is gone."""
        if self.status == DELETING:
            self._remove()
            return
        self._move(ACTIVE, when)

    def fail(self, when: datetime, message: str) -> None:
        """FAILED now (UPDATE_UNSUCCESSFUL or DELETE_UNSUCCESSFUL when updating or deleting),
        with ``message`` its ``failureReasons``."""
        status = {UPDATING: _failed_update_status(), DELETING: DELETE_UNSUCCESSFUL}
        self._move(status.get(self.status, FAILED), when)
        self.failure_reasons = [message]

    def _move(self, status: str, when: datetime) -> None:
        self.status, self.updated_at, self.failure_reasons = status, when, None

    def start(self, status: str, when: datetime) -> None:
        """Begin creating, updating or deleting at ``when``: it ends after the
        ``knowledge_base`` duration."""
        backend = self.state.backend
        backend.scheduler.cancel(self)
        self._move(status, when)
        backend.start_run(self, start=when)

    def _remove(self) -> None:
        """Gone, with its data sources and their jobs (none runs: a knowledge base with a
        running ingestion job is not deleted)."""
        state, backend = self.state, self.state.backend
        self.gone = True
        for data_source in self.data_sources:
            data_source.remove()
        state.table(KnowledgeBase).remove(self)
        state.tags.drop(self.arn)
        backend.untrack(self)

    def describe(self) -> JsonDict:
        """GetKnowledgeBase's ``knowledgeBase``."""
        return {
            "knowledgeBaseId": self.knowledge_base_id,
            "name": self.name,
            "knowledgeBaseArn": self.arn,
            "description": self.description,
            "roleArn": self.role_arn,
            "knowledgeBaseConfiguration": self.configuration,
            "storageConfiguration": self.storage,
            "status": self.status,
            "createdAt": self.creation_time,
            "updatedAt": self.updated_at,
            "failureReasons": self.failure_reasons,
            **self.extras,
        }

    def summary(self) -> JsonDict:
        """ListKnowledgeBases' summary."""
        return {
            "knowledgeBaseId": self.knowledge_base_id,
            "name": self.name,
            "description": self.description,
            "status": self.status,
            "updatedAt": self.updated_at,
        }


def find_knowledge_base(context: RequestContext, knowledge_base_id: str) -> KnowledgeBase:
    """The caller's knowledge base with that id, else ``ResourceNotFoundException``."""
    state = context.state
    found = state.table(KnowledgeBase).by_arn(
        state.arn_of("bedrock", f"knowledge-base/{knowledge_base_id}")
    )
    if found is None:
        raise missing(KNOWLEDGE_BASE, knowledge_base_id)
    return found


def _view_of(state: RegionState, knowledge_base_id: str) -> KnowledgeBaseView | None:
    """The knowledge base with that id held in ``state``, if any, as Bedrock's evaluation
    jobs see it (``services/questions.py``)."""
    found = state.table(KnowledgeBase).by_arn(
        state.arn_of("bedrock", f"knowledge-base/{knowledge_base_id}")
    )
    if found is None:
        return None
    return KnowledgeBaseView(found.status, found.status == ACTIVE)


KNOWLEDGE_BASE_LOOKUP.answer_with(_view_of)


def check_no_running_job(knowledge_base: KnowledgeBase, what: str) -> None:
    """``ConflictException`` while an ingestion job of ``knowledge_base`` runs (decided:
    what it would delete is in use)."""
    if knowledge_base.running_jobs:
        raise conflict(
            f"The {what} cannot be deleted while an ingestion job is running in knowledge "
            f"base {knowledge_base.knowledge_base_id}. Stop it or wait until it ends."
        )


def _extras(params: JsonDict) -> JsonDict:
    return {name: params[name] for name in _UPDATABLE if name in params}


@serves(SERVICE, "CreateKnowledgeBase")
def create_knowledge_base(context: RequestContext, params: JsonDict) -> JsonDict:
    """CreateKnowledgeBase: CREATING, ACTIVE after the ``knowledge_base`` duration."""
    check_tag_keys(params, "tags")
    state = context.state
    table = state.table(KnowledgeBase)
    if table.by_name(params["name"]) is not None:
        raise conflict(f"A knowledge base named {params['name']} already exists.")
    check_knowledge_base(params, state.region)
    tags = params.get("tags", {})
    knowledge_base_id = context.backend.new_upper_id()
    arn = state.arn("bedrock", f"knowledge-base/{knowledge_base_id}")
    check_tag_room(state.tags, arn, tags, "ValidationException")
    knowledge_base = KnowledgeBase(
        arn=arn,
        name=params["name"],
        creation_time=context.now,
        state=state,
        knowledge_base_id=knowledge_base_id,
        role_arn=params["roleArn"],
        description=params.get("description"),
        configuration=params["knowledgeBaseConfiguration"],
        storage=params.get("storageConfiguration"),
        extras=_extras(params),
    )
    state.launch(knowledge_base)
    state.tags.add(arn, tags)
    context.backend.start_run(knowledge_base)
    return {"knowledgeBase": knowledge_base.describe()}


@serves(SERVICE, "GetKnowledgeBase")
def get_knowledge_base(context: RequestContext, params: JsonDict) -> JsonDict:
    """GetKnowledgeBase."""
    return {"knowledgeBase": context.read(find_knowledge_base(context, params["knowledgeBaseId"]))}


@serves(SERVICE, "ListKnowledgeBases")
def list_knowledge_bases(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListKnowledgeBases: newest first (decided), ``maxResults`` a page (100 by default)."""
    page = paginate(
        context.state.table(KnowledgeBase),
        context.token_codec(),
        max_results=params.get("maxResults"),
        next_token=params.get("nextToken"),
    )
    return {
        "knowledgeBaseSummaries": [item.summary() for item in page.items],
        "nextToken": page.next_token,
    }


@serves(SERVICE, "UpdateKnowledgeBase")
def update_knowledge_base(context: RequestContext, params: JsonDict) -> JsonDict:
    """UpdateKnowledgeBase: name, description, role (and what newer models add) change;
    the configurations must be the same as at creation (the model's documentation says
    so); UPDATING, then ACTIVE. A knowledge base on its way somewhere is refused."""
    knowledge_base = find_knowledge_base(context, params["knowledgeBaseId"])
    if knowledge_base.status in MOVING:
        raise conflict(
            f"The knowledge base {knowledge_base.knowledge_base_id} is "
            f"{knowledge_base.status} and cannot be updated now."
        )
    if (
        params["knowledgeBaseConfiguration"] != knowledge_base.configuration
        or params.get("storageConfiguration") != knowledge_base.storage
    ):
        raise validation_error(
            "You can't change the knowledgeBaseConfiguration or storageConfiguration of a "
            "knowledge base: specify the same configurations as when you created it."
        )
    table = context.state.table(KnowledgeBase)
    holder = table.by_name(params["name"])
    if holder is not None and holder is not knowledge_base:
        raise conflict(f"A knowledge base named {params['name']} already exists.")
    old_name = knowledge_base.name
    table.rename(knowledge_base, params["name"])
    context.backend.note_renamed(knowledge_base, old_name)
    knowledge_base.role_arn = params["roleArn"]
    knowledge_base.description = params.get("description")
    knowledge_base.extras = {**knowledge_base.extras, **_extras(params)}
    knowledge_base.start(UPDATING, context.now)
    return {"knowledgeBase": knowledge_base.describe()}


@serves(SERVICE, "DeleteKnowledgeBase")
def delete_knowledge_base(context: RequestContext, params: JsonDict) -> JsonDict:
    """DeleteKnowledgeBase: DELETING, then gone with its data sources; refused while one
    of its ingestion jobs runs; a deleting knowledge base answers DELETING again."""
    knowledge_base = find_knowledge_base(context, params["knowledgeBaseId"])
    check_no_running_job(knowledge_base, "knowledge base")
    if knowledge_base.status != DELETING:
        knowledge_base.start(DELETING, context.now)
    return {"knowledgeBaseId": knowledge_base.knowledge_base_id, "status": DELETING}
