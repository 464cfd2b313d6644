"""Direct ingestion (botocore 1.35.72 and later): documents ingested into, read from and
deleted from an S3 or CUSTOM data source without an ingestion job.

A document is STARTING when ingested, IN_PROGRESS after the first ``IN_PROGRESS_SHARE``
of the ``knowledge_base_document`` duration, and INDEXED at its end (IGNORED for an S3
object of a type no knowledge base ingests, FAILED for an S3 object that is missing or
too large in the world's S3). A deleted one is DELETING, DELETE_IN_PROGRESS, then gone;
Get then answers NOT_FOUND. Neither is allowed while an ingestion job of the data source
runs (a ``ValidationException`` naming the ongoing job, as clients match).

On an S3 data source, an indexed document joins what the data source has indexed, so the
next ingestion job reconciles it with the bucket: a document absent from S3 counts as
deleted, and is gone (the user guide's caveat).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import ServiceError, validation_error
from bedrock_jobs_mock.engine.lifecycle import Job
from bedrock_jobs_mock.engine.paging import DEFAULT_PAGE_SIZE, INVALID_TOKEN_MESSAGE, Position
from bedrock_jobs_mock.engine.servicemodel import service_model
from bedrock_jobs_mock.engine.world import StoredObject, World
from bedrock_jobs_mock.services.bedrock_agent import sync
from bedrock_jobs_mock.services.bedrock_agent.configuration import SERVICE, check_typed
from bedrock_jobs_mock.services.bedrock_agent.data_sources import (
    AVAILABLE,
    DataSource,
    find_data_source,
)
from bedrock_jobs_mock.services.bedrock_agent.knowledge_bases import ACTIVE

STARTING, IN_PROGRESS, INDEXED = "STARTING", "IN_PROGRESS", "INDEXED"
IGNORED, FAILED, NOT_FOUND = "IGNORED", "FAILED", "NOT_FOUND"
DELETING, DELETE_IN_PROGRESS = "DELETING", "DELETE_IN_PROGRESS"
#: The statuses of a document on its way somewhere.
MOVING = (STARTING, IN_PROGRESS, DELETING, DELETE_IN_PROGRESS)
#: The share of the ``knowledge_base_document`` duration before IN_PROGRESS (decided).
IN_PROGRESS_SHARE = 0.2

#: The [decided] wordings of what the model cannot express (the real ones are not published;
#: clients match ``ongoing``).
SYNC_ONGOING = (
    "There is an ongoing ingestion job for data source {data_source}. Wait until it ends "
    "before you ingest or delete documents."
)
NOT_DIRECT = (
    "The data source {data_source} is of type {kind}: only S3 and CUSTOM data sources "
    "accept documents directly."
)
WRONG_TYPE = (
    "The dataSourceType {given} of document {at} must match the type of the data source: {kind}."
)
UNSUPPORTED = "The file type of {uri} is not supported."
MISSING_OBJECT = "The S3 object {uri} does not exist."
TOO_LARGE = "The file {uri} is larger than the service limit of {limit} bytes."


@dataclass(eq=False)
class Document(Job):
    """A document of a data source, by its identifier (``name``: the S3 URI, or the CUSTOM
    document id); what ``env.complete`` and ``env.fail`` take."""

    KIND = "knowledge_base_document"

    state: RegionState
    data_source: DataSource
    #: The S3 object it is, if it is one: (bucket, key).
    location: tuple[str, str] | None
    status: str = STARTING
    status_reason: str | None = None
    updated_at: datetime = field(init=False)
    gone: bool = False

    def __post_init__(self) -> None:
        self.updated_at = self.creation_time

    @property
    def is_running(self) -> bool:
        return self.status in MOVING and not self.gone

    @property
    def uri(self) -> str:
        """The S3 URI of the object it is (``location``)."""
        assert self.location is not None
        return sync.uri_of(*self.location)

    @property
    def index_key(self) -> str | None:
        """Its key in its S3 data source's index, its URI (wherever it is: the next
        ingestion job, which lists only the data source's bucket, finds one elsewhere
        absent); None on a CUSTOM data source."""
        if self.data_source.type != "S3" or self.location is None:
            return None
        return self.uri

    def start(self, status: str, then: str, when: datetime) -> None:
        """``status`` now, ``then`` after ``IN_PROGRESS_SHARE`` of the run, the end of the
        run after the ``knowledge_base_document`` duration."""
        backend = self.state.backend
        backend.scheduler.cancel(self)
        self._move(status, when)
        step = (IN_PROGRESS_SHARE, lambda moment: self._move(then, moment))
        backend.start_run(self, steps=[step], start=when)

    def problem_at_end(self, world: World) -> str | None:
        """A missing or oversized S3 object, where the world can tell."""
        if self.status != IN_PROGRESS or self.location is None:
            return None
        stored = self._stored(world)
        uri = self.uri
        if stored is False:
            return MISSING_OBJECT.format(uri=uri)
        limit = self._size_limit()
        if isinstance(stored, StoredObject) and limit is not None and stored.size > limit:
            return TOO_LARGE.format(uri=uri, limit=limit)
        return None

    def _size_limit(self) -> int | None:
        """The limit of the S3 object as a document of its data source (an image's where
        the data source parses images); None when no knowledge base ingests its type."""
        assert self.location is not None
        limits = sync.Limits.of(self.state.backend.options.quotas)
        return sync.document_limit(self.location[1], limits, images=self.data_source.parses_images)

    def complete(self, when: datetime) -> None:
        """INDEXED now (IGNORED for an unsupported S3 object); a deleted document gone."""
        if self.status in (DELETING, DELETE_IN_PROGRESS):
            self.remove()
            return
        if self.location is not None and self._size_limit() is None:
            self._move(IGNORED, when, UNSUPPORTED.format(uri=self.uri))
            return
        self._move(INDEXED, when)
        key = self.index_key
        if key is not None:
            stored = self._stored(self.state.backend.world)
            etag = stored.etag if isinstance(stored, StoredObject) else ""
            self.data_source.index.documents[key] = etag

    def fail(self, when: datetime, message: str) -> None:
        """FAILED now, with ``message`` its ``statusReason``."""
        self.state.backend.scheduler.cancel(self)
        self._move(FAILED, when, message)

    def _move(self, status: str, when: datetime, reason: str | None = None) -> None:
        self.status, self.updated_at, self.status_reason = status, when, reason

    def _stored(self, world: World) -> StoredObject | Literal[False] | None:
        """The S3 object as the world lists it; False when absent, None when it cannot tell."""
        assert self.location is not None
        bucket, key = self.location
        listed = world.list_objects(self.state.account, bucket, key)
        if listed is None:
            return None
        return next((stored for stored in listed if stored.key == key), False)

    def remove(self) -> None:
        """Gone: from its data source, from its index (an S3 one), from the running jobs
        (it may be removed on its way, with its data source), and from the controls."""
        if self.gone:
            return
        self.gone = True
        self.state.note_transition(self)
        data_source, key = self.data_source, self.index_key
        if key is not None:
            data_source.index.documents.pop(key, None)
        data_source.documents.remove(self)
        self.state.table(Document).remove(self)
        self.state.backend.untrack(self)

    def identifier(self) -> JsonDict:
        return _identifier(self.data_source.type, self.name)

    def describe(self) -> JsonDict:
        """A KnowledgeBaseDocumentDetail."""
        return {
            "knowledgeBaseId": self.data_source.knowledge_base.knowledge_base_id,
            "dataSourceId": self.data_source.data_source_id,
            "status": self.status,
            "identifier": self.identifier(),
            "statusReason": self.status_reason,
            "updatedAt": self.updated_at,
        }


def _identifier(kind: str, name: str) -> JsonDict:
    if kind == "S3":
        return {"dataSourceType": kind, "s3": {"uri": name}}
    return {"dataSourceType": kind, "custom": {"id": name}}


def _split_uri(uri: str) -> tuple[str, str]:
    """(bucket, key) of ``s3://bucket/key``."""
    bucket, _, key = uri[len("s3://") :].partition("/")
    return bucket, key


