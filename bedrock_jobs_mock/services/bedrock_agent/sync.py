"""What an ingestion job finds in S3: the documents under its data source's bucket and
inclusion prefix, compared with what the data source last indexed.

One pass over the listing, a few dictionary lookups per object (the ``.metadata.json``
files are read only when new or changed, to check they are JSON). The rules, and the
choices FIDELITY-ingestion §6.7 leaves open, are in docs/fidelity.md:

- a document is a file of a supported type (``SUPPORTED``; JPEG and PNG too where the
  data source parses multimodal content); anything else is neither scanned nor counted;
- ``<key>.metadata.json`` beside a scanned document is its metadata file;
- a document larger than its limit, or whose metadata file is not JSON, fails;
- a document whose metadata file is larger than its limit is ignored: scanned only,
  and explained by the real ``failureReasons`` line, the job still COMPLETE;
- new, modified (another ETag) and deleted documents are the changes an ingestion job
  indexes; a change of metadata alone counts only as a metadata change;
- the index knows each document by its S3 URI, so that after the data source moves to
  another bucket or prefix, what is there is new and what was indexed elsewhere deleted.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import NamedTuple

from bedrock_jobs_mock.engine import bounded_json
from bedrock_jobs_mock.engine.sorted_keys import SortedKeys
from bedrock_jobs_mock.engine.world import World

#: The document types a knowledge base ingests (the user guide's table), by extension.
SUPPORTED = frozenset({"txt", "md", "html", "doc", "docx", "csv", "xls", "xlsx", "pdf"})
#: Images, ingested where the data source parses multimodal content, with their own limit.
IMAGES = frozenset({"jpeg", "jpg", "png"})
METADATA_SUFFIX = ".metadata.json"

NEW, MODIFIED, DELETED = "new", "modified", "deleted"


class Limits(NamedTuple):
    """Sizes past which a file is not ingested (the ``ingestion_*_bytes`` quotas)."""

    file_bytes: int
    image_bytes: int
    metadata_bytes: int

    @classmethod
    def of(cls, quotas: Mapping[str, int | None]) -> Limits:
        """The limits the mock's quotas set (a quota of None: no limit)."""
        return cls(
            *(
                _no_limit_if_none(quotas[f"ingestion_{kind}_bytes"])
                for kind in ("file", "image", "metadata")
            )
        )


def _no_limit_if_none(value: int | None) -> int:
    return value if value is not None else 1 << 62


class IndexedDocuments(MutableMapping[str, str]):
    """Each indexed document's ETag by its key, in the order the keys were first indexed
    (one removed and indexed again goes last), walkable from any place in that order: a
    list of the documents pages through it at the cost of the page."""

    def __init__(self) -> None:
        self._etags: dict[str, str] = {}
        self._places: dict[str, int] = {}
        self._keys_at: dict[int, str] = {}
        self._order: SortedKeys[int] = SortedKeys()
        self._next_place = itertools.count()

    def __getitem__(self, key: str) -> str:
        return self._etags[key]

    def __setitem__(self, key: str, etag: str) -> None:
        if key not in self._etags:
            place = next(self._next_place)
            self._places[key], self._keys_at[place] = place, key
            self._order.add(place)
        self._etags[key] = etag

    def __delitem__(self, key: str) -> None:
        del self._etags[key]
        place = self._places.pop(key)
        del self._keys_at[place]
        self._order.remove(place)

    def __contains__(self, key: object) -> bool:
        return key in self._etags

    def __iter__(self) -> Iterator[str]:
        return iter(self._etags)

    def __len__(self) -> int:
        return len(self._etags)

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        return self._etags.get(key, default)

    def walk(self, after: int | None = None) -> Iterator[tuple[int, str]]:
        """(place, key) of each document in order, starting just past the place ``after``."""
        for place in self._order.walk(descending=False, after=after):
            yield place, self._keys_at[place]


@dataclass
class Index:
    """What a data source has indexed: each document's and each metadata file's ETag, by
    its S3 URI (``uri_of``)."""

    documents: IndexedDocuments = field(default_factory=IndexedDocuments)
    metadata: dict[str, str] = field(default_factory=dict)


class Change(NamedTuple):
    """One document (or metadata file), by its URI, to index (``etag``) or to remove
    (None)."""

    key: str
    etag: str | None
    kind: str


@dataclass
class Scan:
    """What one ingestion job found, and the changes it indexes in order."""

    scanned: int = 0
    metadata_scanned: int = 0
    failed: int = 0
    changes: list[Change] = field(default_factory=list)
    metadata_changes: list[Change] = field(default_factory=list)
    failure_reasons: list[str] = field(default_factory=list)


class Statistics(NamedTuple):
    """IngestionJobStatistics, in the model's words less its ``numberOf`` prefix."""

    scanned: int = 0
    metadata_scanned: int = 0
    new: int = 0
    modified: int = 0
    metadata_modified: int = 0
    deleted: int = 0
    failed: int = 0


def bucket_of(bucket_arn: str) -> str:
    """The bucket an S3 bucket ARN names (``arn:aws:s3:::my-bucket``: ``my-bucket``)."""
    return bucket_arn.rsplit(":", 1)[-1]


