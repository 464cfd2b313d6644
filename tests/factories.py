"""Shared by the tests: valid requests (varied only where a test says) and error readers."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError

#: The start of the mock clock where a test pins it.
START = datetime(2024, 8, 13, 9, 0, tzinfo=timezone.utc)
#: ARNs of the default account's resources in us-east-1 start with this.
ARN_PREFIX = "arn:aws:bedrock:us-east-1:123456789012:"
#: Titan Text Express's customizable entry, the base of ``customization_job_request``.
TITAN = "amazon.titan-text-express-v1:0:8k"
TITAN_ARN = "arn:aws:bedrock:us-east-1::foundation-model/" + TITAN

ROLE_ARN = "arn:aws:iam::123456789012:role/BedrockImportRole"
#: The ARN of a KMS key (an alias resolves to one): the account, then a uuid-shaped key id.
KEY_ARN = (
    r"arn:aws:kms:us-east-1:{account}:key/"
    r"[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}"
)
S3_URI = "s3://amzn-s3-demo-bucket/llama3-8b/"


def import_job_request(
    job_name: str = "import-job-1", model_name: str = "imported-model-1", **overrides: Any
) -> dict[str, Any]:
    """Arguments of a valid ``create_model_import_job`` call."""
    request: dict[str, Any] = {
        "jobName": job_name,
        "importedModelName": model_name,
        "roleArn": ROLE_ARN,
        "modelDataSource": {"s3DataSource": {"s3Uri": S3_URI}},
    }
    request.update(overrides)
    return request


def in_shape(service: str, operation: str, expected: dict[str, Any]) -> dict[str, Any]:
    """``expected`` keeping only the members the installed botocore's output shape declares.

    Older botocore releases (down to the supported minimum) lack some newer
    members; the mock answers with exactly the shape the client knows.
    """
    model = botocore.session.get_session().get_service_model(service)
    members = model.operation_model(operation).output_shape.members
    return {key: value for key, value in expected.items() if key in members}


def summary_members(service: str, operation: str, list_member: str) -> set[str]:
    """Member names of the summaries a List operation returns, per the installed model."""
    model = botocore.session.get_session().get_service_model(service)
    summary = model.operation_model(operation).output_shape.members[list_member].member
    return set(summary.members)


CUSTOMIZATION_ROLE_ARN = "arn:aws:iam::123456789012:role/BedrockCustomizationRole"
TRAINING_URI = "s3://amzn-s3-demo-bucket/training/train.jsonl"
OUTPUT_URI = "s3://amzn-s3-demo-bucket/output/"


def customization_job_request(
    job_name: str = "tune-job-1",
    model_name: str = "custom-model-1",
    base: str = "amazon.titan-text-express-v1",
    **overrides: Any,
) -> dict[str, Any]:
    """Arguments of a valid ``create_model_customization_job`` call (Titan Text Express)."""
    request: dict[str, Any] = {
        "jobName": job_name,
        "customModelName": model_name,
        "roleArn": CUSTOMIZATION_ROLE_ARN,
        "baseModelIdentifier": base,
        "hyperParameters": {"epochCount": "2"},
        "trainingDataConfig": {"s3Uri": TRAINING_URI},
        "outputDataConfig": {"s3Uri": OUTPUT_URI},
    }
    request.update(overrides)
    return request


def shape_members(service: str, shape: str) -> list[str] | None:
    """Member names of a structure shape of the installed botocore's model, in order, or
    None when that model has no such shape."""
    model = botocore.session.get_session().get_service_model(service)
    if shape not in model.shape_names:
        return None
    return list(model.shape_for(shape).members)


def enum_values(service: str, shape: str) -> list[str]:
    """The values of an enum shape of the installed botocore's model."""
    model = botocore.session.get_session().get_service_model(service)
    return list(model.shape_for(shape).enum)


def declares(service: str, operation: str, member: str, *, side: str = "output") -> bool:
    """Whether the installed botocore's input or output shape of ``operation`` has ``member``."""
    model = botocore.session.get_session().get_service_model(service).operation_model(operation)
    shape = model.output_shape if side == "output" else model.input_shape
    return member in shape.members


def pattern_accepts(service: str, shape: str, value: str) -> bool:
    """Whether the installed botocore's pattern for ``shape`` accepts ``value`` (older models
    have narrower patterns, which the mock enforces)."""
    model = botocore.session.get_session().get_service_model(service)
    return re.fullmatch(model.shape_for(shape).metadata["pattern"], value) is not None


def bedrock_client(account: str) -> Any:
    """A Bedrock client in us-east-1 calling as ``account`` (its 12-digit access key id)."""
    return boto3.client(
        "bedrock", region_name="us-east-1", aws_access_key_id=account, aws_secret_access_key="x"
    )


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    """``(Error.Code, Error.Message, HTTP status)`` of a refused call."""
    response = excinfo.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )
