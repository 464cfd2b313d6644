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


# -- knowledge bases and ingestion jobs (bedrock-agent) ---------------------------------

KNOWLEDGE_BASE_ROLE = f"arn:aws:iam::{ACCOUNT}:role/BenchmarkKnowledgeBaseRole"
EMBEDDING_MODEL = f"arn:aws:bedrock:{REGION}::foundation-model/amazon.titan-embed-text-v2:0"
COLLECTION = f"arn:aws:aoss:{REGION}:{ACCOUNT}:collection/benchmark"
#: The bucket every benchmark data source reads (``benchmarks.ingestion_sync`` fills it).
DOCUMENTS_BUCKET = "benchmark-documents"


def knowledge_base(name: str) -> Request:
    """CreateKnowledgeBase: a vector knowledge base on OpenSearch Serverless."""
    return {
        "name": name,
        "roleArn": KNOWLEDGE_BASE_ROLE,
        "knowledgeBaseConfiguration": {
            "type": "VECTOR",
            "vectorKnowledgeBaseConfiguration": {"embeddingModelArn": EMBEDDING_MODEL},
        },
        "storageConfiguration": {
            "type": "OPENSEARCH_SERVERLESS",
            "opensearchServerlessConfiguration": {
                "collectionArn": COLLECTION,
                "vectorIndexName": "benchmark-index",
                "fieldMapping": {
                    "vectorField": "vector",
                    "textField": "text",
                    "metadataField": "metadata",
                },
            },
        },
    }


def data_source(knowledge_base_id: str, name: str) -> Request:
    """CreateDataSource: data source ``name`` over the documents bucket."""
    return {
        "knowledgeBaseId": knowledge_base_id,
        "name": name,
        "dataSourceConfiguration": {
            "type": "S3",
            "s3Configuration": {"bucketArn": f"arn:aws:s3:::{DOCUMENTS_BUCKET}"},
        },
    }


def ingestion_job(knowledge_base_id: str, data_source_id: str) -> Request:
    """StartIngestionJob (and the keys of Get and Stop, with ``ingestionJobId``)."""
    return {"knowledgeBaseId": knowledge_base_id, "dataSourceId": data_source_id}


# -- model evaluation jobs --------------------------------------------------------------

EVALUATION_ROLE = f"arn:aws:iam::{ACCOUNT}:role/BenchmarkEvaluationRole"
#: The model an evaluation job evaluates.
EVALUATED_MODEL = "anthropic.claude-3-haiku-20240307-v1:0"


def evaluation_job(name: str) -> Request:
    """CreateEvaluationJob: automated job ``name`` (accuracy and toxicity of question
    answering on a dataset of its own)."""
    return {
        "jobName": name,
        "roleArn": EVALUATION_ROLE,
        "evaluationConfig": {
            "automated": {
                "datasetMetricConfigs": [
                    {
                        "taskType": "QuestionAndAnswer",
                        "dataset": {
                            "name": "prompts",
                            "datasetLocation": {"s3Uri": f"{BUCKET}/evaluation/prompts.jsonl"},
                        },
                        "metricNames": ["Builtin.Accuracy", "Builtin.Toxicity"],
                    }
                ]
            }
        },
        "inferenceConfig": {
            "models": [
                {
                    "bedrockModel": {
                        "modelIdentifier": EVALUATED_MODEL,
                        "inferenceParams": '{"inferenceConfig":{"maxTokens":512}}',
                    }
                }
            ]
        },
        "outputDataConfig": {"s3Uri": f"{BUCKET}/evaluation/output/"},
    }
