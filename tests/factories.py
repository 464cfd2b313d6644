"""Request builders shared by the tests: valid requests, varied only where a test says."""

from __future__ import annotations

from typing import Any

import botocore.session

ROLE_ARN = "arn:aws:iam::123456789012:role/BedrockImportRole"
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
