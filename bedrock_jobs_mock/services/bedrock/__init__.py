"""Amazon Bedrock: model import, customization and copy jobs, the models they produce,
the foundation-model catalogue, and tags on every resource."""

from bedrock_jobs_mock.services.bedrock import (
    copy_jobs,
    custom_models,
    customization,
    foundation_models,
    import_jobs,
    tags,
)

__all__ = [
    "copy_jobs",
    "custom_models",
    "customization",
    "foundation_models",
    "import_jobs",
    "tags",
]
