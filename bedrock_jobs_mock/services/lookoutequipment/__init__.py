"""Amazon Lookout for Equipment: datasets, models, model versions, resource policies, tags
and ImportModelVersion across accounts.

The real service closed to new customers on 2024-10-17 and AWS ends its
support on 2026-10-07; the mock keeps the API for code that still calls it.
"""

from bedrock_jobs_mock.services.lookoutequipment import (
    datasets,
    import_versions,
    models,
    resource_policies,
    tags,
    versions,
)

__all__ = ["datasets", "import_versions", "models", "resource_policies", "tags", "versions"]
