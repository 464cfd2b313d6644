"""Data sources of a knowledge base: AVAILABLE at once; DELETING, then gone
``DELETION_DELAY`` later (with their ingestion jobs), or DELETE_UNSUCCESSFUL where the
service cannot delete their data (an S3 data source whose bucket the world knows is gone,
under the DELETE policy); at most ``data_sources_per_knowledge_base`` of them per
knowledge base.

A data source has no ARN in the API; the mock keys it by its knowledge base's ARN and
its id (``.../knowledge-base/KB/data-source/DS``), which no operation answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import conflict, quota_exceeded, validation_error
from bedrock_jobs_mock.engine.lifecycle import Job
from bedrock_jobs_mock.engine.paging import paginate
from bedrock_jobs_mock.engine.store import ResourceTable, missing
from bedrock_jobs_mock.services.bedrock_agent.configuration import SERVICE, check_data_source
from bedrock_jobs_mock.services.bedrock_agent.knowledge_bases import (
    DELETING,
    KnowledgeBase,
    check_no_running_job,
    find_knowledge_base,
)
from bedrock_jobs_mock.services.bedrock_agent.sync import Index, bucket_of

if TYPE_CHECKING:
    from bedrock_jobs_mock.services.bedrock_agent.documents import Document
    from bedrock_jobs_mock.services.bedrock_agent.ingestion_jobs import IngestionJob

AVAILABLE, DELETE_UNSUCCESSFUL = "AVAILABLE", "DELETE_UNSUCCESSFUL"
#: How long a deleted data source stays DELETING (decided).
DELETION_DELAY = timedelta(seconds=5)
#: dataDeletionPolicy when the request gives none (the user guide: "Delete").
DEFAULT_DELETION_POLICY = "DELETE"
DATA_SOURCE = "data source"
#: The failure of a deletion that cannot delete the data source's data (the service's
#: words, as aws-nuke #431 quotes them).
DATA_NOT_DELETED = (
    "Unable to delete data from vector store for data source with ID {id}. Check your "
    "vector store configurations and permissions and retry your request. If the issue "
    "persists, consider updating the dataDeletionPolicy of the data source to RETAIN and "
    "retry your request."
)


@dataclass(eq=False)
class DataSource(Job):
    """A data source: its configuration, what it last indexed, and its ingestion jobs.
    A job only for its deletion's schedule: no control reaches it."""

    KIND = "data_source"

    state: RegionState
    knowledge_base: KnowledgeBase
    data_source_id: str
    description: str | None
    configuration: JsonDict
    deletion_policy: str
    encryption: JsonDict | None
    vector_ingestion: JsonDict | None
    status: str = AVAILABLE
    updated_at: datetime = field(init=False)
    failure_reasons: list[str] | None = None
    #: What its completed (and stopped) ingestion jobs indexed.
    index: Index = field(default_factory=Index)
    #: Its ingestion jobs, in start order (a list of them pages through this).
    jobs: ResourceTable[IngestionJob] = field(default_factory=ResourceTable)
    #: Its documents ingested directly (and S3 ones deleted directly), oldest first.
    documents: ResourceTable[Document] = field(default_factory=ResourceTable)
    #: Its ingestion job that runs now, if any.
    running_job: IngestionJob | None = None
    gone: bool = False

    def __post_init__(self) -> None:
        self.updated_at = self.creation_time

    @property
    def is_running(self) -> bool:
        return False

    @property
    def type(self) -> str:
        return str(self.configuration["type"])

    @property
    def parses_images(self) -> bool:
        """Whether it parses multimodal content (a parsing configuration), so that JPEG
        and PNG files are documents (decided: the docs tie images to such parsing)."""
        return "parsingConfiguration" in (self.vector_ingestion or {})

    def delete(self, when: datetime) -> None:
        """DELETING now; gone ``DELETION_DELAY`` later, unless its data cannot be deleted."""
        self.status, self.updated_at, self.failure_reasons = DELETING, when, None
        self.state.backend.scheduler.at(when + DELETION_DELAY, self, self._deleted)

    def _deleted(self, when: datetime) -> None:
        if self._data_stranded():
            self.status, self.updated_at = DELETE_UNSUCCESSFUL, when
            self.failure_reasons = [DATA_NOT_DELETED.format(id=self.data_source_id)]
        else:
            self.remove()

    def _data_stranded(self) -> bool:
        """Whether the DELETE policy must delete data from S3 the world knows is gone
        (decided: the service's failure when the bucket was deleted first)."""
        s3 = self.configuration.get("s3Configuration")
        if self.deletion_policy != DEFAULT_DELETION_POLICY or s3 is None:
            return False
        world, bucket = self.state.backend.world, bucket_of(s3["bucketArn"])
        return world.bucket_exists(self.state.account, bucket) is False

    def remove(self) -> None:
        """Gone, with its ingestion jobs and its documents."""
        if self.gone:
            return
        self.gone = True
        state, backend = self.state, self.state.backend
        for job in self.jobs:
            state.table(type(job)).remove(job)
            backend.untrack(job)
        for document in tuple(self.documents):
            document.remove()
        self.knowledge_base.data_sources.remove(self)
        state.table(DataSource).remove(self)
        backend.scheduler.forget(self)

    def describe(self) -> JsonDict:
        """GetDataSource's ``dataSource``."""
        return {
            "knowledgeBaseId": self.knowledge_base.knowledge_base_id,
            "dataSourceId": self.data_source_id,
            "name": self.name,
            "status": self.status,
            "description": self.description,
            "dataSourceConfiguration": self.configuration,
            "serverSideEncryptionConfiguration": self.encryption,
            "vectorIngestionConfiguration": self.vector_ingestion,
            "dataDeletionPolicy": self.deletion_policy,
            "failureReasons": self.failure_reasons,
            "createdAt": self.creation_time,
            "updatedAt": self.updated_at,
        }

    def summary(self) -> JsonDict:
        """ListDataSources' summary."""
        return {
            "knowledgeBaseId": self.knowledge_base.knowledge_base_id,
            "dataSourceId": self.data_source_id,
            "name": self.name,
            "status": self.status,
            "description": self.description,
            "updatedAt": self.updated_at,
        }