def reconcile(data_source: DataSource) -> None:
    """After an ingestion job indexed S3's state: the directly ingested documents it no
    longer holds are gone (they were absent from the bucket)."""
    if data_source.type != "S3" or not data_source.documents:
        return
    indexed = data_source.index.documents
    for document in list(data_source.documents):
        key = document.index_key
        if document.status == INDEXED and key is not None and key not in indexed:
            document.remove()


# -- requests -----------------------------------------------------------------------------


@functools.cache
def _direct_types() -> tuple[str, ...]:
    """The data-source types that take documents directly (the model's ContentDataSourceType:
    S3 and CUSTOM)."""
    return tuple(service_model(SERVICE).shape_for("ContentDataSourceType").enum)


def _open_data_source(context: RequestContext, params: JsonDict) -> DataSource:
    """The request's data source, which accepts documents now: else ``ValidationException``."""
    data_source = find_data_source(context, params["knowledgeBaseId"], params["dataSourceId"])
    if data_source.type not in _direct_types():
        raise validation_error(
            NOT_DIRECT.format(data_source=data_source.data_source_id, kind=data_source.type)
        )
    return data_source


def _check_writable(data_source: DataSource) -> None:
    knowledge_base = data_source.knowledge_base
    if knowledge_base.status != ACTIVE:
        raise validation_error(
            f"The knowledge base {knowledge_base.knowledge_base_id} is in "
            f"{knowledge_base.status} status. Add or delete documents when it is ACTIVE."
        )
    if data_source.status != AVAILABLE:
        raise validation_error(
            f"The data source {data_source.data_source_id} is in {data_source.status} status."
        )
    if data_source.running_job is not None:
        raise validation_error(SYNC_ONGOING.format(data_source=data_source.data_source_id))


