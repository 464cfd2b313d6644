"""Agents for Amazon Bedrock (``bedrock-agent``): knowledge bases, their data sources, and
the ingestion jobs whose statistics come from the documents in S3; documents ingested
directly; tags on knowledge bases.
Agents and the rest of the service are not served (beside moto, moto answers them)."""

import re

from bedrock_jobs_mock.engine.backend import recognise_arns_with
from bedrock_jobs_mock.engine.identifiers import ArnParts
from bedrock_jobs_mock.services.bedrock_agent import (
    data_sources,
    documents,
    ingestion_jobs,
    knowledge_bases,
    tags,
)

_KNOWLEDGE_BASE = re.compile(r"knowledge-base/[0-9A-Z]{10}")


def _names_a_knowledge_base(parts: ArnParts) -> bool:
    """A knowledge base's ARN, which the model's tagging pattern refuses by a typo
    (FIDELITY-ingestion §7): never refused on pattern grounds."""
    return parts.service == "bedrock" and _KNOWLEDGE_BASE.fullmatch(parts.resource) is not None


recognise_arns_with(_names_a_knowledge_base)

__all__ = ["data_sources", "documents", "ingestion_jobs", "knowledge_bases", "tags"]
