"""``python -m bedrock_jobs_mock demo``: jobs moving through their lifecycle on the mock clock."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable

import boto3

from bedrock_jobs_mock.mock import BedrockJobsMock

START = datetime(2025, 1, 6, 9, 0, tzinfo=timezone.utc)


def run_demo(write: Callable[[str], Any] = print) -> None:
    """Walk an import job from creation to its imported model, printing each step."""
    with BedrockJobsMock(start_time=START) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")

        def say(text: str) -> None:
            write(f"[{env.clock.now():%H:%M:%S}] {text}")

        def status(arn: str) -> str:
            return str(bedrock.get_model_import_job(jobIdentifier=arn)["status"])

        write("bedrock-jobs-mock demo: a model import job on a clock the test owns\n")
        created = bedrock.create_model_import_job(
            jobName="demo-import",
            importedModelName="demo-llama",
            roleArn="arn:aws:iam::123456789012:role/BedrockImport",
            modelDataSource={"s3DataSource": {"s3Uri": "s3://demo-bucket/llama3-8b/"}},
        )
        arn = created["jobArn"]
        say(f"CreateModelImportJob -> HTTP {created['ResponseMetadata']['HTTPStatusCode']}")
        say(f"  jobArn {arn}")
        say(f"GetModelImportJob    -> {status(arn)}")
        say(f"ListImportedModels   -> {_model_names(bedrock)}")

        env.clock.advance(minutes=10)
        say(f"clock.advance(minutes=10); GetModelImportJob -> {status(arn)}")
        env.clock.advance(minutes=5)
        job = bedrock.get_model_import_job(jobIdentifier=arn)
        say(f"clock.advance(minutes=5);  GetModelImportJob -> {job['status']}")
        say(f"  endTime {job['endTime'].astimezone(timezone.utc):%H:%M:%S}")
        say(f"  importedModelArn {job['importedModelArn']}")
        say(f"ListImportedModels   -> {_model_names(bedrock)}")

        failing = bedrock.create_model_import_job(
            jobName="demo-import-2",
            importedModelName="demo-mistral",
            roleArn="arn:aws:iam::123456789012:role/BedrockImport",
            modelDataSource={"s3DataSource": {"s3Uri": "s3://demo-bucket/mistral-7b/"}},
        )["jobArn"]
        env.fail(failing, message="The model's config.json could not be read.")
        failed = bedrock.get_model_import_job(jobIdentifier=failing)
        say(f"env.fail(...);       GetModelImportJob -> {failed['status']}")
        say(f"  failureMessage {failed['failureMessage']!r}")
        write("\nNo network, no AWS account: every answer came from the mock.")


def _model_names(bedrock: Any) -> list[str]:
    return [model["modelName"] for model in bedrock.list_imported_models()["modelSummaries"]]
