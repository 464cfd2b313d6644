"""Model import jobs and imported models, through boto3."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.factories import ARN_PREFIX, S3_URI, error_of, import_job_request, in_shape

FIFTY_ONE_TAGS = [{"key": f"k{index}", "value": "v"} for index in range(51)]


def test_create_answers_201_with_an_arn_of_twelve_lowercase_alphanumerics(bedrock: Any) -> None:
    created = bedrock.create_model_import_job(**import_job_request())
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert re.fullmatch(ARN_PREFIX + r"model-import-job/[a-z0-9]{12}", created["jobArn"])


def test_a_running_job_has_no_model_arn_and_no_end_time(bedrock_jobs: Any, bedrock: Any) -> None:
    created = bedrock.create_model_import_job(
        **import_job_request(
            vpcConfig={"subnetIds": ["subnet-1"], "securityGroupIds": ["sg-1"]},
            importedModelKmsKeyId="1234abcd-12ab-34cd-56ef-1234567890ab",
        )
    )
    job = bedrock.get_model_import_job(jobIdentifier=created["jobArn"])
    job.pop("ResponseMetadata")
    now = bedrock_jobs.clock.now()
    assert job == {
        "jobArn": created["jobArn"],
        "jobName": "import-job-1",
        "importedModelName": "imported-model-1",
        "roleArn": import_job_request()["roleArn"],
        "modelDataSource": {"s3DataSource": {"s3Uri": S3_URI}},
        "status": "InProgress",
        "creationTime": now.replace(microsecond=now.microsecond // 1000 * 1000),
        "lastModifiedTime": now.replace(microsecond=now.microsecond // 1000 * 1000),
        "vpcConfig": {"subnetIds": ["subnet-1"], "securityGroupIds": ["sg-1"]},
        "importedModelKmsKeyArn": (
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        ),
    }


def test_job_completes_after_its_duration(bedrock_jobs: Any, bedrock: Any) -> None:
    start = bedrock_jobs.clock.now()
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]

    bedrock_jobs.clock.advance(minutes=14, seconds=59)
    assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "InProgress"
    with pytest.raises(ClientError):
        bedrock.get_imported_model(modelIdentifier="imported-model-1")

    bedrock_jobs.clock.advance(seconds=1)
    job = bedrock.get_model_import_job(jobIdentifier=arn)
    assert job["status"] == "Completed"
    assert job["endTime"] == job["lastModifiedTime"]
    assert job["endTime"] - start.replace(microsecond=start.microsecond // 1000 * 1000) == (
        timedelta(minutes=15)
    )
    assert re.fullmatch(ARN_PREFIX + r"imported-model/[a-z0-9]{12}", job["importedModelArn"])
    assert job["importedModelArn"].rsplit("/", 1)[1] != arn.rsplit("/", 1)[1]


def test_the_imported_model_carries_every_documented_field(bedrock_jobs: Any, bedrock: Any) -> None:
    arn = bedrock.create_model_import_job(
        **import_job_request(
            importedModelKmsKeyId="alias/models",
            importedModelTags=[{"key": "stage", "value": "test"}],
        )
    )["jobArn"]
    bedrock_jobs.settle()
    job = bedrock.get_model_import_job(jobIdentifier=arn)

    model = bedrock.get_imported_model(modelIdentifier=job["importedModelArn"])
    model.pop("ResponseMetadata")
    assert model == in_shape(
        "bedrock",
        "GetImportedModel",
        {
            "modelArn": job["importedModelArn"],
            "modelName": "imported-model-1",
            "jobName": "import-job-1",
            "jobArn": arn,
            "modelDataSource": {"s3DataSource": {"s3Uri": S3_URI}},
            "creationTime": job["endTime"],
            "modelArchitecture": "llama",
            "modelKmsKeyArn": job["importedModelKmsKeyArn"],
            "instructSupported": True,
            "customModelUnits": {
                "customModelUnitsPerModelCopy": 1,
                "customModelUnitsVersion": "v1.0",
            },
        },
    )
    assert bedrock.list_tags_for_resource(resourceARN=model["modelArn"])["tags"] == [
        {"key": "stage", "value": "test"}
    ]


def test_model_architecture_follows_the_model_location(bedrock_jobs: Any, bedrock: Any) -> None:
    source = {"s3DataSource": {"s3Uri": "s3://bucket/Mistral-7B-Instruct/"}}
    bedrock.create_model_import_job(**import_job_request(modelDataSource=source))
    bedrock_jobs.settle()
    model = bedrock.get_imported_model(modelIdentifier="imported-model-1")
    assert model["modelArchitecture"] == "mistral"


def test_a_failed_job_carries_its_message_and_produces_no_model(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    bedrock_jobs.clock.advance(minutes=3)
    bedrock_jobs.fail("import-job-1", message="config.json is missing")

    job = bedrock.get_model_import_job(jobIdentifier=arn)
    assert job["status"] == "Failed"
    assert job["failureMessage"] == "config.json is missing"
    assert job["endTime"] == job["lastModifiedTime"] > job["creationTime"]
    assert "importedModelArn" not in job
    bedrock_jobs.settle()
    assert bedrock.list_imported_models()["modelSummaries"] == []


def test_complete_finishes_a_job_now(bedrock_jobs: Any, bedrock: Any) -> None:
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    bedrock_jobs.complete(arn)
    job = bedrock.get_model_import_job(jobIdentifier="import-job-1")
    assert job["status"] == "Completed"
    assert job["endTime"] == job["creationTime"]


def test_controls_refuse_unknown_and_finished_jobs(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_model_import_job(**import_job_request())
    with pytest.raises(LookupError, match="no job has the ARN or name 'other'"):
        bedrock_jobs.complete("other")
    bedrock_jobs.settle()
    with pytest.raises(ValueError, match="has already finished"):
        bedrock_jobs.fail("import-job-1")


def test_a_name_shared_by_jobs_in_two_regions_needs_an_arn(bedrock_jobs: Any) -> None:
    import boto3

    for region in ("us-east-1", "us-west-2"):
        boto3.client("bedrock", region_name=region).create_model_import_job(**import_job_request())
    with pytest.raises(LookupError, match="names several jobs"):
        bedrock_jobs.complete("import-job-1")


def test_a_name_reaches_the_running_job_among_finished_ones(bedrock_jobs: Any) -> None:
    import boto3

    west = boto3.client("bedrock", region_name="us-west-2")
    east = boto3.client("bedrock", region_name="us-east-1")
    west.create_model_import_job(**import_job_request())
    bedrock_jobs.settle()
    arn = east.create_model_import_job(**import_job_request())["jobArn"]
    bedrock_jobs.fail("import-job-1", message="east failed")
    assert east.get_model_import_job(jobIdentifier=arn)["failureMessage"] == "east failed"
    with pytest.raises(LookupError, match="names several jobs"):
        bedrock_jobs.complete("import-job-1")


@pytest.mark.bedrock_jobs(durations={"model_import": timedelta(minutes=2)})
def test_duration_is_configurable(bedrock_jobs: Any, bedrock: Any) -> None:
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    bedrock_jobs.clock.advance(minutes=2)
    assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "Completed"


def test_settle_returns_when_the_last_job_finished(bedrock_jobs: Any, bedrock: Any) -> None:
    start = bedrock_jobs.clock.now()
    bedrock.create_model_import_job(**import_job_request())
    assert bedrock_jobs.settle() == start + timedelta(minutes=15)
    assert bedrock_jobs.settle() == start + timedelta(minutes=15)


def test_job_names_stay_taken(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_model_import_job(**import_job_request())
    bedrock_jobs.settle()
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_import_job(**import_job_request(model_name="another-model"))
    assert error_of(excinfo) == (
        "ValidationException",
        "The provided job name is currently in use.",
        400,
    )


@pytest.mark.bedrock_jobs(quotas={"concurrent_model_import_jobs": 5})
def test_a_model_name_taken_by_a_model_or_a_running_job_conflicts(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    bedrock.create_model_import_job(**import_job_request())
    with pytest.raises(ClientError) as running:
        bedrock.create_model_import_job(**import_job_request(job_name="import-job-2"))
    bedrock_jobs.settle()
    with pytest.raises(ClientError) as existing:
        bedrock.create_model_import_job(**import_job_request(job_name="import-job-3"))
    expected = (
        "ConflictException",
        "An imported model named imported-model-1 already exists.",
        400,
    )
    assert error_of(running) == expected
    assert error_of(existing) == expected


def test_a_failed_job_leaves_its_model_name_free(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_model_import_job(**import_job_request())
    bedrock_jobs.fail("import-job-1")
    bedrock.create_model_import_job(**import_job_request(job_name="import-job-2"))
    bedrock_jobs.settle()
    model = bedrock.get_imported_model(modelIdentifier="imported-model-1")
    assert model["jobName"] == "import-job-2"


def test_more_than_fifty_job_tags_name_the_job_and_create_nothing(bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_import_job(**import_job_request(jobTags=FIFTY_ONE_TAGS))
    code, message, status = error_of(excinfo)
    assert (code, status) == ("TooManyTagsException", 400)
    job_arn = excinfo.value.response["resourceName"]
    assert re.fullmatch(ARN_PREFIX + "model-import-job/[a-z0-9]{12}", job_arn)
    assert message == f"The number of tags on resource {job_arn} would exceed the limit of 50 tags."
    assert bedrock.list_model_import_jobs()["modelImportJobSummaries"] == []


def test_more_than_fifty_model_tags_name_the_model_to_be_and_create_nothing(
    bedrock: Any,
) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_import_job(**import_job_request(importedModelTags=FIFTY_ONE_TAGS))
    assert error_of(excinfo) == (
        "TooManyTagsException",
        "The number of tags on resource imported-model-1 would exceed the limit of 50 tags.",
        400,
    )
    assert excinfo.value.response["resourceName"] == "imported-model-1"
    assert bedrock.list_model_import_jobs()["modelImportJobSummaries"] == []


def test_one_import_job_at_a_time(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_model_import_job(**import_job_request())
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_import_job(**import_job_request("import-job-2", "model-2"))
    assert error_of(excinfo) == (
        "ServiceQuotaExceededException",
        "You have reached the maximum number of concurrent model import jobs (1) "
        "for this account and region.",
        400,
    )
    bedrock_jobs.settle()
    bedrock.create_model_import_job(**import_job_request("import-job-2", "model-2"))


def test_three_imported_models_per_account_and_region(bedrock_jobs: Any, bedrock: Any) -> None:
    for index in range(3):
        bedrock.create_model_import_job(**import_job_request(f"job-{index}", f"model-{index}"))
        bedrock_jobs.settle()
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_import_job(**import_job_request("job-3", "model-3"))
    assert error_of(excinfo) == (
        "ServiceQuotaExceededException",
        "You have reached the maximum number of imported models (3) for this account and region.",
        400,
    )
    bedrock.delete_imported_model(modelIdentifier="model-0")
    bedrock.create_model_import_job(**import_job_request("job-3", "model-3"))


@pytest.mark.bedrock_jobs(quotas={"concurrent_model_import_jobs": 2, "imported_models": 10})
def test_quotas_are_configurable(bedrock: Any) -> None:
    bedrock.create_model_import_job(**import_job_request("job-1", "model-1"))
    bedrock.create_model_import_job(**import_job_request("job-2", "model-2"))
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_import_job(**import_job_request("job-3", "model-3"))
    assert "concurrent model import jobs (2)" in error_of(excinfo)[1]


def test_a_repeated_client_token_returns_the_first_job(bedrock: Any) -> None:
    first = bedrock.create_model_import_job(**import_job_request(clientRequestToken="token-1"))
    again = bedrock.create_model_import_job(**import_job_request(clientRequestToken="token-1"))
    assert again["jobArn"] == first["jobArn"]
    assert len(bedrock.list_model_import_jobs()["modelImportJobSummaries"]) == 1


def test_get_by_unknown_name_or_arn_is_not_found(bedrock: Any) -> None:
    missing_arn = ARN_PREFIX + "model-import-job/abcdefghijkl"
    for identifier, what in [
        ("no-such-job", "model import job"),
        (missing_arn, "model import job"),
    ]:
        with pytest.raises(ClientError) as excinfo:
            bedrock.get_model_import_job(jobIdentifier=identifier)
        assert error_of(excinfo) == (
            "ResourceNotFoundException",
            f"The specified {what} '{identifier}' could not be found.",
            404,
        )


def test_delete_removes_the_model_and_frees_its_name(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_model_import_job(**import_job_request())
    bedrock_jobs.settle()
    model_arn = bedrock.get_imported_model(modelIdentifier="imported-model-1")["modelArn"]

    deleted = bedrock.delete_imported_model(modelIdentifier=model_arn)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 200
    for identifier in (model_arn, "imported-model-1"):
        with pytest.raises(ClientError) as excinfo:
            bedrock.get_imported_model(modelIdentifier=identifier)
        assert error_of(excinfo)[0] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as excinfo:
        bedrock.delete_imported_model(modelIdentifier="imported-model-1")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified imported model 'imported-model-1' could not be found.",
        404,
    )
    assert bedrock.list_imported_models()["modelSummaries"] == []

    bedrock.create_model_import_job(**import_job_request("import-job-2", "imported-model-1"))
    bedrock_jobs.settle()
    assert bedrock.get_imported_model(modelIdentifier="imported-model-1")["modelArn"] != model_arn