def _require(config: JsonDict, member: str, path: str, reason: str) -> JsonDict:
    if member not in config:
        raise validation_error(f"{path}.{member} is required when {reason}.")
    value: JsonDict = config[member]
    return value


def _refuse(config: JsonDict, member: str, path: str, reason: str) -> None:
    if member in config:
        raise validation_error(f"{path}.{member} is not allowed when {reason}.")


def _checked_kind(given: str, data_source: DataSource, path: str) -> str:
    kind = data_source.type
    if given != kind:
        raise validation_error(WRONG_TYPE.format(given=given, at=path, kind=kind))
    return f"{path}.dataSourceType is {kind}"


def _identified(identifier: JsonDict, data_source: DataSource, path: str) -> str:
    """The name of the document a DocumentIdentifier names: its S3 URI, or its id."""
    reason = _checked_kind(identifier["dataSourceType"], data_source, path)
    if data_source.type == "S3":
        _refuse(identifier, "custom", path, reason)
        return str(_require(identifier, "s3", path, reason)["uri"])
    _refuse(identifier, "s3", path, reason)
    return str(_require(identifier, "custom", path, reason)["id"])


def _content_name(content: JsonDict, data_source: DataSource, path: str) -> tuple[str, str | None]:
    """The name of the document a DocumentContent gives, and its S3 URI if it has one:
    an S3 data source takes S3 locations only; a CUSTOM one inline text or bytes, or an S3
    location (the user guide), each with the member its type names."""
    reason = _checked_kind(content["dataSourceType"], data_source, path)
    if data_source.type == "S3":
        _refuse(content, "custom", path, reason)
        uri = str(_require(content, "s3", path, reason)["s3Location"]["uri"])
        return uri, uri
    _refuse(content, "s3", path, reason)
    custom = _require(content, "custom", path, reason)
    name = str(custom["customDocumentIdentifier"]["id"])
    at = f"{path}.custom"
    source = custom["sourceType"]
    because = f"{at}.sourceType is {source}"
    if source == "S3_LOCATION":
        _refuse(custom, "inlineContent", at, because)
        return name, str(_require(custom, "s3Location", at, because)["uri"])
    _refuse(custom, "s3Location", at, because)
    inline = _require(custom, "inlineContent", at, because)
    check_typed(inline, "InlineContent", "Content", f"{at}.inlineContent")
    return name, None


def _check_metadata(metadata: JsonDict | None, path: str) -> None:
    """The metadata's member matches its type."""
    if metadata is None:
        return
    members = {"IN_LINE_ATTRIBUTE": "inlineAttributes", "S3_LOCATION": "s3Location"}
    kind = metadata["type"]
    because = f"{path}.type is {kind}"
    _require(metadata, members[kind], path, because)
    for other in members.values():
        if other != members[kind]:
            _refuse(metadata, other, path, because)


def _detail(data_source: DataSource, name: str, document: Document | None) -> JsonDict:
    """A document's detail; one the data source does not hold is NOT_FOUND (an S3
    document an ingestion job indexed: INDEXED)."""
    if document is not None:
        return document.describe()
    status = NOT_FOUND
    if data_source.type == "S3" and name in data_source.index.documents:
        status = INDEXED
    return {
        "knowledgeBaseId": data_source.knowledge_base.knowledge_base_id,
        "dataSourceId": data_source.data_source_id,
        "status": status,
        "identifier": _identifier(data_source.type, name),
    }


def _document_arn(data_source: DataSource, name: str) -> str:
    return f"{data_source.arn}/document/{name}"


def _held(data_source: DataSource, name: str) -> Document | None:
    return data_source.documents.by_arn(_document_arn(data_source, name))


def _new_document(
    context: RequestContext, data_source: DataSource, name: str, uri: str | None
) -> Document:
    document = Document(
        arn=_document_arn(data_source, name),
        name=name,
        creation_time=context.now,
        state=context.state,
        data_source=data_source,
        location=_split_uri(uri) if uri is not None else None,
    )
    context.state.launch(document)
    data_source.documents.add(document)
    return document


def _adopted(context: RequestContext, data_source: DataSource, name: str) -> Document | None:
    """An S3 document an ingestion job indexed, held from now on (to be deleted); None
    for one the data source does not have."""
    if data_source.type != "S3" or name not in data_source.index.documents:
        return None
    return _new_document(context, data_source, name, name)


