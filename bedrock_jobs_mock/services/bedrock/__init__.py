"""Amazon Bedrock: model import jobs and imported models, and tags on every resource."""

from bedrock_jobs_mock.services.bedrock import import_jobs, tags

__all__ = ["import_jobs", "tags"]
