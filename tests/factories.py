"""Shared by the tests: valid requests (varied only where a test says) and error readers."""

from __future__ import annotations

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


def customize(env: Any, client: Any, name: str, base: str = TITAN, **overrides: Any) -> str:
    """Run customization job ``tune-{name}`` to completion and return the ARN of its model
    ``name``."""
    client.create_model_customization_job(
        **customization_job_request(f"tune-{name}", name, base=base, **overrides)
    )
    env.complete(f"tune-{name}")
    return str(client.get_custom_model(modelIdentifier=name)["modelArn"])


def copy_model(client: Any, source: str, name: str = "copy-1", **overrides: Any) -> str:
    """Start a copy of ``source`` named ``name``; return the copy job's ARN."""
    response = client.create_model_copy_job(
        sourceModelArn=source, targetModelName=name, **overrides
    )
    return str(response["jobArn"])


def model_names(client: Any, **filters: Any) -> list[str]:
    """Names of the custom models ``client`` lists, oldest first."""
    summaries = client.list_custom_models(sortOrder="Ascending", **filters)["modelSummaries"]
    return [summary["modelName"] for summary in summaries]


def model_pattern(service: str, shape: str) -> str:
    """The regular expression the installed botocore's model gives ``shape``."""
    model = botocore.session.get_session().get_service_model(service)
    return str(model.shape_for(shape).metadata["pattern"])


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


def has_operation(service: str, operation: str) -> bool:
    """Whether the installed botocore's model has ``operation``."""
    model = botocore.session.get_session().get_service_model(service)
    return operation in model.operation_names


def served_by_this_botocore() -> tuple[tuple[str, str], ...]:
    """The ``(service, operation)`` pairs the mock serves that the installed botocore's
    models carry (older releases lack the newer operations)."""
    from bedrock_jobs_mock.engine.dispatch import served_operations

    return tuple(
        (service, operation)
        for service, operation in served_operations()
        if has_operation(service, operation)
    )


def needs_operation(operation: str) -> pytest.MarkDecorator:
    """Skips a test of a Bedrock operation the installed botocore's model lacks (older
    releases down to the supported minimum have no CreateCustomModel or deployments)."""
    return pytest.mark.skipif(
        not has_operation("bedrock", operation),
        reason=f"this botocore's model has no {operation}",
    )


def needs_member(shape: str, member: str) -> pytest.MarkDecorator:
    """Skips a test of a Bedrock member the installed botocore's model lacks (the oldest
    supported models predate a batch job's record counts, invocation type and VPC)."""
    return pytest.mark.skipif(
        member not in (shape_members("bedrock", shape) or ()),
        reason=f"this botocore's model has no {shape}.{member}",
    )


#: The customizable Nova entries, the base models CreateCustomModel infers.
NOVA_LITE = "amazon.nova-lite-v1:0:300k"
NOVA_LITE_ARN = "arn:aws:bedrock:us-east-1::foundation-model/" + NOVA_LITE
CHECKPOINT_URI = "s3://amzn-s3-demo-bucket/nova-lite-checkpoint/"
CREATE_ROLE_ARN = "arn:aws:iam::123456789012:role/BedrockCreateModelRole"


def custom_model_request(name: str = "brought-model", **overrides: Any) -> dict[str, Any]:
    """Arguments of a valid ``create_custom_model`` call: a Nova Lite checkpoint in S3."""
    request: dict[str, Any] = {
        "modelName": name,
        "modelSourceConfig": {"s3DataSource": {"s3Uri": CHECKPOINT_URI}},
        "roleArn": CREATE_ROLE_ARN,
    }
    request.update(overrides)
    return request


def bring_model(env: Any, client: Any, name: str = "brought-model", **overrides: Any) -> str:
    """Create custom model ``name`` with CreateCustomModel, let its creation end (Active),
    and return its ARN."""
    model_arn = str(
        client.create_custom_model(**custom_model_request(name, **overrides))["modelArn"]
    )
    env.complete(model_arn)
    return model_arn


#: One tag more than a resource may carry.
FIFTY_ONE_TAGS = [{"key": f"k{index}", "value": "v"} for index in range(51)]


def too_many_tags_on(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    """The ``resourceName`` of a refused call that must be a TooManyTagsException, whose
    message names that resource and the limit."""
    resource = str(excinfo.value.response["resourceName"])
    assert error_of(excinfo) == (
        "TooManyTagsException",
        f"The number of tags on resource {resource} would exceed the limit of 50 tags.",
        400,
    )
    return resource


def names_by_page(
    client: Any, operation: str, result_key: str, name_key: str, sort_order: str
) -> list[list[str]]:
    """The names on each page of ``operation``'s paginator, two to a page, by creation time."""
    pages = client.get_paginator(operation).paginate(
        sortBy="CreationTime", sortOrder=sort_order, PaginationConfig={"PageSize": 2}
    )
    return [[summary[name_key] for summary in page[result_key]] for page in pages]
