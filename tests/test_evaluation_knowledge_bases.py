"""Knowledge base evaluations ask bedrock-agent, in the same mock, about the knowledge base
they evaluate: one the caller does not hold in the Region is not found, one that is not
ACTIVE is refused. (Their runs and scores beside moto's S3: test_evaluation_records.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Callable

import boto3
import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock import BedrockJobsMock, mock_bedrock_jobs
from tests.evaluation_helpers import (
    RAG,
    held_knowledge_base,
    rag_request,
    retrieve_request,
    start,
    status_of,
)
from tests.factories import error_of
from tests.kb_helpers import agent_client, knowledge_base_request

pytestmark = pytest.mark.skipif(not RAG, reason="this botocore's model has no RAG evaluations")

#: Both ways a knowledge base is evaluated: retrieve and generate, or retrieve only.
REQUESTS: list[Any] = [
    pytest.param(lambda base: rag_request(knowledge_base=base), id="retrieve-and-generate"),
    pytest.param(retrieve_request, id="retrieve-only"),
]


@pytest.fixture
def env() -> Iterator[BedrockJobsMock]:
    with mock_bedrock_jobs() as mock:
        yield mock


@pytest.fixture
def bedrock(env: BedrockJobsMock) -> Any:
    return boto3.client("bedrock", region_name="us-east-1")


def _refused(bedrock: Any, request: dict[str, Any]) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_evaluation_job(**request)
    assert bedrock.list_evaluation_jobs()["jobSummaries"] == []  # nothing was created
    return error_of(excinfo)


def _not_found(knowledge_base: str) -> tuple[str, str, int]:
    message = f"The specified knowledge base '{knowledge_base}' could not be found."
    return ("ResourceNotFoundException", message, 404)


@pytest.mark.parametrize("make", REQUESTS)
def test_a_held_knowledge_base_is_evaluated(
    env: Any, bedrock: Any, make: Callable[[str], dict[str, Any]]
) -> None:
    arn = start(bedrock, make(held_knowledge_base(env)))
    assert status_of(bedrock, arn) == "InProgress"
    env.settle()
    assert status_of(bedrock, arn) == "Completed"


@pytest.mark.parametrize("make", REQUESTS)
def test_an_unknown_knowledge_base_is_not_found(
    bedrock: Any, make: Callable[[str], dict[str, Any]]
) -> None:
    assert _refused(bedrock, make("KB12345678")) == _not_found("KB12345678")


def test_a_knowledge_base_of_another_account_is_unknown(env: Any, bedrock: Any) -> None:
    theirs = held_knowledge_base(env, aws_access_key_id="111122223333", aws_secret_access_key="x")
    assert _refused(bedrock, rag_request(knowledge_base=theirs)) == _not_found(theirs)


def test_a_knowledge_base_of_another_region_is_unknown(env: Any) -> None:
    elsewhere = held_knowledge_base(env)  # us-east-1
    bedrock = boto3.client("bedrock", region_name="us-west-2")
    assert _refused(bedrock, rag_request(knowledge_base=elsewhere)) == _not_found(elsewhere)


def test_a_deleted_knowledge_base_is_unknown(env: Any, bedrock: Any) -> None:
    knowledge_base = held_knowledge_base(env)
    agent_client().delete_knowledge_base(knowledgeBaseId=knowledge_base)
    env.settle()
    assert _refused(bedrock, rag_request(knowledge_base=knowledge_base)) == _not_found(
        knowledge_base
    )


@pytest.mark.parametrize("make", REQUESTS)
def test_a_knowledge_base_not_yet_active_is_refused(
    bedrock: Any, make: Callable[[str], dict[str, Any]]
) -> None:
    created = agent_client().create_knowledge_base(**knowledge_base_request())
    knowledge_base = created["knowledgeBase"]["knowledgeBaseId"]
    assert _refused(bedrock, make(knowledge_base)) == (
        "ValidationException",
        f"The knowledge base {knowledge_base} is in CREATING status. "
        "Evaluate it when it is ACTIVE.",
        400,
    )


def test_a_failed_knowledge_base_is_refused(env: Any, bedrock: Any) -> None:
    created = agent_client().create_knowledge_base(**knowledge_base_request())["knowledgeBase"]
    env.fail(created["knowledgeBaseArn"], "The vector index is gone.")
    knowledge_base = created["knowledgeBaseId"]
    code, message, _ = _refused(bedrock, rag_request(knowledge_base=knowledge_base))
    assert (code, message) == (
        "ValidationException",
        f"The knowledge base {knowledge_base} is in FAILED status. Evaluate it when it is ACTIVE.",
    )
