"""The rules of knowledge-base and data-source configurations that the model cannot express:
which sub-configuration each ``type`` takes, what a type requires, and which embedding
models a vector knowledge base may name.

The sub-configuration of a type is found in the model, never listed here: the member of
the configuration whose name, less its suffix, spells the type (``OPENSEARCH_SERVERLESS``:
``opensearchServerlessConfiguration``; ``VECTOR``: ``vectorKnowledgeBaseConfiguration``).
"""

from __future__ import annotations

import functools

from bedrock_jobs_mock.engine.dispatch import JsonDict
from bedrock_jobs_mock.engine.errors import ServiceError, validation_error
from bedrock_jobs_mock.engine.identifiers import parse_arn
from bedrock_jobs_mock.engine.servicemodel import service_model

SERVICE = "bedrock-agent"
#: The knowledge-base type that keeps vectors in a store of its own (``storageConfiguration``).
VECTOR = "VECTOR"
#: The knowledge-base type whose data sources are managed connectors only.
MANAGED = "MANAGED"
#: The data-source types a MANAGED knowledge base refuses (seen, FIDELITY-ingestion §1.5).
NOT_FOR_MANAGED = frozenset({"S3", "CUSTOM"})


def _spelled(name: str) -> str:
    return name.replace("_", "").lower()


@functools.cache
def _type_members(shape_name: str, suffix: str) -> dict[str, str]:
    """Of the configuration shape ``shape_name``: each type with a sub-configuration, and
    that member's name (``suffix`` is what its name adds to the type)."""
    shape = service_model(SERVICE).shape_for(shape_name)
    types = shape.members["type"].enum
    by_spelling = {
        _spelled(name[: -len(suffix)]): name
        for name in shape.members
        if name != "type" and name.endswith(suffix)
    }
    return {kind: by_spelling[_spelled(kind)] for kind in types if _spelled(kind) in by_spelling}


def check_typed(config: JsonDict, shape_name: str, suffix: str, path: str) -> None:
    """``config`` (a ``shape_name`` at ``path``) gives the sub-configuration of its ``type``,
    where the type has one, and none of another type: else ``ValidationException``."""
    members = _type_members(shape_name, suffix)
    kind = config["type"]
    wanted = members.get(kind)
    if wanted is not None and wanted not in config:
        raise validation_error(f"{path}.{wanted} is required when {path}.type is {kind}.")
    for other in members.values():
        if other != wanted and other in config:
            raise validation_error(f"{path}.{other} is not allowed when {path}.type is {kind}.")


def check_knowledge_base(params: JsonDict, region: str) -> None:
    """The rules of CreateKnowledgeBase's configurations (UpdateKnowledgeBase's are the same,
    as it may not change them): the sub-configurations match their types, a VECTOR knowledge
    base has a storage configuration (no other type has one), and its embedding model is an
    embeddings model of the catalogue."""
    config = params["knowledgeBaseConfiguration"]
    suffix = "KnowledgeBaseConfiguration"
    check_typed(config, suffix, suffix, "knowledgeBaseConfiguration")
    storage = params.get("storageConfiguration")
    if config["type"] == VECTOR:
        if storage is None:
            raise validation_error(
                "storageConfiguration is required when knowledgeBaseConfiguration.type is VECTOR."
            )
        check_typed(storage, "StorageConfiguration", "Configuration", "storageConfiguration")
        vector = config["vectorKnowledgeBaseConfiguration"]
        check_embedding_model(vector["embeddingModelArn"], region)
    elif storage is not None:
        raise validation_error(
            f"storageConfiguration is not allowed when knowledgeBaseConfiguration.type is "
            f"{config['type']}."
        )


def check_embedding_model(model: str, region: str) -> None:
    """``model`` (an id, or a foundation model's ARN in ``region``) names an embeddings model
    of the catalogue: else ``ValidationException`` (decided wording)."""
    # The catalogue is Bedrock's: imported when first needed, so that a call to this
    # service loads no module of that one before it must.
    from bedrock_jobs_mock.services.bedrock import catalog

    model_id = model
    parts = parse_arn(model)
    if parts is not None:
        kind, _, model_id = parts.resource.partition("/")
        if parts.service != "bedrock" or kind != "foundation-model" or parts.region != region:
            model_id = ""
    found = catalog.find(model_id) if model_id else None
    if found is None or "EMBEDDING" not in found.output_modalities:
        raise _not_an_embeddings_model(model, region)


def _not_an_embeddings_model(model: str, region: str) -> ServiceError:
    return validation_error(
        f"The embedding model {model} is not an embeddings model available in {region}."
    )


def check_data_source(config: JsonDict, knowledge_base_type: str) -> None:
    """The rules of a data source's configuration: its sub-configuration matches its type,
    and a MANAGED knowledge base takes no S3 or CUSTOM data source (the real wording)."""
    check_typed(config, "DataSourceConfiguration", "Configuration", "dataSourceConfiguration")
    if knowledge_base_type == MANAGED and config["type"] in NOT_FOR_MANAGED:
        raise validation_error("Unsupported data source type for MANAGED knowledge base type.")