def find_data_source(
    context: RequestContext, knowledge_base_id: str, data_source_id: str
) -> DataSource:
    """The data source of the caller's knowledge base, else ``ResourceNotFoundException``
    (for the knowledge base first)."""
    knowledge_base = find_knowledge_base(context, knowledge_base_id)
    found = knowledge_base.data_sources.by_arn(f"{knowledge_base.arn}/data-source/{data_source_id}")
    if found is None:
        raise missing(DATA_SOURCE, data_source_id)
    return found


def _check_name(knowledge_base: KnowledgeBase, name: str, data_source: DataSource | None) -> None:
    """A name another data source of the knowledge base has: ``ConflictException``
    (decided)."""
    holder = knowledge_base.data_sources.by_name(name)
    if holder is not None and holder is not data_source:
        raise conflict(
            f"A data source named {name} already exists in knowledge base "
            f"{knowledge_base.knowledge_base_id}."
        )


@serves(SERVICE, "CreateDataSource")
def create_data_source(context: RequestContext, params: JsonDict) -> JsonDict:
    """CreateDataSource: AVAILABLE at once; at most ``data_sources_per_knowledge_base``
    per knowledge base (``ServiceQuotaExceededException``); none on a deleting one."""
    knowledge_base = find_knowledge_base(context, params["knowledgeBaseId"])
    if knowledge_base.status == DELETING:
        raise validation_error(
            f"The knowledge base {knowledge_base.knowledge_base_id} is DELETING: no data "
            "source can be added to it."
        )
    _check_name(knowledge_base, params["name"], None)
    check_data_source(params["dataSourceConfiguration"], knowledge_base.type)
    limit = context.options.quotas["data_sources_per_knowledge_base"]
    if limit is not None and len(knowledge_base.data_sources) >= limit:
        raise quota_exceeded(
            f"You have reached the maximum number of data sources per knowledge base ({limit})."
        )
    state = context.state
    data_source_id = context.backend.new_upper_id()
    data_source = DataSource(
        arn=f"{knowledge_base.arn}/data-source/{data_source_id}",
        name=params["name"],
        creation_time=context.now,
        state=state,
        knowledge_base=knowledge_base,
        data_source_id=data_source_id,
        description=params.get("description"),
        configuration=params["dataSourceConfiguration"],
        deletion_policy=params.get("dataDeletionPolicy", DEFAULT_DELETION_POLICY),
        encryption=params.get("serverSideEncryptionConfiguration"),
        vector_ingestion=params.get("vectorIngestionConfiguration"),
    )
    state.table(DataSource).add(data_source)
    knowledge_base.data_sources.add(data_source)
    return {"dataSource": data_source.describe()}


