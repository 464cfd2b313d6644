"""List operations: filters, sort orders, paging with boto3 paginators, next tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock import mock_bedrock_jobs
from tests.factories import error_of, import_job_request, summary_members

MANY = {"concurrent_model_import_jobs": 100, "imported_models": 100}
INVALID_TOKEN = ("ValidationException", "The provided pagination token is invalid.")


def _create_jobs(env: Any, client: Any, count: int) -> list[str]:
    """``count`` import jobs created a minute apart; their names in creation order."""
    names = []
    for index in range(count):
        name = f"job-{index:02d}"
        client.create_model_import_job(**import_job_request(name, f"model-{index:02d}"))
        names.append(name)
        env.clock.advance(minutes=1)
    return names


def _names(summaries: list[dict[str, Any]]) -> list[str]:
    return [summary["jobName"] for summary in summaries]


@pytest.mark.bedrock_jobs(quotas=MANY)
@pytest.mark.parametrize(("sort_order", "reverse"), [("Descending", True), ("Ascending", False)])
def test_paginator_walks_every_page_in_order(
    bedrock_jobs: Any, bedrock: Any, sort_order: str, reverse: bool
) -> None:
    names = _create_jobs(bedrock_jobs, bedrock, 7)
    pages = list(
        bedrock.get_paginator("list_model_import_jobs").paginate(
            sortBy="CreationTime", sortOrder=sort_order, PaginationConfig={"PageSize": 3}
        )
    )
    assert [len(page["modelImportJobSummaries"]) for page in pages] == [3, 3, 1]
    assert "nextToken" not in pages[-1]
    walked = [name for page in pages for name in _names(page["modelImportJobSummaries"])]
    assert walked == sorted(names, reverse=reverse)


@pytest.mark.bedrock_jobs(quotas=MANY)
def test_default_order_is_newest_first(bedrock_jobs: Any, bedrock: Any) -> None:
    names = _create_jobs(bedrock_jobs, bedrock, 3)
    listed = bedrock.list_model_import_jobs()["modelImportJobSummaries"]
    assert _names(listed) == names[::-1]
    assert set(listed[0]) == {
        "jobArn",
        "jobName",
        "importedModelName",
        "status",
        "lastModifiedTime",
        "creationTime",
    }


@pytest.mark.bedrock_jobs(quotas=MANY, durations={"model_import": timedelta(seconds=150)})
def test_filters_combine(bedrock_jobs: Any, bedrock: Any) -> None:
    start = bedrock_jobs.clock.now()
    _create_jobs(bedrock_jobs, bedrock, 5)  # job-00 .. job-04, one a minute
    bedrock_jobs.fail("job-04", message="bad weights")

    def listed(**filters: Any) -> list[str]:
        return _names(
            bedrock.list_model_import_jobs(sortOrder="Ascending", **filters)[
                "modelImportJobSummaries"
            ]
        )

    assert listed(statusEquals="Completed") == ["job-00", "job-01", "job-02"]
    assert listed(statusEquals="InProgress") == ["job-03"]
    assert listed(statusEquals="Failed") == ["job-04"]
    assert listed(nameContains="JOB-0") == ["job-00", "job-01", "job-02", "job-03", "job-04"]
    assert listed(nameContains="3") == ["job-03"]
    assert listed(creationTimeAfter=start + timedelta(seconds=30)) == [
        "job-01",
        "job-02",
        "job-03",
        "job-04",
    ]
    assert listed(creationTimeBefore=start + timedelta(minutes=2)) == ["job-00", "job-01"]
    assert listed(
        creationTimeAfter=start + timedelta(seconds=30),
        creationTimeBefore=start + timedelta(minutes=3),
        statusEquals="Completed",
    ) == ["job-01", "job-02"]


@pytest.mark.bedrock_jobs(quotas=MANY)
def test_filtered_pages_are_full_pages(bedrock_jobs: Any, bedrock: Any) -> None:
    _create_jobs(bedrock_jobs, bedrock, 9)
    pages = list(
        bedrock.get_paginator("list_model_import_jobs").paginate(
            nameContains="job-0", sortOrder="Ascending", PaginationConfig={"PageSize": 4}
        )
    )
    assert [len(page["modelImportJobSummaries"]) for page in pages] == [4, 4, 1]


@pytest.mark.bedrock_jobs(quotas=MANY, durations={"model_import": 0})
def test_imported_models_page_and_filter(bedrock_jobs: Any, bedrock: Any) -> None:
    _create_jobs(bedrock_jobs, bedrock, 5)
    pages = list(
        bedrock.get_paginator("list_imported_models").paginate(
            nameContains="model", sortOrder="Ascending", PaginationConfig={"PageSize": 2}
        )
    )
    names = [s["modelName"] for page in pages for s in page["modelSummaries"]]
    assert names == [f"model-{index:02d}" for index in range(5)]
    assert set(pages[0]["modelSummaries"][0]) == {
        "modelArn",
        "modelName",
        "creationTime",
        "instructSupported",
        "modelArchitecture",
    } & summary_members("bedrock", "ListImportedModels", "modelSummaries")


@pytest.mark.bedrock_jobs(quotas=MANY)
def test_a_deleted_page_boundary_does_not_lose_the_rest(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock_jobs_env = bedrock_jobs
    for index in range(4):
        bedrock.create_model_import_job(**import_job_request(f"job-{index}", f"model-{index}"))
        bedrock_jobs_env.settle()
        bedrock_jobs_env.clock.advance(minutes=1)
    first = bedrock.list_imported_models(maxResults=2, sortOrder="Ascending")
    assert [m["modelName"] for m in first["modelSummaries"]] == ["model-0", "model-1"]
    bedrock.delete_imported_model(modelIdentifier="model-1")
    rest = bedrock.list_imported_models(
        maxResults=2, sortOrder="Ascending", nextToken=first["nextToken"]
    )
    assert [m["modelName"] for m in rest["modelSummaries"]] == ["model-2", "model-3"]


@pytest.mark.bedrock_jobs(quotas=MANY)
def test_a_forged_token_is_refused(bedrock_jobs: Any, bedrock: Any) -> None:
    _create_jobs(bedrock_jobs, bedrock, 3)
    token = bedrock.list_model_import_jobs(maxResults=1)["nextToken"]
    payload, signature = token.split(".")
    for forged in (
        "not-a-token",
        payload + "." + "0" * len(signature),
        payload[:-2] + "." + signature,
    ):
        with pytest.raises(ClientError) as excinfo:
            bedrock.list_model_import_jobs(nextToken=forged)
        assert error_of(excinfo)[:2] == INVALID_TOKEN


@pytest.mark.bedrock_jobs(quotas=MANY, durations={"model_import": 0})
def test_a_token_from_another_list_or_region_is_refused(bedrock_jobs: Any, bedrock: Any) -> None:
    _create_jobs(bedrock_jobs, bedrock, 3)
    job_token = bedrock.list_model_import_jobs(maxResults=1)["nextToken"]
    model_token = bedrock.list_imported_models(maxResults=1)["nextToken"]
    with pytest.raises(ClientError) as other_operation:
        bedrock.list_imported_models(nextToken=job_token)
    with pytest.raises(ClientError) as other_region:
        boto3.client("bedrock", region_name="eu-west-1").list_imported_models(nextToken=model_token)
    assert error_of(other_operation)[:2] == INVALID_TOKEN
    assert error_of(other_region)[:2] == INVALID_TOKEN
    assert len(bedrock.list_imported_models(nextToken=model_token)["modelSummaries"]) == 2


def test_pages_stay_in_order_across_thousands_of_models_some_deleted() -> None:
    quotas = {"concurrent_model_import_jobs": 5000, "imported_models": 5000}
    with mock_bedrock_jobs(quotas=quotas, durations={"model_import": 0}) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        for index in range(2500):
            bedrock.create_model_import_job(**import_job_request(f"j{index}", f"m{index:04d}"))
            if index % 7 == 0:
                env.clock.advance(seconds=1)
        env.settle()
        for index in range(0, 2500, 3):
            bedrock.delete_imported_model(modelIdentifier=f"m{index:04d}")
        kept = [f"m{index:04d}" for index in range(2500) if index % 3]
        for order, expected in (("Ascending", kept), ("Descending", kept[::-1])):
            pages = bedrock.get_paginator("list_imported_models").paginate(
                sortBy="CreationTime", sortOrder=order, PaginationConfig={"PageSize": 100}
            )
            names = [model["modelName"] for page in pages for model in page["modelSummaries"]]
            assert names == expected
