"""Amazon Bedrock: model import, customization and copy jobs, the models they produce,
custom models created from outside Bedrock, the deployments and Provisioned Throughput
that serve models, batch inference jobs, model evaluation jobs, the foundation-model
catalogue, and tags on every resource."""

from bedrock_jobs_mock.engine.backend import recognise_arns_with
from bedrock_jobs_mock.services.bedrock import (
    batch_inference,
    catalog,
    copy_jobs,
    custom_model_creation,
    custom_models,
    customization,
    deployments,
    evaluation,
    foundation_models,
    import_jobs,
    provisioned_throughput,
    tags,
)

recognise_arns_with(catalog.names_a_catalogue_model)

__all__ = [
    "batch_inference",
    "copy_jobs",
    "custom_model_creation",
    "custom_models",
    "customization",
    "deployments",
    "evaluation",
    "foundation_models",
    "import_jobs",
    "provisioned_throughput",
    "tags",
]
