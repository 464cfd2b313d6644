"""env.inject_error: the next calls of an operation answer with a service error, so the code
under test meets throttling, outages and refusals, and botocore's own retries run."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.factories import error_of, import_job_request
from tests.lookout_helpers import lookout_client

#: Virtual sleep keeps botocore's backoff between retries off the real clock.
pytestmark = pytest.mark.bedrock_jobs(virtual_sleep=True)


def _errors_of(env: Any, operation: str) -> list[str | None]:
    return [call.error for call in env.calls if call.operation == operation]


def test_two_throttles_are_absorbed_by_botocores_default_retries(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    bedrock_jobs.inject_error("CreateModelImportJob", "ThrottlingException", count=2)
    created = bedrock.create_model_import_job(**import_job_request())
    assert created["ResponseMetadata"]["RetryAttempts"] == 2
    assert _errors_of(bedrock_jobs, "CreateModelImportJob") == [
        "ThrottlingException",
        "ThrottlingException",
        None,
    ]
    job = bedrock.get_model_import_job(jobIdentifier=created["jobArn"])
    assert job["status"] == "InProgress"


def test_throttling_beyond_the_retries_surfaces_with_its_status_and_message(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    bedrock_jobs.inject_error(
        "GetModelImportJob", "ThrottlingException", count=10, message="Rate exceeded"
    )
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_model_import_job(jobIdentifier="import-job-1")
    assert error_of(excinfo) == ("ThrottlingException", "Rate exceeded", 429)
    attempts = excinfo.value.response["ResponseMetadata"]["RetryAttempts"]
    assert attempts >= 2
    assert _errors_of(bedrock_jobs, "GetModelImportJob") == ["ThrottlingException"] * (attempts + 1)


def test_a_non_retryable_error_surfaces_at_once_and_only_once(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    bedrock_jobs.inject_error("CreateModelImportJob", "AccessDeniedException")
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_import_job(**import_job_request())
    assert error_of(excinfo) == (
        "AccessDeniedException",
        "AccessDeniedException injected by the test.",
        403,
    )
    assert excinfo.value.response["ResponseMetadata"]["RetryAttempts"] == 0
    assert bedrock.list_model_import_jobs()["modelImportJobSummaries"] == []
    bedrock.create_model_import_job(**import_job_request())
    assert _errors_of(bedrock_jobs, "CreateModelImportJob") == ["AccessDeniedException", None]


def test_injected_errors_answer_in_the_order_they_were_injected(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    bedrock_jobs.inject_error("ListImportedModels", "InternalServerException")
    bedrock_jobs.inject_error("ListImportedModels", "ValidationException", message="No.")
    with pytest.raises(ClientError) as excinfo:
        bedrock.list_imported_models()
    assert error_of(excinfo) == ("ValidationException", "No.", 400)
    assert _errors_of(bedrock_jobs, "ListImportedModels") == [
        "InternalServerException",
        "ValidationException",
    ]


def test_an_injected_error_answers_before_validation(bedrock_jobs: Any, raw_bedrock: Any) -> None:
    bedrock_jobs.inject_error("CreateModelImportJob", "ConflictException", message="Busy.")
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(job_name="bad name!"))
    assert error_of(excinfo) == ("ConflictException", "Busy.", 400)


def test_lookout_errors_take_their_status_from_its_model(bedrock_jobs: Any) -> None:
    """Lookout for Equipment's model gives no status: client errors are 400, server
    faults 500, and botocore retries both kinds of transient error."""
    lookout = lookout_client()
    bedrock_jobs.inject_error("ListDatasets", "ThrottlingException")
    bedrock_jobs.inject_error("ListDatasets", "InternalServerException")
    listed = lookout.list_datasets()
    assert listed["ResponseMetadata"]["RetryAttempts"] == 2
    bedrock_jobs.inject_error("ListDatasets", "InternalServerException", count=10)
    with pytest.raises(ClientError) as excinfo:
        lookout.list_datasets()
    assert error_of(excinfo)[::2] == ("InternalServerException", 500)
    bedrock_jobs.inject_error("DescribeDataset", "ResourceNotFoundException", message="Gone.")
    with pytest.raises(ClientError) as excinfo:
        lookout.describe_dataset(DatasetName="pumps")
    assert error_of(excinfo) == ("ResourceNotFoundException", "Gone.", 400)


def test_an_operation_of_both_services_needs_its_service(bedrock_jobs: Any) -> None:
    with pytest.raises(ValueError) as excinfo:
        bedrock_jobs.inject_error("TagResource", "ThrottlingException")
    assert str(excinfo.value) == (
        "'TagResource' is an operation of bedrock, bedrock-agent and lookoutequipment; "
        "pass service=..."
    )
    bedrock_jobs.inject_error("TagResource", "AccessDeniedException", service="lookoutequipment")
    bedrock = boto3.client("bedrock", region_name="us-east-1")
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "team", "value": "ml"}])
    with pytest.raises(ClientError) as excinfo:
        lookout_client().tag_resource(
            ResourceArn="arn:aws:lookoutequipment:us-east-1:123456789012:dataset/d/x",
            Tags=[{"Key": "team", "Value": "ml"}],
        )
    assert error_of(excinfo)[0] == "AccessDeniedException"


@pytest.mark.parametrize(
    ("operation", "service", "message"),
    [
        (
            "ListGuardrails",
            None,
            "the mock does not serve 'ListGuardrails'; "
            "`bedrock-jobs-mock coverage` lists the operations it serves",
        ),
        (
            "DescribeDataset",
            "bedrock",
            "the mock does not serve bedrock:DescribeDataset; "
            "`bedrock-jobs-mock coverage` lists the operations it serves",
        ),
        (
            "get_model_import_job",
            None,
            "the mock does not serve 'get_model_import_job' "
            "(did you mean 'GetModelImportJob'?); "
            "`bedrock-jobs-mock coverage` lists the operations it serves",
        ),
        (
            "list_tags_for_resource",
            "lookoutequipment",
            "the mock does not serve lookoutequipment:list_tags_for_resource "
            "(did you mean 'ListTagsForResource'?); "
            "`bedrock-jobs-mock coverage` lists the operations it serves",
        ),
        (
            "GetModelCustomisationJob",
            None,
            "the mock does not serve 'GetModelCustomisationJob' "
            "(did you mean 'GetModelCustomizationJob'?); "
            "`bedrock-jobs-mock coverage` lists the operations it serves",
        ),
    ],
)
def test_an_operation_the_mock_does_not_serve_is_refused(
    bedrock_jobs: Any, operation: str, service: str | None, message: str
) -> None:
    with pytest.raises(ValueError) as excinfo:
        bedrock_jobs.inject_error(operation, "ThrottlingException", service=service)
    assert str(excinfo.value) == message


def test_an_error_the_operation_cannot_answer_is_refused(bedrock_jobs: Any) -> None:
    with pytest.raises(ValueError) as excinfo:
        bedrock_jobs.inject_error("GetModelImportJob", "TooManyTagsException")
    message = str(excinfo.value)
    assert message.startswith("GetModelImportJob cannot answer 'TooManyTagsException'; it answers ")
    answers = message.split("; it answers ")[1].split(", ")
    assert {"ResourceNotFoundException", "ThrottlingException", "SerializationException"} <= set(
        answers
    )
    assert "TooManyTagsException" not in answers


def test_a_count_below_one_is_refused(bedrock_jobs: Any) -> None:
    with pytest.raises(ValueError) as excinfo:
        bedrock_jobs.inject_error("GetModelImportJob", "ThrottlingException", count=0)
    assert str(excinfo.value) == "count must be at least 1, got 0"
