"""GetFoundationModel and ListFoundationModels through boto3, and their agreement with what
CreateModelCustomizationJob accepts."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.factories import (
    TITAN,
    TITAN_ARN,
    customization_job_request,
    enum_values,
    error_of,
    shape_members,
)


def _in_lifecycle_shape(lifecycle: dict[str, Any]) -> dict[str, Any]:
    """``lifecycle`` less the members the installed botocore's model lacks (1.35.4: status)."""
    members = shape_members("bedrock", "FoundationModelLifecycle") or []
    return {key: value for key, value in lifecycle.items() if key in members}


HAIKU = "anthropic.claude-3-haiku-20240307-v1:0:200k"
NOVA_CANVAS = "amazon.nova-canvas-v1:0"
NOVA_2_LITE = "amazon.nova-2-lite-v1:0:256k"


def _ids(client: Any, **filters: Any) -> list[str]:
    return [s["modelId"] for s in client.list_foundation_models(**filters)["modelSummaries"]]


def test_a_customizable_model_reports_every_field(bedrock: Any) -> None:
    details = bedrock.get_foundation_model(modelIdentifier=TITAN)["modelDetails"]
    assert details == {
        "modelArn": TITAN_ARN,
        "modelId": TITAN,
        "modelName": "Titan Text G1 - Express",
        "providerName": "Amazon",
        "inputModalities": ["TEXT"],
        "outputModalities": ["TEXT"],
        "responseStreamingSupported": True,
        "customizationsSupported": ["FINE_TUNING", "CONTINUED_PRE_TRAINING"],
        "inferenceTypesSupported": ["PROVISIONED"],
        # startOfLifeTime: when Bedrock became generally available (the catalogue's default).
        "modelLifecycle": _in_lifecycle_shape(
            {"status": "ACTIVE", "startOfLifeTime": datetime(2023, 9, 28, tzinfo=timezone.utc)}
        ),
    }
    listed = bedrock.list_foundation_models(byProvider="Amazon")["modelSummaries"]
    assert [summary for summary in listed if summary["modelId"] == TITAN] == [details]


def test_the_on_demand_model_is_a_separate_entry_that_cannot_be_customized(bedrock: Any) -> None:
    arn = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
    details = bedrock.get_foundation_model(modelIdentifier=arn)["modelDetails"]
    assert (details["modelArn"], details["modelId"]) == (arn, "amazon.titan-text-express-v1")
    assert details["customizationsSupported"] == []
    assert details["inferenceTypesSupported"] == ["ON_DEMAND"]


def test_customizations_are_reported_where_the_model_can_be_customized(bedrock: Any) -> None:
    west = boto3.client("bedrock", region_name="us-west-2")
    east_details = bedrock.get_foundation_model(modelIdentifier=HAIKU)["modelDetails"]
    west_details = west.get_foundation_model(modelIdentifier=HAIKU)["modelDetails"]
    assert east_details["customizationsSupported"] == []
    reportable = enum_values("bedrock", "ModelCustomization")  # 1.35.4: no DISTILLATION
    assert west_details["customizationsSupported"] == [
        kind for kind in ("FINE_TUNING", "DISTILLATION") if kind in reportable
    ]
    assert west_details["modelArn"] == f"arn:aws:bedrock:us-west-2::foundation-model/{HAIKU}"


def test_an_unknown_model_is_not_found(bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_foundation_model(modelIdentifier="amazon.titan-text-mega-v9")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified foundation model 'amazon.titan-text-mega-v9' could not be found.",
        404,
    )


def test_an_inference_profile_id_is_not_a_foundation_model(bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_foundation_model(modelIdentifier="us.amazon.nova-pro-v1:0")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified foundation model 'us.amazon.nova-pro-v1:0' could not be found.",
        404,
    )


def test_an_arn_of_another_region_is_refused_not_read_as_this_one(bedrock: Any) -> None:
    west_arn = TITAN_ARN.replace("us-east-1", "us-west-2")
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_foundation_model(modelIdentifier=west_arn)
    assert error_of(excinfo) == (
        "ValidationException",
        f"The model '{west_arn}' is in us-west-2, not in us-east-1 where this request was made.",
        400,
    )


def test_list_filters_by_provider_ignoring_case(bedrock: Any) -> None:
    meta = bedrock.list_foundation_models(byProvider="meta")["modelSummaries"]
    assert meta
    assert {summary["providerName"] for summary in meta} == {"Meta"}
    assert _ids(bedrock, byProvider="Meta") == [summary["modelId"] for summary in meta]
    assert _ids(bedrock, byProvider="Nobody") == []


