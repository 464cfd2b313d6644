"""Model copy jobs through boto3: copies across Regions, the target model they create,
failure, idempotency, names, validation and the filters, sorts and pages of
ListModelCopyJobs. Copies across accounts are in test_sharing.py."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.factories import (
    START,
    TITAN,
    TITAN_ARN,
    copy_model,
    customization_job_request,
    customize,
    error_of,
    import_job_request,
    in_shape,
    model_pattern,
    summary_members,
)

pytestmark = pytest.mark.bedrock_jobs(start_time=START)

WEST_PREFIX = "arn:aws:bedrock:us-west-2:123456789012:"
WEST_TITAN_ARN = "arn:aws:bedrock:us-west-2::foundation-model/" + TITAN
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"


@pytest.fixture
def west(bedrock_jobs: Any) -> Any:
    """A Bedrock client of the default account in us-west-2."""
    return boto3.client("bedrock", region_name="us-west-2")


# -- a copy from end to end --------------------------------------------------------------


def test_a_copy_to_another_region_runs_to_a_model_of_the_caller(
    bedrock_jobs: Any, bedrock: Any, west: Any
) -> None:
    source = customize(
        bedrock_jobs,
        bedrock,
        "source-model",
        hyperParameters={"epochCount": "3"},
        customModelTags=[{"key": "origin", "value": "east"}],
    )
    response = west.create_model_copy_job(
        sourceModelArn=source,
        targetModelName="west-copy",
        modelKmsKeyId=KEY_ID,
        targetModelTags=[{"key": "team", "value": "ml"}],
    )
    job_arn = response["jobArn"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert re.fullmatch(re.escape(WEST_PREFIX) + "model-copy-job/[a-z0-9]{12}", job_arn)

    running = west.get_model_copy_job(jobArn=job_arn)
    running.pop("ResponseMetadata")
    target_arn = running["targetModelArn"]
    assert re.fullmatch(
        re.escape(WEST_PREFIX + f"custom-model/{TITAN}/") + "[a-z0-9]{12}", target_arn
    )
    assert target_arn.split("/")[-1] != source.split("/")[-1]
    key_arn = f"arn:aws:kms:us-west-2:123456789012:key/{KEY_ID}"
    assert running == in_shape(
        "bedrock",
        "GetModelCopyJob",
        {
            "jobArn": job_arn,
            "status": "InProgress",
            "creationTime": START,
            "targetModelArn": target_arn,
            "targetModelName": "west-copy",
            "sourceAccountId": "123456789012",
            "sourceModelArn": source,
            "targetModelKmsKeyArn": key_arn,
            "targetModelTags": [{"key": "team", "value": "ml"}],
            "sourceModelName": "source-model",
        },
    )
    with pytest.raises(ClientError) as excinfo:
        west.get_custom_model(modelIdentifier="west-copy")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified custom model 'west-copy' could not be found.",
        404,
    )

    bedrock_jobs.clock.advance(minutes=10)
    completed = west.get_model_copy_job(jobArn=job_arn)
    completed.pop("ResponseMetadata")
    assert completed == {**running, "status": "Completed"}
    original = bedrock.get_custom_model(modelIdentifier=source)
    copy = west.get_custom_model(modelIdentifier="west-copy")
    copy.pop("ResponseMetadata")
    assert copy == in_shape(
        "bedrock",
        "GetCustomModel",
        {
            "modelArn": target_arn,
            "modelName": "west-copy",
            "jobName": original["jobName"],
            "jobArn": original["jobArn"],
            "baseModelArn": WEST_TITAN_ARN,
            "customizationType": "FINE_TUNING",
            "modelKmsKeyArn": key_arn,
            "hyperParameters": original["hyperParameters"],
            "trainingDataConfig": original["trainingDataConfig"],
            "validationDataConfig": original["validationDataConfig"],
            "outputDataConfig": original["outputDataConfig"],
            "trainingMetrics": original["trainingMetrics"],
            "validationMetrics": original["validationMetrics"],
            "creationTime": START,
            "modelStatus": "Active",
        },
    )
    assert original["hyperParameters"]["epochCount"] == "3"
    assert west.list_tags_for_resource(resourceARN=target_arn)["tags"] == [
        {"key": "team", "value": "ml"}
    ]
    [summary] = west.list_custom_models(isOwned=True, foundationModelArnEquals=WEST_TITAN_ARN)[
        "modelSummaries"
    ]
    assert summary["modelArn"] == target_arn
    if "ownerAccountId" in summary_members("bedrock", "ListCustomModels", "modelSummaries"):
        assert summary["ownerAccountId"] == "123456789012"
    assert [m["modelArn"] for m in bedrock.list_custom_models()["modelSummaries"]] == [source]


def test_a_copy_without_a_key_or_tags_reports_neither(
    bedrock_jobs: Any, bedrock: Any, west: Any
) -> None:
    job_arn = copy_model(west, customize(bedrock_jobs, bedrock, "source-model"))
    bedrock_jobs.settle()
    job = west.get_model_copy_job(jobArn=job_arn)
    assert "targetModelKmsKeyArn" not in job
    assert "targetModelTags" not in job
    assert "failureMessage" not in job
    assert "modelKmsKeyArn" not in west.get_custom_model(modelIdentifier="copy-1")
    assert west.list_tags_for_resource(resourceARN=job["targetModelArn"])["tags"] == []


def test_a_copy_in_the_same_region_is_allowed(bedrock_jobs: Any, bedrock: Any) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    copy_model(bedrock, source, "same-region-copy")
    bedrock_jobs.settle()
    names = [m["modelName"] for m in bedrock.list_custom_models()["modelSummaries"]]
    assert sorted(names) == ["same-region-copy", "source-model"]


def test_a_copy_takes_the_configured_duration(bedrock_jobs: Any, bedrock: Any, west: Any) -> None:
    job_arn = copy_model(west, customize(bedrock_jobs, bedrock, "source-model"))
    bedrock_jobs.clock.advance(minutes=9, seconds=59)
    assert west.get_model_copy_job(jobArn=job_arn)["status"] == "InProgress"
    bedrock_jobs.clock.advance(seconds=1)
    assert west.get_model_copy_job(jobArn=job_arn)["status"] == "Completed"


@pytest.mark.bedrock_jobs(start_time=START, durations={"model_copy": 60})
def test_the_copy_duration_is_an_option(bedrock_jobs: Any, bedrock: Any, west: Any) -> None:
    job_arn = copy_model(west, customize(bedrock_jobs, bedrock, "source-model"))
    bedrock_jobs.clock.advance(minutes=1)
    assert west.get_model_copy_job(jobArn=job_arn)["status"] == "Completed"


def test_a_copy_can_itself_be_copied(bedrock_jobs: Any, bedrock: Any, west: Any) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    first = west.get_model_copy_job(jobArn=copy_model(west, source, "first-copy"))["targetModelArn"]
    bedrock_jobs.settle()
    second_job = copy_model(bedrock, first, "second-copy")
    bedrock_jobs.settle()

    job = bedrock.get_model_copy_job(jobArn=second_job)
    assert (job["sourceModelArn"], job["sourceModelName"]) == (first, "first-copy")
    second = bedrock.get_custom_model(modelIdentifier="second-copy")
    assert second["modelArn"].startswith(
        f"arn:aws:bedrock:us-east-1:123456789012:custom-model/{TITAN}/"
    )
    assert second["baseModelArn"] == TITAN_ARN
    original = bedrock.get_custom_model(modelIdentifier=source)
    assert second["trainingMetrics"] == original["trainingMetrics"]


def test_deleting_the_source_mid_copy_does_not_break_thecopy_model(
    bedrock_jobs: Any, bedrock: Any, west: Any
) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    job_arn = copy_model(west, source)
    bedrock.delete_custom_model(modelIdentifier=source)
    bedrock_jobs.settle()

    job = west.get_model_copy_job(jobArn=job_arn)
    assert (job["status"], job["sourceModelArn"]) == ("Completed", source)
    assert west.get_custom_model(modelIdentifier="copy-1")["customizationType"] == "FINE_TUNING"


def test_deleting_the_copy_leaves_the_source(bedrock_jobs: Any, bedrock: Any, west: Any) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    copy_model(west, source)
    bedrock_jobs.settle()
    west.delete_custom_model(modelIdentifier="copy-1")
    assert bedrock.get_custom_model(modelIdentifier=source)["modelName"] == "source-model"
    assert west.list_custom_models()["modelSummaries"] == []


def test_a_copied_model_can_be_customized_again(bedrock_jobs: Any, bedrock: Any, west: Any) -> None:
    copy = west.get_model_copy_job(
        jobArn=copy_model(west, customize(bedrock_jobs, bedrock, "source-model"))
    )["targetModelArn"]
    bedrock_jobs.settle()
    west.create_model_customization_job(
        **customization_job_request("tune-again", "again", base=copy)
    )
    bedrock_jobs.settle()
    again = west.get_custom_model(modelIdentifier="again")
    assert (again["baseModelArn"], again["jobName"]) == (copy, "tune-again")


def test_a_copy_of_a_model_customized_from_a_custom_model_keeps_that_base(
    bedrock_jobs: Any, bedrock: Any, west: Any
) -> None:
    first = customize(bedrock_jobs, bedrock, "first")
    second = customize(bedrock_jobs, bedrock, "second", base=first)
    copy_model(west, second)
    bedrock_jobs.settle()
    copy = west.get_custom_model(modelIdentifier="copy-1")
    assert copy["baseModelArn"] == first
    assert model_names_by_foundation(west, WEST_TITAN_ARN) == ["copy-1"]
    assert model_names_by_foundation(west, TITAN_ARN) == []


def model_names_by_foundation(client: Any, foundation_arn: str) -> list[str]:
    summaries = client.list_custom_models(foundationModelArnEquals=foundation_arn)
    return [summary["modelName"] for summary in summaries["modelSummaries"]]


def test_a_model_of_another_partition_cannot_be_copied(bedrock_jobs: Any, bedrock: Any) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    gov = boto3.client("bedrock", region_name="us-gov-west-1")
    with pytest.raises(ClientError) as excinfo:
        copy_model(gov, source)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified custom model '{source}' could not be found.",
        404,
    )


# -- failure and the controls ------------------------------------------------------------


def test_a_failed_copy_creates_nothing_and_frees_its_name(
    bedrock_jobs: Any, bedrock: Any, west: Any
) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    job_arn = copy_model(west, source)
    bedrock_jobs.fail(job_arn, "Model copy failed: internal error.")
    job = west.get_model_copy_job(jobArn=job_arn)
    assert (job["status"], job["failureMessage"]) == (
        "Failed",
        "Model copy failed: internal error.",
    )
    bedrock_jobs.settle()
    assert west.list_custom_models()["modelSummaries"] == []

    retry = copy_model(west, source)
    bedrock_jobs.settle()
    assert west.get_model_copy_job(jobArn=retry)["status"] == "Completed"
    assert west.get_custom_model(modelIdentifier="copy-1")["modelName"] == "copy-1"


def test_a_name_shared_by_a_copy_and_another_job_needs_the_arn(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    bedrock.create_model_customization_job(**customization_job_request("same", "other-model"))
    job_arn = copy_model(bedrock, source, "same")
    with pytest.raises(LookupError, match=r"'same' names several jobs .*; pass an ARN"):
        bedrock_jobs.complete("same")
    bedrock_jobs.complete(job_arn)
    assert bedrock.get_model_copy_job(jobArn=job_arn)["status"] == "Completed"


def test_the_controls_know_a_copy_job_by_its_target_model_name(
    bedrock_jobs: Any, bedrock: Any, west: Any
) -> None:
    job_arn = copy_model(west, customize(bedrock_jobs, bedrock, "source-model"), "named-copy")
    bedrock_jobs.complete("named-copy")
    assert west.get_model_copy_job(jobArn=job_arn)["status"] == "Completed"
    assert bedrock_jobs.clock.now() == START


# -- the create request ------------------------------------------------------------------


def test_a_repeated_client_request_token_returns_the_first_job(
    bedrock_jobs: Any, bedrock: Any, west: Any
) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    first = copy_model(west, source, clientRequestToken="copy-token-1")
    again = copy_model(west, source, clientRequestToken="copy-token-1")
    assert again == first
    assert len(west.list_model_copy_jobs()["modelCopyJobSummaries"]) == 1


def test_botocore_fills_a_new_token_for_each_call(bedrock_jobs: Any, bedrock: Any) -> None:
    """Without an explicit token botocore sends a new one with each call, so a second copy
    under the same name is a new request, refused, not the first job answered again."""
    source = customize(bedrock_jobs, bedrock, "source-model")
    tokens: list[str] = []
    bedrock.meta.events.register(
        "before-call.bedrock.CreateModelCopyJob",
        lambda params, **_: tokens.append(json.loads(params["body"])["clientRequestToken"]),
    )
    copy_model(bedrock, source)
    with pytest.raises(ClientError) as excinfo:
        copy_model(bedrock, source)
    assert error_of(excinfo) == (
        "ValidationException",
        "A custom model named copy-1 already exists.",
        400,
    )
    assert len(tokens) == 2
    assert tokens[0] != tokens[1]


def test_a_target_name_held_by_a_model_is_refused(bedrock_jobs: Any, bedrock: Any) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    with pytest.raises(ClientError) as excinfo:
        copy_model(bedrock, source, "source-model")
    assert error_of(excinfo) == (
        "ValidationException",
        "A custom model named source-model already exists.",
        400,
    )


def test_a_target_name_reserved_by_a_running_job_is_refused(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    bedrock.create_model_customization_job(**customization_job_request("tune-next", "next-model"))
    copy_model(bedrock, source, "copy-target")
    for name in ("next-model", "copy-target"):
        with pytest.raises(ClientError) as excinfo:
            copy_model(bedrock, source, name)
        assert error_of(excinfo) == (
            "ValidationException",
            f"A custom model named {name} already exists.",
            400,
        )
    with pytest.raises(ClientError) as conflict:
        bedrock.create_model_customization_job(
            **customization_job_request("tune-clash", "copy-target")
        )
    assert error_of(conflict) == (
        "ConflictException",
        "A custom model named copy-target already exists.",
        400,
    )


def test_a_target_name_is_only_taken_in_its_own_region(
    bedrock_jobs: Any, bedrock: Any, west: Any
) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    copy_model(west, source, "source-model")
    bedrock_jobs.settle()
    assert west.get_custom_model(modelIdentifier="source-model")["modelArn"] != source


def test_an_unknown_source_is_not_found(bedrock: Any) -> None:
    unknown = "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text/abcdefghijkl"
    with pytest.raises(ClientError) as excinfo:
        copy_model(bedrock, unknown)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified custom model '{unknown}' could not be found.",
        404,
    )


def test_a_deleted_source_is_not_found_by_the_arn_the_mock_gave_it(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    # The oldest supported models' ModelArn pattern predates this ARN (its base model id
    # has a suffix); the mock minted it, so no model's pattern refuses it, even once gone.
    source = customize(bedrock_jobs, bedrock, "source-model")
    bedrock.delete_custom_model(modelIdentifier=source)
    with pytest.raises(ClientError) as excinfo:
        copy_model(bedrock, source)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified custom model '{source}' could not be found.",
        404,
    )


def test_an_arn_the_mock_minted_of_another_type_fails_the_source_pattern(
    bedrock_jobs: Any, raw_bedrock: Any
) -> None:
    job = raw_bedrock.create_model_import_job(**import_job_request())["jobArn"]
    with pytest.raises(ClientError) as excinfo:
        copy_model(raw_bedrock, job)
    assert error_of(excinfo) == (
        "ValidationException",
        f"1 validation error detected: Value '{job}' at 'sourceModelArn' failed to "
        f"satisfy constraint: Member must satisfy regular expression pattern: "
        f"{model_pattern('bedrock', 'ModelArn')}",
        400,
    )


def test_a_foundation_model_cannot_be_copied(bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        copy_model(bedrock, TITAN_ARN)
    assert error_of(excinfo) == (
        "ValidationException",
        f"The source model '{TITAN_ARN}' is a foundation model; only custom models can be copied.",
        400,
    )


def test_an_imported_model_arn_fails_the_source_pattern(raw_bedrock: Any) -> None:
    imported = "arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghijkl"
    with pytest.raises(ClientError) as excinfo:
        copy_model(raw_bedrock, imported)
    assert error_of(excinfo) == (
        "ValidationException",
        f"1 validation error detected: Value '{imported}' at 'sourceModelArn' failed to "
        f"satisfy constraint: Member must satisfy regular expression pattern: "
        f"{model_pattern('bedrock', 'ModelArn')}",
        400,
    )


def test_custom_models_of_titan_text_premier_cannot_be_copied(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    source = customize(
        bedrock_jobs, bedrock, "premier-model", base="amazon.titan-text-premier-v1:0"
    )
    with pytest.raises(ClientError) as excinfo:
        copy_model(bedrock, source)
    assert error_of(excinfo) == (
        "ValidationException",
        f"The source model '{source}' cannot be copied: custom models of "
        "Titan Text G1 - Premier cannot be copied.",
        400,
    )


def test_at_most_fifty_tags_on_the_target(bedrock_jobs: Any, bedrock: Any) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    tags = [{"key": f"k{index}", "value": "v"} for index in range(51)]
    with pytest.raises(ClientError) as excinfo:
        copy_model(bedrock, source, targetModelTags=tags)
    assert error_of(excinfo) == (
        "TooManyTagsException",
        "The number of tags on resource copy-1 would exceed the limit of 50 tags.",
        400,
    )
    assert excinfo.value.response["resourceName"] == "copy-1"
    assert bedrock.list_model_copy_jobs()["modelCopyJobSummaries"] == []


# -- GetModelCopyJob ---------------------------------------------------------------------


def test_get_by_name_is_refused_by_the_pattern(bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_model_copy_job(jobArn="copy-1")
    assert error_of(excinfo) == (
        "ValidationException",
        "1 validation error detected: Value 'copy-1' at 'jobArn' failed to satisfy "
        f"constraint: Member must satisfy regular expression pattern: "
        f"{model_pattern('bedrock', 'ModelCopyJobArn')}",
        400,
    )


def test_an_unknown_job_is_not_found(bedrock: Any, west: Any, bedrock_jobs: Any) -> None:
    job_arn = copy_model(west, customize(bedrock_jobs, bedrock, "source-model"))
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_model_copy_job(jobArn=job_arn)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified model copy job '{job_arn}' could not be found.",
        404,
    )


# -- ListModelCopyJobs -------------------------------------------------------------------


def _copies_a_minute_apart(env: Any, client: Any, source: str, count: int) -> list[str]:
    names = [f"copy-{index:02d}" for index in range(count)]
    for name in names:
        copy_model(client, source, name)
        env.clock.advance(minutes=1)
    return names


def _copy_names(client: Any, **filters: Any) -> list[str]:
    summaries = client.list_model_copy_jobs(sortOrder="Ascending", **filters)
    return [summary["targetModelName"] for summary in summaries["modelCopyJobSummaries"]]


def test_summaries_carry_the_summary_members(bedrock_jobs: Any, bedrock: Any) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    job_arn = copy_model(bedrock, source, targetModelTags=[{"key": "a", "value": "b"}])
    [summary] = bedrock.list_model_copy_jobs()["modelCopyJobSummaries"]
    job = bedrock.get_model_copy_job(jobArn=job_arn)
    job.pop("ResponseMetadata")
    assert summary == job


@pytest.mark.parametrize(("sort_order", "reverse"), [("Descending", True), ("Ascending", False)])
def test_copy_jobs_page_in_either_order(
    bedrock_jobs: Any, bedrock: Any, sort_order: str, reverse: bool
) -> None:
    names = _copies_a_minute_apart(
        bedrock_jobs, bedrock, customize(bedrock_jobs, bedrock, "source-model"), 5
    )
    pages = list(
        bedrock.get_paginator("list_model_copy_jobs").paginate(
            sortBy="CreationTime", sortOrder=sort_order, PaginationConfig={"PageSize": 2}
        )
    )
    assert [len(page["modelCopyJobSummaries"]) for page in pages] == [2, 2, 1]
    walked = [s["targetModelName"] for page in pages for s in page["modelCopyJobSummaries"]]
    assert walked == sorted(names, reverse=reverse)


def test_the_default_order_is_newest_first(bedrock_jobs: Any, bedrock: Any) -> None:
    names = _copies_a_minute_apart(
        bedrock_jobs, bedrock, customize(bedrock_jobs, bedrock, "source-model"), 3
    )
    summaries = bedrock.list_model_copy_jobs()["modelCopyJobSummaries"]
    assert [s["targetModelName"] for s in summaries] == names[::-1]


def test_copy_jobs_filter_by_status_name_and_creation_time(bedrock_jobs: Any, bedrock: Any) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    _copies_a_minute_apart(bedrock_jobs, bedrock, source, 4)
    bedrock_jobs.fail("copy-00")
    bedrock_jobs.complete("copy-01")

    assert _copy_names(bedrock, statusEquals="Failed") == ["copy-00"]
    assert _copy_names(bedrock, statusEquals="Completed") == ["copy-01"]
    assert _copy_names(bedrock, statusEquals="InProgress") == ["copy-02", "copy-03"]
    assert _copy_names(bedrock, targetModelNameContains="PY-0") == [f"copy-0{i}" for i in range(4)]
    assert _copy_names(bedrock, targetModelNameContains="2") == ["copy-02"]
    assert _copy_names(bedrock, creationTimeAfter=START + timedelta(minutes=1)) == [
        "copy-02",
        "copy-03",
    ]
    assert _copy_names(bedrock, creationTimeBefore=START + timedelta(minutes=2)) == [
        "copy-00",
        "copy-01",
    ]


def test_copy_jobs_filter_by_source_model_and_account(bedrock_jobs: Any, bedrock: Any) -> None:
    first = customize(bedrock_jobs, bedrock, "first-source")
    second = customize(bedrock_jobs, bedrock, "second-source")
    copy_model(bedrock, first, "from-first")
    copy_model(bedrock, second, "from-second")

    assert _copy_names(bedrock, sourceModelArnEquals=first) == ["from-first"]
    assert _copy_names(bedrock, sourceModelArnEquals=second) == ["from-second"]
    assert _copy_names(bedrock, sourceAccountEquals="123456789012") == ["from-first", "from-second"]
    assert _copy_names(bedrock, sourceAccountEquals="222222222222") == []


def test_a_token_from_another_list_is_refused(bedrock_jobs: Any, bedrock: Any) -> None:
    _copies_a_minute_apart(bedrock_jobs, bedrock, customize(bedrock_jobs, bedrock, "m"), 2)
    token = bedrock.list_model_copy_jobs(maxResults=1)["nextToken"]
    assert (
        len(bedrock.list_model_copy_jobs(maxResults=1, nextToken=token)["modelCopyJobSummaries"])
        == 1
    )
    with pytest.raises(ClientError) as excinfo:
        bedrock.list_custom_models(nextToken=token)
    assert error_of(excinfo) == (
        "ValidationException",
        "The provided pagination token is invalid.",
        400,
    )


def test_copy_jobs_are_listed_in_their_own_region_only(
    bedrock_jobs: Any, bedrock: Any, west: Any
) -> None:
    copy_model(west, customize(bedrock_jobs, bedrock, "source-model"))
    assert bedrock.list_model_copy_jobs()["modelCopyJobSummaries"] == []
    assert _copy_names(west) == ["copy-1"]


def test_a_client_skipping_validation_still_gets_the_target_name_pattern(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    source = customize(bedrock_jobs, bedrock, "source-model")
    raw = boto3.client(
        "bedrock", region_name="us-east-1", config=Config(parameter_validation=False)
    )
    with pytest.raises(ClientError) as excinfo:
        copy_model(raw, source, "bad name!")
    assert error_of(excinfo) == (
        "ValidationException",
        "1 validation error detected: Value 'bad name!' at 'targetModelName' failed to "
        "satisfy constraint: Member must satisfy regular expression pattern: "
        f"{model_pattern('bedrock', 'CustomModelName')}",
        400,
    )
