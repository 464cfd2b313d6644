"""Model versions: DescribeModelVersion and ListModelVersions."""

from __future__ import annotations

from datetime import datetime

from bedrock_jobs_mock.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.paging import paginate
from bedrock_jobs_mock.services.lookoutequipment.records import (
    ModelVersion,
    require_model,
    require_version,
)


@serves("lookoutequipment", "DescribeModelVersion")
def describe_model_version(context: RequestContext, params: JsonDict) -> JsonDict:
    model = require_model(context.state, params["ModelName"])
    return require_version(model, params["ModelVersion"]).describe()


@serves("lookoutequipment", "ListModelVersions")
def list_model_versions(context: RequestContext, params: JsonDict) -> JsonDict:
    """Newest version first. Every bound (creation time, version number) is inclusive."""
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

    page = paginate(
        model.versions,
        context.token_codec(),
        matches=matches,
        max_results=params.get("MaxResults"),
        next_token=params.get("NextToken"),
    )
    return {
        "ModelVersionSummaries": [version.describe() for version in page.items],
        "NextToken": page.next_token,
    }
