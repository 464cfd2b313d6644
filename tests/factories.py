"""Request builders shared by the tests: valid requests, varied only where a test says."""

from __future__ import annotations

from typing import Any

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
