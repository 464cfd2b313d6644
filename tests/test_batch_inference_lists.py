"""ListModelInvocationJobs (every filter, sort order, paging) and tags on batch inference jobs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.batch_helpers import PHASE_STARTS, start_batch_job
from tests.factories import (
    FIFTY_ONE_TAGS,
    START,
    error_of,
    names_by_page,
    needs_operation,
    summary_members,
    too_many_tags_on,
)

pytestmark = needs_operation("CreateModelInvocationJob")

LIST = "invocationJobSummaries"


@pytest.fixture
def jobs(bedrock_jobs: Any, bedrock: Any) -> dict[str, str]:
    """Five jobs a minute apart from START (``alpha-1`` ... ``Beta-5``), ``alpha-2`` stopped
    at START + 4 min; at START + 5.5 min, when the test begins, ``alpha-1`` is Scheduled,
    ``alpha-2`` Stopped, the others Validating."""
    bedrock_jobs.clock.set(START)
    names = ["alpha-1", "alpha-2", "gamma-3", "ALPHA-4", "Beta-5"]
    arns = {}
    for index, name in enumerate(names):
        bedrock_jobs.clock.set(START + timedelta(minutes=index))
        arns[name] = start_batch_job(bedrock, name)
    bedrock.stop_model_invocation_job(jobIdentifier=arns["alpha-2"])
    bedrock_jobs.clock.set(START + PHASE_STARTS["Scheduled"] + timedelta(seconds=30))
    return arns


def _names(bedrock: Any, **filters: Any) -> list[str]:
    return [summary["jobName"] for summary in bedrock.list_model_invocation_jobs(**filters)[LIST]]


def test_the_default_order_is_newest_first(jobs: dict[str, str], bedrock: Any) -> None:
    assert _names(bedrock) == ["Beta-5", "ALPHA-4", "gamma-3", "alpha-2", "alpha-1"]
    assert _names(bedrock, sortBy="CreationTime", sortOrder="Ascending") == [
        "alpha-1",
        "alpha-2",
        "gamma-3",
        "ALPHA-4",
        "Beta-5",
    ]
    assert _names(bedrock, sortOrder="Descending") == _names(bedrock)


def test_submit_time_filters_are_exclusive(jobs: dict[str, str], bedrock: Any) -> None:
    after, before = START + timedelta(minutes=1), START + timedelta(minutes=4)
    assert _names(bedrock, submitTimeAfter=after) == ["Beta-5", "ALPHA-4", "gamma-3"]
    assert _names(bedrock, submitTimeBefore=before) == ["ALPHA-4", "gamma-3", "alpha-2", "alpha-1"]
    assert _names(bedrock, submitTimeAfter=after, submitTimeBefore=before) == ["ALPHA-4", "gamma-3"]


def test_status_equals_keeps_the_jobs_in_that_status(jobs: dict[str, str], bedrock: Any) -> None:
    assert _names(bedrock, statusEquals="Stopped") == ["alpha-2"]
    assert _names(bedrock, statusEquals="Scheduled") == ["alpha-1"]
    assert _names(bedrock, statusEquals="Validating") == ["Beta-5", "ALPHA-4", "gamma-3"]
    assert _names(bedrock, statusEquals="Submitted") == []


def test_name_contains_ignores_case(jobs: dict[str, str], bedrock: Any) -> None:
    assert _names(bedrock, nameContains="alpha") == ["ALPHA-4", "alpha-2", "alpha-1"]
    assert _names(bedrock, nameContains="ta-5") == ["Beta-5"]
    assert _names(bedrock, nameContains="alpha", statusEquals="Validating") == ["ALPHA-4"]


@pytest.mark.parametrize("order", ["Ascending", "Descending"])
def test_the_paginator_walks_every_page_in_order(
    jobs: dict[str, str], bedrock: Any, order: str
) -> None:
    pages = names_by_page(bedrock, "list_model_invocation_jobs", LIST, "jobName", order)
    ascending = [["alpha-1", "alpha-2"], ["gamma-3", "ALPHA-4"], ["Beta-5"]]
    descending = [["Beta-5", "ALPHA-4"], ["gamma-3", "alpha-2"], ["alpha-1"]]
    assert pages == (ascending if order == "Ascending" else descending)


def test_a_filtered_page_is_a_full_page(jobs: dict[str, str], bedrock: Any) -> None:
    first = bedrock.list_model_invocation_jobs(nameContains="alpha", maxResults=2)
    assert [summary["jobName"] for summary in first[LIST]] == ["ALPHA-4", "alpha-2"]
    rest = bedrock.list_model_invocation_jobs(
        nameContains="alpha", maxResults=2, nextToken=first["nextToken"]
    )
    assert ([summary["jobName"] for summary in rest[LIST]], rest.get("nextToken")) == (
        ["alpha-1"],
        None,
    )


def test_a_token_of_another_list_is_refused(jobs: dict[str, str], bedrock: Any) -> None:
    token = bedrock.list_model_invocation_jobs(maxResults=1)["nextToken"]
    with pytest.raises(ClientError) as excinfo:
        bedrock.list_model_customization_jobs(nextToken=token)
    assert error_of(excinfo) == (
        "ValidationException",
        "The provided pagination token is invalid.",
        400,
    )


def test_summaries_carry_what_get_answers(jobs: dict[str, str], bedrock: Any) -> None:
    (summary,) = bedrock.list_model_invocation_jobs(nameContains="gamma")[LIST]
    job = bedrock.get_model_invocation_job(jobIdentifier=jobs["gamma-3"])
    job.pop("ResponseMetadata")
    assert summary == job
    assert set(summary) <= summary_members("bedrock", "ListModelInvocationJobs", LIST)


# -- tags ------------------------------------------------------------------------------------


def _tags(bedrock: Any, arn: str) -> list[dict[str, str]]:
    return list(bedrock.list_tags_for_resource(resourceARN=arn)["tags"])


def test_tags_given_at_create_are_on_the_job(bedrock_jobs: Any, bedrock: Any) -> None:
    arn = start_batch_job(bedrock, tags=[{"key": "team", "value": "ml"}])
    assert _tags(bedrock, arn) == [{"key": "team", "value": "ml"}]


def test_tag_and_untag_a_job_in_any_status(bedrock_jobs: Any, bedrock: Any) -> None:
    arn = start_batch_job(bedrock)
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "a", "value": "1"}])
    bedrock.stop_model_invocation_job(jobIdentifier=arn)
    bedrock_jobs.settle()
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "b", "value": "2"}])
    bedrock.untag_resource(resourceARN=arn, tagKeys=["a"])
    assert _tags(bedrock, arn) == [{"key": "b", "value": "2"}]


def test_more_than_50_tags_at_create_are_refused(bedrock_jobs: Any, bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        start_batch_job(bedrock, tags=FIFTY_ONE_TAGS)
    code, message, status = error_of(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith("The number of tags on resource arn:aws:bedrock:us-east-1:")
    assert message.endswith(" would exceed the limit of 50 tags.")
    assert bedrock.list_model_invocation_jobs()[LIST] == []


def test_tagging_a_job_past_50_tags_is_refused(bedrock_jobs: Any, bedrock: Any) -> None:
    arn = start_batch_job(bedrock, tags=FIFTY_ONE_TAGS[:50])
    with pytest.raises(ClientError) as excinfo:
        bedrock.tag_resource(resourceARN=arn, tags=[{"key": "one-more", "value": "x"}])
    assert too_many_tags_on(excinfo) == arn