def uri_of(bucket: str, key: str) -> str:
    """The S3 URI of an object: what an index knows a document by."""
    return f"s3://{bucket}/{key}"


def extension(key: str) -> str:
    """The extension of the file at ``key``, lowercased ("" for none)."""
    leaf = key.rpartition("/")[2]
    return leaf.rpartition(".")[2].lower() if "." in leaf else ""


def document_limit(key: str, limits: Limits, *, images: bool) -> int | None:
    """The size limit of the object at ``key`` as a document of a data source that parses
    ``images`` (multimodal content) or not; None when it is no document there (a type no
    knowledge base ingests, a metadata file, a folder marker). What an ingestion job's scan
    and a directly ingested document both go by."""
    kind = extension(key)
    if kind in SUPPORTED:
        return limits.file_bytes
    if images and kind in IMAGES:
        return limits.image_bytes
    return None


def scan(
    world: World,
    account: str,
    bucket: str,
    prefix: str,
    index: Index,
    limits: Limits,
    *,
    images: bool,
) -> Scan | str | None:
    """Compare the objects under ``bucket`` and ``prefix`` with ``index``: the scan, the
    failure message when the bucket does not exist, or None when the world cannot tell."""
    if world.bucket_exists(account, bucket) is False:
        return f"The S3 bucket {bucket} of the data source does not exist."
    objects = world.list_objects(account, bucket, prefix)
    if objects is None:
        return None
    by_key = {stored.key: stored for stored in objects}
    found = Scan()
    ignored = too_large = bad_metadata = 0
    indexed, indexed_metadata = index.documents, index.metadata
    seen: set[str] = set()
    seen_metadata: set[str] = set()
    for stored in objects:
        key = stored.key
        limit = document_limit(key, limits, images=images)
        if limit is None:
            continue
        found.scanned += 1
        uri = uri_of(bucket, key)
        seen.add(uri)
        sidecar = by_key.get(key + METADATA_SUFFIX)
        sidecar_changed = False
        if sidecar is not None:
            found.metadata_scanned += 1
            sidecar_uri = uri_of(bucket, sidecar.key)
            seen_metadata.add(sidecar_uri)
            sidecar_changed = indexed_metadata.get(sidecar_uri) != sidecar.etag
        if stored.size > limit:
            found.failed += 1
            too_large += 1
            continue
        if sidecar is not None and sidecar.size > limits.metadata_bytes:
            ignored += 1
            continue
        if sidecar_changed and sidecar is not None:
            if not _is_json(world, account, bucket, sidecar.key):
                found.failed += 1
                bad_metadata += 1
                continue
            found.metadata_changes.append(Change(sidecar_uri, sidecar.etag, MODIFIED))
        previous = indexed.get(uri)
        if previous is None:
            found.changes.append(Change(uri, stored.etag, NEW))
        elif previous != stored.etag:
            found.changes.append(Change(uri, stored.etag, MODIFIED))
    found.changes += (Change(uri, None, DELETED) for uri in indexed if uri not in seen)
    found.metadata_changes += (
        Change(key, None, DELETED) for key in indexed_metadata if key not in seen_metadata
    )
    found.failure_reasons = _reasons(ignored, too_large, bad_metadata, limits)
    return found


def _reasons(ignored: int, too_large: int, bad_metadata: int, limits: Limits) -> list[str]:
    reasons = []
    if ignored:  # the real line (seen, FIDELITY-ingestion §2.2)
        reasons.append(
            f"Ignored {ignored} files as the associated metadata was larger than service "
            f"limit of MaximumFileSizeSupported: {limits.metadata_bytes} bytes"
        )
    if too_large:  # decided wording, after the line above
        reasons.append(
            f"Failed to ingest {too_large} files as they were larger than service limit of "
            f"MaximumFileSizeSupported: {limits.file_bytes} bytes"
        )
    if bad_metadata:  # decided wording
        reasons.append(
            f"Failed to ingest {bad_metadata} files as the associated metadata file is not "
            "valid JSON"
        )
    return reasons


def _is_json(world: World, account: str, bucket: str, key: str) -> bool:
    chunks: Iterator[bytes] | None = world.read_object(account, bucket, key)
    if chunks is None:
        return True  # the world cannot tell: taken as it is
    try:
        bounded_json.loads(b"".join(chunks))
    except ValueError:
        return False
    return True


def apply(index: Index, found: Scan, share: float = 1.0) -> Statistics:
    """Index the first ``share`` of the changes ``found`` (all of them by default; a
    stopped job indexes what it reached), and count them."""
    changes = found.changes[: int(len(found.changes) * share)]
    metadata_changes = found.metadata_changes[: int(len(found.metadata_changes) * share)]
    counts = {NEW: 0, MODIFIED: 0, DELETED: 0}
    for target, applied in ((index.documents, changes), (index.metadata, metadata_changes)):
        for change in applied:
            if change.etag is None:
                target.pop(change.key, None)
            else:
                target[change.key] = change.etag
    for change in changes:
        counts[change.kind] += 1
    return Statistics(
        scanned=found.scanned,
        metadata_scanned=found.metadata_scanned,
        new=counts[NEW],
        modified=counts[MODIFIED],
        metadata_modified=len(metadata_changes),
        deleted=counts[DELETED],
        failed=found.failed,
    )
