"""CreateCustomModel through boto3: a model brought in from outside Bedrock, Creating and
then Active or Failed on the clock, its name, its source, and what a Creating model
cannot do (be copied, customized or deleted)."""

from __future__ import annotations

import re
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
    customization_job_request,
    customize,
    error_of,
    in_shape,
    needs_operation,
)

pytestmark = [pytest.mark.bedrock_jobs(start_time=START), needs_operation("CreateCustomModel")]

NOVA_ARN = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-{}-v1:0:{}"
KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
PACKAGE_ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/nova-pro-tuned/1"


def _status(client: Any, identifier: str) -> str:
    return str(client.get_custom_model(modelIdentifier=identifier)["modelStatus"])


def _names(client: Any, **filters: Any) -> list[str]:
    summaries = client.list_custom_models(sortOrder="Ascending", **filters)["modelSummaries"]
    return [summary["modelName"] for summary in summaries]


# -- from Creating to Active or Failed ---------------------------------------------------


def test_a_created_model_exists_at_once_and_is_active_after_fifteen_minutes(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    response = bedrock.create_custom_model(
        **custom_model_request(
            modelKmsKeyArn=KEY_ARN, modelTags=[{"key": "source", "value": "sagemaker"}]
        )
    )
    model_arn = response["modelArn"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert re.fullmatch(re.escape(ARN_PREFIX) + "custom-model/imported/[a-z0-9]{12}", model_arn)

    model = bedrock.get_custom_model(modelIdentifier="brought-model")
    model.pop("ResponseMetadata")
    assert model == in_shape(
        "bedrock",
        "GetCustomModel",
        {
            "modelArn": model_arn,
            "modelName": "brought-model",
            "baseModelArn": NOVA_ARN.format("lite", "300k"),
            "customizationType": "IMPORTED",
            "modelKmsKeyArn": KEY_ARN,
            "creationTime": START,
            "modelStatus": "Creating",
        },
    )
    assert bedrock.list_tags_for_resource(resourceARN=model_arn)["tags"] == [
        {"key": "source", "value": "sagemaker"}
    ]
    bedrock_jobs.clock.advance(minutes=14, seconds=59)
    assert _status(bedrock, model_arn) == "Creating"
    bedrock_jobs.clock.advance(seconds=1)
    assert _status(bedrock, model_arn) == "Active"
    assert "failureMessage" not in bedrock.get_custom_model(modelIdentifier=model_arn)


@pytest.mark.bedrock_jobs(start_time=START, durations={"custom_model_creation": 60})
def test_the_creation_duration_is_an_option(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_custom_model(**custom_model_request())
    bedrock_jobs.clock.advance(minutes=1)
    assert _status(bedrock, "brought-model") == "Active"


def test_a_failed_creation_leaves_a_failed_model_with_its_message(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    bedrock.create_custom_model(**custom_model_request())
    bedrock_jobs.fail("brought-model", "The checkpoint could not be read.")
    model = bedrock.get_custom_model(modelIdentifier="brought-model")
    assert (model["modelStatus"], model["failureMessage"]) == (
        "Failed",
        "The checkpoint could not be read.",
    )
    bedrock_jobs.settle()
    assert _status(bedrock, "brought-model") == "Failed"


def test_the_controls_know_a_creation_by_the_model_arn(bedrock_jobs: Any, bedrock: Any) -> None:
    model_arn = bedrock.create_custom_model(**custom_model_request())["modelArn"]
    bedrock_jobs.complete(model_arn)
    assert _status(bedrock, "brought-model") == "Active"
    assert bedrock_jobs.clock.now() == START
    with pytest.raises(ValueError, match="has already finished"):
        bedrock_jobs.complete(model_arn)


def test_settle_ends_every_creation(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_custom_model(**custom_model_request("first"))
    bedrock.create_custom_model(**custom_model_request("second"))
    assert bedrock_jobs.settle() == START + timedelta(minutes=15)
    assert [_status(bedrock, name) for name in ("first", "second")] == ["Active", "Active"]


# -- the base model and the source -------------------------------------------------------


PACKAGE_SOURCE = {"modelPackageArnDataSource": {"modelPackageArn": PACKAGE_ARN}}


def _from(s3_uri: str) -> dict[str, Any]:
    """A CreateCustomModel request for a checkpoint at ``s3_uri``."""
    return custom_model_request(modelSourceConfig={"s3DataSource": {"s3Uri": s3_uri}})


@pytest.mark.parametrize(
    ("request_", "base"),
    [
        (
            custom_model_request(
                modelSourceConfig={
                    "s3DataSource": {"s3Uri": "s3://amzn-s3-demo-bucket/nova-micro/"}
                }
            ),
            "micro:128k",
        ),
        (custom_model_request(), "lite:300k"),
        ({"modelName": "brought-model", "customModelDataSource": PACKAGE_SOURCE}, "pro:300k"),
        (_from("s3://my-prod-bucket/nova-lite/checkpoint/"), "lite:300k"),
        (_from("s3://amzn-s3-demo-bucket/project/checkpoint/"), "lite:300k"),
        (_from("s3://amzn-s3-demo-bucket/microservices/nova_pro/"), "pro:300k"),
    ],
)
def test_the_base_model_is_the_nova_model_the_source_names(
    bedrock: Any, request_: dict[str, Any], base: str
) -> None:
    bedrock.create_custom_model(**request_)
    model = bedrock.get_custom_model(modelIdentifier="brought-model")
    assert model["baseModelArn"] == NOVA_ARN.format(*base.split(":"))


def test_exactly_one_source_is_needed(bedrock: Any) -> None:
    neither = {k: v for k, v in custom_model_request().items() if k != "modelSourceConfig"}
    for request in (neither, custom_model_request(customModelDataSource=PACKAGE_SOURCE)):
        with pytest.raises(ClientError) as excinfo:
            bedrock.create_custom_model(**request)
        assert error_of(excinfo) == (
            "ValidationException",
            "Exactly one of modelSourceConfig and customModelDataSource must be provided.",
            400,
        )
    assert bedrock.list_custom_models()["modelSummaries"] == []


def test_an_s3_source_needs_a_role(bedrock: Any) -> None:
    request = {k: v for k, v in custom_model_request().items() if k != "roleArn"}
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_custom_model(**request)
    assert error_of(excinfo) == (
        "ValidationException",
        "roleArn is required when the model source is in Amazon S3.",
        400,
    )


# -- the name, the tags and the token ----------------------------------------------------


def test_a_name_any_custom_model_has_is_a_conflict(bedrock_jobs: Any, bedrock: Any) -> None:
    customize(bedrock_jobs, bedrock, "tuned-model")
    bedrock.create_custom_model(**custom_model_request("brought-model"))
    for name in ("tuned-model", "brought-model"):
        with pytest.raises(ClientError) as excinfo:
            bedrock.create_custom_model(**custom_model_request(name))
        assert error_of(excinfo) == (
            "ConflictException",
            f"A custom model named {name} already exists.",
            400,
        )


def test_a_name_a_running_job_will_give_a_model_is_a_conflict(bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_request("tune", "next-model"))
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_custom_model(**custom_model_request("next-model"))
    assert error_of(excinfo) == (
        "ConflictException",
        "A custom model named next-model already exists.",
        400,
    )


def test_a_customization_job_cannot_take_the_name_of_a_created_model(bedrock: Any) -> None:
    bedrock.create_custom_model(**custom_model_request("brought-model"))
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(**customization_job_request("tune", "brought-model"))
    assert error_of(excinfo) == (
        "ConflictException",
        "A custom model named brought-model already exists.",
        400,
    )


def test_a_name_is_only_taken_in_its_own_region(bedrock: Any) -> None:
    bedrock.create_custom_model(**custom_model_request("brought-model"))
    west = boto3.client("bedrock", region_name="us-west-2")
    model_arn = west.create_custom_model(**custom_model_request("brought-model"))["modelArn"]
    assert model_arn.startswith("arn:aws:bedrock:us-west-2:123456789012:custom-model/imported/")


def test_at_most_fifty_tags(bedrock: Any) -> None:
    tags = [{"key": f"k{index}", "value": "v"} for index in range(51)]
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_custom_model(**custom_model_request(modelTags=tags))
    code, message, status = error_of(excinfo)
    resource = excinfo.value.response["resourceName"]
    assert (code, status) == ("TooManyTagsException", 400)
    assert re.fullmatch(re.escape(ARN_PREFIX) + "custom-model/imported/[a-z0-9]{12}", resource)
    assert (
        message == f"The number of tags on resource {resource} would exceed the limit of 50 tags."
    )
    assert bedrock.list_custom_models()["modelSummaries"] == []


def test_a_repeated_client_request_token_returns_the_first_model(bedrock: Any) -> None:
    first = bedrock.create_custom_model(**custom_model_request(clientRequestToken="token-1"))
    again = bedrock.create_custom_model(**custom_model_request(clientRequestToken="token-1"))
    assert again["modelArn"] == first["modelArn"]
    assert _names(bedrock) == ["brought-model"]


# -- ListCustomModels by status ----------------------------------------------------------


def test_custom_models_of_every_kind_filter_by_status(bedrock_jobs: Any, bedrock: Any) -> None:
    customize(bedrock_jobs, bedrock, "tuned")
    bring_model(bedrock_jobs, bedrock, "brought-active")
    bedrock.create_custom_model(**custom_model_request("brought-failed"))
    bedrock_jobs.fail("brought-failed")
    bedrock.create_custom_model(**custom_model_request("brought-creating"))

    assert _names(bedrock, modelStatus="Active") == ["tuned", "brought-active"]
    assert _names(bedrock, modelStatus="Failed") == ["brought-failed"]
    assert _names(bedrock, modelStatus="Creating") == ["brought-creating"]
    summaries = bedrock.list_custom_models(sortOrder="Ascending")["modelSummaries"]
    assert [(s["modelName"], s["modelStatus"], s["customizationType"]) for s in summaries] == [
        ("tuned", "Active", "FINE_TUNING"),
        ("brought-active", "Active", "IMPORTED"),
        ("brought-failed", "Failed", "IMPORTED"),
        ("brought-creating", "Creating", "IMPORTED"),
    ]


# -- what a model that is not Active cannot do -------------------------------------------


def test_a_creating_model_cannot_be_copied(bedrock_jobs: Any, bedrock: Any) -> None:
    model_arn = bedrock.create_custom_model(**custom_model_request())["modelArn"]
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_copy_job(sourceModelArn=model_arn, targetModelName="copy")
    assert error_of(excinfo) == (
        "ValidationException",
        f"The custom model '{model_arn}' cannot be copied: its status is Creating, and only "
        "Active custom models can be copied.",
        400,
    )


def test_an_active_created_model_copies_to_an_imported_model_arn(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    model_arn = bring_model(bedrock_jobs, bedrock)
    west = boto3.client("bedrock", region_name="us-west-2")
    job_arn = west.create_model_copy_job(sourceModelArn=model_arn, targetModelName="copy")["jobArn"]
    bedrock_jobs.settle()
    copy = west.get_custom_model(modelIdentifier="copy")
    assert west.get_model_copy_job(jobArn=job_arn)["targetModelArn"] == copy["modelArn"]
    assert copy["modelArn"].startswith(
        "arn:aws:bedrock:us-west-2:123456789012:custom-model/imported/"
    )
    assert (copy["customizationType"], copy["modelStatus"]) == ("IMPORTED", "Active")


def test_a_failed_model_cannot_be_customized(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_custom_model(**custom_model_request())
    bedrock_jobs.fail("brought-model")
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(
            **customization_job_request("tune", "again", base="brought-model")
        )
    assert error_of(excinfo) == (
        "ValidationException",
        "The custom model 'brought-model' cannot be customized: its status is Failed, and "
        "only Active custom models can be customized.",
        400,
    )


def test_a_creating_model_cannot_be_deleted(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_custom_model(**custom_model_request())
    with pytest.raises(ClientError) as excinfo:
        bedrock.delete_custom_model(modelIdentifier="brought-model")
    assert error_of(excinfo) == (
        "ConflictException",
        "The custom model brought-model cannot be deleted while it is being created.",
        400,
    )
    bedrock_jobs.settle()
    bedrock.delete_custom_model(modelIdentifier="brought-model")
    assert bedrock.list_custom_models()["modelSummaries"] == []


def test_a_deleted_model_is_gone_for_the_controls_and_tags(bedrock_jobs: Any, bedrock: Any) -> None:
    model_arn = bedrock.create_custom_model(**custom_model_request())["modelArn"]
    bedrock_jobs.fail(model_arn)
    bedrock.delete_custom_model(modelIdentifier=model_arn)
    with pytest.raises(LookupError, match="no job has the ARN or name"):
        bedrock_jobs.complete(model_arn)
    with pytest.raises(ClientError) as excinfo:
        bedrock.tag_resource(resourceARN=model_arn, tags=[{"key": "k", "value": "v"}])
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified resource ARN '{model_arn}' could not be found.",
        404,
    )


def test_a_customized_model_is_active_with_no_failure_message(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    model = bedrock.get_custom_model(modelIdentifier=customize(bedrock_jobs, bedrock, "tuned"))
    assert model["modelStatus"] == "Active"
    assert "failureMessage" not in model
