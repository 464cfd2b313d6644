"""aiobotocore and aioboto3 clients inside the mock: the same answers a boto3 client gets.

Every test runs once through aiobotocore's session and once through aioboto3's
(each skips where its library is not installed), inside ``asyncio.run`` as an
Airflow trigger or a script runs its own event loop.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.config import Config

from bedrock_jobs_mock import mock_bedrock_jobs
from tests.async_clients import (
    LIBRARIES,
    async_client,
    async_error_of,
    new_session,
    without_metadata,
)
from tests.factories import (
    ARN_PREFIX,
    START,
    customization_job_request,
    import_job_request,
    model_pattern,
)

pytest.importorskip("aiobotocore")

pytestmark = pytest.mark.bedrock_jobs(start_time=START)


@pytest.fixture(params=LIBRARIES)
def library(request: pytest.FixtureRequest) -> str:
    """The async library a test runs through (skips where it is not installed)."""
    new_session(request.param)
    return str(request.param)


def test_an_import_job_is_created_read_and_listed(
    bedrock_jobs: Any, library: str, network_attempts: Any
) -> None:
    async def scenario() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        async with async_client(library) as bedrock:
            created = await bedrock.create_model_import_job(**import_job_request())
            bedrock_jobs.clock.advance(minutes=15)
            job = await bedrock.get_model_import_job(jobIdentifier="import-job-1")
            listed = await bedrock.list_model_import_jobs()
            return created, job, listed

    created, job, listed = asyncio.run(scenario())
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["jobArn"].startswith(ARN_PREFIX + "model-import-job/")
    sync = boto3.client("bedrock", region_name="us-east-1")
    assert without_metadata(job) == without_metadata(
        sync.get_model_import_job(jobIdentifier="import-job-1")
    )
    assert (job["status"], job["endTime"]) == ("Completed", START + timedelta(minutes=15))
    assert job["endTime"].tzinfo is not None
    assert without_metadata(listed) == without_metadata(sync.list_model_import_jobs())
    assert [s["jobArn"] for s in listed["modelImportJobSummaries"]] == [created["jobArn"]]
    assert network_attempts() == []


def test_a_customization_job_is_created_read_and_listed(bedrock_jobs: Any, library: str) -> None:
    async def scenario() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        async with async_client(library) as bedrock:
            created = await bedrock.create_model_customization_job(**customization_job_request())
            job = await bedrock.get_model_customization_job(jobIdentifier=created["jobArn"])
            listed = await bedrock.list_model_customization_jobs(statusEquals="InProgress")
            return created, job, listed

    created, job, listed = asyncio.run(scenario())
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert (job["jobName"], job["status"], job["creationTime"]) == (
        "tune-job-1",
        "InProgress",
        START,
    )
    assert job["hyperParameters"]["epochCount"] == "2"
    sync = boto3.client("bedrock", region_name="us-east-1")
    assert without_metadata(job) == without_metadata(
        sync.get_model_customization_job(jobIdentifier="tune-job-1")
    )
    summaries = listed["modelCustomizationJobSummaries"]
    assert [s["jobArn"] for s in summaries] == [created["jobArn"]]


def test_a_lookout_model_version_is_imported_described_and_listed(
    bedrock_jobs: Any, library: str
) -> None:
    async def scenario() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        async with async_client(library, "lookoutequipment") as lookout:
            await lookout.create_dataset(DatasetName="pump-data")
            await lookout.create_model(ModelName="pump-model", DatasetName="pump-data")
            bedrock_jobs.clock.advance(minutes=30)
            source = await lookout.describe_model(ModelName="pump-model")
            imported = await lookout.import_model_version(
                SourceModelVersionArn=source["ActiveModelVersionArn"],
                DatasetName="pump-data",
                ModelName="pump-copy",
            )
            bedrock_jobs.clock.advance(minutes=10)
            version = await lookout.describe_model_version(ModelName="pump-copy", ModelVersion=1)
            listed = await lookout.list_model_versions(ModelName="pump-copy")
            return imported, version, listed

    imported, version, listed = asyncio.run(scenario())
    assert (imported["Status"], imported["ModelVersion"]) == ("IMPORT_IN_PROGRESS", 1)
    assert (version["Status"], version["SourceType"]) == ("SUCCESS", "IMPORT")
    assert version["ImportJobEndTime"] == START + timedelta(minutes=40)
    sync = boto3.client("lookoutequipment", region_name="us-east-1")
    assert without_metadata(version) == without_metadata(
        sync.describe_model_version(ModelName="pump-copy", ModelVersion=1)
    )
    summaries = listed["ModelVersionSummaries"]
    assert [s["ModelVersionArn"] for s in summaries] == [imported["ModelVersionArn"]]


def test_a_missing_resource_is_refused_with_404(bedrock_jobs: Any, library: str) -> None:
    async def scenario() -> tuple[tuple[str, str, int], tuple[str, str, int]]:
        async with (
            async_client(library) as bedrock,
            async_client(library, "lookoutequipment") as lookout,
        ):
            return (
                await async_error_of(bedrock.get_model_import_job(jobIdentifier="nope")),
                await async_error_of(lookout.describe_model(ModelName="nope")),
            )

    bedrock_error, lookout_error = asyncio.run(scenario())
    assert bedrock_error == (
        "ResourceNotFoundException",
        "The specified model import job 'nope' could not be found.",
        404,
    )
    assert lookout_error[0] == "ResourceNotFoundException"
    assert lookout_error[2] == 400  # Lookout's model gives its errors no status


def test_a_validation_error_carries_the_services_wording(bedrock_jobs: Any, library: str) -> None:
    async def scenario() -> tuple[str, str, int]:
        unchecked = Config(parameter_validation=False)
        async with async_client(library, config=unchecked) as bedrock:
            request = import_job_request(job_name="bad name!")
            return await async_error_of(bedrock.create_model_import_job(**request))

    pattern = model_pattern("bedrock", "JobName")
    assert asyncio.run(scenario()) == (
        "ValidationException",
        "1 validation error detected: Value 'bad name!' at 'jobName' failed to satisfy "
        f"constraint: Member must satisfy regular expression pattern: {pattern}",
        400,
    )


def test_an_async_paginator_walks_several_pages(bedrock_jobs: Any, library: str) -> None:
    async def scenario() -> list[list[str]]:
        async with async_client(library) as bedrock:
            for n in range(5):
                request = customization_job_request(f"tune-{n}", f"custom-{n}")
                await bedrock.create_model_customization_job(**request)
                bedrock_jobs.clock.advance(seconds=1)
            paginator = bedrock.get_paginator("list_model_customization_jobs")
            pages = paginator.paginate(sortOrder="Ascending", PaginationConfig={"PageSize": 2})
            return [
                [summary["jobName"] for summary in page["modelCustomizationJobSummaries"]]
                async for page in pages
            ]

    assert asyncio.run(scenario()) == [["tune-0", "tune-1"], ["tune-2", "tune-3"], ["tune-4"]]


def test_throttling_is_retried_away_by_the_async_client(library: str) -> None:
    async def scenario() -> dict[str, Any]:
        async with async_client(library) as bedrock:
            return dict(await bedrock.create_model_import_job(**import_job_request()))

    with mock_bedrock_jobs(virtual_sleep=True) as env:
        env.inject_error("CreateModelImportJob", "ThrottlingException", count=2)
        created = asyncio.run(scenario())
        assert created["ResponseMetadata"]["RetryAttempts"] == 2
        errors = [call.error for call in env.calls]
    assert errors == ["ThrottlingException", "ThrottlingException", None]


def test_an_error_that_is_not_retried_surfaces_at_once(bedrock_jobs: Any, library: str) -> None:
    bedrock_jobs.inject_error("CreateModelImportJob", "AccessDeniedException", message="Denied.")

    async def scenario() -> tuple[str, str, int]:
        async with async_client(library) as bedrock:
            return await async_error_of(bedrock.create_model_import_job(**import_job_request()))

    assert asyncio.run(scenario()) == ("AccessDeniedException", "Denied.", 403)
    assert len(bedrock_jobs.calls) == 1


def test_clients_in_two_accounts_and_regions_see_their_own_jobs(
    bedrock_jobs: Any, library: str
) -> None:
    async def scenario() -> tuple[str, str, list[str], list[str]]:
        async with (
            async_client(library, account="111111111111") as east,
            async_client(library, region="eu-west-1", account="222222222222") as west,
        ):
            east_arn = (await east.create_model_import_job(**import_job_request()))["jobArn"]
            west_arn = (await west.create_model_import_job(**import_job_request()))["jobArn"]
            east_jobs = (await east.list_model_import_jobs())["modelImportJobSummaries"]
            west_jobs = (await west.list_model_import_jobs())["modelImportJobSummaries"]
            return (
                east_arn,
                west_arn,
                [job["jobArn"] for job in east_jobs],
                [job["jobArn"] for job in west_jobs],
            )

    east_arn, west_arn, east_jobs, west_jobs = asyncio.run(scenario())
    assert east_arn.startswith("arn:aws:bedrock:us-east-1:111111111111:model-import-job/")
    assert west_arn.startswith("arn:aws:bedrock:eu-west-1:222222222222:model-import-job/")
    assert (east_jobs, west_jobs) == ([east_arn], [west_arn])


def test_sync_and_async_clients_share_one_state(bedrock_jobs: Any, library: str) -> None:
    sync = boto3.client("bedrock", region_name="us-east-1")
    sync_arn = sync.create_model_customization_job(**customization_job_request("tune-sync", "a"))[
        "jobArn"
    ]

    async def scenario() -> tuple[str, str]:
        async with async_client(library) as bedrock:
            request = customization_job_request("tune-async", "b")
            async_arn = (await bedrock.create_model_customization_job(**request))["jobArn"]
            seen = await bedrock.get_model_customization_job(jobIdentifier=sync_arn)
            return async_arn, seen["jobName"]

    async_arn, seen_name = asyncio.run(scenario())
    assert seen_name == "tune-sync"
    assert sync.get_model_customization_job(jobIdentifier=async_arn)["jobName"] == "tune-async"


def test_the_network_guard_sees_aiohttp_so_mocked_calls_provably_stay_in_process(
    bedrock_jobs: Any, library: str, network_attempts: Any
) -> None:
    async def scenario() -> None:
        no_retries = Config(retries={"max_attempts": 1})
        async with async_client(library, "sts", config=no_retries) as sts:
            with pytest.raises(Exception, match="blocked by the test suite"):
                await sts.get_caller_identity()  # not a mocked service: aiohttp dials out
        async with async_client(library) as bedrock:
            await bedrock.list_model_import_jobs()

    asyncio.run(scenario())
    # The one attempt: sts.amazonaws.com or sts.us-east-1.amazonaws.com, by botocore release.
    assert [host.split(".")[0] for host in network_attempts()] == ["sts"]