def test_list_filters_by_customization_type_in_the_region(bedrock: Any) -> None:
    west = boto3.client("bedrock", region_name="us-west-2")
    assert _ids(bedrock, byCustomizationType="CONTINUED_PRE_TRAINING") == [
        TITAN,
        "amazon.titan-text-lite-v1:0:4k",
    ]
    assert HAIKU not in _ids(bedrock, byCustomizationType="FINE_TUNING")
    assert HAIKU in _ids(west, byCustomizationType="FINE_TUNING")


def test_list_filters_by_output_modality_and_inference_type(bedrock: Any) -> None:
    assert _ids(bedrock, byOutputModality="IMAGE") == [
        "amazon.titan-image-generator-v1",
        "amazon.titan-image-generator-v1:0",
        NOVA_CANVAS,
    ]
    assert _ids(bedrock, byOutputModality="EMBEDDING") == [
        "amazon.titan-embed-text-v2:0",
        "amazon.titan-embed-text-v1",
        "cohere.embed-english-v3",
        "cohere.embed-multilingual-v3",
    ]
    assert _ids(bedrock, byOutputModality="IMAGE", byInferenceType="PROVISIONED") == [
        "amazon.titan-image-generator-v1:0",
        NOVA_CANVAS,
    ]
    # Only Nova Canvas is customized under the id it is invoked on demand by.
    on_demand = bedrock.list_foundation_models(byInferenceType="ON_DEMAND")["modelSummaries"]
    customizable = [
        summary["modelId"] for summary in on_demand if summary["customizationsSupported"]
    ]
    assert customizable == [NOVA_CANVAS]


def test_nova_canvas_is_one_entry_on_demand_and_provisioned_fine_tunable_in_us_east_1(
    bedrock: Any,
) -> None:
    west = boto3.client("bedrock", region_name="us-west-2")
    details = bedrock.get_foundation_model(modelIdentifier=NOVA_CANVAS)["modelDetails"]
    assert details == {
        "modelArn": f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_CANVAS}",
        "modelId": NOVA_CANVAS,
        "modelName": "Nova Canvas",
        "providerName": "Amazon",
        "inputModalities": ["TEXT", "IMAGE"],
        "outputModalities": ["IMAGE"],
        "customizationsSupported": ["FINE_TUNING"],
        "inferenceTypesSupported": ["ON_DEMAND", "PROVISIONED"],
        "modelLifecycle": _in_lifecycle_shape(
            {"status": "ACTIVE", "startOfLifeTime": datetime(2023, 9, 28, tzinfo=timezone.utc)}
        ),
    }
    west_details = west.get_foundation_model(modelIdentifier=NOVA_CANVAS)["modelDetails"]
    assert west_details["customizationsSupported"] == []


def test_nova_2_lite_lists_fine_tuning_of_the_customizations_a_summary_can_name(
    bedrock: Any,
) -> None:
    # REINFORCEMENT_FINE_TUNING is a customization type of a job, not a value of the
    # service model's ModelCustomization, which a summary's customizationsSupported holds.
    reportable = enum_values("bedrock", "ModelCustomization")
    details = bedrock.get_foundation_model(modelIdentifier=NOVA_2_LITE)["modelDetails"]
    expected = [kind for kind in ("FINE_TUNING", "REINFORCEMENT_FINE_TUNING") if kind in reportable]
    assert details["customizationsSupported"] == expected
    assert details["inferenceTypesSupported"] == ["PROVISIONED"]
    assert NOVA_2_LITE in _ids(bedrock, byCustomizationType="FINE_TUNING")
    on_demand = bedrock.get_foundation_model(modelIdentifier="amazon.nova-2-lite-v1:0")
    assert on_demand["modelDetails"]["customizationsSupported"] == []


@pytest.mark.parametrize("region", ["us-east-1", "us-west-2"])
def test_every_model_listed_as_fine_tunable_can_be_fine_tuned(
    bedrock_jobs: Any, region: str
) -> None:
    client = boto3.client("bedrock", region_name=region)
    model_ids = _ids(client, byCustomizationType="FINE_TUNING")
    assert model_ids
    for index, model_id in enumerate(model_ids):
        client.create_model_customization_job(
            **customization_job_request(
                f"tune-{index}", f"model-{index}", base=model_id, hyperParameters={}
            )
        )
    bedrock_jobs.settle()
    models = client.list_custom_models(sortOrder="Ascending")["modelSummaries"]
    assert [model["baseModelArn"].split("/", 1)[1] for model in models] == model_ids
