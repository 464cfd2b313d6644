"""Amazon Bedrock: model import and customization jobs, the models they produce, the
foundation-model catalogue, and tags on every resource."""

from bedrock_jobs_mock.services.bedrock import customization, foundation_models, import_jobs, tags

__all__ = ["customization", "foundation_models", "import_jobs", "tags"]
