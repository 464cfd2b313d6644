"""Ingestion jobs beside moto's S3: every statistic of a first and an incremental sync,
checked against the objects put in the bucket; metadata files, unsupported and oversized
files, the over-limit metadata case, the missing bucket, a stopped sync; moto answering
the rest of bedrock-agent; the server door running a sync (which reads no S3)."""

from __future__ import annotations

import json
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
    knowledge_base_request,
    needs_agent_operation,
    s3_data_source,
    start_job,
    statistics,
)

moto = pytest.importorskip("moto")
mock_aws = moto.mock_aws

#: Limits small enough for a test's objects (the real ones: 50 MB, 3.75 MB and 10 KB).
SMALL = {
    "ingestion_file_bytes": 1000,
    "ingestion_image_bytes": 500,
    "ingestion_metadata_bytes": 200,
}
METADATA = json.dumps({"metadataAttributes": {"team": "search"}}).encode()


@pytest.fixture
def s3() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


@pytest.fixture
def env(s3: Any) -> Iterator[BedrockJobsMock]:
    with mock_bedrock_jobs(start_time=START, quotas=SMALL) as mock:
        yield mock


@pytest.fixture
def agent(env: BedrockJobsMock) -> Any:
    return agent_client()


@pytest.fixture
def source(env: BedrockJobsMock, agent: Any) -> tuple[str, str]:
    knowledge_base_id = create_knowledge_base(env, agent)
    return knowledge_base_id, create_data_source(agent, knowledge_base_id)


def put(s3: Any, *keys: str, body: bytes = b"some text") -> None:
    for key in keys:
        s3.put_object(Bucket=BUCKET, Key=key, Body=body)


def sync(env: BedrockJobsMock, agent: Any, source: tuple[str, str]) -> Any:
    """Run one ingestion job to its end; the job as Get answers it."""
    job_id = start_job(agent, *source)
    env.settle()
    return get_job(agent, *source, job_id)


def test_a_first_sync_counts_every_supported_document_as_new(
    env: BedrockJobsMock, agent: Any, s3: Any, source: tuple[str, str]
) -> None:
    put(s3, "guide.pdf", "notes.txt", "readme.md", "table.csv", "page.html", "sheet.xlsx")
    put(s3, "notes.txt.metadata.json", "table.csv.metadata.json", body=METADATA)
    job = sync(env, agent, source)
    assert job["status"] == "COMPLETE"
    assert statistics(job) == counted(scanned=6, metadata_scanned=2, new=6, metadata_modified=2)
    assert "failureReasons" not in job


def test_a_second_sync_counts_new_modified_deleted_and_unchanged_documents(
    env: BedrockJobsMock, agent: Any, s3: Any, source: tuple[str, str]
) -> None:
    put(s3, "kept.txt", "changed.txt", "removed.txt", "tagged.txt")
    put(s3, "tagged.txt.metadata.json", "removed.txt.metadata.json", body=METADATA)
    sync(env, agent, source)
    put(s3, "changed.txt", body=b"another text")
    put(s3, "added.md")
    s3.delete_object(Bucket=BUCKET, Key="removed.txt")
    put(s3, "tagged.txt.metadata.json", body=b'{"metadataAttributes": {"team": "ml"}}')
    job = sync(env, agent, source)
    # scanned: kept, changed, tagged, added; metadata: tagged's changed, removed's is
    # orphaned (deleted); a metadata-only change is no modified document.
    assert statistics(job) == counted(
        scanned=4, metadata_scanned=1, new=1, modified=1, metadata_modified=2, deleted=1
    )


def test_a_sync_of_nothing_changed_indexes_nothing(
    env: BedrockJobsMock, agent: Any, s3: Any, source: tuple[str, str]
) -> None:
    put(s3, "a.txt", "b.txt")
    sync(env, agent, source)
    assert statistics(sync(env, agent, source)) == counted(scanned=2)


def test_unsupported_files_are_neither_scanned_nor_counted(
    env: BedrockJobsMock, agent: Any, s3: Any, source: tuple[str, str]
) -> None:
    put(s3, "doc.txt", "image.png", "archive.zip", "folder/", "no-extension")
    put(s3, "orphan.txt.metadata.json", body=METADATA)  # its document is absent
    job = sync(env, agent, source)
    assert statistics(job) == counted(scanned=1, new=1)


def test_images_are_documents_where_the_data_source_parses_them(
    env: BedrockJobsMock, agent: Any, s3: Any
) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    data_source_id = create_data_source(
        agent, knowledge_base_id, vectorIngestionConfiguration=PARSES_IMAGES
    )
    put(s3, "photo.jpeg", "chart.png")
    put(s3, "poster.png", body=b"x" * 501)  # over the image limit, under the file limit
    job = sync(env, agent, (knowledge_base_id, data_source_id))
    assert statistics(job) == counted(scanned=3, new=2, failed=1)