@serves(SERVICE, "GetDataSource")
def get_data_source(context: RequestContext, params: JsonDict) -> JsonDict:
    """GetDataSource."""
    found = find_data_source(context, params["knowledgeBaseId"], params["dataSourceId"])
    return {"dataSource": found.describe()}


@serves(SERVICE, "ListDataSources")
def list_data_sources(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListDataSources of one knowledge base: newest first (decided), paged."""
    knowledge_base = find_knowledge_base(context, params["knowledgeBaseId"])
    page = paginate(
        knowledge_base.data_sources,
        context.token_codec(knowledge_base.knowledge_base_id),
        max_results=params.get("maxResults"),
        next_token=params.get("nextToken"),
    )
    return {
        "dataSourceSummaries": [item.summary() for item in page.items],
        "nextToken": page.next_token,
    }


def _chunking(vector_ingestion: JsonDict | None) -> object:
    return (vector_ingestion or {}).get("chunkingConfiguration")


@serves(SERVICE, "UpdateDataSource")
def update_data_source(context: RequestContext, params: JsonDict) -> JsonDict:
    """UpdateDataSource: everything but its type and its chunking configuration, which
    are kept from its creation (``ValidationException`` for a change); the next ingestion
    job compares S3 with what it indexed before, under the new configuration."""
    data_source = find_data_source(context, params["knowledgeBaseId"], params["dataSourceId"])
    if data_source.status == DELETING:
        raise conflict(f"The data source {data_source.data_source_id} is DELETING.")
    configuration = params["dataSourceConfiguration"]
    if configuration["type"] != data_source.type:
        raise validation_error("You can't change the type of a data source.")
    check_data_source(configuration, data_source.knowledge_base.type)
    vector_ingestion = params.get("vectorIngestionConfiguration", data_source.vector_ingestion)
    if _chunking(vector_ingestion) != _chunking(data_source.vector_ingestion):
        raise validation_error(
            "You can't change the chunkingConfiguration after you create the data source."
        )
    _check_name(data_source.knowledge_base, params["name"], data_source)
    data_source.knowledge_base.data_sources.rename(data_source, params["name"])
    data_source.description = params.get("description")
    data_source.configuration = configuration
    data_source.deletion_policy = params.get("dataDeletionPolicy", data_source.deletion_policy)
    data_source.encryption = params.get("serverSideEncryptionConfiguration", data_source.encryption)
    data_source.vector_ingestion = vector_ingestion
    data_source.updated_at = context.now
    return {"dataSource": data_source.describe()}


@serves(SERVICE, "DeleteDataSource")
def delete_data_source(context: RequestContext, params: JsonDict) -> JsonDict:
    """DeleteDataSource: DELETING, gone ``DELETION_DELAY`` later; refused while one of its
    ingestion jobs runs (decided)."""
    data_source = find_data_source(context, params["knowledgeBaseId"], params["dataSourceId"])
    if data_source.running_job is not None:
        check_no_running_job(data_source.knowledge_base, "data source")
    if data_source.status != DELETING:
        data_source.delete(context.now)
    return {
        "knowledgeBaseId": data_source.knowledge_base.knowledge_base_id,
        "dataSourceId": data_source.data_source_id,
        "status": DELETING,
    }
