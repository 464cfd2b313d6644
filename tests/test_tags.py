"""TagResource, UntagResource and ListTagsForResource on Bedrock resources, and the
``aws:`` keys every create that sets tags refuses as TagResource does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.batch_helpers import batch_job_request
from tests.evaluation_helpers import algorithmic_request
from tests.factories import (
    bring_model,
    custom_model_request,
    customization_job_request,
    customize,
    error_of,
    import_job_request,
    needs_operation,
)
from tests.families import FAMILIES
from tests.kb_helpers import agent_client, knowledge_base_request


def _tags(count: int, prefix: str = "k") -> list[dict[str, str]]:
    return [{"key": f"{prefix}{index}", "value": str(index)} for index in range(count)]


def test_tag_list_and_untag_a_job(bedrock: Any) -> None:
    arn = bedrock.create_model_import_job(
        **import_job_request(jobTags=[{"key": "team", "value": "ml"}])
    )["jobArn"]
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "cost", "value": "42"}])
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "team", "value": "research"}])
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [
        {"key": "team", "value": "research"},
        {"key": "cost", "value": "42"},
    ]
    bedrock.untag_resource(resourceARN=arn, tagKeys=["team", "absent"])
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [
        {"key": "cost", "value": "42"}
    ]


def test_fifty_tags_per_resource_counting_existing_ones(bedrock: Any) -> None:
    arn = bedrock.create_model_import_job(**import_job_request(jobTags=_tags(30)))["jobArn"]
    bedrock.tag_resource(resourceARN=arn, tags=_tags(20, prefix="more"))
    with pytest.raises(ClientError) as excinfo:
        bedrock.tag_resource(resourceARN=arn, tags=[{"key": "one-too-many", "value": "x"}])
    error = excinfo.value.response
    assert error["Error"]["Code"] == "TooManyTagsException"
    assert error["Error"]["Message"] == (
        f"The number of tags on resource {arn} would exceed the limit of 50 tags."
    )
    assert error["resourceName"] == arn
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert len(bedrock.list_tags_for_resource(resourceARN=arn)["tags"]) == 50


def test_a_create_with_too_many_tags_is_refused(bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_import_job(**import_job_request(importedModelTags=_tags(51)))
    assert excinfo.value.response["Error"]["Code"] == "TooManyTagsException"
    assert excinfo.value.response["Error"]["Message"].endswith("exceed the limit of 50 tags.")
    assert bedrock.list_model_import_jobs()["modelImportJobSummaries"] == []


@pytest.mark.parametrize("operation", ["tag", "untag", "list"])
def test_tagging_an_unknown_resource_is_not_found(bedrock: Any, operation: str) -> None:
    arn = "arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghijkl"
    calls = {
        "tag": lambda: bedrock.tag_resource(resourceARN=arn, tags=_tags(1)),
        "untag": lambda: bedrock.untag_resource(resourceARN=arn, tagKeys=["k0"]),
        "list": lambda: bedrock.list_tags_for_resource(resourceARN=arn),
    }
    with pytest.raises(ClientError) as excinfo:
        calls[operation]()
    assert excinfo.value.response["Error"] == {
        "Code": "ResourceNotFoundException",
        "Message": f"The specified resource ARN '{arn}' could not be found.",
    }
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_keys_beginning_with_aws_are_reserved(bedrock: Any) -> None:
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    tags = [{"key": "team", "value": "ml"}, {"key": "aws:owner", "value": "me"}]
    with pytest.raises(ClientError) as excinfo:
        bedrock.tag_resource(resourceARN=arn, tags=tags)
    assert error_of(excinfo) == (
        "ValidationException",
        "1 validation error detected: Value 'aws:owner' at 'tags.2.member.key' failed to "
        "satisfy constraint: Member must not start with 'aws:'",
        400,
    )
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == []


# -- aws: keys at create, as TagResource refuses them ---------------------------------------

RESERVED = [{"key": "team", "value": "ml"}, {"key": "aws:owner", "value": "me"}]


def _reserved_at(*members: str) -> str:
    """The message refusing RESERVED's ``aws:owner`` in each tag list ``members``."""
    count = len(members)
    noun = "error" if count == 1 else "errors"
    return f"{count} validation {noun} detected: " + "; ".join(
        f"Value 'aws:owner' at '{member}.2.member.key' failed to satisfy constraint: "
        "Member must not start with 'aws:'"
        for member in members
    )


