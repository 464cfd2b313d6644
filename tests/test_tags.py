"""TagResource, UntagResource and ListTagsForResource on Bedrock resources."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.factories import error_of, import_job_request


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
