"""Deeply nested input is refused with a service error, never a Python exception."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.factories import error_of, import_job_request
from tests.lookout_helpers import START, lookout_client, train_model

DEPTH_LIMIT = 100


def nested(depth: int) -> Any:
    """A value of ``depth`` nested JSON lists."""
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


def test_a_request_body_nested_too_deep_is_a_serializationexception(raw_bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(job_name=nested(200)))
    assert error_of(excinfo) == (
        "SerializationException",
        f"The request body is not accepted: it nests deeper than {DEPTH_LIMIT} levels",
        400,
    )


def test_a_json_rpc_body_nested_too_deep_is_a_serializationexception(bedrock_jobs: Any) -> None:
    lookout = lookout_client(validate=False)
    with pytest.raises(ClientError) as excinfo:
        lookout.describe_dataset(DatasetName=nested(DEPTH_LIMIT))
    assert error_of(excinfo) == (
        "SerializationException",
        f"The request body is not accepted: it nests deeper than {DEPTH_LIMIT} levels",
        400,
    )


def test_brackets_inside_strings_do_not_count_as_nesting(raw_bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(job_name="[" * 1000))
    code, message, _ = error_of(excinfo)
    assert code == "ValidationException"
    assert message.startswith("2 validation errors detected: ")


@pytest.mark.bedrock_jobs(start_time=START)
def test_a_resource_policy_nested_too_deep_is_a_validationexception(bedrock_jobs: Any) -> None:
    lookout = lookout_client()
    model = train_model(bedrock_jobs, lookout)
    with pytest.raises(ClientError) as excinfo:
        lookout.put_resource_policy(
            ResourceArn=model["ModelArn"], ResourcePolicy="[" * 1000 + "]" * 1000
        )
    assert error_of(excinfo) == (
        "ValidationException",
        "The resource policy is not a valid policy document: "
        f"it nests deeper than {DEPTH_LIMIT} levels.",
        400,
    )
