"""Custom model deployments through boto3: customized, copied and created models deployed,
Creating then Active or Failed on the clock, updated to another model, deleted (not while
being created or updated), the custom models they keep from deletion, and the filters,
sorts and pages of ListCustomModelDeployments."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.factories import (
    ARN_PREFIX,
    START,
    bring_model,
    custom_model_request,
    customize,
    error_of,
    in_shape,
    names_by_page,
    needs_operation,
)

pytestmark = [
    pytest.mark.bedrock_jobs(start_time=START),
    needs_operation("CreateCustomModelDeployment"),
]


def _deploy(client: Any, model_arn: str, name: str = "deploy-1", **overrides: Any) -> str:
    response = client.create_custom_model_deployment(
        modelDeploymentName=name, modelArn=model_arn, **overrides
    )
    return str(response["customModelDeploymentArn"])


def _get(client: Any, identifier: str = "deploy-1") -> dict[str, Any]:
    response: dict[str, Any] = client.get_custom_model_deployment(
        customModelDeploymentIdentifier=identifier
    )
    response.pop("ResponseMetadata")
    return response


def _update(client: Any, model_arn: str, identifier: str = "deploy-1") -> Any:
    return client.update_custom_model_deployment(
        customModelDeploymentIdentifier=identifier, modelArn=model_arn
    )


def _delete(client: Any, identifier: str = "deploy-1") -> Any:
    return client.delete_custom_model_deployment(customModelDeploymentIdentifier=identifier)


# -- the chains: a model made, then deployed ---------------------------------------------


def test_a_customized_model_deployed_is_active_after_ten_minutes(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    model_arn = customize(bedrock_jobs, bedrock, "tuned")
    created_at = bedrock_jobs.clock.now()
    response = bedrock.create_custom_model_deployment(
        modelDeploymentName="deploy-1",
        modelArn=model_arn,
        description="The tuned model, on demand.",
        tags=[{"key": "stage", "value": "prod"}],
    )
    arn = response["customModelDeploymentArn"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert re.fullmatch(re.escape(ARN_PREFIX) + "custom-model-deployment/[a-z0-9]{12}", arn)
    expected = {
        "customModelDeploymentArn": arn,
        "modelDeploymentName": "deploy-1",
        "modelArn": model_arn,
        "createdAt": created_at,
        "status": "Creating",
        "description": "The tuned model, on demand.",
        "lastUpdatedAt": created_at,
    }
    assert _get(bedrock) == in_shape("bedrock", "GetCustomModelDeployment", expected)
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [
        {"key": "stage", "value": "prod"}
    ]

    bedrock_jobs.clock.advance(minutes=9, seconds=59)
    assert _get(bedrock, arn)["status"] == "Creating"
    bedrock_jobs.clock.advance(seconds=1)
    assert _get(bedrock, arn) == in_shape(
        "bedrock",
        "GetCustomModelDeployment",
        {**expected, "status": "Active", "lastUpdatedAt": created_at + timedelta(minutes=10)},
    )


def test_a_copied_model_is_deployed_in_the_region_it_was_copied_to(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    west = boto3.client("bedrock", region_name="us-west-2")
    source = customize(bedrock_jobs, bedrock, "tuned")
    copy_job = west.create_model_copy_job(sourceModelArn=source, targetModelName="west-copy")
    copy_arn = west.get_model_copy_job(jobArn=copy_job["jobArn"])["targetModelArn"]
    with pytest.raises(ClientError) as excinfo:
        _deploy(west, copy_arn)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified custom model '{copy_arn}' could not be found.",
        404,
    )
    bedrock_jobs.settle()
    arn = _deploy(west, copy_arn)
    bedrock_jobs.settle()
    assert arn.startswith("arn:aws:bedrock:us-west-2:123456789012:custom-model-deployment/")
    assert (_get(west)["status"], _get(west)["modelArn"]) == ("Active", copy_arn)


@pytest.mark.bedrock_jobs(start_time=START, virtual_sleep=True)
def test_a_sagemaker_style_deploy_polls_until_active(bedrock_jobs: Any, bedrock: Any) -> None:
    """SageMaker's BedrockModelBuilder.deploy: CreateCustomModel, GetCustomModel every 60 s
    until Active, then CreateCustomModelDeployment, GetCustomModelDeployment every 30 s,
    sleeping with ``time.sleep``: under virtual sleep the 25 minutes pass at once."""
    model_arn = bedrock.create_custom_model(**custom_model_request("nova-brought"))["modelArn"]
    model_polls = 0
    while bedrock.get_custom_model(modelIdentifier=model_arn)["modelStatus"] != "Active":
        model_polls += 1
        time.sleep(60)
    arn = _deploy(bedrock, model_arn, "nova-endpoint")
    deployment_polls = 0
    while _get(bedrock, arn)["status"] != "Active":
        deployment_polls += 1
        time.sleep(30)
    assert (model_polls, deployment_polls) == (15, 20)
    assert bedrock_jobs.clock.now() == START + timedelta(minutes=25)


@pytest.mark.bedrock_jobs(start_time=START, durations={"custom_model_deployment": 45})
def test_the_duration_is_an_option(bedrock_jobs: Any, bedrock: Any) -> None:
    _deploy(bedrock, bring_model(bedrock_jobs, bedrock))
    bedrock_jobs.clock.advance(seconds=45)
    assert _get(bedrock)["status"] == "Active"


def test_a_failed_deployment_reports_its_message(bedrock_jobs: Any, bedrock: Any) -> None:
    _deploy(bedrock, bring_model(bedrock_jobs, bedrock))
    bedrock_jobs.fail("deploy-1", "Insufficient capacity for the model.")
    deployment = _get(bedrock)
    assert (deployment["status"], deployment["failureMessage"]) == (
        "Failed",
        "Insufficient capacity for the model.",
    )
    bedrock_jobs.settle()
    assert _get(bedrock)["status"] == "Failed"


# -- what can be deployed ----------------------------------------------------------------


def test_a_creating_model_cannot_be_deployed(bedrock: Any) -> None:
    model_arn = bedrock.create_custom_model(**custom_model_request())["modelArn"]
    with pytest.raises(ClientError) as excinfo:
        _deploy(bedrock, model_arn)
    assert error_of(excinfo) == (
        "ValidationException",
        f"The custom model '{model_arn}' cannot be deployed: its status is Creating, and "
        "only Active custom models can be deployed.",
        400,
    )
    assert bedrock.list_custom_model_deployments()["modelDeploymentSummaries"] == []


def test_a_model_shared_with_the_caller_must_be_copied_before_it_is_deployed(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    model_arn = bring_model(bedrock_jobs, bedrock)
    bedrock_jobs.share_model(model_arn, with_account="222222222222")
    partner = boto3.client(
        "bedrock",
        region_name="us-east-1",
        aws_access_key_id="222222222222",
        aws_secret_access_key="x",
    )
    with pytest.raises(ClientError) as excinfo:
        _deploy(partner, model_arn)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified custom model '{model_arn}' could not be found.",
        404,
    )


def test_a_name_in_use_is_refused(bedrock_jobs: Any, bedrock: Any) -> None:
    model_arn = bring_model(bedrock_jobs, bedrock)
    _deploy(bedrock, model_arn)
    with pytest.raises(ClientError) as excinfo:
        _deploy(bedrock, model_arn)
    assert error_of(excinfo) == (
        "ValidationException",
        "A custom model deployment named deploy-1 already exists.",
        400,
    )


def test_a_repeated_client_request_token_returns_the_first(bedrock_jobs: Any, bedrock: Any) -> None:
    model_arn = bring_model(bedrock_jobs, bedrock)
    first = _deploy(bedrock, model_arn, clientRequestToken="deploy-token")
    assert _deploy(bedrock, model_arn, clientRequestToken="deploy-token") == first


def test_at_most_fifty_tags(bedrock_jobs: Any, bedrock: Any) -> None:
    tags = [{"key": f"k{index}", "value": "v"} for index in range(51)]
    with pytest.raises(ClientError) as excinfo:
        _deploy(bedrock, bring_model(bedrock_jobs, bedrock), tags=tags)
    code, message, status = error_of(excinfo)
    resource = excinfo.value.response["resourceName"]
    assert (code, status) == ("TooManyTagsException", 400)
    assert (
        message == f"The number of tags on resource {resource} would exceed the limit of 50 tags."
    )
    assert bedrock.list_custom_model_deployments()["modelDeploymentSummaries"] == []


# -- updates -----------------------------------------------------------------------------


def test_an_update_switches_the_model_while_the_deployment_stays_active(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    first = bring_model(bedrock_jobs, bedrock, "first")
    second = bring_model(bedrock_jobs, bedrock, "second")
    arn = _deploy(bedrock, first)
    bedrock_jobs.settle()
    response = _update(bedrock, second)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert response["customModelDeploymentArn"] == arn
    updating = _get(bedrock)
    assert (updating["status"], updating["modelArn"], updating["updateDetails"]) == (
        "Active",
        first,
        {"modelArn": second, "updateStatus": "Updating"},
    )
    bedrock_jobs.clock.advance(minutes=10)
    done = _get(bedrock)
    assert (done["status"], done["modelArn"], done["updateDetails"]) == (
        "Active",
        second,
        {"modelArn": second, "updateStatus": "UpdateCompleted"},
    )


def test_a_failed_update_keeps_the_old_model(bedrock_jobs: Any, bedrock: Any) -> None:
    first = bring_model(bedrock_jobs, bedrock, "first")
    second = bring_model(bedrock_jobs, bedrock, "second")
    _deploy(bedrock, first)
    bedrock_jobs.settle()
    _update(bedrock, second)
    bedrock_jobs.fail("deploy-1", "The new model could not be loaded.")
    deployment = _get(bedrock)
    assert (deployment["status"], deployment["modelArn"], deployment["updateDetails"]) == (
        "Active",
        first,
        {"modelArn": second, "updateStatus": "UpdateFailed"},
    )
    assert deployment["failureMessage"] == "The new model could not be loaded."


def test_a_successful_update_clears_an_earlier_failure(bedrock_jobs: Any, bedrock: Any) -> None:
    first = bring_model(bedrock_jobs, bedrock, "first")
    second = bring_model(bedrock_jobs, bedrock, "second")
    _deploy(bedrock, first)
    bedrock_jobs.settle()
    _update(bedrock, second)
    bedrock_jobs.fail("deploy-1", "The new model could not be loaded.")
    _update(bedrock, second)
    bedrock_jobs.settle()
    deployment = _get(bedrock)
    assert (deployment["modelArn"], deployment["updateDetails"]["updateStatus"]) == (
        second,
        "UpdateCompleted",
    )
    assert "failureMessage" not in deployment


@pytest.mark.parametrize("status", ["Creating", "Updating", "Failed"])
def test_only_an_active_deployment_not_being_updated_can_be_updated(
    bedrock_jobs: Any, bedrock: Any, status: str
) -> None:
    model_arn = bring_model(bedrock_jobs, bedrock)
    _deploy(bedrock, model_arn)
    if status == "Updating":
        bedrock_jobs.settle()
        _update(bedrock, model_arn)
    if status == "Failed":
        bedrock_jobs.fail("deploy-1")
    with pytest.raises(ClientError) as excinfo:
        _update(bedrock, model_arn)
    assert error_of(excinfo) == (
        "ValidationException",
        f"The custom model deployment deploy-1 cannot be updated while its status is {status}.",
        400,
    )


def test_an_update_to_a_creating_model_is_refused(bedrock_jobs: Any, bedrock: Any) -> None:
    _deploy(bedrock, bring_model(bedrock_jobs, bedrock, "first"))
    bedrock_jobs.settle()
    creating = bedrock.create_custom_model(**custom_model_request("second"))["modelArn"]
    with pytest.raises(ClientError) as excinfo:
        _update(bedrock, creating)
    assert error_of(excinfo)[:2] == (
        "ValidationException",
        f"The custom model '{creating}' cannot be deployed: its status is Creating, and only "
        "Active custom models can be deployed.",
    )
    assert "updateDetails" not in _get(bedrock)


# -- delete ------------------------------------------------------------------------------


def test_delete_is_immediate_and_takes_the_tags(bedrock_jobs: Any, bedrock: Any) -> None:
    arn = _deploy(bedrock, bring_model(bedrock_jobs, bedrock), tags=[{"key": "a", "value": "b"}])
    bedrock_jobs.settle()
    assert _delete(bedrock, arn)["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert bedrock.list_custom_model_deployments()["modelDeploymentSummaries"] == []
    with pytest.raises(ClientError) as excinfo:
        bedrock.list_tags_for_resource(resourceARN=arn)
    assert error_of(excinfo)[0] == "ResourceNotFoundException"


@pytest.mark.parametrize("doing", ["created", "updated"])
def test_a_deployment_being_created_or_updated_cannot_be_deleted(
    bedrock_jobs: Any, bedrock: Any, doing: str
) -> None:
    model_arn = bring_model(bedrock_jobs, bedrock)
    _deploy(bedrock, model_arn)
    if doing == "updated":
        bedrock_jobs.settle()
        _update(bedrock, model_arn)
    with pytest.raises(ClientError) as excinfo:
        _delete(bedrock)
    assert error_of(excinfo) == (
        "ConflictException",
        f"The custom model deployment deploy-1 cannot be deleted while it is being {doing}.",
        400,
    )
    bedrock_jobs.settle()
    _delete(bedrock)
    assert bedrock.list_custom_model_deployments()["modelDeploymentSummaries"] == []


def test_a_failed_deployment_can_be_deleted(bedrock_jobs: Any, bedrock: Any) -> None:
    _deploy(bedrock, bring_model(bedrock_jobs, bedrock))
    bedrock_jobs.fail("deploy-1")
    _delete(bedrock)
    with pytest.raises(ClientError) as excinfo:
        _get(bedrock)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified custom model deployment 'deploy-1' could not be found.",
        404,
    )


def test_a_deployed_model_cannot_be_deleted(bedrock_jobs: Any, bedrock: Any) -> None:
    model_arn = customize(bedrock_jobs, bedrock, "tuned")
    _deploy(bedrock, model_arn)
    bedrock_jobs.settle()
    with pytest.raises(ClientError) as excinfo:
        bedrock.delete_custom_model(modelIdentifier=model_arn)
    assert error_of(excinfo) == (
        "ConflictException",
        "The custom model tuned cannot be deleted while the custom model deployment deploy-1 "
        "uses it.",
        400,
    )
    _delete(bedrock)
    bedrock.delete_custom_model(modelIdentifier=model_arn)
    assert bedrock.list_custom_models()["modelSummaries"] == []


def test_the_model_a_deployment_switches_to_cannot_be_deleted(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    _deploy(bedrock, bring_model(bedrock_jobs, bedrock, "first"))
    bedrock_jobs.settle()
    _update(bedrock, bring_model(bedrock_jobs, bedrock, "second"))
    with pytest.raises(ClientError) as excinfo:
        bedrock.delete_custom_model(modelIdentifier="second")
    assert error_of(excinfo)[:2] == (
        "ConflictException",
        "The custom model second cannot be deleted while the custom model deployment deploy-1 "
        "uses it.",
    )


def test_the_first_deployment_created_that_serves_a_model_is_named(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    first = bring_model(bedrock_jobs, bedrock, "first")
    second = bring_model(bedrock_jobs, bedrock, "second")
    _deploy(bedrock, first, "deploy-1")
    _deploy(bedrock, second, "deploy-2")
    bedrock_jobs.settle()
    _update(bedrock, second, "deploy-1")  # deploy-1, created first, names second last
    with pytest.raises(ClientError) as excinfo:
        bedrock.delete_custom_model(modelIdentifier="second")
    assert error_of(excinfo)[1] == (
        "The custom model second cannot be deleted while the custom model deployment deploy-1 "
        "uses it."
    )


def test_a_model_switched_away_from_or_undeployed_can_be_deleted(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    first = bring_model(bedrock_jobs, bedrock, "first")
    second = bring_model(bedrock_jobs, bedrock, "second")
    _deploy(bedrock, first)
    bedrock_jobs.settle()
    _update(bedrock, second)
    bedrock_jobs.settle()
    bedrock.delete_custom_model(modelIdentifier="first")
    _delete(bedrock)
    _deploy(bedrock, second, "deploy-2")
    bedrock_jobs.settle()
    _delete(bedrock, "deploy-2")
    bedrock.delete_custom_model(modelIdentifier="second")
    assert bedrock.list_custom_models()["modelSummaries"] == []


def test_a_failed_deployment_keeps_no_model(bedrock_jobs: Any, bedrock: Any) -> None:
    _deploy(bedrock, bring_model(bedrock_jobs, bedrock))
    bedrock_jobs.fail("deploy-1")
    bedrock.delete_custom_model(modelIdentifier="brought-model")
    assert bedrock.list_custom_models()["modelSummaries"] == []


# -- ListCustomModelDeployments ----------------------------------------------------------


def _summaries(client: Any, **filters: Any) -> list[dict[str, Any]]:
    listed = client.list_custom_model_deployments(sortOrder="Ascending", **filters)
    return list(listed["modelDeploymentSummaries"])


def _names(client: Any, **filters: Any) -> list[str]:
    return [summary["customModelDeploymentName"] for summary in _summaries(client, **filters)]


def test_summaries_carry_the_summary_members(bedrock_jobs: Any, bedrock: Any) -> None:
    model_arn = bring_model(bedrock_jobs, bedrock)
    arn = _deploy(bedrock, model_arn, description="not in the summary")
    bedrock_jobs.fail("deploy-1")
    [summary] = _summaries(bedrock)
    assert summary == {
        "customModelDeploymentArn": arn,
        "customModelDeploymentName": "deploy-1",
        "modelArn": model_arn,
        "createdAt": START,
        "status": "Failed",
        "lastUpdatedAt": START,
        "failureMessage": "The job failed.",
    }


def test_lists_filter_by_status_name_model_and_creation_time(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    first = bring_model(bedrock_jobs, bedrock, "first")
    second = bring_model(bedrock_jobs, bedrock, "second")
    for index, model_arn in enumerate((first, second, first)):
        _deploy(bedrock, model_arn, f"deploy-{index}")
        bedrock_jobs.clock.advance(minutes=1)
    bedrock_jobs.complete("deploy-0")
    bedrock_jobs.fail("deploy-1")

    assert _names(bedrock, statusEquals="Active") == ["deploy-0"]
    assert _names(bedrock, statusEquals="Failed") == ["deploy-1"]
    assert _names(bedrock, statusEquals="Creating") == ["deploy-2"]
    assert _names(bedrock, nameContains="LOY-2") == ["deploy-2"]
    assert _names(bedrock, modelArnEquals=first) == ["deploy-0", "deploy-2"]
    assert _names(bedrock, createdAfter=START) == ["deploy-1", "deploy-2"]
    assert _names(bedrock, createdBefore=START + timedelta(minutes=1)) == ["deploy-0"]


@pytest.mark.parametrize(("sort_order", "reverse"), [("Descending", True), ("Ascending", False)])
def test_lists_page_in_either_order(
    bedrock_jobs: Any, bedrock: Any, sort_order: str, reverse: bool
) -> None:
    model_arn = bring_model(bedrock_jobs, bedrock)
    names = [f"deploy-{index}" for index in range(5)]
    for name in names:
        _deploy(bedrock, model_arn, name)
        bedrock_jobs.clock.advance(minutes=1)
    pages = names_by_page(
        bedrock,
        "list_custom_model_deployments",
        "modelDeploymentSummaries",
        "customModelDeploymentName",
        sort_order,
    )
    assert [name for page in pages for name in page] == sorted(names, reverse=reverse)
    assert [len(page) for page in pages] == [2, 2, 1]
    default = bedrock.list_custom_model_deployments()["modelDeploymentSummaries"]
    assert [s["customModelDeploymentName"] for s in default] == names[::-1]
