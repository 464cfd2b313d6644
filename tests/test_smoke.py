from __future__ import annotations

from typing import Any

from tests.factories import import_job_request


def test_import_job_completes_and_produces_its_model(bedrock_jobs: Any, bedrock: Any) -> None:
    created = bedrock.create_model_import_job(**import_job_request())
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201

    bedrock_jobs.settle()

    job = bedrock.get_model_import_job(jobIdentifier=created["jobArn"])
    assert job["status"] == "Completed"
    model = bedrock.get_imported_model(modelIdentifier="imported-model-1")
    assert model["jobArn"] == created["jobArn"]