def test_an_oversized_document_fails_and_the_job_completes_explaining_it(
    env: BedrockJobsMock, agent: Any, s3: Any, source: tuple[str, str]
) -> None:
    put(s3, "small.pdf")
    put(s3, "huge.pdf", body=b"x" * 1001)
    job = sync(env, agent, source)
    assert job["status"] == "COMPLETE"
    assert statistics(job) == counted(scanned=2, new=1, failed=1)
    assert job["failureReasons"] == [
        "Failed to ingest 1 files as they were larger than service limit of "
        "MaximumFileSizeSupported: 1000 bytes"
    ]


def test_over_limit_metadata_ignores_its_document_and_the_job_still_completes(
    env: BedrockJobsMock, agent: Any, s3: Any, source: tuple[str, str]
) -> None:
    put(s3, "a.txt", "b.txt", "c.txt")
    big = json.dumps({"metadataAttributes": {"text": "x" * 300}}).encode()
    put(s3, "a.txt.metadata.json", "b.txt.metadata.json", body=big)
    job = sync(env, agent, source)
    assert job["status"] == "COMPLETE"
    assert statistics(job) == counted(scanned=3, metadata_scanned=2, new=1)
    assert job["failureReasons"] == [
        "Ignored 2 files as the associated metadata was larger than service limit of "
        "MaximumFileSizeSupported: 200 bytes"
    ]


def test_metadata_that_is_not_json_fails_its_document(
    env: BedrockJobsMock, agent: Any, s3: Any, source: tuple[str, str]
) -> None:
    put(s3, "a.txt", "b.txt")
    put(s3, "a.txt.metadata.json", body=b"{not json")
    job = sync(env, agent, source)
    assert statistics(job) == counted(scanned=2, metadata_scanned=1, new=1, failed=1)
    assert job["failureReasons"] == [
        "Failed to ingest 1 files as the associated metadata file is not valid JSON"
    ]


def test_the_inclusion_prefix_bounds_the_scan_and_a_new_prefix_deletes_the_rest(
    env: BedrockJobsMock, agent: Any, s3: Any
) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    data_source_id = create_data_source(
        agent, knowledge_base_id, dataSourceConfiguration=s3_data_source(prefix="v1/")
    )
    source = (knowledge_base_id, data_source_id)
    put(s3, "v1/a.txt", "v1/b.txt", "v2/a.txt", "other.txt")
    assert statistics(sync(env, agent, source)) == counted(scanned=2, new=2)
    agent.update_data_source(
        knowledgeBaseId=knowledge_base_id,
        dataSourceId=data_source_id,
        name="docs",
        dataSourceConfiguration=s3_data_source(prefix="v2/"),
    )
    assert statistics(sync(env, agent, source)) == counted(scanned=1, new=1, deleted=2)


def _move_to(agent: Any, source: tuple[str, str], bucket: str) -> None:
    agent.update_data_source(
        knowledgeBaseId=source[0],
        dataSourceId=source[1],
        name="docs",
        dataSourceConfiguration=s3_data_source(f"arn:aws:s3:::{bucket}"),
    )


def test_a_new_bucket_makes_its_documents_new_and_the_old_ones_deleted(
    env: BedrockJobsMock, agent: Any, s3: Any, source: tuple[str, str]
) -> None:
    put(s3, "a.txt", "c.txt")
    assert statistics(sync(env, agent, source)) == counted(scanned=2, new=2)
    s3.create_bucket(Bucket="kb-other")
    for key in ("a.txt", "b.txt"):  # a.txt as in the old bucket: the same ETag
        s3.put_object(Bucket="kb-other", Key=key, Body=b"some text")
    _move_to(agent, source, "kb-other")
    assert statistics(sync(env, agent, source)) == counted(scanned=2, new=2, deleted=2)
    assert statistics(sync(env, agent, source)) == counted(scanned=2)


def test_a_running_job_scans_the_location_it_started_with(
    env: BedrockJobsMock, agent: Any, s3: Any, source: tuple[str, str]
) -> None:
    put(s3, "a.txt")
    s3.create_bucket(Bucket="kb-other")
    job_id = start_job(agent, *source)
    _move_to(agent, source, "kb-other")  # while the job is STARTING, before its scan
    env.settle()
    assert statistics(get_job(agent, *source, job_id)) == counted(scanned=1, new=1)
    assert statistics(sync(env, agent, source)) == counted(deleted=1)


def test_a_missing_bucket_fails_the_job_naming_it(
    env: BedrockJobsMock, agent: Any, source: tuple[str, str]
) -> None:
    knowledge_base_id = source[0]
    data_source_id = create_data_source(
        agent,
        knowledge_base_id,
        "gone",
        dataSourceConfiguration=s3_data_source("arn:aws:s3:::no-such-bucket"),
    )
    job = sync(env, agent, (knowledge_base_id, data_source_id))
    assert job["status"] == "FAILED"
    assert job["failureReasons"] == [
        "The S3 bucket no-such-bucket of the data source does not exist."
    ]
    assert statistics(job) == counted()


