"""Shared by the batch inference tests: valid requests and the phase times of a job."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

#: A model that runs batch inference in us-east-1 as a foundation model.
NOVA_PRO = "amazon.nova-pro-v1:0"
NOVA_PRO_ARN = "arn:aws:bedrock:us-east-1::foundation-model/" + NOVA_PRO
BATCH_ROLE_ARN = "arn:aws:iam::123456789012:role/BedrockBatchRole"
INPUT_URI = "s3://amzn-s3-demo-bucket/batch/input.jsonl"
OUTPUT_URI = "s3://amzn-s3-demo-bucket/batch/output/"
#: The default run of a job (20 minutes), phase by phase.
SUBMITTED_FOR = timedelta(minutes=1)
VALIDATING_FOR = timedelta(minutes=4)
SCHEDULED_FOR = timedelta(minutes=1)
IN_PROGRESS_FOR = timedelta(minutes=14)
RUN = SUBMITTED_FOR + VALIDATING_FOR + SCHEDULED_FOR + IN_PROGRESS_FOR
#: When, after submission, each phase of a default run begins.
PHASE_STARTS = {
    "Submitted": timedelta(0),
    "Validating": SUBMITTED_FOR,
    "Scheduled": SUBMITTED_FOR + VALIDATING_FOR,
    "InProgress": SUBMITTED_FOR + VALIDATING_FOR + SCHEDULED_FOR,
}
DAY = timedelta(hours=24)


def batch_job_request(
    job_name: str = "batch-job-1", model_id: str = NOVA_PRO, **overrides: Any
) -> dict[str, Any]:
    """Arguments of a valid ``create_model_invocation_job`` call."""
    request: dict[str, Any] = {
        "jobName": job_name,
        "modelId": model_id,
        "roleArn": BATCH_ROLE_ARN,
        "inputDataConfig": {"s3InputDataConfig": {"s3Uri": INPUT_URI}},
        "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": OUTPUT_URI}},
    }
    request.update(overrides)
    return request


def start_batch_job(client: Any, job_name: str = "batch-job-1", **overrides: Any) -> str:
    """Create batch job ``job_name``; its ARN."""
    return str(
        client.create_model_invocation_job(**batch_job_request(job_name, **overrides))["jobArn"]
    )


def status_of(client: Any, arn: str) -> str:
    return str(client.get_model_invocation_job(jobIdentifier=arn)["status"])