def _create_import(env: Any, bedrock: Any) -> Callable[[], Any]:
    return lambda: bedrock.create_model_import_job(
        **import_job_request(jobTags=RESERVED, importedModelTags=RESERVED)
    )


def _create_customization(env: Any, bedrock: Any) -> Callable[[], Any]:
    return lambda: bedrock.create_model_customization_job(
        **customization_job_request(jobTags=RESERVED, customModelTags=RESERVED)
    )


def _create_copy(env: Any, bedrock: Any) -> Callable[[], Any]:
    source = customize(env, bedrock, "copy-source")
    return lambda: bedrock.create_model_copy_job(
        sourceModelArn=source, targetModelName="copy-1", targetModelTags=RESERVED
    )


def _create_custom_model(env: Any, bedrock: Any) -> Callable[[], Any]:
    return lambda: bedrock.create_custom_model(**custom_model_request(modelTags=RESERVED))


def _create_deployment(env: Any, bedrock: Any) -> Callable[[], Any]:
    model_arn = bring_model(env, bedrock, "deployed-model")
    return lambda: bedrock.create_custom_model_deployment(
        modelDeploymentName="deployment-1", modelArn=model_arn, tags=RESERVED
    )


def _create_batch(env: Any, bedrock: Any) -> Callable[[], Any]:
    return lambda: bedrock.create_model_invocation_job(
        **batch_job_request("batch-1", tags=RESERVED)
    )


def _create_evaluation(env: Any, bedrock: Any) -> Callable[[], Any]:
    return lambda: bedrock.create_evaluation_job(**algorithmic_request(jobTags=RESERVED))


def _create_throughput(env: Any, bedrock: Any) -> Callable[[], Any]:
    return lambda: bedrock.create_provisioned_model_throughput(
        provisionedModelName="throughput-1",
        modelId="amazon.titan-text-lite-v1:0:4k",
        modelUnits=1,
        tags=RESERVED,
    )


CREATES = [
    pytest.param(_create_import, ("jobTags", "importedModelTags"), id="model_import"),
    pytest.param(_create_customization, ("jobTags", "customModelTags"), id="model_customization"),
    pytest.param(_create_copy, ("targetModelTags",), id="model_copy"),
    pytest.param(
        _create_custom_model,
        ("modelTags",),
        id="custom_model_creation",
        marks=needs_operation("CreateCustomModel"),
    ),
    pytest.param(
        _create_deployment,
        ("tags",),
        id="custom_model_deployment",
        marks=needs_operation("CreateCustomModelDeployment"),
    ),
    pytest.param(_create_throughput, ("tags",), id="provisioned_throughput"),
    pytest.param(
        _create_batch,
        ("tags",),
        id="model_invocation",
        marks=needs_operation("CreateModelInvocationJob"),
    ),
    pytest.param(_create_evaluation, ("jobTags",), id="model_evaluation"),
]


@pytest.mark.parametrize(("prepare", "members"), CREATES)
def test_every_create_refuses_aws_keys_as_tag_resource_does(
    bedrock_jobs: Any, bedrock: Any, prepare: Callable[..., Any], members: tuple[str, ...]
) -> None:
    create = prepare(bedrock_jobs, bedrock)
    before = bedrock_jobs.state()
    with pytest.raises(ClientError) as excinfo:
        create()
    assert error_of(excinfo) == ("ValidationException", _reserved_at(*members), 400)
    assert bedrock_jobs.state() == before  # nothing was created


def test_create_knowledge_base_refuses_aws_keys_in_its_tag_map(bedrock_jobs: Any) -> None:
    agent = agent_client()
    with pytest.raises(ClientError) as excinfo:
        agent.create_knowledge_base(
            **knowledge_base_request(tags={"team": "ml", "aws:owner": "me"})
        )
    assert error_of(excinfo) == (
        "ValidationException",
        "1 validation error detected: Value 'aws:owner' at 'tags.aws:owner.key' failed to "
        "satisfy constraint: Member must not start with 'aws:'",
        400,
    )
    assert bedrock_jobs.state().jobs["knowledge_base"] == ()  # nothing was created


#: Families whose create is checked by a test of its own (a map of tags, not a list), and
#: those whose start takes no tags.
CHECKED_ALONE = {"knowledge_base"}
UNTAGGED = {"ingestion_job"}


def test_the_create_families_checked_for_aws_keys_are_every_bedrock_family() -> None:
    checked = {param.id for param in CREATES} | CHECKED_ALONE
    bedrock_families = {family.kind for family in FAMILIES if not family.kind.startswith("lookout")}
    assert bedrock_families - UNTAGGED <= checked
