"""Server-side validation: every constraint of the model, in AWS's wording."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ClientError, ParamValidationError

from tests.factories import error_of, import_job_request

#: The pattern the messages quote, as the installed botocore's model holds it.
JOB_NAME_PATTERN = (
    botocore.session.get_session()
    .get_service_model("bedrock")
    .shape_for("JobName")
    .metadata["pattern"]
)


def test_pattern_violation_is_reported_with_the_models_pattern(raw_bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(job_name="bad name!"))
    assert error_of(excinfo) == (
        "ValidationException",
        "1 validation error detected: Value 'bad name!' at 'jobName' failed to satisfy "
        f"constraint: Member must satisfy regular expression pattern: {JOB_NAME_PATTERN}",
        400,
    )


def test_maximum_length_and_pattern_are_both_reported(raw_bedrock: Any) -> None:
    name = "x" * 63 + "!"
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(job_name=name))
    assert error_of(excinfo)[1] == (
        f"2 validation errors detected: Value '{name}' at 'jobName' failed to satisfy "
        "constraint: Member must have length less than or equal to 63; "
        f"Value '{name}' at 'jobName' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {JOB_NAME_PATTERN}"
    )


def test_minimum_length_is_checked_on_the_server(raw_bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(model_name=""))
    message = error_of(excinfo)[1]
    assert message.startswith("2 validation errors detected: ")
    assert (
        "Value '' at 'importedModelName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1" in message
    )


def test_missing_required_member_is_null(raw_bedrock: Any) -> None:
    request = import_job_request()
    del request["roleArn"]
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**request)
    assert error_of(excinfo) == (
        "ValidationException",
        "1 validation error detected: Value null at 'roleArn' failed to satisfy "
        "constraint: Member must not be null",
        400,
    )


def test_botocore_refuses_a_missing_member_before_the_mock(bedrock: Any) -> None:
    request = import_job_request()
    del request["roleArn"]
    with pytest.raises(ParamValidationError):
        bedrock.create_model_import_job(**request)


def test_enum_violation_lists_the_models_values(raw_bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.list_model_import_jobs(statusEquals="Running")
    assert error_of(excinfo) == (
        "ValidationException",
        "1 validation error detected: Value 'Running' at 'statusEquals' failed to satisfy "
        "constraint: Member must satisfy enum value set: [InProgress, Completed, Failed]",
        400,
    )


@pytest.mark.parametrize(
    ("max_results", "constraint"),
    [
        (0, "Member must have value greater than or equal to 1"),
        (1001, "Member must have value less than or equal to 1000"),
    ],
)
def test_numeric_range(raw_bedrock: Any, max_results: int, constraint: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.list_imported_models(maxResults=max_results)
    assert error_of(excinfo)[1] == (
        f"1 validation error detected: Value '{max_results}' at 'maxResults' failed to "
        f"satisfy constraint: {constraint}"
    )


@pytest.mark.parametrize("max_results", ["1" * 5000, "2147483648"])
def test_an_integer_java_cannot_hold_is_not_a_valid_integer(
    raw_bedrock: Any, max_results: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.list_model_import_jobs(maxResults=max_results)
    shown = max_results if len(max_results) <= 2048 else f"{max_results[:2048]}..."
    assert error_of(excinfo) == (
        "SerializationException",
        f"Value '{shown}' at 'maxResults' is not a valid integer",
        400,
    )


def test_an_oversized_value_is_echoed_as_its_first_2048_characters(bedrock: Any) -> None:
    name = "x y" * 2000
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_import_job(**import_job_request(name))
    message = error_of(excinfo)[1]
    assert message.startswith(
        f"2 validation errors detected: Value '{name[:2048]}...' at 'jobName'"
    )
    assert message.count(name[:2048]) == 2
    assert len(message) < 5000


def test_a_dot_in_a_pattern_does_not_match_a_line_break(raw_bedrock: Any) -> None:
    """Java's ``.`` stops at line terminators: a role ARN ending in a newline is refused."""
    role = "arn:aws:iam::123456789012:role/Role\n"
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(roleArn=role))
    code, message, status = error_of(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith(f"1 validation error detected: Value '{role}' at 'roleArn' ")


def test_nested_member_paths_count_list_items_from_one(raw_bedrock: Any) -> None:
    tags = [{"key": "ok", "value": "1"}, {"key": "k" * 129, "value": "2"}]
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(jobTags=tags))
    assert error_of(excinfo)[1] == (
        f"1 validation error detected: Value '{'k' * 129}' at 'jobTags.2.member.key' "
        "failed to satisfy constraint: Member must have length less than or equal to 128"
    )


def test_list_size_limit(raw_bedrock: Any) -> None:
    tags = [{"key": f"k{index}", "value": "v"} for index in range(201)]
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(jobTags=tags))
    code, message, _ = error_of(excinfo)
    assert code == "ValidationException"
    assert message.startswith("1 validation error detected: Value '[{key=k0, value=v}, ")
    assert message.endswith(
        "' at 'jobTags' failed to satisfy constraint: "
        "Member must have length less than or equal to 200"
    )


def test_java_ascii_class_in_a_pattern_is_enforced(raw_bedrock: Any) -> None:
    """Model patterns are Java regexes; the mock translates them instead of dropping them."""
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(
            **import_job_request(roleArn="arn:aws:iam::123456789012:user/not-a-role")
        )
    assert (
        "at 'roleArn' failed to satisfy constraint: Member must satisfy regular "
        in (error_of(excinfo)[1])
    )


def test_a_union_with_no_member_set_is_a_serializationerror_of(raw_bedrock: Any) -> None:
    """As Smithy's protocol tests specify: a malformed union is a SerializationException."""
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(modelDataSource={}))
    assert error_of(excinfo) == (
        "SerializationException",
        "Union 'modelDataSource' must have exactly one member set, found 0",
        400,
    )


def test_a_mistyped_member_is_a_serializationerror_of(raw_bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(jobName={"not": "a string"}))
    assert error_of(excinfo) == (
        "SerializationException",
        "Start of structure or map found where not expected.",
        400,
    )


def test_valid_requests_pass(bedrock: Any) -> None:
    created = bedrock.create_model_import_job(
        **import_job_request(job_name="a-b.c+d", jobTags=[{"key": "team", "value": "ml"}])
    )
    assert created["jobArn"].endswith(created["jobArn"].rsplit("/", 1)[1])
    assert bedrock.get_model_import_job(jobIdentifier="a-b.c+d")["jobName"] == "a-b.c+d"
