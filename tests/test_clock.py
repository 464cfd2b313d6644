"""The mock clock: starts at the real time, moves only when told."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from bedrock_jobs_mock import mock_bedrock_jobs
from tests.factories import import_job_request


def test_starts_at_the_real_time_in_utc() -> None:
    before = datetime.now(timezone.utc)
    with mock_bedrock_jobs() as env:
        now = env.clock.now()
    assert before <= now <= datetime.now(timezone.utc)
    assert now.utcoffset() == timedelta(0)


def test_stands_still_until_moved(bedrock_jobs: Any) -> None:
    first = bedrock_jobs.clock.now()
    assert bedrock_jobs.clock.now() == first


def test_advance_forms_add_up(bedrock_jobs: Any) -> None:
    start = bedrock_jobs.clock.now()
    bedrock_jobs.clock.advance(timedelta(minutes=1))
    bedrock_jobs.clock.advance(seconds=30)
    bedrock_jobs.clock.advance(minutes=2, hours=1)
    assert bedrock_jobs.clock.advance(days=1) - start == timedelta(days=1, hours=1, minutes=3.5)


def test_advance_refuses_to_go_back(bedrock_jobs: Any) -> None:
    with pytest.raises(ValueError, match="only advances forward"):
        bedrock_jobs.clock.advance(seconds=-1)


def test_set_takes_naive_times_as_utc(bedrock_jobs: Any) -> None:
    moment = bedrock_jobs.clock.set(datetime(2030, 1, 2, 3, 4, 5))
    assert moment == datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    eastern = timezone(timedelta(hours=-5))
    assert bedrock_jobs.clock.set(datetime(2030, 1, 2, tzinfo=eastern)) == datetime(
        2030, 1, 2, 5, tzinfo=timezone.utc
    )


def test_timestamps_on_the_wire_come_from_the_mock_clock(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock_jobs.clock.set(datetime(2024, 8, 13, 19, 36, 33, 674000, tzinfo=timezone.utc))
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    job = bedrock.get_model_import_job(jobIdentifier=arn)
    assert job["creationTime"] == datetime(2024, 8, 13, 19, 36, 33, 674000, tzinfo=timezone.utc)


def test_unknown_option_keys_are_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown durations \['model_imports'\]"):
        mock_bedrock_jobs(durations={"model_imports": 1})
    with pytest.raises(ValueError, match=r"unknown quotas \['imported_model'\]"):
        mock_bedrock_jobs(quotas={"imported_model": 1})
    with pytest.raises(ValueError, match="must not be negative"):
        mock_bedrock_jobs(durations={"model_import": -5})


def test_advance_takes_seconds_as_durations_does(bedrock_jobs: Any) -> None:
    start = bedrock_jobs.clock.now()
    assert bedrock_jobs.clock.advance(60) == start + timedelta(seconds=60)
    assert bedrock_jobs.clock.advance(0.5, minutes=1) == start + timedelta(seconds=120.5)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "60",
            "delta must be a timedelta or a number of seconds, got '60'; pass a number, "
            "not a string",
        ),
        (True, "delta must be a timedelta or a number of seconds, got True"),
    ],
)
def test_advance_refuses_what_is_not_a_length_clearly(
    bedrock_jobs: Any, value: Any, message: str
) -> None:
    with pytest.raises(TypeError) as excinfo:
        bedrock_jobs.clock.advance(value)
    assert str(excinfo.value) == message


@pytest.mark.parametrize("method", ["advance_to", "set"])
def test_moving_to_a_moment_refuses_a_length_clearly(bedrock_jobs: Any, method: str) -> None:
    with pytest.raises(TypeError) as excinfo:
        getattr(bedrock_jobs.clock, method)(60)
    assert str(excinfo.value) == (
        "moment must be a datetime, got 60; to move the clock by a length, use advance()"
    )


def test_set_duration_takes_seconds(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock_jobs.set_duration("model_import", 60)
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    bedrock_jobs.clock.advance(60)
    job = bedrock.get_model_import_job(jobIdentifier=arn)
    assert (job["status"], job["endTime"] - job["creationTime"]) == (
        "Completed",
        timedelta(seconds=60),
    )


def test_a_duration_given_as_a_string_is_refused_clearly(bedrock_jobs: Any) -> None:
    message = (
        "duration 'model_import' must be a timedelta or a number of seconds, got '60'; "
        "pass a number, not a string"
    )
    with pytest.raises(TypeError) as excinfo:
        bedrock_jobs.set_duration("model_import", "60")
    assert str(excinfo.value) == message
    with pytest.raises(TypeError) as excinfo:
        mock_bedrock_jobs(durations={"model_import": "60"})
    assert str(excinfo.value) == message
