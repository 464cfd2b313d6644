"""Provisioned Throughput through boto3: bought for a custom or a foundation model,
Creating then InService or Failed on the clock, renamed and switched to another model,
deleted (not before its commitment ends), the custom models it keeps from deletion, and
the filters, sorts and pages of ListProvisionedModelThroughputs."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.factories import (
    ARN_PREFIX,
    START,
    TITAN,
    TITAN_ARN,
    custom_model_request,
    customize,
    error_of,
    in_shape,
    names_by_page,
    needs_operation,
)

pytestmark = pytest.mark.bedrock_jobs(start_time=START)

LITE = "amazon.titan-text-lite-v1:0:4k"


def _provision(client: Any, model_id: str, name: str = "pt-1", **overrides: Any) -> str:
    response = client.create_provisioned_model_throughput(
        provisionedModelName=name, modelId=model_id, modelUnits=1, **overrides
    )
    return str(response["provisionedModelArn"])


def _get(client: Any, identifier: str = "pt-1") -> dict[str, Any]:
    response: dict[str, Any] = client.get_provisioned_model_throughput(
        provisionedModelId=identifier
    )
    response.pop("ResponseMetadata")
    return response


# -- from Creating to InService or Failed ------------------------------------------------


def test_throughput_for_a_custom_model_is_in_service_after_five_minutes(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    model_arn = customize(bedrock_jobs, bedrock, "tuned")
    response = bedrock.create_provisioned_model_throughput(
        provisionedModelName="pt-1",
        modelId=model_arn,
        modelUnits=2,
        commitmentDuration="OneMonth",
        tags=[{"key": "team", "value": "ml"}],
    )
    arn = response["provisionedModelArn"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert re.fullmatch(re.escape(ARN_PREFIX) + "provisioned-model/[a-z0-9]{12}", arn)
    expected = {
        "modelUnits": 2,
        "desiredModelUnits": 2,
        "provisionedModelName": "pt-1",
        "provisionedModelArn": arn,
        "modelArn": model_arn,
        "desiredModelArn": model_arn,
        "foundationModelArn": TITAN_ARN,
        "status": "Creating",
        "creationTime": START,
        "lastModifiedTime": START,
        "commitmentDuration": "OneMonth",
        "commitmentExpirationTime": datetime(2024, 9, 13, 9, 0, tzinfo=timezone.utc),
    }
    assert _get(bedrock) == in_shape("bedrock", "GetProvisionedModelThroughput", expected)
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [
        {"key": "team", "value": "ml"}
    ]

    bedrock_jobs.clock.advance(minutes=4, seconds=59)
    assert _get(bedrock, arn)["status"] == "Creating"
    bedrock_jobs.clock.advance(seconds=1)
    done = START + timedelta(minutes=5)
    assert _get(bedrock, arn) == in_shape(
        "bedrock",
        "GetProvisionedModelThroughput",
        {**expected, "status": "InService", "lastModifiedTime": done},
    )


def test_throughput_for_a_provisionable_foundation_model(bedrock_jobs: Any, bedrock: Any) -> None:
    _provision(bedrock, TITAN, commitmentDuration="SixMonths")
    bedrock_jobs.settle()
    throughput = _get(bedrock)
    assert (throughput["modelArn"], throughput["foundationModelArn"]) == (TITAN_ARN, TITAN_ARN)
    assert throughput["status"] == "InService"
    assert throughput["commitmentExpirationTime"] == datetime(
        2025, 2, 13, 9, 0, tzinfo=timezone.utc
    )


def test_without_a_commitment_there_is_no_expiration(bedrock: Any) -> None:
    throughput = _get(bedrock, _provision(bedrock, TITAN_ARN))
    assert "commitmentDuration" not in throughput
    assert "commitmentExpirationTime" not in throughput


@pytest.mark.bedrock_jobs(start_time=START, durations={"provisioned_throughput": 30})
def test_the_duration_is_an_option(bedrock_jobs: Any, bedrock: Any) -> None:
    _provision(bedrock, TITAN)
    bedrock_jobs.clock.advance(seconds=30)
    assert _get(bedrock)["status"] == "InService"


def test_a_failed_throughput_reports_its_message(bedrock_jobs: Any, bedrock: Any) -> None:
    _provision(bedrock, TITAN)
    bedrock_jobs.fail("pt-1", "Insufficient capacity.")
    throughput = _get(bedrock)
    assert (throughput["status"], throughput["failureMessage"]) == (
        "Failed",
        "Insufficient capacity.",
    )
    assert throughput["lastModifiedTime"] == START


def test_a_terraform_style_wait_sees_it_in_service_within_ten_minutes(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    arn = _provision(bedrock, TITAN)
    polls = 0
    while _get(bedrock, arn)["status"] == "Creating":
        polls += 1
        assert polls <= 20, "not InService within Terraform's default 10 minutes"
        bedrock_jobs.clock.advance(seconds=30)
    assert (_get(bedrock, arn)["status"], polls) == ("InService", 10)


# -- what can be provisioned --------------------------------------------------------------


def test_an_on_demand_foundation_model_cannot_be_provisioned(bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        _provision(bedrock, "amazon.titan-text-express-v1")
    assert error_of(excinfo) == (
        "ValidationException",
        "The model 'amazon.titan-text-express-v1' does not support Provisioned Throughput.",
        400,
    )


def test_an_unknown_model_is_not_found(bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        _provision(bedrock, "no-such-model")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified model 'no-such-model' could not be found.",
        404,
    )


@needs_operation("CreateCustomModel")
def test_a_creating_custom_model_cannot_be_provisioned(bedrock: Any) -> None:
    bedrock.create_custom_model(**custom_model_request("brought"))
    with pytest.raises(ClientError) as excinfo:
        _provision(bedrock, "brought")
    assert error_of(excinfo) == (
        "ValidationException",
        "The custom model 'brought' cannot be provisioned: its status is Creating, and only "
        "Active custom models can be provisioned.",
        400,
    )
    assert bedrock.list_provisioned_model_throughputs()["provisionedModelSummaries"] == []


def test_a_name_in_use_is_refused(bedrock: Any) -> None:
    _provision(bedrock, TITAN)
    with pytest.raises(ClientError) as excinfo:
        _provision(bedrock, TITAN)
    assert error_of(excinfo) == (
        "ValidationException",
        "A Provisioned Throughput named pt-1 already exists.",
        400,
    )


def test_a_repeated_client_request_token_returns_the_first(bedrock: Any) -> None:
    first = _provision(bedrock, TITAN, clientRequestToken="pt-token")
    assert _provision(bedrock, TITAN, clientRequestToken="pt-token") == first


def test_at_most_fifty_tags(bedrock: Any) -> None:
    tags = [{"key": f"k{index}", "value": "v"} for index in range(51)]
    with pytest.raises(ClientError) as excinfo:
        _provision(bedrock, TITAN, tags=tags)
    code, message, status = error_of(excinfo)
    resource = excinfo.value.response["resourceName"]
    assert (code, status) == ("TooManyTagsException", 400)
    assert (
        message == f"The number of tags on resource {resource} would exceed the limit of 50 tags."
    )
    assert bedrock.list_provisioned_model_throughputs()["provisionedModelSummaries"] == []


def test_tags_can_be_added_and_removed(bedrock: Any) -> None:
    arn = _provision(bedrock, TITAN)
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "a", "value": "1"}])
    bedrock.untag_resource(resourceARN=arn, tagKeys=["a"])
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "b", "value": "2"}])
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "b", "value": "2"}]


# -- updates -----------------------------------------------------------------------------


def test_a_new_name_applies_at_once(bedrock_jobs: Any, bedrock: Any) -> None:
    arn = _provision(bedrock, TITAN)
    bedrock_jobs.settle()
    bedrock.update_provisioned_model_throughput(
        provisionedModelId="pt-1", desiredProvisionedModelName="pt-renamed"
    )
    renamed = _get(bedrock, "pt-renamed")
    assert (renamed["provisionedModelArn"], renamed["status"]) == (arn, "InService")
    with pytest.raises(ClientError) as excinfo:
        _get(bedrock, "pt-1")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified Provisioned Throughput 'pt-1' could not be found.",
        404,
    )
    _provision(bedrock, TITAN, "pt-1")
    assert [s["provisionedModelName"] for s in _summaries(bedrock)] == ["pt-renamed", "pt-1"]


def test_switching_model_is_updating_until_the_update_ends(bedrock_jobs: Any, bedrock: Any) -> None:
    first = customize(bedrock_jobs, bedrock, "first")
    second = customize(bedrock_jobs, bedrock, "second")
    _provision(bedrock, first)
    bedrock_jobs.settle()
    switched_at = bedrock_jobs.clock.now()
    response = bedrock.update_provisioned_model_throughput(
        provisionedModelId="pt-1", desiredModelId=second
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    updating = _get(bedrock)
    assert (updating["status"], updating["modelArn"], updating["desiredModelArn"]) == (
        "Updating",
        first,
        second,
    )
    assert updating["lastModifiedTime"] == switched_at
    bedrock_jobs.clock.advance(minutes=5)
    done = _get(bedrock)
    assert (done["status"], done["modelArn"], done["desiredModelArn"]) == (
        "InService",
        second,
        second,
    )
    bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredModelId=TITAN)
    bedrock_jobs.settle()
    assert _get(bedrock)["modelArn"] == TITAN_ARN


def test_a_model_of_another_base_is_refused(bedrock_jobs: Any, bedrock: Any) -> None:
    _provision(bedrock, customize(bedrock_jobs, bedrock, "titan-tuned"))
    bedrock_jobs.settle()
    with pytest.raises(ClientError) as excinfo:
        bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredModelId=LITE)
    assert error_of(excinfo) == (
        "ValidationException",
        f"The model '{LITE}' is not {TITAN_ARN} nor a custom model of it, the base model of "
        "the Provisioned Throughput pt-1.",
        400,
    )
    assert _get(bedrock)["status"] == "InService"


def test_throughput_for_a_base_model_cannot_switch(bedrock_jobs: Any, bedrock: Any) -> None:
    _provision(bedrock, TITAN)
    bedrock_jobs.settle()
    with pytest.raises(ClientError) as excinfo:
        bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredModelId=LITE)
    assert error_of(excinfo) == (
        "ValidationException",
        "The model of the Provisioned Throughput pt-1 cannot be changed: it serves a base model.",
        400,
    )


def test_only_in_service_throughput_can_be_updated(bedrock: Any) -> None:
    _provision(bedrock, TITAN)
    with pytest.raises(ClientError) as excinfo:
        bedrock.update_provisioned_model_throughput(
            provisionedModelId="pt-1", desiredProvisionedModelName="other"
        )
    assert error_of(excinfo) == (
        "ValidationException",
        "The Provisioned Throughput pt-1 cannot be updated while its status is Creating.",
        400,
    )


def test_a_new_name_in_use_is_refused(bedrock_jobs: Any, bedrock: Any) -> None:
    _provision(bedrock, TITAN, "pt-1")
    _provision(bedrock, TITAN, "pt-2")
    bedrock_jobs.settle()
    with pytest.raises(ClientError) as excinfo:
        bedrock.update_provisioned_model_throughput(
            provisionedModelId="pt-1", desiredProvisionedModelName="pt-2"
        )
    assert error_of(excinfo) == (
        "ValidationException",
        "A Provisioned Throughput named pt-2 already exists.",
        400,
    )


def test_a_failed_switch_fails_the_throughput(bedrock_jobs: Any, bedrock: Any) -> None:
    first = customize(bedrock_jobs, bedrock, "first")
    _provision(bedrock, first)
    bedrock_jobs.settle()
    bedrock.update_provisioned_model_throughput(
        provisionedModelId="pt-1", desiredModelId=customize(bedrock_jobs, bedrock, "second")
    )
    bedrock_jobs.fail("pt-1", "The model could not be loaded.")
    failed = _get(bedrock)
    assert (failed["status"], failed["modelArn"], failed["failureMessage"]) == (
        "Failed",
        first,
        "The model could not be loaded.",
    )


# -- delete ------------------------------------------------------------------------------


def test_delete_is_immediate_and_takes_the_tags(bedrock: Any) -> None:
    arn = _provision(bedrock, TITAN, tags=[{"key": "a", "value": "1"}])
    response = bedrock.delete_provisioned_model_throughput(provisionedModelId=arn)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert _summaries(bedrock) == []
    with pytest.raises(ClientError) as excinfo:
        bedrock.list_tags_for_resource(resourceARN=arn)
    assert error_of(excinfo)[0] == "ResourceNotFoundException"


def test_delete_before_the_commitment_ends_is_a_conflict(bedrock_jobs: Any, bedrock: Any) -> None:
    _provision(bedrock, TITAN, commitmentDuration="OneMonth")
    bedrock_jobs.settle()
    with pytest.raises(ClientError) as excinfo:
        bedrock.delete_provisioned_model_throughput(provisionedModelId="pt-1")
    assert error_of(excinfo) == (
        "ConflictException",
        "The Provisioned Throughput pt-1 cannot be deleted before its commitment term ends "
        "at 2024-09-13T09:00:00+00:00.",
        400,
    )
    bedrock_jobs.clock.set(datetime(2024, 9, 13, 9, 0, tzinfo=timezone.utc))
    bedrock.delete_provisioned_model_throughput(provisionedModelId="pt-1")
    assert _summaries(bedrock) == []


def test_a_failed_throughput_with_a_commitment_can_be_deleted(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    _provision(bedrock, TITAN, commitmentDuration="SixMonths")
    bedrock_jobs.fail("pt-1")
    bedrock.delete_provisioned_model_throughput(provisionedModelId="pt-1")
    assert _summaries(bedrock) == []
    with pytest.raises(LookupError, match="no job has the ARN or name 'pt-1'"):
        bedrock_jobs.complete("pt-1")


def test_a_provisioned_custom_model_cannot_be_deleted(bedrock_jobs: Any, bedrock: Any) -> None:
    model_arn = customize(bedrock_jobs, bedrock, "tuned")
    _provision(bedrock, model_arn)
    with pytest.raises(ClientError) as excinfo:
        bedrock.delete_custom_model(modelIdentifier="tuned")
    assert error_of(excinfo) == (
        "ConflictException",
        "The custom model tuned cannot be deleted while the Provisioned Throughput pt-1 uses it.",
        400,
    )
    bedrock.delete_provisioned_model_throughput(provisionedModelId="pt-1")
    bedrock.delete_custom_model(modelIdentifier="tuned")
    assert bedrock.list_custom_models()["modelSummaries"] == []


def test_a_model_being_switched_to_cannot_be_deleted(bedrock_jobs: Any, bedrock: Any) -> None:
    _provision(bedrock, customize(bedrock_jobs, bedrock, "first"))
    bedrock_jobs.settle()
    second = customize(bedrock_jobs, bedrock, "second")
    bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredModelId=second)
    with pytest.raises(ClientError) as excinfo:
        bedrock.delete_custom_model(modelIdentifier="second")
    assert error_of(excinfo)[:2] == (
        "ConflictException",
        "The custom model second cannot be deleted while the Provisioned Throughput pt-1 uses it.",
    )


def test_a_failed_switch_still_holds_both_models(bedrock_jobs: Any, bedrock: Any) -> None:
    _provision(bedrock, customize(bedrock_jobs, bedrock, "first"))
    bedrock_jobs.settle()
    second = customize(bedrock_jobs, bedrock, "second")
    bedrock.update_provisioned_model_throughput(provisionedModelId="pt-1", desiredModelId=second)
    bedrock_jobs.fail("pt-1", "The switch failed.")
    assert _get(bedrock)["status"] == "Failed"
    for name in ("first", "second"):
        with pytest.raises(ClientError) as excinfo:
            bedrock.delete_custom_model(modelIdentifier=name)
        assert error_of(excinfo) == (
            "ConflictException",
            f"The custom model {name} cannot be deleted while the Provisioned Throughput "
            "pt-1 uses it.",
            400,
        )


def test_deleting_an_unknown_throughput_is_not_found(bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.delete_provisioned_model_throughput(provisionedModelId="nothing")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified Provisioned Throughput 'nothing' could not be found.",
        404,
    )


# -- ListProvisionedModelThroughputs -----------------------------------------------------


def _summaries(client: Any, **filters: Any) -> list[dict[str, Any]]:
    listed = client.list_provisioned_model_throughputs(sortOrder="Ascending", **filters)
    return list(listed["provisionedModelSummaries"])


def _names(client: Any, **filters: Any) -> list[str]:
    return [summary["provisionedModelName"] for summary in _summaries(client, **filters)]


def test_summaries_carry_the_get_members_but_the_failure_message(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    _provision(bedrock, TITAN, commitmentDuration="OneMonth")
    bedrock_jobs.fail("pt-1")
    [summary] = _summaries(bedrock)
    throughput = _get(bedrock)
    assert throughput.pop("failureMessage") == "The job failed."
    assert summary == throughput


def test_lists_filter_by_status_name_model_and_creation_time(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    for index, model in enumerate((TITAN, LITE, TITAN)):
        _provision(bedrock, model, f"pt-{index}")
        bedrock_jobs.clock.advance(minutes=1)
    bedrock_jobs.complete("pt-0")
    bedrock_jobs.fail("pt-1")

    assert _names(bedrock, statusEquals="InService") == ["pt-0"]
    assert _names(bedrock, statusEquals="Failed") == ["pt-1"]
    assert _names(bedrock, statusEquals="Creating") == ["pt-2"]
    assert _names(bedrock, nameContains="PT-2") == ["pt-2"]
    assert _names(bedrock, modelArnEquals=TITAN_ARN) == ["pt-0", "pt-2"]
    assert _names(bedrock, creationTimeAfter=START) == ["pt-1", "pt-2"]
    assert _names(bedrock, creationTimeBefore=START + timedelta(minutes=1)) == ["pt-0"]


@pytest.mark.parametrize(("sort_order", "reverse"), [("Descending", True), ("Ascending", False)])
def test_lists_page_in_either_order(
    bedrock_jobs: Any, bedrock: Any, sort_order: str, reverse: bool
) -> None:
    names = [f"pt-{index}" for index in range(5)]
    for name in names:
        _provision(bedrock, TITAN, name)
        bedrock_jobs.clock.advance(minutes=1)
    pages = names_by_page(
        bedrock,
        "list_provisioned_model_throughputs",
        "provisionedModelSummaries",
        "provisionedModelName",
        sort_order,
    )
    assert [name for page in pages for name in page] == sorted(names, reverse=reverse)
    assert [len(page) for page in pages] == [2, 2, 1]
    default = bedrock.list_provisioned_model_throughputs()["provisionedModelSummaries"]
    assert [s["provisionedModelName"] for s in default] == names[::-1]
