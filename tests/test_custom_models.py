"""Custom models through boto3: what completion creates, chained customization, delete, and
the filters, sorts and pages of ListCustomModels and ListModelCustomizationJobs."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.factories import (
    ARN_PREFIX,
    KEY_ARN,
    OUTPUT_URI,
    START,
    TITAN,
    TITAN_ARN,
    TRAINING_URI,
    customization_job_request,
    customize,
    declares,
    error_of,
    in_shape,
    model_names,
    summary_members,
)

LITE_ARN = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-lite-v1:0:4k"

pytestmark = pytest.mark.bedrock_jobs(start_time=START)
needs_model_status = pytest.mark.skipif(
    not declares("bedrock", "ListCustomModels", "modelStatus", side="input"),
    reason="this botocore's model has no modelStatus",
)


# -- the model ---------------------------------------------------------------------------


def test_the_custom_model_carries_every_documented_field(bedrock_jobs: Any, bedrock: Any) -> None:
    validator = {"s3Uri": "s3://amzn-s3-demo-bucket/validation/v.jsonl"}
    bedrock.create_model_customization_job(
        **customization_job_request(
            customModelKmsKeyId="alias/models",
            customModelTags=[{"key": "stage", "value": "test"}],
            validationDataConfig={"validators": [validator]},
            hyperParameters={"epochCount": "3", "batchSize": "8"},
        )
    )
    bedrock_jobs.clock.set(START + timedelta(minutes=50))
    job = bedrock.get_model_customization_job(jobIdentifier="tune-job-1")

    model = bedrock.get_custom_model(modelIdentifier="custom-model-1")
    model.pop("ResponseMetadata")
    assert re.fullmatch(KEY_ARN.format(account="123456789012"), model["modelKmsKeyArn"])
    assert model == in_shape(
        "bedrock",
        "GetCustomModel",
        {
            "modelArn": job["outputModelArn"],
            "modelName": "custom-model-1",
            "jobName": "tune-job-1",
            "jobArn": job["jobArn"],
            "baseModelArn": TITAN_ARN,
            "customizationType": "FINE_TUNING",
            "modelKmsKeyArn": job["outputModelKmsKeyArn"],
            "hyperParameters": {
                "epochCount": "3",
                "batchSize": "8",
                "learningRate": "0.00001",
                "learningRateWarmupSteps": "5",
            },
            "trainingDataConfig": {"s3Uri": TRAINING_URI},
            "validationDataConfig": {"validators": [validator]},
            "outputDataConfig": {"s3Uri": OUTPUT_URI},
            "trainingMetrics": job["trainingMetrics"],
            "validationMetrics": job["validationMetrics"],
            "creationTime": START,
            "modelStatus": "Active",
        },
    )
    assert bedrock.list_tags_for_resource(resourceARN=model["modelArn"])["tags"] == [
        {"key": "stage", "value": "test"}
    ]


def test_a_model_without_a_key_reports_none(bedrock_jobs: Any, bedrock: Any) -> None:
    customize(bedrock_jobs, bedrock, "model-a")
    model = bedrock.get_custom_model(modelIdentifier="model-a")
    job = bedrock.get_model_customization_job(jobIdentifier="tune-model-a")
    assert model["customizationType"] == "FINE_TUNING"
    assert "modelKmsKeyArn" not in model
    assert "outputModelKmsKeyArn" not in job


def test_the_model_appears_only_when_its_job_completes(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    bedrock_jobs.clock.set(START + timedelta(minutes=49))
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_custom_model(modelIdentifier="custom-model-1")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified custom model 'custom-model-1' could not be found.",
        404,
    )
    assert bedrock.list_custom_models()["modelSummaries"] == []
    bedrock_jobs.clock.set(START + timedelta(minutes=50))
    assert model_names(bedrock) == ["custom-model-1"]


def test_summaries_name_their_owner(bedrock_jobs: Any, bedrock: Any) -> None:
    arn = customize(bedrock_jobs, bedrock, "model-a")
    summaries = bedrock.list_custom_models()["modelSummaries"]
    expected = {
        "modelArn": arn,
        "modelName": "model-a",
        "creationTime": START,
        "baseModelArn": TITAN_ARN,
        "baseModelName": "",
        "customizationType": "FINE_TUNING",
        "ownerAccountId": "123456789012",
        "modelStatus": "Active",
    }
    members = summary_members("bedrock", "ListCustomModels", "modelSummaries")
    assert summaries == [{key: value for key, value in expected.items() if key in members}]


# -- customizing a custom model ---------------------------------------------------------


def test_a_custom_model_can_be_customized_again(bedrock_jobs: Any, bedrock: Any) -> None:
    first = customize(bedrock_jobs, bedrock, "first")
    job_arn = bedrock.create_model_customization_job(
        **customization_job_request("tune-second", "second", base=first)
    )["jobArn"]
    bedrock_jobs.settle()
    second = bedrock.get_custom_model(modelIdentifier="second")

    assert job_arn.startswith(ARN_PREFIX + f"model-customization-job/{TITAN}/")
    assert second["modelArn"].startswith(ARN_PREFIX + f"custom-model/{TITAN}/")
    assert second["baseModelArn"] == first
    # The job's baseModelArn is a FoundationModelArn: the root of the chain.
    assert bedrock.get_model_customization_job(jobIdentifier=job_arn)["baseModelArn"] == TITAN_ARN


def test_a_custom_model_named_as_base_keeps_its_family_rules(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    customize(bedrock_jobs, bedrock, "first")
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(
            **customization_job_request(
                "tune-second", "second", base="first", hyperParameters={"batchSize": "65"}
            )
        )
    assert error_of(excinfo) == (
        "ValidationException",
        "Hyperparameter 'batchSize' must be between 1 and 64, got '65'.",
        400,
    )


def test_a_custom_model_of_another_region_is_refused_as_base(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    west = boto3.client("bedrock", region_name="us-west-2")
    west_model = customize(bedrock_jobs, west, "west-model")
    assert west_model.startswith("arn:aws:bedrock:us-west-2:123456789012:custom-model/")
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(
            **customization_job_request("tune-east", "east-model", base=west_model)
        )
    assert error_of(excinfo) == (
        "ValidationException",
        f"The model '{west_model}' is in us-west-2, not in us-east-1 where this request was made.",
        400,
    )
    assert bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []


def test_foundation_model_filter_follows_chains_and_base_filter_does_not(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    first = customize(bedrock_jobs, bedrock, "first")
    bedrock_jobs.clock.advance(minutes=1)
    customize(bedrock_jobs, bedrock, "second", base=first)
    bedrock_jobs.clock.advance(minutes=1)
    customize(bedrock_jobs, bedrock, "lite", base="amazon.titan-text-lite-v1")

    assert model_names(bedrock, foundationModelArnEquals=TITAN_ARN) == ["first", "second"]
    assert model_names(bedrock, foundationModelArnEquals=LITE_ARN) == ["lite"]
    assert model_names(bedrock, baseModelArnEquals=TITAN_ARN) == ["first"]


def test_base_model_filter_names_the_custom_model_customized(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    first = customize(bedrock_jobs, bedrock, "first")
    customize(bedrock_jobs, bedrock, "second", base=first)
    assert model_names(bedrock, baseModelArnEquals=first) == ["second"]


def test_deleting_a_base_model_leaves_the_models_built_on_it(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    first = customize(bedrock_jobs, bedrock, "first")
    customize(bedrock_jobs, bedrock, "second", base=first)
    bedrock.delete_custom_model(modelIdentifier=first)
    assert bedrock.get_custom_model(modelIdentifier="second")["baseModelArn"] == first
    assert model_names(bedrock, foundationModelArnEquals=TITAN_ARN) == ["second"]


# -- delete ------------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["name", "arn"])
def test_delete_removes_the_model_its_tags_and_frees_its_name(
    bedrock_jobs: Any, bedrock: Any, by: str
) -> None:
    arn = customize(
        bedrock_jobs, bedrock, "model-a", customModelTags=[{"key": "team", "value": "ml"}]
    )
    deleted = bedrock.delete_custom_model(modelIdentifier="model-a" if by == "name" else arn)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 200

    for identifier in ("model-a", arn):
        with pytest.raises(ClientError) as excinfo:
            bedrock.get_custom_model(modelIdentifier=identifier)
        assert error_of(excinfo) == (
            "ResourceNotFoundException",
            f"The specified custom model '{identifier}' could not be found.",
            404,
        )
    with pytest.raises(ClientError) as tags:
        bedrock.list_tags_for_resource(resourceARN=arn)
    assert error_of(tags)[0] == "ResourceNotFoundException"
    assert bedrock.list_custom_models()["modelSummaries"] == []

    bedrock.create_model_customization_job(**customization_job_request("tune-again", "model-a"))
    bedrock_jobs.settle()
    assert bedrock.get_custom_model(modelIdentifier="model-a")["modelArn"] != arn


def test_deleting_an_unknown_model_is_not_found(bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.delete_custom_model(modelIdentifier="no-such-model")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified custom model 'no-such-model' could not be found.",
        404,
    )


# -- ListCustomModels --------------------------------------------------------------------


def _models_a_minute_apart(env: Any, client: Any, count: int) -> list[str]:
    names = [f"model-{index:02d}" for index in range(count)]
    for name in names:
        customize(env, client, name)
        env.clock.advance(minutes=1)
    return names


@pytest.mark.parametrize(("sort_order", "reverse"), [("Descending", True), ("Ascending", False)])
def test_custom_models_page_in_either_order(
    bedrock_jobs: Any, bedrock: Any, sort_order: str, reverse: bool
) -> None:
    names = _models_a_minute_apart(bedrock_jobs, bedrock, 5)
    pages = list(
        bedrock.get_paginator("list_custom_models").paginate(
            sortBy="CreationTime", sortOrder=sort_order, PaginationConfig={"PageSize": 2}
        )
    )
    assert [len(page["modelSummaries"]) for page in pages] == [2, 2, 1]
    walked = [s["modelName"] for page in pages for s in page["modelSummaries"]]
    assert walked == sorted(names, reverse=reverse)


def test_custom_models_filter_by_name_and_creation_time(bedrock_jobs: Any, bedrock: Any) -> None:
    _models_a_minute_apart(bedrock_jobs, bedrock, 4)
    assert model_names(bedrock, nameContains="MODEL-0") == [f"model-0{i}" for i in range(4)]
    assert model_names(bedrock, nameContains="2") == ["model-02"]
    assert model_names(bedrock, creationTimeAfter=START + timedelta(seconds=30)) == [
        "model-01",
        "model-02",
        "model-03",
    ]
    assert model_names(bedrock, creationTimeBefore=START + timedelta(minutes=2)) == [
        "model-00",
        "model-01",
    ]


def test_every_model_the_mock_holds_is_owned(bedrock_jobs: Any, bedrock: Any) -> None:
    customize(bedrock_jobs, bedrock, "model-a")
    assert model_names(bedrock, isOwned=True) == ["model-a"]
    assert model_names(bedrock, isOwned=False) == []


@needs_model_status
@pytest.mark.parametrize(("status", "listed"), [("Active", ["model-a"]), ("Failed", [])])
def test_custom_models_filter_by_status(
    bedrock_jobs: Any, bedrock: Any, status: str, listed: list[str]
) -> None:
    """A customized model is Active: the filter keeps it for Active, drops it for
    any other status (it would list it if the filter were ignored)."""
    customize(bedrock_jobs, bedrock, "model-a")
    assert model_names(bedrock) == ["model-a"]
    assert model_names(bedrock, modelStatus=status) == listed


# -- ListModelCustomizationJobs ------------------------------------------------------------


def _job_names(client: Any, **filters: Any) -> list[str]:
    listed = client.list_model_customization_jobs(sortOrder="Ascending", **filters)
    return [summary["jobName"] for summary in listed["modelCustomizationJobSummaries"]]


def _jobs_in_every_state(env: Any, client: Any) -> None:
    """tune-0 Completed, tune-1 Stopped, tune-2 Stopping, tune-3 Failed, tune-4 InProgress,
    created a minute apart."""
    for index in range(5):
        client.create_model_customization_job(
            **customization_job_request(f"tune-{index}", f"model-{index}")
        )
        env.clock.advance(minutes=1)
    env.complete("tune-0")
    client.stop_model_customization_job(jobIdentifier="tune-1")
    env.clock.advance(minutes=1)
    client.stop_model_customization_job(jobIdentifier="tune-2")
    env.fail("tune-3")


def test_jobs_filter_by_status_name_and_creation_time(bedrock_jobs: Any, bedrock: Any) -> None:
    _jobs_in_every_state(bedrock_jobs, bedrock)
    by_status = {
        status: _job_names(bedrock, statusEquals=status)
        for status in ("Completed", "Stopped", "Stopping", "Failed", "InProgress")
    }
    assert by_status == {
        "Completed": ["tune-0"],
        "Stopped": ["tune-1"],
        "Stopping": ["tune-2"],
        "Failed": ["tune-3"],
        "InProgress": ["tune-4"],
    }
    assert _job_names(bedrock, nameContains="TUNE-3") == ["tune-3"]
    assert _job_names(
        bedrock,
        creationTimeAfter=START + timedelta(seconds=30),
        creationTimeBefore=START + timedelta(minutes=3),
    ) == ["tune-1", "tune-2"]


def test_job_summaries_carry_the_summary_members(bedrock_jobs: Any, bedrock: Any) -> None:
    _jobs_in_every_state(bedrock_jobs, bedrock)
    summaries = bedrock.list_model_customization_jobs(sortOrder="Ascending")[
        "modelCustomizationJobSummaries"
    ]
    completed = bedrock.get_model_customization_job(jobIdentifier="tune-0")
    expected = {
        "jobArn": completed["jobArn"],
        "baseModelArn": TITAN_ARN,
        "jobName": "tune-0",
        "status": "Completed",
        "statusDetails": completed.get("statusDetails"),
        "lastModifiedTime": completed["endTime"],
        "creationTime": START,
        "endTime": completed["endTime"],
        "customModelArn": completed["outputModelArn"],
        "customModelName": "model-0",
        "customizationType": "FINE_TUNING",
    }
    members = summary_members(
        "bedrock", "ListModelCustomizationJobs", "modelCustomizationJobSummaries"
    )
    assert summaries[0] == {key: value for key, value in expected.items() if key in members}
    assert {"customModelArn", "endTime"} & set(summaries[4]) == set()


@pytest.mark.parametrize(("sort_order", "reverse"), [("Descending", True), ("Ascending", False)])
def test_jobs_page_in_either_order(
    bedrock_jobs: Any, bedrock: Any, sort_order: str, reverse: bool
) -> None:
    _jobs_in_every_state(bedrock_jobs, bedrock)
    pages = list(
        bedrock.get_paginator("list_model_customization_jobs").paginate(
            sortOrder=sort_order, PaginationConfig={"PageSize": 2}
        )
    )
    assert [len(page["modelCustomizationJobSummaries"]) for page in pages] == [2, 2, 1]
    walked = [s["jobName"] for page in pages for s in page["modelCustomizationJobSummaries"]]
    assert walked == sorted(walked, reverse=reverse)
    assert len(set(walked)) == 5


def test_default_order_is_newest_first(bedrock_jobs: Any, bedrock: Any) -> None:
    _jobs_in_every_state(bedrock_jobs, bedrock)
    listed = bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]
    assert [summary["jobName"] for summary in listed] == [f"tune-{i}" for i in range(4, -1, -1)]
