"""Direct ingestion beside moto's S3: an S3 document indexed, ignored or failed by what the
bucket holds, and the next ingestion job reconciling the data source with its bucket."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from bedrock_jobs_mock import BedrockJobsMock, mock_bedrock_jobs
from tests.factories import START
from tests.kb_helpers import (
    BUCKET,
    PARSES_IMAGES,
    agent_client,
    counted,
    create_data_source,
    create_knowledge_base,
    get_job,
    needs_agent_operation,
    start_job,
    statistics,
)

moto = pytest.importorskip("moto")
pytestmark = needs_agent_operation("IngestKnowledgeBaseDocuments")
STAGING = "kb-staging"


@pytest.fixture
def s3() -> Iterator[Any]:
    with moto.mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        client.create_bucket(Bucket=STAGING)
        yield client


@pytest.fixture
def env(s3: Any) -> Iterator[BedrockJobsMock]:
    quotas = {"ingestion_file_bytes": 100, "ingestion_image_bytes": 50}
    with mock_bedrock_jobs(start_time=START, quotas=quotas) as mock:
        yield mock


@pytest.fixture
def agent(env: BedrockJobsMock) -> Any:
    return agent_client()


@pytest.fixture
def ids(env: BedrockJobsMock, agent: Any) -> dict[str, str]:
    knowledge_base_id = create_knowledge_base(env, agent)
    return {
        "knowledgeBaseId": knowledge_base_id,
        "dataSourceId": create_data_source(agent, knowledge_base_id),
    }


def s3_document(uri: str) -> dict[str, Any]:
    return {"content": {"dataSourceType": "S3", "s3": {"s3Location": {"uri": uri}}}}


def ingest(env: BedrockJobsMock, agent: Any, ids: dict[str, str], *uris: str) -> list[Any]:
    """Ingest the S3 documents and let them end; their details as Get answers them."""
    agent.ingest_knowledge_base_documents(**ids, documents=[s3_document(uri) for uri in uris])
    env.settle()
    return details(agent, ids, *uris)


def details(agent: Any, ids: dict[str, str], *uris: str) -> list[Any]:
    identifiers = [{"dataSourceType": "S3", "s3": {"uri": uri}} for uri in uris]
    found = agent.get_knowledge_base_documents(**ids, documentIdentifiers=identifiers)
    return list(found["documentDetails"])


def sync(env: BedrockJobsMock, agent: Any, ids: dict[str, str]) -> dict[str, int]:
    job_id = start_job(agent, ids["knowledgeBaseId"], ids["dataSourceId"])
    env.settle()
    return statistics(get_job(agent, ids["knowledgeBaseId"], ids["dataSourceId"], job_id))


def listed(agent: Any, ids: dict[str, str], page_size: int = 100) -> list[tuple[str, str]]:
    """(URI, status) of each document List answers, page after page."""
    pages = agent.get_paginator("list_knowledge_base_documents").paginate(
        **ids, PaginationConfig={"PageSize": page_size}
    )
    return [
        (detail["identifier"]["s3"]["uri"], detail["status"])
        for page in pages
        for detail in page["documentDetails"]
    ]


def test_the_list_shows_what_syncs_indexed_after_what_was_ingested_directly(
    env: BedrockJobsMock, agent: Any, s3: Any, ids: dict[str, str]
) -> None:
    for key in ("a.txt", "b.txt", "c.txt"):
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"text")
    sync(env, agent, ids)
    ingest(env, agent, ids, f"s3://{BUCKET}/b.txt")  # held: listed once, with the held
    s3.put_object(Bucket=BUCKET, Key="d.txt", Body=b"text")
    sync(env, agent, ids)
    expected = [(f"s3://{BUCKET}/{key}", "INDEXED") for key in ("b.txt", "a.txt", "c.txt", "d.txt")]
    assert listed(agent, ids) == expected
    assert listed(agent, ids, page_size=1) == expected


def test_a_page_of_the_list_resumes_where_the_last_ended_as_documents_come_and_go(
    env: BedrockJobsMock, agent: Any, s3: Any, ids: dict[str, str]
) -> None:
    for key in ("a.txt", "b.txt", "c.txt"):
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"text")
    sync(env, agent, ids)
    first = agent.list_knowledge_base_documents(**ids, maxResults=2)
    assert [d["identifier"]["s3"]["uri"] for d in first["documentDetails"]] == [
        f"s3://{BUCKET}/a.txt",
        f"s3://{BUCKET}/b.txt",
    ]
    s3.delete_object(Bucket=BUCKET, Key="b.txt")  # already listed: gone at the next sync
    s3.put_object(Bucket=BUCKET, Key="e.txt", Body=b"text")
    sync(env, agent, ids)
    rest = agent.list_knowledge_base_documents(**ids, nextToken=first["nextToken"])
    assert [d["identifier"]["s3"]["uri"] for d in rest["documentDetails"]] == [
        f"s3://{BUCKET}/c.txt",
        f"s3://{BUCKET}/e.txt",
    ]


def test_an_s3_document_in_the_bucket_is_indexed_and_the_next_sync_finds_it_unchanged(
    env: BedrockJobsMock, agent: Any, s3: Any, ids: dict[str, str]
) -> None:
    s3.put_object(Bucket=BUCKET, Key="a.txt", Body=b"text")
    (detail,) = ingest(env, agent, ids, f"s3://{BUCKET}/a.txt")
    assert detail["status"] == "INDEXED"
    assert sync(env, agent, ids) == counted(scanned=1)


def test_a_missing_object_fails_and_an_oversized_one_fails(
    env: BedrockJobsMock, agent: Any, s3: Any, ids: dict[str, str]
) -> None:
    s3.put_object(Bucket=BUCKET, Key="big.txt", Body=b"x" * 101)
    found = ingest(env, agent, ids, f"s3://{BUCKET}/gone.txt", f"s3://{BUCKET}/big.txt")
    assert [(detail["status"], detail["statusReason"]) for detail in found] == [
        ("FAILED", f"The S3 object s3://{BUCKET}/gone.txt does not exist."),
        (
            "FAILED",
            f"The file s3://{BUCKET}/big.txt is larger than the service limit of 100 bytes.",
        ),
    ]


def test_an_object_of_an_unsupported_type_is_ignored(
    env: BedrockJobsMock, agent: Any, s3: Any, ids: dict[str, str]
) -> None:
    s3.put_object(Bucket=BUCKET, Key="tool.exe", Body=b"MZ")
    (detail,) = ingest(env, agent, ids, f"s3://{BUCKET}/tool.exe")
    assert (detail["status"], detail["statusReason"]) == (
        "IGNORED",
        f"The file type of s3://{BUCKET}/tool.exe is not supported.",
    )


def test_images_are_documents_under_the_image_limit_where_the_data_source_parses_them(
    env: BedrockJobsMock, agent: Any, s3: Any
) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    data_source_id = create_data_source(
        agent, knowledge_base_id, vectorIngestionConfiguration=PARSES_IMAGES
    )
    ids = {"knowledgeBaseId": knowledge_base_id, "dataSourceId": data_source_id}
    s3.put_object(Bucket=BUCKET, Key="photo.jpeg", Body=b"x" * 50)
    s3.put_object(Bucket=BUCKET, Key="poster.png", Body=b"x" * 51)  # under the file limit
    found = ingest(env, agent, ids, f"s3://{BUCKET}/photo.jpeg", f"s3://{BUCKET}/poster.png")
    assert [(detail["status"], detail.get("statusReason")) for detail in found] == [
        ("INDEXED", None),
        (
            "FAILED",
            f"The file s3://{BUCKET}/poster.png is larger than the service limit of 50 bytes.",
        ),
    ]
    assert sync(env, agent, ids) == counted(scanned=2, failed=1)


def test_an_image_is_ignored_where_the_data_source_does_not_parse_images(
    env: BedrockJobsMock, agent: Any, s3: Any, ids: dict[str, str]
) -> None:
    s3.put_object(Bucket=BUCKET, Key="photo.jpeg", Body=b"x")
    (detail,) = ingest(env, agent, ids, f"s3://{BUCKET}/photo.jpeg")
    assert (detail["status"], detail["statusReason"]) == (
        "IGNORED",
        f"The file type of s3://{BUCKET}/photo.jpeg is not supported.",
    )


def test_the_next_sync_counts_a_document_absent_from_the_bucket_as_deleted(
    env: BedrockJobsMock, agent: Any, s3: Any, ids: dict[str, str]
) -> None:
    s3.put_object(Bucket=BUCKET, Key="kept.txt", Body=b"kept")
    s3.put_object(Bucket=STAGING, Key="draft.txt", Body=b"draft")
    assert sync(env, agent, ids) == counted(scanned=1, new=1)
    (detail,) = ingest(env, agent, ids, f"s3://{STAGING}/draft.txt")
    assert detail["status"] == "INDEXED"
    assert sync(env, agent, ids) == counted(scanned=1, deleted=1)
    assert [d["status"] for d in details(agent, ids, f"s3://{STAGING}/draft.txt")] == ["NOT_FOUND"]
    assert listed(agent, ids) == [(f"s3://{BUCKET}/kept.txt", "INDEXED")]


def test_a_document_an_ingestion_job_indexed_can_be_deleted_directly_and_comes_back(
    env: BedrockJobsMock, agent: Any, s3: Any, ids: dict[str, str]
) -> None:
    s3.put_object(Bucket=BUCKET, Key="a.txt", Body=b"text")
    sync(env, agent, ids)
    uri = f"s3://{BUCKET}/a.txt"
    assert [d["status"] for d in details(agent, ids, uri)] == ["INDEXED"]
    deleted = agent.delete_knowledge_base_documents(
        **ids, documentIdentifiers=[{"dataSourceType": "S3", "s3": {"uri": uri}}]
    )
    assert deleted["documentDetails"][0]["status"] == "DELETING"
    env.settle()
    assert [d["status"] for d in details(agent, ids, uri)] == ["NOT_FOUND"]
    # Still in S3: the next sync indexes it again (the user guide's caveat).
    assert sync(env, agent, ids) == counted(scanned=1, new=1)