@needs_agent_operation("StopIngestionJob")
def test_a_stopped_sync_keeps_what_it_indexed_and_the_next_indexes_the_rest(
    env: BedrockJobsMock, agent: Any, s3: Any, source: tuple[str, str]
) -> None:
    put(s3, *(f"doc-{n}.txt" for n in range(10)))
    job_id = start_job(agent, *source)
    run = env.backend.runs.duration("ingestion_job")
    env.clock.set(START + run * 0.1 + run * 0.9 * 0.5)  # half its IN_PROGRESS time
    agent.stop_ingestion_job(
        knowledgeBaseId=source[0], dataSourceId=source[1], ingestionJobId=job_id
    )
    env.settle()
    stopped = get_job(agent, *source, job_id)
    assert stopped["status"] == "STOPPED"
    assert statistics(stopped) == counted(scanned=10, new=5)
    assert statistics(sync(env, agent, source)) == counted(scanned=10, new=5)


def test_a_failed_sync_indexes_nothing(
    env: BedrockJobsMock, agent: Any, s3: Any, source: tuple[str, str]
) -> None:
    put(s3, "a.txt")
    env.fail_next("ingestion_job", "The knowledge base role can't read the bucket.")
    assert sync(env, agent, source)["status"] == "FAILED"
    assert statistics(sync(env, agent, source)) == counted(scanned=1, new=1)


def test_statistics_are_zero_until_the_job_completes(
    env: BedrockJobsMock, agent: Any, s3: Any, source: tuple[str, str]
) -> None:
    put(s3, "a.txt")
    job_id = start_job(agent, *source)
    env.clock.advance(10)
    job = get_job(agent, *source, job_id)
    assert (job["status"], statistics(job)) == ("IN_PROGRESS", counted())


def test_moto_answers_the_rest_of_bedrock_agent_beside_the_mock(
    env: BedrockJobsMock, agent: Any, s3: Any, source: tuple[str, str]
) -> None:
    put(s3, "a.txt")
    assert statistics(sync(env, agent, source)) == counted(scanned=1, new=1)
    assert agent.list_agents()["agentSummaries"] == []  # moto's answer
    served = {(call.service, call.operation) for call in env.calls}
    assert ("bedrock-agent", "ListAgents") not in served
    assert ("bedrock-agent", "StartIngestionJob") in served
    listed = agent.list_knowledge_bases()["knowledgeBaseSummaries"]
    assert [item["knowledgeBaseId"] for item in listed] == [source[0]]  # the mock's


def test_a_sync_through_the_server_door_reads_no_s3() -> None:
    """The server serves other processes: it has no world, so its syncs read no S3 and
    complete with zero statistics (docs/user-guide.md)."""
    from bedrock_jobs_mock.server import BedrockJobsServer, Controls

    with BedrockJobsServer("127.0.0.1", 0) as server:
        controls = Controls(server.url)
        agent = agent_client(
            endpoint_url=server.url, aws_access_key_id="testing", aws_secret_access_key="testing"
        )
        created = agent.create_knowledge_base(**knowledge_base_request())
        knowledge_base_id = created["knowledgeBase"]["knowledgeBaseId"]
        controls.settle()
        data_source_id = create_data_source(agent, knowledge_base_id)
        job_id = start_job(agent, knowledge_base_id, data_source_id)
        assert get_job(agent, knowledge_base_id, data_source_id, job_id)["status"] == "STARTING"
        controls.settle()
        job = get_job(agent, knowledge_base_id, data_source_id, job_id)
        assert [view["status"] for view in controls.state().jobs["ingestion_job"]] == ["COMPLETE"]
    assert job["status"] == "COMPLETE"
    assert statistics(job) == counted()


def test_deleting_a_data_source_whose_bucket_is_gone_is_unsuccessful_until_retained(
    env: BedrockJobsMock, agent: Any, s3: Any
) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    data_source_id = create_data_source(agent, knowledge_base_id)
    ids = {"knowledgeBaseId": knowledge_base_id, "dataSourceId": data_source_id}
    s3.delete_bucket(Bucket=BUCKET)

    assert agent.delete_data_source(**ids)["status"] == "DELETING"
    env.settle()
    data_source = agent.get_data_source(**ids)["dataSource"]
    assert data_source["status"] == "DELETE_UNSUCCESSFUL"
    assert data_source["failureReasons"] == [
        f"Unable to delete data from vector store for data source with ID {data_source_id}. "
        "Check your vector store configurations and permissions and retry your request. "
        "If the issue persists, consider updating the dataDeletionPolicy of the data source "
        "to RETAIN and retry your request."
    ]
    (summary,) = agent.list_data_sources(knowledgeBaseId=knowledge_base_id)["dataSourceSummaries"]
    assert summary["status"] == "DELETE_UNSUCCESSFUL"

    agent.update_data_source(
        **ids, name="docs", dataSourceConfiguration=s3_data_source(), dataDeletionPolicy="RETAIN"
    )
    assert agent.delete_data_source(**ids)["status"] == "DELETING"
    env.settle()
    assert agent.list_data_sources(knowledgeBaseId=knowledge_base_id)["dataSourceSummaries"] == []
