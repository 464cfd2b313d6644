"""Knowledge bases, data sources and ingestion jobs (``bedrock-agent``): requests and reads
the tests share."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from tests.factories import enum_values, has_operation, shape_members

ROLE_ARN = "arn:aws:iam::123456789012:role/AmazonBedrockExecutionRoleForKnowledgeBase"
EMBEDDING_MODEL_ARN = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0"
COLLECTION_ARN = "arn:aws:aoss:us-east-1:123456789012:collection/kbcollection"
BUCKET = "kb-documents"
BUCKET_ARN = f"arn:aws:s3:::{BUCKET}"
#: The statistics every model has (``numberOfDocumentsSkipped`` came later).
STATISTICS = (
    "numberOfDocumentsScanned",
    "numberOfMetadataDocumentsScanned",
    "numberOfNewDocumentsIndexed",
    "numberOfModifiedDocumentsIndexed",
    "numberOfMetadataDocumentsModified",
    "numberOfDocumentsDeleted",
    "numberOfDocumentsFailed",
)


def agent_client(**kwargs: Any) -> Any:
    """A bedrock-agent client in us-east-1."""
    return boto3.client("bedrock-agent", region_name="us-east-1", **kwargs)


def needs_agent_operation(operation: str) -> pytest.MarkDecorator:
    """Skips a test of a bedrock-agent operation the installed botocore's model lacks."""
    return pytest.mark.skipif(
        not has_operation("bedrock-agent", operation),
        reason=f"this botocore's model has no {operation}",
    )


def needs_agent_enum(shape: str, value: str) -> pytest.MarkDecorator:
    """Skips a test of an enum value the installed bedrock-agent model lacks."""
    return pytest.mark.skipif(
        value not in enum_values("bedrock-agent", shape),
        reason=f"this botocore's {shape} has no {value}",
    )


def needs_agent_member(shape: str, member: str) -> pytest.MarkDecorator:
    """Skips a test of a member the installed bedrock-agent model lacks."""
    return pytest.mark.skipif(
        member not in (shape_members("bedrock-agent", shape) or ()),
        reason=f"this botocore's model has no {shape}.{member}",
    )


def storage_configuration() -> dict[str, Any]:
    return {
        "type": "OPENSEARCH_SERVERLESS",
        "opensearchServerlessConfiguration": {
            "collectionArn": COLLECTION_ARN,
            "vectorIndexName": "kb-index",
            "fieldMapping": {
                "vectorField": "vector",
                "textField": "text",
                "metadataField": "metadata",
            },
        },
    }


def knowledge_base_request(name: str = "docs-kb", **overrides: Any) -> dict[str, Any]:
    """Arguments of a valid ``create_knowledge_base`` call: a vector knowledge base on
    OpenSearch Serverless embedding with Titan Text Embeddings V2."""
    request: dict[str, Any] = {
        "name": name,
        "roleArn": ROLE_ARN,
        "knowledgeBaseConfiguration": {
            "type": "VECTOR",
            "vectorKnowledgeBaseConfiguration": {"embeddingModelArn": EMBEDDING_MODEL_ARN},
        },
        "storageConfiguration": storage_configuration(),
    }
    request.update(overrides)
    return request


def s3_data_source(bucket_arn: str = BUCKET_ARN, prefix: str | None = None) -> dict[str, Any]:
    """An S3 ``dataSourceConfiguration``, with an inclusion prefix when given."""
    s3: dict[str, Any] = {"bucketArn": bucket_arn}
    if prefix is not None:
        s3["inclusionPrefixes"] = [prefix]
    return {"type": "S3", "s3Configuration": s3}


def create_knowledge_base(env: Any, agent: Any, name: str = "docs-kb", **overrides: Any) -> str:
    """An ACTIVE knowledge base's id (the clock moved past its creation)."""
    knowledge_base = agent.create_knowledge_base(**knowledge_base_request(name, **overrides))
    env.complete(knowledge_base["knowledgeBase"]["knowledgeBaseArn"])
    return str(knowledge_base["knowledgeBase"]["knowledgeBaseId"])


#: A vectorIngestionConfiguration that parses multimodal content: JPEG and PNG files are
#: documents of a data source that has it.
PARSES_IMAGES = {
    "parsingConfiguration": {
        "parsingStrategy": "BEDROCK_FOUNDATION_MODEL",
        "bedrockFoundationModelConfiguration": {
            "modelArn": "arn:aws:bedrock:us-east-1::foundation-model/"
            "anthropic.claude-3-haiku-20240307-v1:0"
        },
    }
}


def create_data_source(
    agent: Any, knowledge_base_id: str, name: str = "docs", **overrides: Any
) -> str:
    """An S3 data source's id (over ``BUCKET`` unless told otherwise)."""
    request: dict[str, Any] = {
        "knowledgeBaseId": knowledge_base_id,
        "name": name,
        "dataSourceConfiguration": s3_data_source(),
    }
    request.update(overrides)
    return str(agent.create_data_source(**request)["dataSource"]["dataSourceId"])


def start_job(agent: Any, knowledge_base_id: str, data_source_id: str, **kwargs: Any) -> str:
    """Start an ingestion job; its id."""
    job = agent.start_ingestion_job(
        knowledgeBaseId=knowledge_base_id, dataSourceId=data_source_id, **kwargs
    )["ingestionJob"]
    return str(job["ingestionJobId"])


def get_job(agent: Any, knowledge_base_id: str, data_source_id: str, job_id: str) -> Any:
    return agent.get_ingestion_job(
        knowledgeBaseId=knowledge_base_id, dataSourceId=data_source_id, ingestionJobId=job_id
    )["ingestionJob"]


def statistics(job: Any) -> dict[str, int]:
    """The statistics every model has, of a job as Get answers it."""
    return {name: job["statistics"][name] for name in STATISTICS}


def counted(
    scanned: int = 0,
    metadata_scanned: int = 0,
    new: int = 0,
    modified: int = 0,
    metadata_modified: int = 0,
    deleted: int = 0,
    failed: int = 0,
) -> dict[str, int]:
    """The statistics, by short names."""
    values = (scanned, metadata_scanned, new, modified, metadata_modified, deleted, failed)
    return dict(zip(STATISTICS, values))
