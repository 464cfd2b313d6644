"""The valid requests every benchmark sends, one vocabulary for the mock, moto and the floor.

Each function returns the keyword arguments of one boto3 call (the API's own
member names), so the same dictionary can be sent through a client or
straight to the mock's dispatch by ``loader``.
"""

from __future__ import annotations

from typing import Any

REGION = "us-east-1"
ACCOUNT = "123456789012"
IMPORT_ROLE = f"arn:aws:iam::{ACCOUNT}:role/BenchmarkImportRole"
CUSTOMIZATION_ROLE = f"arn:aws:iam::{ACCOUNT}:role/BenchmarkCustomizationRole"
BATCH_ROLE = f"arn:aws:iam::{ACCOUNT}:role/BenchmarkBatchRole"
BUCKET = "s3://benchmark-bucket"
#: A customizable foundation model both this mock and moto accept.
BASE_MODEL = "amazon.titan-text-express-v1"
#: A model that runs batch inference jobs in the benchmark Region.
BATCH_MODEL = "amazon.nova-lite-v1:0"
#: The Lookout for Equipment dataset every benchmark model trains on.
DATASET = "bench-dataset"

Request = dict[str, Any]


def import_job(name: str) -> Request:
    """CreateModelImportJob: job ``name`` importing model ``name``-model."""
    return {
        "jobName": name,
        "importedModelName": f"{name}-model",
        "roleArn": IMPORT_ROLE,
        "modelDataSource": {"s3DataSource": {"s3Uri": f"{BUCKET}/llama/"}},
    }


def customization_job(name: str) -> Request:
    """CreateModelCustomizationJob: job ``name`` fine-tuning Titan into ``name``-model."""
    return {
        "jobName": name,
        "customModelName": f"{name}-model",
        "roleArn": CUSTOMIZATION_ROLE,
        "baseModelIdentifier": BASE_MODEL,
        "hyperParameters": {"epochCount": "2"},
        "trainingDataConfig": {"s3Uri": f"{BUCKET}/training/train.jsonl"},
        "outputDataConfig": {"s3Uri": f"{BUCKET}/output/"},
    }


def batch_job(name: str) -> Request:
    """CreateModelInvocationJob: batch job ``name`` on Nova Lite."""
    return {
        "jobName": name,
        "modelId": BATCH_MODEL,
        "roleArn": BATCH_ROLE,
        "inputDataConfig": {"s3InputDataConfig": {"s3Uri": f"{BUCKET}/batch/{name}.jsonl"}},
        "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": f"{BUCKET}/batch-output/"}},
    }


def copy_job(source_model_arn: str, name: str) -> Request:
    """CreateModelCopyJob: ``source_model_arn`` copied into a model named ``name``-model."""
    return {"sourceModelArn": source_model_arn, "targetModelName": f"{name}-model"}


def dataset() -> Request:
    """CreateDataset: the dataset every Lookout model trains on."""
    return {"DatasetName": DATASET}


def lookout_model(name: str) -> Request:
    """CreateModel: model ``name`` trained on the benchmark dataset."""
    return {"ModelName": name, "DatasetName": DATASET}


def model_version_import(source_version_arn: str, name: str) -> Request:
    """ImportModelVersion: ``source_version_arn`` imported as version 1 of a new model ``name``."""
    return {
        "SourceModelVersionArn": source_version_arn,
        "DatasetName": DATASET,
        "ModelName": name,
    }


def model_of(job_name: str) -> str:
    """The name of the model a Bedrock job request above asks for."""
    return f"{job_name}-model"
