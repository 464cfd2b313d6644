"""Model versions: DescribeModelVersion and ListModelVersions."""

from __future__ import annotations

from datetime import datetime

from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.services.lookoutequipment.records import (
    ModelVersion,
    list_page,
    require_model,
    require_version,
)


@serves("lookoutequipment", "DescribeModelVersion")
def describe_model_version(context: RequestContext, params: JsonDict) -> JsonDict:
    model = require_model(context.state, params["ModelName"])
    return context.read(require_version(model, params["ModelVersion"]))


@serves("lookoutequipment", "ListModelVersions")
def list_model_versions(context: RequestContext, params: JsonDict) -> JsonDict:
    """Newest version first. Every bound (creation time, version number) is inclusive.
    A NextToken works only for the model (its ARN: not a later one of the same name)."""
    model = require_model(context.state, params["ModelName"])
    status, source_type = params.get("Status"), params.get("SourceType")
    created_from: datetime | None = params.get("CreatedAtStartTime")
    created_to: datetime | None = params.get("CreatedAtEndTime")
    lowest, highest = params.get("MinModelVersion", 1), params.get("MaxModelVersion")

    def matches(version: ModelVersion) -> bool:
        return (
            (status is None or version.status == status)
            and (source_type is None or version.source_type == source_type)
            and (created_from is None or version.creation_time >= created_from)
            and (created_to is None or version.creation_time <= created_to)
            and lowest <= version.number
            and (highest is None or version.number <= highest)
        )

    return list_page(context, model.versions, params, "ModelVersionSummaries", matches, model.arn)
