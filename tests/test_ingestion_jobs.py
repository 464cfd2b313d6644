"""Ingestion jobs on the mock clock, without moto (statistics stay 0: no S3 is read): the
status ladder, the concurrency rules, stop, idempotency, the list's filter, sorts and
pages, and the test controls."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock import DEFAULT_DURATIONS, mock_bedrock_jobs
from tests.factories import START, error_of
from tests.kb_helpers import (
    STATISTICS,
    agent_client,
    counted,
    create_data_source,
    create_knowledge_base,
    get_job,
    knowledge_base_request,
    needs_agent_member,
    needs_agent_operation,
    start_job,
    statistics,
)

RUN = DEFAULT_DURATIONS["ingestion_job"]
STARTING_FOR = RUN * 0.1
STOP_DELAY = timedelta(seconds=5)


@pytest.fixture
def env(bedrock_jobs: Any) -> Any:
    bedrock_jobs.clock.set(START)
    return bedrock_jobs


@pytest.fixture
def agent(env: Any) -> Any:
    return agent_client()


@pytest.fixture
def source(env: Any, agent: Any) -> tuple[str, str]:
    """An ACTIVE knowledge base and an S3 data source of it, the clock back at START."""
    knowledge_base_id = create_knowledge_base(env, agent)
    data_source_id = create_data_source(agent, knowledge_base_id)
    return knowledge_base_id, data_source_id


def _status(agent: Any, source: tuple[str, str], job_id: str) -> str:
    return str(get_job(agent, *source, job_id)["status"])


def test_start_answers_202_starting_with_every_statistic_zero(
    agent: Any, source: tuple[str, str]
) -> None:
    response = agent.start_ingestion_job(
        knowledgeBaseId=source[0], dataSourceId=source[1], description="nightly"
    )
    job = response["ingestionJob"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert re.fullmatch(r"[0-9A-Z]{10}", job["ingestionJobId"])
    assert (job["status"], job["description"]) == ("STARTING", "nightly")
    assert statistics(job) == counted()
    assert job["startedAt"] == job["updatedAt"] == START
    assert "failureReasons" not in job


def test_a_job_is_starting_then_in_progress_then_complete_on_the_clock(
    env: Any, agent: Any, source: tuple[str, str]
) -> None:
    job_id = start_job(agent, *source)
    env.clock.set(START + STARTING_FOR - timedelta(milliseconds=1))
    assert _status(agent, source, job_id) == "STARTING"
    env.clock.set(START + STARTING_FOR)
    job = get_job(agent, *source, job_id)
    assert (job["status"], job["updatedAt"]) == ("IN_PROGRESS", START + STARTING_FOR)
    env.clock.set(START + RUN)
    job = get_job(agent, *source, job_id)
    assert (job["status"], job["startedAt"], job["updatedAt"]) == ("COMPLETE", START, START + RUN)
    assert statistics(job) == counted()  # without moto, no S3 was read


@needs_agent_member("IngestionJob", "textReadyAt")
def test_text_ready_at_is_the_end_of_a_complete_job(
    env: Any, agent: Any, source: tuple[str, str]
) -> None:
    job_id = start_job(agent, *source)
    assert "textReadyAt" not in get_job(agent, *source, job_id)
    env.settle()
    assert get_job(agent, *source, job_id)["textReadyAt"] == START + RUN


@needs_agent_member("IngestionJobStatistics", "numberOfDocumentsSkipped")
def test_skipped_is_answered_zero_where_the_model_has_it(
    env: Any, agent: Any, source: tuple[str, str]
) -> None:
    job_id = start_job(agent, *source)
    assert get_job(agent, *source, job_id)["statistics"]["numberOfDocumentsSkipped"] == 0


def test_a_missing_data_source_or_job_is_not_found(agent: Any, source: tuple[str, str]) -> None:
    with pytest.raises(ClientError) as excinfo:
        start_job(agent, source[0], "ZZZZZZZZZZ")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified data source 'ZZZZZZZZZZ' could not be found.",
        404,
    )
    with pytest.raises(ClientError) as excinfo:
        get_job(agent, *source, "ZZZZZZZZZZ")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified ingestion job 'ZZZZZZZZZZ' could not be found.",
        404,
    )


def test_a_knowledge_base_that_is_not_active_refuses_a_start(env: Any, agent: Any) -> None:
    knowledge_base_id = agent.create_knowledge_base(**knowledge_base_request())["knowledgeBase"][
        "knowledgeBaseId"
    ]
    data_source_id = create_data_source(agent, knowledge_base_id)
    with pytest.raises(ClientError) as excinfo:
        start_job(agent, knowledge_base_id, data_source_id)
    assert error_of(excinfo) == (
        "ValidationException",
        f"The knowledge base {knowledge_base_id} is in CREATING status. Start an ingestion "
        "job when it is ACTIVE.",
        400,
    )


def test_a_deleting_data_source_refuses_a_start(agent: Any, source: tuple[str, str]) -> None:
    agent.delete_data_source(knowledgeBaseId=source[0], dataSourceId=source[1])
    with pytest.raises(ClientError) as excinfo:
        start_job(agent, *source)
    assert error_of(excinfo) == (
        "ValidationException",
        "You cannot start an ingestion job on a data source with status DELETING.",
        400,
    )


# -- concurrency ----------------------------------------------------------------------------

CONCURRENT = re.compile("concurrent ingestion jobs", re.IGNORECASE)  # what clients match


def test_one_job_runs_per_data_source(env: Any, agent: Any, source: tuple[str, str]) -> None:
    start_job(agent, *source)
    with pytest.raises(ClientError) as excinfo:
        start_job(agent, *source)
    assert error_of(excinfo) == (
        "ConflictException",
        "There is an ongoing ingestion job for this data source. You can have a maximum "
        "number of concurrent ingestion jobs per data source: 1.",
        409,
    )
    assert CONCURRENT.search(error_of(excinfo)[1])
    env.settle()
    start_job(agent, *source)  # the first has ended


def test_one_job_runs_per_knowledge_base(agent: Any, source: tuple[str, str]) -> None:
    other = create_data_source(agent, source[0], "other-docs")
    start_job(agent, *source)
    with pytest.raises(ClientError) as excinfo:
        start_job(agent, source[0], other)
    assert error_of(excinfo) == (
        "ConflictException",
        "There is an ongoing ingestion job for this knowledge base. You can have a maximum "
        "number of concurrent ingestion jobs per knowledge base: 1.",
        409,
    )


def test_five_jobs_run_per_account_and_region() -> None:
    with mock_bedrock_jobs() as env:
        agent = agent_client()
        sources = []
        for n in range(6):
            knowledge_base_id = create_knowledge_base(env, agent, f"kb-{n}")
            sources.append((knowledge_base_id, create_data_source(agent, knowledge_base_id)))
        for knowledge_base_id, data_source_id in sources[:5]:
            start_job(agent, knowledge_base_id, data_source_id)
        with pytest.raises(ClientError) as excinfo:
            start_job(agent, *sources[5])
        assert error_of(excinfo) == (
            "ConflictException",
            "You have reached the maximum number of concurrent ingestion jobs for this "
            "account and Region: 5.",
            409,
        )


def test_the_account_limit_is_a_quota_option() -> None:
    with mock_bedrock_jobs(quotas={"concurrent_ingestion_jobs": 1}) as env:
        agent = agent_client()
        first = create_knowledge_base(env, agent, "kb-1")
        second = create_knowledge_base(env, agent, "kb-2")
        start_job(agent, first, create_data_source(agent, first))
        with pytest.raises(ClientError) as excinfo:
            start_job(agent, second, create_data_source(agent, second))
        assert error_of(excinfo)[0] == "ConflictException"
        assert error_of(excinfo)[1].endswith("account and Region: 1.")


def test_a_running_job_keeps_its_data_source_from_deletion(
    agent: Any, source: tuple[str, str]
) -> None:
    start_job(agent, *source)
    with pytest.raises(ClientError) as excinfo:
        agent.delete_data_source(knowledgeBaseId=source[0], dataSourceId=source[1])
    assert error_of(excinfo) == (
        "ConflictException",
        "The data source cannot be deleted while an ingestion job is running in knowledge "
        f"base {source[0]}. Stop it or wait until it ends.",
        409,
    )
    with pytest.raises(ClientError) as excinfo:
        agent.delete_knowledge_base(knowledgeBaseId=source[0])
    assert error_of(excinfo)[0] == "ConflictException"


# -- stop -----------------------------------------------------------------------------------


@needs_agent_operation("StopIngestionJob")
def test_stop_answers_stopping_then_the_job_is_stopped(
    env: Any, agent: Any, source: tuple[str, str]
) -> None:
    job_id = start_job(agent, *source)
    env.clock.set(START + STARTING_FOR)
    response = agent.stop_ingestion_job(
        knowledgeBaseId=source[0], dataSourceId=source[1], ingestionJobId=job_id
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    job = response["ingestionJob"]
    assert (job["status"], job["startedAt"], job["updatedAt"]) == (
        "STOPPING",
        START,
        START + STARTING_FOR,
    )
    with pytest.raises(ClientError) as excinfo:  # a stopping job still runs
        start_job(agent, *source)
    assert error_of(excinfo)[0] == "ConflictException"
    env.clock.advance(STOP_DELAY)
    job = get_job(agent, *source, job_id)
    assert (job["status"], job["updatedAt"]) == ("STOPPED", START + STARTING_FOR + STOP_DELAY)
    start_job(agent, *source)


@needs_agent_operation("StopIngestionJob")
def test_stopping_an_ended_job_is_a_conflict(env: Any, agent: Any, source: tuple[str, str]) -> None:
    job_id = start_job(agent, *source)
    env.settle()
    with pytest.raises(ClientError) as excinfo:
        agent.stop_ingestion_job(
            knowledgeBaseId=source[0], dataSourceId=source[1], ingestionJobId=job_id
        )
    assert error_of(excinfo) == (
        "ConflictException",
        f"The ingestion job {job_id} is COMPLETE. A data ingestion job must be currently "
        "running in order to stop it.",
        409,
    )


# -- idempotency ----------------------------------------------------------------------------


def test_a_repeated_client_token_answers_the_first_job(agent: Any, source: tuple[str, str]) -> None:
    first = start_job(agent, *source, clientToken="sync-token-0000000000000000000000001")
    again = start_job(agent, *source, clientToken="sync-token-0000000000000000000000001")
    assert again == first
    listed = agent.list_ingestion_jobs(knowledgeBaseId=source[0], dataSourceId=source[1])
    assert [job["ingestionJobId"] for job in listed["ingestionJobSummaries"]] == [first]


def test_a_repeated_client_token_answers_the_first_knowledge_base(agent: Any) -> None:
    token = "kb-token-000000000000000000000000001"
    first = agent.create_knowledge_base(clientToken=token, **knowledge_base_request())
    again = agent.create_knowledge_base(clientToken=token, **knowledge_base_request())
    assert again["knowledgeBase"]["knowledgeBaseId"] == first["knowledgeBase"]["knowledgeBaseId"]


# -- list -----------------------------------------------------------------------------------


def _three_jobs(env: Any, agent: Any, source: tuple[str, str]) -> list[str]:
    """Three jobs a minute apart: COMPLETE, FAILED, and one STARTING (newest)."""
    ids = []
    for n in range(3):
        if n == 1:
            env.fail_next("ingestion_job", "The knowledge base role can't read the bucket.")
        ids.append(start_job(agent, *source))
        if n < 2:
            env.settle()
            env.clock.advance(60)
    return ids


def _listed(agent: Any, source: tuple[str, str], **kwargs: Any) -> list[str]:
    response = agent.list_ingestion_jobs(
        knowledgeBaseId=source[0], dataSourceId=source[1], **kwargs
    )
    return [job["ingestionJobId"] for job in response["ingestionJobSummaries"]]


def test_list_is_newest_first_by_default_and_sorts_by_start(
    env: Any, agent: Any, source: tuple[str, str]
) -> None:
    complete, failed, starting = _three_jobs(env, agent, source)
    assert _listed(agent, source) == [starting, failed, complete]
    ascending = {"attribute": "STARTED_AT", "order": "ASCENDING"}
    assert _listed(agent, source, sortBy=ascending) == [complete, failed, starting]


def test_list_sorts_by_status(env: Any, agent: Any, source: tuple[str, str]) -> None:
    complete, failed, starting = _three_jobs(env, agent, source)
    by_status = {"attribute": "STATUS", "order": "ASCENDING"}
    assert _listed(agent, source, sortBy=by_status) == [complete, failed, starting]
    by_status["order"] = "DESCENDING"
    assert _listed(agent, source, sortBy=by_status) == [starting, failed, complete]
    first = agent.list_ingestion_jobs(
        knowledgeBaseId=source[0], dataSourceId=source[1], sortBy=by_status, maxResults=2
    )
    rest = _listed(agent, source, sortBy=by_status, nextToken=first["nextToken"])
    assert rest == [complete]


@needs_agent_operation("StopIngestionJob")
def test_paging_by_status_survives_a_job_leaving_the_filter(
    env: Any, agent: Any, source: tuple[str, str]
) -> None:
    stopped = start_job(agent, *source)
    agent.stop_ingestion_job(
        knowledgeBaseId=source[0], dataSourceId=source[1], ingestionJobId=stopped
    )
    env.clock.advance(STOP_DELAY)
    starting = start_job(agent, *source)
    status_is = [{"attribute": "STATUS", "operator": "EQ", "values": ["STARTING", "STOPPED"]}]
    by_status = {"attribute": "STATUS", "order": "ASCENDING"}
    first = agent.list_ingestion_jobs(
        knowledgeBaseId=source[0],
        dataSourceId=source[1],
        filters=status_is,
        sortBy=by_status,
        maxResults=1,
    )
    assert [job["ingestionJobId"] for job in first["ingestionJobSummaries"]] == [starting]
    env.clock.advance(STARTING_FOR)  # the STARTING job is IN_PROGRESS: out of the filter
    assert _status(agent, source, starting) == "IN_PROGRESS"
    rest = agent.list_ingestion_jobs(
        knowledgeBaseId=source[0],
        dataSourceId=source[1],
        filters=status_is,
        sortBy=by_status,
        maxResults=1,
        nextToken=first["nextToken"],
    )
    assert [job["ingestionJobId"] for job in rest["ingestionJobSummaries"]] == [stopped]
    assert "nextToken" not in rest


def test_list_filters_by_status(env: Any, agent: Any, source: tuple[str, str]) -> None:
    complete, failed, _ = _three_jobs(env, agent, source)
    status_is = [{"attribute": "STATUS", "operator": "EQ", "values": ["COMPLETE", "FAILED"]}]
    assert _listed(agent, source, filters=status_is) == [failed, complete]


def test_a_filter_value_the_enum_lacks_is_refused(agent: Any, source: tuple[str, str]) -> None:
    status_is = [{"attribute": "STATUS", "operator": "EQ", "values": ["COMPLETED"]}]
    with pytest.raises(ClientError) as excinfo:
        _listed(agent, source, filters=status_is)
    code, message, status = error_of(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith("Invalid filter value COMPLETED for attribute STATUS.")


def test_list_pages_with_the_paginator(env: Any, agent: Any, source: tuple[str, str]) -> None:
    ids = []
    for _ in range(5):
        ids.append(start_job(agent, *source))
        env.settle()
    pages = agent.get_paginator("list_ingestion_jobs").paginate(
        knowledgeBaseId=source[0], dataSourceId=source[1], PaginationConfig={"PageSize": 2}
    )
    listed = [[job["ingestionJobId"] for job in page["ingestionJobSummaries"]] for page in pages]
    assert listed == [ids[4:2:-1], ids[2:0:-1], ids[:1]]


def test_a_summary_carries_statistics_but_no_failure_reasons(
    env: Any, agent: Any, source: tuple[str, str]
) -> None:
    env.fail_next("ingestion_job", "The knowledge base role can't read the bucket.")
    start_job(agent, *source)
    env.settle()
    (summary,) = agent.list_ingestion_jobs(knowledgeBaseId=source[0], dataSourceId=source[1])[
        "ingestionJobSummaries"
    ]
    assert summary["status"] == "FAILED"
    assert "failureReasons" not in summary
    assert set(STATISTICS) <= set(summary["statistics"])


# -- controls -------------------------------------------------------------------------------


def test_fail_ends_a_job_failed_with_its_failure_reasons(
    env: Any, agent: Any, source: tuple[str, str]
) -> None:
    job_id = start_job(agent, *source)
    env.fail(job_id, "The vector store is unreachable.")
    job = get_job(agent, *source, job_id)
    assert (job["status"], job["failureReasons"]) == (
        "FAILED",
        ["The vector store is unreachable."],
    )


def test_complete_ends_a_job_now(env: Any, agent: Any, source: tuple[str, str]) -> None:
    job_id = start_job(agent, *source)
    env.complete(job_id)
    job = get_job(agent, *source, job_id)
    assert (job["status"], job["updatedAt"]) == ("COMPLETE", START)


def test_set_duration_and_finish_after_reads(env: Any, agent: Any, source: tuple[str, str]) -> None:
    env.set_duration("ingestion_job", 600)
    job_id = start_job(agent, *source)
    env.clock.advance(599)
    assert _status(agent, source, job_id) == "IN_PROGRESS"
    env.finish_after_reads("ingestion_job", 1)
    assert _status(agent, source, job_id) == "COMPLETE"


def test_an_injected_error_answers_start(agent: Any, env: Any, source: tuple[str, str]) -> None:
    env.inject_error("StartIngestionJob", "ServiceQuotaExceededException", message="Too many.")
    with pytest.raises(ClientError) as excinfo:
        start_job(agent, *source)
    assert error_of(excinfo) == ("ServiceQuotaExceededException", "Too many.", 402)
