"""env.calls: every request the mock served, oldest first, as the code under test made it."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock import Call, mock_bedrock_jobs
from bedrock_jobs_mock.engine.history import MAX_HISTORY_BYTES, MAX_INPUT_BYTES, MAX_KEPT_CHARACTERS
from tests.factories import START, error_of, import_job_request


@pytest.mark.bedrock_jobs(start_time=START)
def test_each_call_is_recorded_with_its_input_result_and_time(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    bedrock_jobs.clock.advance(minutes=1)
    bedrock.get_model_import_job(jobIdentifier=arn)
    lookout = boto3.client(
        "lookoutequipment",
        region_name="eu-west-1",
        aws_access_key_id="111122223333",
        aws_secret_access_key="x",
    )
    with pytest.raises(ClientError):
        lookout.describe_dataset(DatasetName="missing")

    assert bedrock_jobs.calls == (
        Call(
            service="bedrock",
            operation="CreateModelImportJob",
            account="123456789012",
            region="us-east-1",
            input=import_job_request(),
            error=None,
            time=START,
        ),
        Call(
            "bedrock",
            "GetModelImportJob",
            "123456789012",
            "us-east-1",
            {"jobIdentifier": arn},
            None,
            START.replace(minute=1),
        ),
        Call(
            "lookoutequipment",
            "DescribeDataset",
            "111122223333",
            "eu-west-1",
            {"DatasetName": "missing"},
            "ResourceNotFoundException",
            START.replace(minute=1),
        ),
    )


def test_a_request_refused_by_validation_is_recorded_with_its_error(
    bedrock_jobs: Any, raw_bedrock: Any
) -> None:
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(job_name="bad name!"))
    assert error_of(excinfo)[0] == "ValidationException"
    (call,) = bedrock_jobs.calls
    assert (call.operation, call.input["jobName"], call.error) == (
        "CreateModelImportJob",
        "bad name!",
        "ValidationException",
    )


def test_a_request_that_could_not_be_read_is_recorded_without_input(
    bedrock_jobs: Any, raw_bedrock: Any
) -> None:
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_import_job(**import_job_request(jobName={"not": "a string"}))
    assert error_of(excinfo)[0] == "SerializationException"
    assert [(c.operation, c.input, c.error) for c in bedrock_jobs.calls] == [
        ("CreateModelImportJob", {}, "SerializationException")
    ]


@pytest.mark.bedrock_jobs(start_time=START)
def test_the_history_shows_how_often_and_when_the_code_polled(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    while bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "InProgress":
        bedrock_jobs.clock.advance(minutes=5)
    polls = [c for c in bedrock_jobs.calls if c.operation == "GetModelImportJob"]
    assert [c.time for c in polls] == [START.replace(minute=m) for m in (0, 5, 10, 15)]
    assert {c.input["jobIdentifier"] for c in polls} == {arn}


def test_the_history_cannot_be_rewritten(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.list_model_import_jobs(maxResults=5)
    (call,) = bedrock_jobs.calls
    with pytest.raises(TypeError):
        call.input["maxResults"] = 50  # type: ignore[index]
    assert bedrock_jobs.calls[0].input == {"maxResults": 5}


def test_each_mock_starts_with_an_empty_history() -> None:
    with mock_bedrock_jobs() as env:
        boto3.client("bedrock", region_name="us-east-1").list_imported_models()
        assert [c.operation for c in env.calls] == ["ListImportedModels"]
    with mock_bedrock_jobs() as env:
        assert env.calls == ()


def test_the_history_of_a_stopped_mock_is_out_of_reach() -> None:
    env = mock_bedrock_jobs()
    with pytest.raises(RuntimeError, match="the mock is not started"):
        env.calls  # noqa: B018


def test_the_history_keeps_the_latest_calls_it_is_told_to() -> None:
    with mock_bedrock_jobs(calls_kept=3) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        for size in range(1, 6):
            bedrock.list_model_import_jobs(maxResults=size)
        assert [c.input["maxResults"] for c in env.calls] == [3, 4, 5]
        bedrock.list_model_import_jobs(maxResults=6)
        assert [c.input["maxResults"] for c in env.calls] == [4, 5, 6]


def test_by_default_the_history_keeps_the_latest_ten_thousand_calls() -> None:
    with mock_bedrock_jobs() as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        for _ in range(10_001):
            bedrock.list_imported_models()
        assert len(env.calls) == 10_000


def test_a_history_of_none_keeps_every_call_and_of_zero_keeps_none() -> None:
    with mock_bedrock_jobs(calls_kept=None) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        for _ in range(3):
            bedrock.list_imported_models()
        assert len(env.calls) == 3
    with mock_bedrock_jobs(calls_kept=0) as env:
        boto3.client("bedrock", region_name="us-east-1").list_imported_models()
        assert env.calls == ()


@pytest.mark.parametrize(
    ("calls_kept", "error", "message"),
    [
        (-1, ValueError, "calls_kept must be at least 0, got -1"),
        (2.5, TypeError, "calls_kept must be an integer, got 2.5"),
        (True, TypeError, "calls_kept must be an integer, got True"),
    ],
)
def test_a_history_size_that_is_not_a_count_is_refused(
    calls_kept: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=f"^{message}$"):
        mock_bedrock_jobs(calls_kept=calls_kept)


def test_changing_a_recorded_input_changes_nothing_the_mock_holds(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    request = import_job_request()
    arn = bedrock.create_model_import_job(**request)["jobArn"]
    (call,) = bedrock_jobs.calls
    call.input["modelDataSource"]["s3DataSource"]["s3Uri"] = "s3://elsewhere/"
    job = bedrock.get_model_import_job(jobIdentifier=arn)
    assert job["modelDataSource"] == request["modelDataSource"]
    assert bedrock_jobs.calls[0].input["modelDataSource"]["s3DataSource"]["s3Uri"] == (
        "s3://elsewhere/"
    )


@pytest.mark.bedrock_jobs
def test_an_input_larger_than_the_limit_is_kept_truncated_and_says_so(
    bedrock_jobs: Any, raw_bedrock: Any
) -> None:
    name = "n" * (MAX_INPUT_BYTES + 1)
    with pytest.raises(ClientError):
        raw_bedrock.create_model_import_job(**import_job_request(name))
    raw_bedrock.list_model_import_jobs()
    big, small = bedrock_jobs.calls
    assert (big.truncated, big.input["jobName"]) == (True, name[:MAX_KEPT_CHARACTERS])
    assert (small.truncated, dict(small.input)) == (False, {})


@pytest.mark.bedrock_jobs
def test_the_history_keeps_at_most_its_bytes(bedrock_jobs: Any, raw_bedrock: Any) -> None:
    """Calls just under the input limit, until they fill more than the history's bytes: the
    oldest go first, whatever the count allows."""
    count = MAX_HISTORY_BYTES // (MAX_INPUT_BYTES - 1024) + 10
    for n in range(count):
        with pytest.raises(ClientError):
            raw_bedrock.create_model_import_job(
                **import_job_request(f"{n:05d}" + "n" * (MAX_INPUT_BYTES - 2048))
            )
    calls = bedrock_jobs.calls
    assert count - 20 < len(calls) < count
    assert calls[-1].input["jobName"].startswith(f"{count - 1:05d}")
    assert not any(call.truncated for call in calls)