@serves(SERVICE, "IngestKnowledgeBaseDocuments")
def ingest_documents(context: RequestContext, params: JsonDict) -> JsonDict:
    """IngestKnowledgeBaseDocuments: each document STARTING (one that exists is
    overwritten: it starts again)."""
    data_source = _open_data_source(context, params)
    named = []
    for at, document in enumerate(params["documents"]):
        path = f"documents.{at + 1}"
        name, uri = _content_name(document["content"], data_source, f"{path}.content")
        _check_metadata(document.get("metadata"), f"{path}.metadata")
        named.append((name, uri))
    _check_writable(data_source)
    details = []
    for name, uri in named:
        document = _held(data_source, name) or _new_document(context, data_source, name, uri)
        document.start(STARTING, IN_PROGRESS, context.now)
        details.append(document.describe())
    return {"documentDetails": details}


@serves(SERVICE, "GetKnowledgeBaseDocuments")
def get_documents(context: RequestContext, params: JsonDict) -> JsonDict:
    """GetKnowledgeBaseDocuments: each document's detail, NOT_FOUND for one not held."""
    data_source = _open_data_source(context, params)
    details = []
    for at, identifier in enumerate(params["documentIdentifiers"]):
        name = _identified(identifier, data_source, f"documentIdentifiers.{at + 1}")
        document = _held(data_source, name)
        if document is not None:
            context.read(document)
        details.append(_detail(data_source, name, document))
    return {"documentDetails": details}


@serves(SERVICE, "ListKnowledgeBaseDocuments")
def list_documents(context: RequestContext, params: JsonDict) -> JsonDict:
    """ListKnowledgeBaseDocuments: the documents held (ingested or deleted directly),
    oldest first, then those only ingestion jobs indexed, in the order first indexed
    (decided), paged at the cost of the page."""
    data_source = _open_data_source(context, params)
    codec = context.token_codec(
        data_source.knowledge_base.knowledge_base_id, data_source.data_source_id
    )
    after = codec.decode_position(params["nextToken"]) if params.get("nextToken") else None
    size = params.get("maxResults") or DEFAULT_PAGE_SIZE
    listed = list(itertools.islice(_listed(data_source, after), size + 1))
    more = len(listed) > size
    return {
        "documentDetails": [detail for _, detail in listed[:size]],
        "nextToken": codec.encode_position(listed[size - 1][0]) if more else None,
    }


#: Where a listed document stands: (0, creation time, sequence) for a held one, (1, "",
#: place in the index) for one only ingestion jobs indexed.
_HELD, _SYNCED = 0, 1


def _listed(data_source: DataSource, after: Position | None) -> Iterator[tuple[Position, JsonDict]]:
    """The data source's documents in List's order from just past ``after``, each with
    its position; a position not of this list is an invalid token."""
    section, held_after, index_after = _HELD, None, None
    if after is not None:
        try:
            kind, moment, place = after
            if kind == _HELD:
                held_after = (datetime.fromisoformat(str(moment)), int(place))
            elif kind == _SYNCED:
                section, index_after = _SYNCED, int(place)
            else:
                raise ValueError(kind)
        except (TypeError, ValueError):
            raise ServiceError("ValidationException", INVALID_TOKEN_MESSAGE) from None
    if section == _HELD:
        for document in data_source.documents.walk(descending=False, after=held_after):
            created, sequence = document.sort_key
            yield (_HELD, created.isoformat(), sequence), document.describe()
    if data_source.type != "S3":
        return
    for place, uri in data_source.index.documents.walk(after=index_after):
        if _held(data_source, uri) is None:  # else listed with the held ones
            yield (_SYNCED, "", place), _detail(data_source, uri, None)


@serves(SERVICE, "DeleteKnowledgeBaseDocuments")
def delete_documents(context: RequestContext, params: JsonDict) -> JsonDict:
    """DeleteKnowledgeBaseDocuments: each document DELETING, DELETE_IN_PROGRESS, then gone;
    one not held answers NOT_FOUND (decided), one being deleted answers as it is."""
    data_source = _open_data_source(context, params)
    names = [
        _identified(identifier, data_source, f"documentIdentifiers.{at + 1}")
        for at, identifier in enumerate(params["documentIdentifiers"])
    ]
    _check_writable(data_source)
    details = []
    for name in names:
        document = _held(data_source, name) or _adopted(context, data_source, name)
        if document is not None and document.status not in (DELETING, DELETE_IN_PROGRESS):
            document.start(DELETING, DELETE_IN_PROGRESS, context.now)
        details.append(_detail(data_source, name, document))
    return {"documentDetails": details}
