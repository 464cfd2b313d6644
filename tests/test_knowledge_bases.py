"""Knowledge bases and data sources (``bedrock-agent``) on the mock clock: statuses, the
configuration rules the model cannot express, the data-source quota, lists, tags."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock import DEFAULT_DURATIONS, mock_bedrock_jobs
from tests.factories import START, error_of
from tests.kb_helpers import (
    BUCKET_ARN,
    ROLE_ARN,
    agent_client,
    create_data_source,
    create_knowledge_base,
    knowledge_base_request,
    needs_agent_enum,
    s3_data_source,
    storage_configuration,
)

KB_RUN = DEFAULT_DURATIONS["knowledge_base"]
#: Whether the installed model requires it (until botocore 1.35.80: botocore refuses to send
#: a request without it).
STORAGE_REQUIRED = "storageConfiguration" in (
    botocore.session.get_session()
    .get_service_model("bedrock-agent")
    .shape_for("CreateKnowledgeBaseRequest")
    .required_members
)


@pytest.fixture
def env(bedrock_jobs: Any) -> Any:
    bedrock_jobs.clock.set(START)
    return bedrock_jobs


@pytest.fixture
def agent(env: Any) -> Any:
    return agent_client()


def _status(agent: Any, knowledge_base_id: str) -> str:
    return str(
        agent.get_knowledge_base(knowledgeBaseId=knowledge_base_id)["knowledgeBase"]["status"]
    )


# -- knowledge bases ------------------------------------------------------------------------


def test_create_answers_202_creating_with_a_ten_character_id_and_its_arn(agent: Any) -> None:
    response = agent.create_knowledge_base(**knowledge_base_request())
    knowledge_base = response["knowledgeBase"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert knowledge_base["status"] == "CREATING"
    assert re.fullmatch(r"[0-9A-Z]{10}", knowledge_base["knowledgeBaseId"])
    assert knowledge_base["knowledgeBaseArn"] == (
        f"arn:aws:bedrock:us-east-1:123456789012:knowledge-base/{knowledge_base['knowledgeBaseId']}"
    )
    assert knowledge_base["createdAt"] == knowledge_base["updatedAt"] == START
    assert knowledge_base["storageConfiguration"] == storage_configuration()


def test_a_knowledge_base_is_active_after_its_creation_time(env: Any, agent: Any) -> None:
    knowledge_base_id = agent.create_knowledge_base(**knowledge_base_request())["knowledgeBase"][
        "knowledgeBaseId"
    ]
    env.clock.set(START + KB_RUN - timedelta(seconds=1))
    assert _status(agent, knowledge_base_id) == "CREATING"
    env.clock.set(START + KB_RUN)
    knowledge_base = agent.get_knowledge_base(knowledgeBaseId=knowledge_base_id)["knowledgeBase"]
    assert (knowledge_base["status"], knowledge_base["updatedAt"]) == ("ACTIVE", START + KB_RUN)


def test_fail_next_fails_the_creation_with_its_failure_reasons(env: Any, agent: Any) -> None:
    env.fail_next("knowledge_base", "no such index [kb-index]")
    knowledge_base_id = agent.create_knowledge_base(**knowledge_base_request())["knowledgeBase"][
        "knowledgeBaseId"
    ]
    env.settle()
    knowledge_base = agent.get_knowledge_base(knowledgeBaseId=knowledge_base_id)["knowledgeBase"]
    assert (knowledge_base["status"], knowledge_base["failureReasons"]) == (
        "FAILED",
        ["no such index [kb-index]"],
    )


def test_update_holds_updating_then_active_and_keeps_the_configurations(
    env: Any, agent: Any
) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    request = knowledge_base_request("renamed-kb", description="after")
    updated = agent.update_knowledge_base(knowledgeBaseId=knowledge_base_id, **request)
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert (updated["knowledgeBase"]["status"], updated["knowledgeBase"]["name"]) == (
        "UPDATING",
        "renamed-kb",
    )
    env.settle()
    assert _status(agent, knowledge_base_id) == "ACTIVE"


def test_the_controls_find_a_renamed_knowledge_base_by_its_new_name(env: Any, agent: Any) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    agent.update_knowledge_base(
        knowledgeBaseId=knowledge_base_id, **knowledge_base_request("renamed-kb")
    )
    env.fail("renamed-kb", "The update failed.")
    with pytest.raises(LookupError):
        env.complete("docs-kb")
    knowledge_base = agent.get_knowledge_base(knowledgeBaseId=knowledge_base_id)["knowledgeBase"]
    assert knowledge_base["failureReasons"] == ["The update failed."]


def test_update_may_not_change_the_storage_configuration(env: Any, agent: Any) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    storage = storage_configuration()
    storage["opensearchServerlessConfiguration"]["vectorIndexName"] = "another-index"
    with pytest.raises(ClientError) as excinfo:
        agent.update_knowledge_base(
            knowledgeBaseId=knowledge_base_id,
            **knowledge_base_request(storageConfiguration=storage),
        )
    assert error_of(excinfo) == (
        "ValidationException",
        "You can't change the knowledgeBaseConfiguration or storageConfiguration of a "
        "knowledge base: specify the same configurations as when you created it.",
        400,
    )


def test_update_of_a_creating_knowledge_base_is_a_conflict(agent: Any) -> None:
    knowledge_base_id = agent.create_knowledge_base(**knowledge_base_request())["knowledgeBase"][
        "knowledgeBaseId"
    ]
    with pytest.raises(ClientError) as excinfo:
        agent.update_knowledge_base(knowledgeBaseId=knowledge_base_id, **knowledge_base_request())
    assert error_of(excinfo) == (
        "ConflictException",
        f"The knowledge base {knowledge_base_id} is CREATING and cannot be updated now.",
        409,
    )


@needs_agent_enum("KnowledgeBaseStatus", "UPDATE_UNSUCCESSFUL")
def test_a_failed_update_is_update_unsuccessful(env: Any, agent: Any) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    agent.update_knowledge_base(knowledgeBaseId=knowledge_base_id, **knowledge_base_request())
    env.fail("docs-kb", "The update failed.")
    assert _status(agent, knowledge_base_id) == "UPDATE_UNSUCCESSFUL"


def test_delete_answers_deleting_then_the_knowledge_base_is_gone(env: Any, agent: Any) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    create_data_source(agent, knowledge_base_id)
    response = agent.delete_knowledge_base(knowledgeBaseId=knowledge_base_id)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert (response["knowledgeBaseId"], response["status"]) == (knowledge_base_id, "DELETING")
    assert _status(agent, knowledge_base_id) == "DELETING"
    env.settle()
    with pytest.raises(ClientError) as excinfo:
        agent.get_knowledge_base(knowledgeBaseId=knowledge_base_id)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified knowledge base '{knowledge_base_id}' could not be found.",
        404,
    )
    assert env.state().models["data_source"] == ()  # its data sources went with it


def test_a_failed_deletion_is_delete_unsuccessful(env: Any, agent: Any) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    agent.delete_knowledge_base(knowledgeBaseId=knowledge_base_id)
    env.fail("docs-kb", "Unable to delete data from vector store.")
    knowledge_base = agent.get_knowledge_base(knowledgeBaseId=knowledge_base_id)["knowledgeBase"]
    assert (knowledge_base["status"], knowledge_base["failureReasons"]) == (
        "DELETE_UNSUCCESSFUL",
        ["Unable to delete data from vector store."],
    )


def test_a_knowledge_base_name_is_unique_in_its_region(env: Any, agent: Any) -> None:
    create_knowledge_base(env, agent)
    with pytest.raises(ClientError) as excinfo:
        agent.create_knowledge_base(**knowledge_base_request())
    assert error_of(excinfo) == (
        "ConflictException",
        "A knowledge base named docs-kb already exists.",
        409,
    )


def _vector(**vector: Any) -> dict[str, Any]:
    return {"type": "VECTOR", "vectorKnowledgeBaseConfiguration": vector}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param(
            {"storageConfiguration": None},
            "storageConfiguration is required when knowledgeBaseConfiguration.type is VECTOR.",
            id="vector-without-storage",
            marks=pytest.mark.skipif(
                STORAGE_REQUIRED, reason="this botocore's model requires storageConfiguration"
            ),
        ),
        pytest.param(
            {"knowledgeBaseConfiguration": {"type": "VECTOR"}},
            "knowledgeBaseConfiguration.vectorKnowledgeBaseConfiguration is required when "
            "knowledgeBaseConfiguration.type is VECTOR.",
            id="vector-without-its-configuration",
        ),
        pytest.param(
            {"storageConfiguration": {**storage_configuration(), "type": "PINECONE"}},
            "storageConfiguration.pineconeConfiguration is required when "
            "storageConfiguration.type is PINECONE.",
            id="storage-type-mismatch",
        ),
        pytest.param(
            {"knowledgeBaseConfiguration": _vector(embeddingModelArn="amazon.nova-pro-v1:0")},
            "The embedding model amazon.nova-pro-v1:0 is not an embeddings model available "
            "in us-east-1.",
            id="not-an-embeddings-model",
        ),
        pytest.param(
            {
                "knowledgeBaseConfiguration": _vector(
                    embeddingModelArn="arn:aws:bedrock:us-west-2::foundation-model/"
                    "amazon.titan-embed-text-v2:0"
                )
            },
            "The embedding model arn:aws:bedrock:us-west-2::foundation-model/"
            "amazon.titan-embed-text-v2:0 is not an embeddings model available in us-east-1.",
            id="another-region",
        ),
    ],
)
def test_configuration_rules_the_model_cannot_express(
    agent: Any, overrides: dict[str, Any], message: str
) -> None:
    request = knowledge_base_request(**overrides)
    request = {name: value for name, value in request.items() if value is not None}
    with pytest.raises(ClientError) as excinfo:
        agent.create_knowledge_base(**request)
    assert error_of(excinfo) == ("ValidationException", message, 400)


@pytest.mark.parametrize(
    "model",
    [
        "amazon.titan-embed-text-v2:0",
        # Airflow's and AWS's knowledge-base examples: Titan Embeddings G1 by ARN.
        "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v1",
        "cohere.embed-english-v3",
        "cohere.embed-multilingual-v3",
    ],
)
def test_the_embedding_model_is_any_embeddings_model_of_the_catalogue(
    env: Any, agent: Any, model: str
) -> None:
    request = knowledge_base_request(knowledgeBaseConfiguration=_vector(embeddingModelArn=model))
    created = agent.create_knowledge_base(**request)["knowledgeBase"]
    assert created["status"] == "CREATING"
    vector = created["knowledgeBaseConfiguration"]["vectorKnowledgeBaseConfiguration"]
    assert vector["embeddingModelArn"] == model


def test_a_bad_id_is_refused_with_the_model_pattern(agent: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        agent.get_knowledge_base(knowledgeBaseId="not-an-id")
    code, message, status = error_of(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert "Value 'not-an-id' at 'knowledgeBaseId' failed to satisfy constraint" in message


def test_list_knowledge_bases_pages_newest_first(env: Any, agent: Any) -> None:
    for n in range(3):
        create_knowledge_base(env, agent, f"kb-{n}")
        env.clock.advance(1)
    first = agent.list_knowledge_bases(maxResults=2)
    second = agent.list_knowledge_bases(maxResults=2, nextToken=first["nextToken"])
    names = [item["name"] for item in first["knowledgeBaseSummaries"]]
    names += [item["name"] for item in second["knowledgeBaseSummaries"]]
    assert names == ["kb-2", "kb-1", "kb-0"]
    assert "nextToken" not in second
    assert set(first["knowledgeBaseSummaries"][0]) == {
        "knowledgeBaseId",
        "name",
        "status",
        "updatedAt",
    }


# -- data sources ---------------------------------------------------------------------------


def test_an_s3_data_source_is_available_at_once_with_the_delete_policy(
    env: Any, agent: Any
) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    response = agent.create_data_source(
        knowledgeBaseId=knowledge_base_id,
        name="docs",
        dataSourceConfiguration=s3_data_source(prefix="guides/"),
    )
    data_source = response["dataSource"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert (data_source["status"], data_source["dataDeletionPolicy"]) == ("AVAILABLE", "DELETE")
    assert re.fullmatch(r"[0-9A-Z]{10}", data_source["dataSourceId"])
    assert data_source["createdAt"] == data_source["updatedAt"] == env.clock.now()
    assert data_source["dataSourceConfiguration"] == s3_data_source(prefix="guides/")


def test_a_knowledge_base_holds_at_most_five_data_sources(env: Any, agent: Any) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    for n in range(5):
        create_data_source(agent, knowledge_base_id, f"docs-{n}")
    with pytest.raises(ClientError) as excinfo:
        create_data_source(agent, knowledge_base_id, "docs-5")
    assert error_of(excinfo) == (
        "ServiceQuotaExceededException",
        "You have reached the maximum number of data sources per knowledge base (5).",
        402,
    )


def test_a_data_source_on_a_missing_knowledge_base_is_not_found(agent: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        create_data_source(agent, "AAAAAAAAAA")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified knowledge base 'AAAAAAAAAA' could not be found.",
        404,
    )


def test_a_data_source_name_is_unique_in_its_knowledge_base(env: Any, agent: Any) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    create_data_source(agent, knowledge_base_id)
    with pytest.raises(ClientError) as excinfo:
        create_data_source(agent, knowledge_base_id)
    assert error_of(excinfo) == (
        "ConflictException",
        f"A data source named docs already exists in knowledge base {knowledge_base_id}.",
        409,
    )


def test_a_data_source_configuration_matches_its_type(env: Any, agent: Any) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    with pytest.raises(ClientError) as excinfo:
        create_data_source(agent, knowledge_base_id, dataSourceConfiguration={"type": "S3"})
    assert error_of(excinfo) == (
        "ValidationException",
        "dataSourceConfiguration.s3Configuration is required when dataSourceConfiguration.type "
        "is S3.",
        400,
    )


def test_the_chunking_configuration_cannot_change(env: Any, agent: Any) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    fixed = {"chunkingConfiguration": {"chunkingStrategy": "NONE"}}
    data_source_id = create_data_source(
        agent, knowledge_base_id, vectorIngestionConfiguration=fixed
    )
    with pytest.raises(ClientError) as excinfo:
        agent.update_data_source(
            knowledgeBaseId=knowledge_base_id,
            dataSourceId=data_source_id,
            name="docs",
            dataSourceConfiguration=s3_data_source(),
            vectorIngestionConfiguration={
                "chunkingConfiguration": {
                    "chunkingStrategy": "FIXED_SIZE",
                    "fixedSizeChunkingConfiguration": {"maxTokens": 300, "overlapPercentage": 20},
                }
            },
        )
    assert error_of(excinfo) == (
        "ValidationException",
        "You can't change the chunkingConfiguration after you create the data source.",
        400,
    )


def test_update_changes_the_prefix_and_the_policy(env: Any, agent: Any) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    data_source_id = create_data_source(agent, knowledge_base_id)
    env.clock.advance(3)
    data_source = agent.update_data_source(
        knowledgeBaseId=knowledge_base_id,
        dataSourceId=data_source_id,
        name="docs",
        dataSourceConfiguration=s3_data_source(prefix="v2/"),
        dataDeletionPolicy="RETAIN",
    )["dataSource"]
    assert data_source["dataSourceConfiguration"] == s3_data_source(prefix="v2/")
    assert data_source["dataDeletionPolicy"] == "RETAIN"
    assert data_source["updatedAt"] == env.clock.now()


def test_delete_data_source_answers_deleting_then_it_is_gone(env: Any, agent: Any) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    data_source_id = create_data_source(agent, knowledge_base_id)
    response = agent.delete_data_source(
        knowledgeBaseId=knowledge_base_id, dataSourceId=data_source_id
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert response["status"] == "DELETING"
    got = agent.get_data_source(knowledgeBaseId=knowledge_base_id, dataSourceId=data_source_id)
    assert got["dataSource"]["status"] == "DELETING"
    env.settle()
    with pytest.raises(ClientError) as excinfo:
        agent.get_data_source(knowledgeBaseId=knowledge_base_id, dataSourceId=data_source_id)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified data source '{data_source_id}' could not be found.",
        404,
    )


def test_list_data_sources_pages_newest_first(env: Any, agent: Any) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    for n in range(3):
        create_data_source(agent, knowledge_base_id, f"docs-{n}")
        env.clock.advance(1)
    pages = agent.get_paginator("list_data_sources").paginate(
        knowledgeBaseId=knowledge_base_id, PaginationConfig={"PageSize": 2}
    )
    names = [[item["name"] for item in page["dataSourceSummaries"]] for page in pages]
    assert names == [["docs-2", "docs-1"], ["docs-0"]]


@needs_agent_enum("KnowledgeBaseType", "MANAGED")
def test_a_managed_knowledge_base_refuses_s3_data_sources(env: Any, agent: Any) -> None:
    request = knowledge_base_request(
        knowledgeBaseConfiguration={"type": "MANAGED", "managedKnowledgeBaseConfiguration": {}}
    )
    del request["storageConfiguration"]
    created = agent.create_knowledge_base(**request)["knowledgeBase"]
    env.complete(created["knowledgeBaseArn"])
    with pytest.raises(ClientError) as excinfo:
        create_data_source(agent, created["knowledgeBaseId"])
    assert error_of(excinfo) == (
        "ValidationException",
        "Unsupported data source type for MANAGED knowledge base type.",
        400,
    )


# -- tags -----------------------------------------------------------------------------------


def test_tags_on_a_knowledge_base(env: Any, agent: Any) -> None:
    arn = agent.create_knowledge_base(**knowledge_base_request(tags={"team": "search"}))[
        "knowledgeBase"
    ]["knowledgeBaseArn"]
    agent.tag_resource(resourceArn=arn, tags={"stage": "test"})
    agent.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert agent.list_tags_for_resource(resourceArn=arn)["tags"] == {"stage": "test"}


def test_a_real_knowledge_base_arn_passes_the_mistyped_pattern_and_is_not_found(
    agent: Any,
) -> None:
    arn = "arn:aws:bedrock:us-east-1:123456789012:knowledge-base/KV0AYQHWPO"
    with pytest.raises(ClientError) as excinfo:
        agent.list_tags_for_resource(resourceArn=arn)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified resource ARN '{arn}' could not be found.",
        404,
    )


def test_tag_keys_with_the_aws_prefix_are_refused(env: Any, agent: Any) -> None:
    arn = agent.create_knowledge_base(**knowledge_base_request())["knowledgeBase"][
        "knowledgeBaseArn"
    ]
    with pytest.raises(ClientError) as excinfo:
        agent.tag_resource(resourceArn=arn, tags={"aws:team": "x"})
    assert error_of(excinfo) == (
        "ValidationException",
        "1 validation error detected: Value 'aws:team' at 'tags.aws:team.key' failed to "
        "satisfy constraint: Member must not start with 'aws:'",
        400,
    )


def test_more_than_fifty_tags_exceed_the_quota(env: Any, agent: Any) -> None:
    arn = agent.create_knowledge_base(**knowledge_base_request())["knowledgeBase"][
        "knowledgeBaseArn"
    ]
    agent.tag_resource(resourceArn=arn, tags={f"k{n}": "v" for n in range(50)})
    with pytest.raises(ClientError) as excinfo:
        agent.tag_resource(resourceArn=arn, tags={"one-more": "v"})
    assert error_of(excinfo) == (
        "ServiceQuotaExceededException",
        f"The number of tags on resource {arn} would exceed the limit of 50 tags.",
        402,
    )


def test_state_shows_knowledge_bases_and_data_sources(env: Any, agent: Any) -> None:
    knowledge_base_id = create_knowledge_base(env, agent)
    create_data_source(agent, knowledge_base_id, dataSourceConfiguration=s3_data_source(BUCKET_ARN))
    state = env.state()
    assert [view["status"] for view in state.jobs["knowledge_base"]] == ["ACTIVE"]
    assert [view.name for view in state.models["data_source"]] == ["docs"]


def test_a_knowledge_base_of_another_account_is_not_seen() -> None:
    with mock_bedrock_jobs():
        owner = agent_client(aws_access_key_id="111111111111", aws_secret_access_key="x")
        other = agent_client(aws_access_key_id="222222222222", aws_secret_access_key="x")
        knowledge_base_id = owner.create_knowledge_base(**knowledge_base_request(roleArn=ROLE_ARN))[
            "knowledgeBase"
        ]["knowledgeBaseId"]
        with pytest.raises(ClientError) as excinfo:
            other.get_knowledge_base(knowledgeBaseId=knowledge_base_id)
        assert error_of(excinfo)[0] == "ResourceNotFoundException"


def test_a_scripted_index_not_ready_error_drives_airflows_retry(env: Any, agent: Any) -> None:
    """The user guide's recipe: the real message of a vector index not ready yet, scripted
    twice, absorbed by a retry on "no such index" as Airflow's operator does."""
    message = (
        "The knowledge base storage configuration provided is invalid... no such index [kb-index]"
    )
    env.inject_error("CreateKnowledgeBase", "ValidationException", count=2, message=message)
    refusals = []
    for _ in range(5):
        try:
            created = agent.create_knowledge_base(**knowledge_base_request())
            break
        except ClientError as error:
            if "no such index" not in error.response["Error"]["Message"]:
                raise
            refusals.append(error.response["Error"]["Code"])
    assert refusals == ["ValidationException", "ValidationException"]
    assert created["knowledgeBase"]["status"] == "CREATING"
