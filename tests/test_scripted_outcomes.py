"""env.fail_next and env.set_duration: how the next jobs of a kind end, and how long they run,
for every job family (``tests.families.FAMILIES``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from bedrock_jobs_mock import DEFAULT_DURATIONS, mock_bedrock_jobs
from tests.factories import (
    START,
    customization_job_request,
)
from tests.families import FAMILIES, Family, bedrock_client, start_customization, start_import

MANY = {"concurrent_model_import_jobs": 10, "imported_models": 10}


@pytest.fixture(params=FAMILIES, ids=[family.kind for family in FAMILIES])
def family(request: pytest.FixtureRequest) -> Family:
    chosen: Family = request.param
    return chosen


def test_fail_next_fails_the_next_job_of_its_kind_at_its_normal_end(family: Family) -> None:
    with mock_bedrock_jobs(quotas=MANY, start_time=START) as env:
        env.fail_next(family.kind, message="Out of capacity.")
        read = family.start(env, 0)
        env.clock.advance(DEFAULT_DURATIONS[family.kind] - timedelta(seconds=1))
        status, message = read()
        assert status not in (family.completed, family.failed) and message is None
        env.clock.advance(seconds=1)
        assert read() == (family.failed, "Out of capacity.")
        after = family.start(env, 1)
        env.settle()
        assert after() == (family.completed, None)


def test_fail_next_with_a_count_fails_that_many_jobs_in_order(family: Family) -> None:
    with mock_bedrock_jobs(quotas=MANY) as env:
        env.fail_next(family.kind, message="first", count=2)
        env.fail_next(family.kind, message="second")
        readers = []
        for n in range(4):
            readers.append(family.start(env, n))
            env.settle()
        assert [read() for read in readers] == [
            (family.failed, "first"),
            (family.failed, "first"),
            (family.failed, "second"),
            (family.completed, None),
        ]


def test_fail_next_leaves_other_kinds_alone(bedrock_jobs: Any) -> None:
    bedrock_jobs.fail_next("model_customization")
    read = start_import(bedrock_jobs, 0)
    bedrock_jobs.settle()
    assert read() == ("Completed", None)


def test_a_scripted_customization_failure_fails_the_training_phase(bedrock_jobs: Any) -> None:
    bedrock_jobs.fail_next("model_customization", message="Training diverged.")
    bedrock = bedrock_client()
    arn = bedrock.create_model_customization_job(**customization_job_request())["jobArn"]
    bedrock_jobs.settle()
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    assert (job["status"], job["failureMessage"]) == ("Failed", "Training diverged.")
    assert job["endTime"] - job["creationTime"] == DEFAULT_DURATIONS["model_customization"]
    if "statusDetails" in job:  # botocore 1.35.4 lacks the member
        phases = job["statusDetails"]
        assert [phases[p]["status"] for p in sorted(phases)] == ["Completed", "Failed", "Completed"]
    assert bedrock.list_custom_models()["modelSummaries"] == []


def test_set_duration_applies_to_jobs_created_afterwards(bedrock_jobs: Any) -> None:
    bedrock_jobs.clock.set(START)
    earlier = start_import(bedrock_jobs, 0)
    bedrock_jobs.set_duration("model_import", timedelta(minutes=1))
    bedrock_jobs.complete("import-0")
    later = start_import(bedrock_jobs, 1)
    bedrock_jobs.clock.advance(minutes=1)
    assert later()[0] == "Completed"
    bedrock_jobs.set_duration("model_import", 30)
    last = start_import(bedrock_jobs, 2)
    bedrock_jobs.clock.advance(seconds=30)
    assert (earlier()[0], last()[0]) == ("Completed", "Completed")


def test_set_duration_of_customization_splits_the_new_duration_into_phases(
    bedrock_jobs: Any,
) -> None:
    bedrock_jobs.set_duration("model_customization", 100)
    read = start_customization(bedrock_jobs, 0)
    bedrock_jobs.clock.advance(seconds=99)
    assert read()[0] == "InProgress"
    bedrock_jobs.clock.advance(seconds=1)
    assert read()[0] == "Completed"


def test_set_duration_lasts_only_as_long_as_the_mock() -> None:
    mock = mock_bedrock_jobs(durations={"model_import": 60})
    with mock as env:
        env.set_duration("model_import", 10)
    with mock as env:
        read = start_import(env, 0)
        env.clock.advance(seconds=59)
        assert read()[0] == "InProgress"
        env.clock.advance(seconds=1)
        assert read()[0] == "Completed"


KNOWN = sorted(DEFAULT_DURATIONS)


@pytest.mark.parametrize(
    "control",
    [
        lambda env: env.fail_next("model_imports"),
        lambda env: env.set_duration("model_imports", 60),
    ],
    ids=["fail_next", "set_duration"],
)
def test_an_unknown_kind_is_refused(bedrock_jobs: Any, control: Callable[[Any], None]) -> None:
    with pytest.raises(ValueError) as excinfo:
        control(bedrock_jobs)
    assert str(excinfo.value) == f"unknown job kind ['model_imports']; known: {KNOWN}"


def test_a_count_below_one_is_refused(bedrock_jobs: Any) -> None:
    with pytest.raises(ValueError) as excinfo:
        bedrock_jobs.fail_next("model_import", count=0)
    assert str(excinfo.value) == "count must be at least 1, got 0"


def test_a_negative_duration_is_refused(bedrock_jobs: Any) -> None:
    with pytest.raises(ValueError) as excinfo:
        bedrock_jobs.set_duration("model_import", timedelta(seconds=-1))
    assert str(excinfo.value) == "duration 'model_import' must not be negative"


def test_a_huge_count_is_kept_as_one_entry(bedrock_jobs: Any) -> None:
    bedrock_jobs.fail_next("model_import", message="first", count=10**9)
    bedrock_jobs.fail_next("model_import", message="never")
    read = start_import(bedrock_jobs, 0)
    bedrock_jobs.settle()
    assert read()[1] == "first"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"count": 1.5}, "count must be an integer, got 1.5"),
        ({"count": True}, "count must be an integer, got True"),
        ({"message": None}, "message must be a string, got None"),
    ],
)
def test_arguments_of_the_wrong_type_are_refused(
    bedrock_jobs: Any, arguments: dict[str, Any], message: str
) -> None:
    with pytest.raises(TypeError) as excinfo:
        bedrock_jobs.fail_next("model_import", **arguments)
    assert str(excinfo.value) == message
