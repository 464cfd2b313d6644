"""Direct ingestion (IngestKnowledgeBaseDocuments and its siblings), the mock alone: the
statuses on the clock, the content rules the model cannot express, the conflict with a
running ingestion job, the controls and the lists. Beside moto's S3:
test_kb_documents_s3.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock import DEFAULT_DURATIONS, BedrockJobsMock, mock_bedrock_jobs
from bedrock_jobs_mock.services.bedrock_agent.documents import Document
from tests.factories import START, error_of
from tests.kb_helpers import (
    agent_client,
    create_data_source,
    create_knowledge_base,
    knowledge_base_request,
    needs_agent_operation,
    start_job,
)

pytestmark = needs_agent_operation("IngestKnowledgeBaseDocuments")

RUN = DEFAULT_DURATIONS["knowledge_base_document"]
CUSTOM = {"type": "CUSTOM"}


@pytest.fixture
def env() -> Iterator[BedrockJobsMock]:
    with mock_bedrock_jobs(start_time=START) as mock:
        yield mock


@pytest.fixture
def agent(env: BedrockJobsMock) -> Any:
    return agent_client()


@pytest.fixture
def custom(env: BedrockJobsMock, agent: Any) -> dict[str, str]:
    """The ids of a CUSTOM data source of an ACTIVE knowledge base."""
    knowledge_base_id = create_knowledge_base(env, agent)
    data_source_id = create_data_source(
        agent, knowledge_base_id, "custom", dataSourceConfiguration=CUSTOM
    )
    return {"knowledgeBaseId": knowledge_base_id, "dataSourceId": data_source_id}


@pytest.fixture
def s3_source(env: BedrockJobsMock, agent: Any) -> dict[str, str]:
    """The ids of an S3 data source (over ``kb-documents``) of an ACTIVE knowledge base."""
    knowledge_base_id = create_knowledge_base(env, agent, "s3-kb")
    return {
        "knowledgeBaseId": knowledge_base_id,
        "dataSourceId": create_data_source(agent, knowledge_base_id),
    }


def text(document_id: str, data: str = "Some text.") -> dict[str, Any]:
    """A CUSTOM document given inline as text."""
    return {
        "content": {
            "dataSourceType": "CUSTOM",
            "custom": {
                "customDocumentIdentifier": {"id": document_id},
                "sourceType": "IN_LINE",
                "inlineContent": {"type": "TEXT", "textContent": {"data": data}},
            },
        }
    }


def custom_id(document_id: str) -> dict[str, Any]:
    return {"dataSourceType": "CUSTOM", "custom": {"id": document_id}}


def statuses(agent: Any, ids: dict[str, str], *document_ids: str) -> list[str]:
    details = agent.get_knowledge_base_documents(
        **ids, documentIdentifiers=[custom_id(name) for name in document_ids]
    )["documentDetails"]
    return [detail["status"] for detail in details]


def refused(call: Any, **kwargs: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as excinfo:
        call(**kwargs)
    return error_of(excinfo)


def test_an_ingested_document_is_starting_then_in_progress_then_indexed(
    env: BedrockJobsMock, agent: Any, custom: dict[str, str]
) -> None:
    response = agent.ingest_knowledge_base_documents(**custom, documents=[text("doc-1")])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    (detail,) = response["documentDetails"]
    assert detail == {
        **custom,
        "status": "STARTING",
        "identifier": custom_id("doc-1"),
        "updatedAt": env.clock.now(),
    }
    env.clock.advance(RUN / 2)
    assert statuses(agent, custom, "doc-1") == ["IN_PROGRESS"]
    env.clock.advance(RUN / 2)
    (indexed,) = agent.get_knowledge_base_documents(
        **custom, documentIdentifiers=[custom_id("doc-1")]
    )["documentDetails"]
    assert indexed["status"] == "INDEXED"
    assert indexed["updatedAt"] == env.clock.now()
    assert "statusReason" not in indexed


def test_a_document_never_ingested_is_not_found(agent: Any, custom: dict[str, str]) -> None:
    assert statuses(agent, custom, "never") == ["NOT_FOUND"]


def test_a_deleted_document_is_deleting_then_delete_in_progress_then_not_found(
    env: BedrockJobsMock, agent: Any, custom: dict[str, str]
) -> None:
    agent.ingest_knowledge_base_documents(**custom, documents=[text("doc-1"), text("doc-2")])
    env.settle()
    response = agent.delete_knowledge_base_documents(
        **custom, documentIdentifiers=[custom_id("doc-1"), custom_id("unknown")]
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert [detail["status"] for detail in response["documentDetails"]] == [
        "DELETING",
        "NOT_FOUND",
    ]
    env.clock.advance(RUN / 2)
    assert statuses(agent, custom, "doc-1", "doc-2") == ["DELETE_IN_PROGRESS", "INDEXED"]
    env.settle()
    assert statuses(agent, custom, "doc-1", "doc-2") == ["NOT_FOUND", "INDEXED"]
    listed = agent.list_knowledge_base_documents(**custom)["documentDetails"]
    assert [detail["identifier"] for detail in listed] == [custom_id("doc-2")]


def test_a_document_ingested_again_is_overwritten_and_starts_again(
    env: BedrockJobsMock, agent: Any, custom: dict[str, str]
) -> None:
    agent.ingest_knowledge_base_documents(**custom, documents=[text("doc-1")])
    env.settle()
    again = agent.ingest_knowledge_base_documents(**custom, documents=[text("doc-1", "New.")])
    assert again["documentDetails"][0]["status"] == "STARTING"
    assert len(agent.list_knowledge_base_documents(**custom)["documentDetails"]) == 1


def test_the_list_pages_oldest_first(
    env: BedrockJobsMock, agent: Any, custom: dict[str, str]
) -> None:
    agent.ingest_knowledge_base_documents(**custom, documents=[text("a"), text("b"), text("c")])
    seen, token = [], None
    while True:
        page = agent.list_knowledge_base_documents(
            **custom, maxResults=2, **({"nextToken": token} if token else {})
        )
        seen += [detail["identifier"]["custom"]["id"] for detail in page["documentDetails"]]
        token = page.get("nextToken")
        if token is None:
            break
    assert seen == ["a", "b", "c"]


def test_at_most_ten_documents_per_request(agent: Any, custom: dict[str, str]) -> None:
    documents = [text(f"doc-{number}") for number in range(11)]
    code, message, status = refused(
        agent.ingest_knowledge_base_documents, **custom, documents=documents
    )
    assert (code, status) == ("ValidationException", 400)
    assert "at 'documents' failed to satisfy constraint: Member must have length less than or " in (
        message
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            {"dataSourceType": "S3", "s3": {"s3Location": {"uri": "s3://bucket/a.txt"}}},
            "The dataSourceType S3 of document documents.1.content must match the type of "
            "the data source: CUSTOM.",
        ),
        (
            {"dataSourceType": "CUSTOM"},
            "documents.1.content.custom is required when documents.1.content.dataSourceType "
            "is CUSTOM.",
        ),
        (
            {
                "dataSourceType": "CUSTOM",
                "custom": {"customDocumentIdentifier": {"id": "d"}, "sourceType": "IN_LINE"},
            },
            "documents.1.content.custom.inlineContent is required when "
            "documents.1.content.custom.sourceType is IN_LINE.",
        ),
        (
            {
                "dataSourceType": "CUSTOM",
                "custom": {
                    "customDocumentIdentifier": {"id": "d"},
                    "sourceType": "S3_LOCATION",
                    "inlineContent": {"type": "TEXT", "textContent": {"data": "x"}},
                },
            },
            "documents.1.content.custom.inlineContent is not allowed when "
            "documents.1.content.custom.sourceType is S3_LOCATION.",
        ),
        (
            {
                "dataSourceType": "CUSTOM",
                "custom": {
                    "customDocumentIdentifier": {"id": "d"},
                    "sourceType": "IN_LINE",
                    "inlineContent": {
                        "type": "TEXT",
                        "byteContent": {"mimeType": "text/plain", "data": b"x"},
                    },
                },
            },
            "documents.1.content.custom.inlineContent.textContent is required when "
            "documents.1.content.custom.inlineContent.type is TEXT.",
        ),
    ],
)
def test_content_a_custom_data_source_refuses(
    agent: Any, custom: dict[str, str], content: dict[str, Any], message: str
) -> None:
    assert refused(
        agent.ingest_knowledge_base_documents, **custom, documents=[{"content": content}]
    ) == ("ValidationException", message, 400)


def test_an_s3_data_source_takes_only_s3_locations(agent: Any, s3_source: dict[str, str]) -> None:
    assert refused(agent.ingest_knowledge_base_documents, **s3_source, documents=[text("d")]) == (
        "ValidationException",
        "The dataSourceType CUSTOM of document documents.1.content must match the type of the "
        "data source: S3.",
        400,
    )
    assert refused(
        agent.get_knowledge_base_documents,
        **s3_source,
        documentIdentifiers=[{"dataSourceType": "S3"}],
    ) == (
        "ValidationException",
        "documentIdentifiers.1.s3 is required when documentIdentifiers.1.dataSourceType is S3.",
        400,
    )


def test_metadata_gives_the_member_its_type_names(agent: Any, custom: dict[str, str]) -> None:
    document = {**text("d"), "metadata": {"type": "IN_LINE_ATTRIBUTE"}}
    assert refused(agent.ingest_knowledge_base_documents, **custom, documents=[document]) == (
        "ValidationException",
        "documents.1.metadata.inlineAttributes is required when documents.1.metadata.type is "
        "IN_LINE_ATTRIBUTE.",
        400,
    )


def test_only_s3_and_custom_data_sources_take_documents(env: BedrockJobsMock, agent: Any) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    web = {
        "type": "WEB",
        "webConfiguration": {
            "sourceConfiguration": {
                "urlConfiguration": {"seedUrls": [{"url": "https://example.com"}]}
            }
        },
    }
    data_source_id = create_data_source(agent, knowledge_base_id, dataSourceConfiguration=web)
    ids = {"knowledgeBaseId": knowledge_base_id, "dataSourceId": data_source_id}
    assert refused(agent.list_knowledge_base_documents, **ids) == (
        "ValidationException",
        f"The data source {data_source_id} is of type WEB: only S3 and CUSTOM data sources "
        "accept documents directly.",
        400,
    )


def test_a_running_ingestion_job_refuses_ingestion_and_deletion(
    env: BedrockJobsMock, agent: Any, custom: dict[str, str]
) -> None:
    start_job(agent, custom["knowledgeBaseId"], custom["dataSourceId"])
    message = (
        f"There is an ongoing ingestion job for data source {custom['dataSourceId']}. Wait "
        "until it ends before you ingest or delete documents."
    )
    assert refused(agent.ingest_knowledge_base_documents, **custom, documents=[text("d")]) == (
        "ValidationException",
        message,
        400,
    )
    assert refused(
        agent.delete_knowledge_base_documents, **custom, documentIdentifiers=[custom_id("d")]
    ) == ("ValidationException", message, 400)
    env.settle()
    agent.ingest_knowledge_base_documents(**custom, documents=[text("d")])


def test_a_knowledge_base_not_active_takes_no_document(env: BedrockJobsMock, agent: Any) -> None:
    created = agent.create_knowledge_base(**knowledge_base_request())["knowledgeBase"]
    knowledge_base_id = created["knowledgeBaseId"]
    data_source_id = create_data_source(agent, knowledge_base_id, dataSourceConfiguration=CUSTOM)
    ids = {"knowledgeBaseId": knowledge_base_id, "dataSourceId": data_source_id}
    assert refused(agent.ingest_knowledge_base_documents, **ids, documents=[text("d")]) == (
        "ValidationException",
        f"The knowledge base {knowledge_base_id} is in CREATING status. Add or delete "
        "documents when it is ACTIVE.",
        400,
    )


def test_a_missing_data_source_is_not_found(agent: Any, custom: dict[str, str]) -> None:
    code, message, status = refused(
        agent.get_knowledge_base_documents,
        knowledgeBaseId=custom["knowledgeBaseId"],
        dataSourceId="ABCDEFGHIJ",
        documentIdentifiers=[custom_id("d")],
    )
    assert (code, status) == ("ResourceNotFoundException", 404)
    assert "ABCDEFGHIJ" in message


def test_the_controls_reach_documents(
    env: BedrockJobsMock, agent: Any, custom: dict[str, str]
) -> None:
    agent.ingest_knowledge_base_documents(**custom, documents=[text("doc-1"), text("doc-2")])
    env.fail("doc-1", "The document could not be parsed.")
    env.complete("doc-2")
    details = agent.get_knowledge_base_documents(
        **custom, documentIdentifiers=[custom_id("doc-1"), custom_id("doc-2")]
    )["documentDetails"]
    assert [(detail["status"], detail.get("statusReason")) for detail in details] == [
        ("FAILED", "The document could not be parsed."),
        ("INDEXED", None),
    ]
    (view,) = [job for job in env.state().jobs["knowledge_base_document"] if job.name == "doc-1"]
    assert view["status"] == "FAILED"


def test_fail_next_fails_the_next_document(
    env: BedrockJobsMock, agent: Any, custom: dict[str, str]
) -> None:
    env.fail_next("knowledge_base_document", "Scripted.")
    agent.ingest_knowledge_base_documents(**custom, documents=[text("doc-1")])
    env.settle()
    (detail,) = agent.get_knowledge_base_documents(
        **custom, documentIdentifiers=[custom_id("doc-1")]
    )["documentDetails"]
    assert (detail["status"], detail["statusReason"]) == ("FAILED", "Scripted.")


def test_a_repeated_client_token_answers_the_first_request(
    env: BedrockJobsMock, agent: Any, custom: dict[str, str]
) -> None:
    first = agent.ingest_knowledge_base_documents(
        **custom, documents=[text("doc-1")], clientToken="token-000000000000000000000000000001"
    )
    env.clock.advance(RUN)
    again = agent.ingest_knowledge_base_documents(
        **custom, documents=[text("doc-1")], clientToken="token-000000000000000000000000000001"
    )
    assert again["documentDetails"] == first["documentDetails"]
    assert statuses(agent, custom, "doc-1") == ["INDEXED"]


def test_deleting_the_data_source_removes_its_documents(
    env: BedrockJobsMock, agent: Any, custom: dict[str, str]
) -> None:
    agent.ingest_knowledge_base_documents(**custom, documents=[text("doc-1")])
    env.settle()
    agent.delete_data_source(**custom)
    env.settle()
    assert env.state().jobs["knowledge_base_document"] == ()


@pytest.mark.parametrize("deleted", ["data source", "knowledge base"])
def test_documents_on_their_way_stop_running_when_their_data_source_goes(
    env: BedrockJobsMock, agent: Any, custom: dict[str, str], deleted: str
) -> None:
    agent.ingest_knowledge_base_documents(**custom, documents=[text("doc-1"), text("doc-2")])
    if deleted == "data source":
        agent.delete_data_source(**custom)
    else:
        agent.delete_knowledge_base(knowledgeBaseId=custom["knowledgeBaseId"])
    env.settle()
    state = env.state()
    assert state.jobs["knowledge_base_document"] == ()
    region = env.backend.existing_region_state(state.account, state.region)
    assert region is not None and region.running_count(Document) == 0


def test_a_token_the_list_did_not_give_is_refused(agent: Any, custom: dict[str, str]) -> None:
    code, message, status = refused(
        agent.list_knowledge_base_documents, **custom, nextToken="not-a-token"
    )
    assert (code, message, status) == (
        "ValidationException",
        "The provided pagination token is invalid.",
        400,
    )
