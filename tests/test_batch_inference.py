"""Batch inference jobs on the mock clock, without moto: the status ladder, Stop from every
status, the timeout (Expired, PartiallyCompleted), the queue behind the in-progress quota,
and the test controls."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock import mock_bedrock_jobs
from tests.batch_helpers import (
    DAY,
    INPUT_URI,
    NOVA_PRO_ARN,
    OUTPUT_URI,
    PHASE_STARTS,
    RUN,
    batch_job_request,
    start_batch_job,
    status_of,
)
from tests.factories import (
    ARN_PREFIX,
    START,
    declares,
    error_of,
    in_shape,
    needs_member,
    needs_operation,
)

pytestmark = needs_operation("CreateModelInvocationJob")

STOP_DELAY = timedelta(minutes=1)
COUNTS = ("totalRecordCount", "processedRecordCount", "successRecordCount", "errorRecordCount")


@pytest.fixture
def env(bedrock_jobs: Any) -> Any:
    bedrock_jobs.clock.set(START)
    return bedrock_jobs


def _get(bedrock: Any, arn: str) -> dict[str, Any]:
    job: dict[str, Any] = bedrock.get_model_invocation_job(jobIdentifier=arn)
    job.pop("ResponseMetadata")
    return job


# -- create and the status ladder ---------------------------------------------------------


def test_create_answers_200_with_the_job_arn_only(env: Any, bedrock: Any) -> None:
    response = bedrock.create_model_invocation_job(**batch_job_request())
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert set(response) == {"jobArn", "ResponseMetadata"}
    assert re.fullmatch(
        re.escape(ARN_PREFIX) + r"model-invocation-job/[a-z0-9]{12}", response["jobArn"]
    )


def test_a_job_climbs_every_status_on_the_clock(env: Any, bedrock: Any) -> None:
    arn = start_batch_job(bedrock)
    seen = []
    for status, start in PHASE_STARTS.items():
        env.clock.set(START + start)
        job = _get(bedrock, arn)
        seen.append((job["status"], job["lastModifiedTime"], job.get("endTime")))
        env.clock.set(START + start + timedelta(seconds=59))
        assert status_of(bedrock, arn) == status
    env.clock.set(START + RUN - timedelta(seconds=1))
    assert status_of(bedrock, arn) == "InProgress"
    env.clock.set(START + RUN)
    job = _get(bedrock, arn)
    seen.append((job["status"], job["lastModifiedTime"], job["endTime"]))
    assert seen == [
        ("Submitted", START, None),
        ("Validating", START + PHASE_STARTS["Validating"], None),
        ("Scheduled", START + PHASE_STARTS["Scheduled"], None),
        ("InProgress", START + PHASE_STARTS["InProgress"], None),
        ("Completed", START + RUN, START + RUN),
    ]


@needs_member("S3InputDataConfig", "s3BucketOwner")
def test_get_answers_every_member_with_the_defaults_filled_in(env: Any, bedrock: Any) -> None:
    arn = start_batch_job(bedrock, clientRequestToken="token-1")
    assert env.settle() == START + RUN  # an ended job leaves its timeout behind
    expected = {
        "jobArn": arn,
        "jobName": "batch-job-1",
        "modelId": NOVA_PRO_ARN,
        "clientRequestToken": "token-1",
        "roleArn": batch_job_request()["roleArn"],
        "status": "Completed",
        "submitTime": START,
        "lastModifiedTime": START + RUN,
        "endTime": START + RUN,
        "inputDataConfig": {
            "s3InputDataConfig": {"s3Uri": INPUT_URI, "s3BucketOwner": "123456789012"}
        },
        "outputDataConfig": {
            "s3OutputDataConfig": {"s3Uri": OUTPUT_URI, "s3BucketOwner": "123456789012"}
        },
        "timeoutDurationInHours": 24,
        "jobExpirationTime": START + DAY,
        "modelInvocationType": "InvokeModel",
    }
    assert _get(bedrock, arn) == in_shape("bedrock", "GetModelInvocationJob", expected)


@needs_member("CreateModelInvocationJobRequest", "vpcConfig")
def test_what_the_request_gives_is_echoed(env: Any, bedrock: Any) -> None:
    vpc = {"subnetIds": ["subnet-1"], "securityGroupIds": ["sg-1"]}
    request = batch_job_request(
        inputDataConfig={
            "s3InputDataConfig": {
                "s3Uri": INPUT_URI,
                "s3InputFormat": "JSONL",
                "s3BucketOwner": "111122223333",
            }
        },
        outputDataConfig={
            "s3OutputDataConfig": {
                "s3Uri": "s3://amzn-s3-demo-bucket/out",
                "s3EncryptionKeyId": "alias/batch",
            }
        },
        vpcConfig=vpc,
        timeoutDurationInHours=72,
    )
    converse = declares("bedrock", "CreateModelInvocationJob", "modelInvocationType", side="input")
    if converse:  # older models lack the member
        request["modelInvocationType"] = "Converse"
    arn = bedrock.create_model_invocation_job(**request)["jobArn"]
    job = _get(bedrock, arn)
    assert job["inputDataConfig"] == request["inputDataConfig"]
    assert job["outputDataConfig"]["s3OutputDataConfig"] == {
        "s3Uri": "s3://amzn-s3-demo-bucket/out",
        "s3EncryptionKeyId": "alias/batch",
        "s3BucketOwner": "123456789012",
    }
    assert job["vpcConfig"] == vpc
    assert job.get("modelInvocationType") == ("Converse" if converse else None)
    assert (job["timeoutDurationInHours"], job["jobExpirationTime"]) == (
        72,
        START + timedelta(hours=72),
    )


def test_without_moto_no_record_counts_appear(env: Any, bedrock: Any) -> None:
    arn = start_batch_job(bedrock)
    env.settle()
    job = _get(bedrock, arn)
    assert not set(COUNTS) & set(job)
    (summary,) = bedrock.list_model_invocation_jobs()["invocationJobSummaries"]
    assert not set(COUNTS) & set(summary)


def test_a_timeout_over_168_hours_is_refused(env: Any, raw_bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.create_model_invocation_job(**batch_job_request(timeoutDurationInHours=169))
    assert error_of(excinfo) == (
        "ValidationException",
        "1 validation error detected: Value '169' at 'timeoutDurationInHours' failed to "
        "satisfy constraint: Member must have value less than or equal to 168",
        400,
    )


# -- Get ----------------------------------------------------------------------------------


def test_get_takes_the_arn_or_the_bare_id(env: Any, bedrock: Any) -> None:
    arn = start_batch_job(bedrock)
    assert _get(bedrock, arn) == _get(bedrock, arn.rsplit("/", 1)[1])


@pytest.mark.parametrize(
    "identifier", ["abcdefghijkl", ARN_PREFIX + "model-invocation-job/abcdefghijkl"]
)
def test_get_of_an_unknown_job_is_not_found(env: Any, bedrock: Any, identifier: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_model_invocation_job(jobIdentifier=identifier)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified batch inference job '{identifier}' could not be found.",
        404,
    )


def test_a_job_is_not_found_by_its_name(env: Any, raw_bedrock: Any) -> None:
    start_batch_job(raw_bedrock, "named-job")
    with pytest.raises(ClientError) as excinfo:
        raw_bedrock.get_model_invocation_job(jobIdentifier="named-job")
    code, message, status = error_of(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith(
        "1 validation error detected: Value 'named-job' at 'jobIdentifier' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern"
    )


def test_another_accounts_job_is_not_found(env: Any, bedrock: Any) -> None:
    arn = start_batch_job(bedrock)
    other = boto3.client(
        "bedrock",
        region_name="us-east-1",
        aws_access_key_id="111122223333",
        aws_secret_access_key="x",
    )
    with pytest.raises(ClientError) as excinfo:
        other.get_model_invocation_job(jobIdentifier=arn)
    assert error_of(excinfo)[0] == "ResourceNotFoundException"


# -- Stop -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(PHASE_STARTS))
def test_stop_from_each_status_not_ended_is_stopping_then_stopped(
    env: Any, bedrock: Any, status: str
) -> None:
    arn = start_batch_job(bedrock)
    env.clock.set(START + PHASE_STARTS[status])
    assert status_of(bedrock, arn) == status
    stop = bedrock.stop_model_invocation_job(jobIdentifier=arn.rsplit("/", 1)[1])
    assert stop["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert set(stop) == {"ResponseMetadata"}
    stopped_at = env.clock.now()
    job = _get(bedrock, arn)
    assert (job["status"], job["lastModifiedTime"], job.get("endTime")) == (
        "Stopping",
        stopped_at,
        None,
    )
    env.clock.advance(STOP_DELAY - timedelta(seconds=1))
    assert status_of(bedrock, arn) == "Stopping"
    env.clock.advance(seconds=1)
    job = _get(bedrock, arn)
    assert (job["status"], job["endTime"]) == ("Stopped", stopped_at + STOP_DELAY)
    env.settle()  # nothing else was left to happen: no timeout, no end of run
    assert _get(bedrock, arn) == job


def test_stop_of_a_stopping_job_changes_nothing(env: Any, bedrock: Any) -> None:
    arn = start_batch_job(bedrock)
    bedrock.stop_model_invocation_job(jobIdentifier=arn)
    env.clock.advance(seconds=30)
    bedrock.stop_model_invocation_job(jobIdentifier=arn)
    env.clock.advance(seconds=30)
    job = _get(bedrock, arn)
    assert (job["status"], job["endTime"]) == ("Stopped", START + STOP_DELAY)


@pytest.mark.parametrize(
    ("quotas", "duration", "stop", "fail", "expected"),
    [
        ({}, None, False, None, "Completed"),
        ({}, None, False, "Out of capacity.", "Failed"),
        ({}, None, True, None, "Stopped"),
        ({"in_progress_model_invocation_jobs": 0}, None, False, None, "Expired"),
        ({}, timedelta(hours=30), False, None, "PartiallyCompleted"),
    ],
)
def test_stop_of_an_ended_job_says_what_state_it_was_in(
    quotas: dict[str, int],
    duration: timedelta | None,
    stop: bool,
    fail: str | None,
    expected: str,
) -> None:
    with mock_bedrock_jobs(quotas=quotas, start_time=START) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        if duration is not None:
            env.set_duration("model_invocation", duration)
        if fail is not None:
            env.fail_next("model_invocation", message=fail)
        arn = start_batch_job(bedrock)
        if stop:
            bedrock.stop_model_invocation_job(jobIdentifier=arn)
        env.settle()
        assert status_of(bedrock, arn) == expected
        with pytest.raises(ClientError) as excinfo:
            bedrock.stop_model_invocation_job(jobIdentifier=arn)
        job_id = arn.rsplit("/", 1)[1]
        assert error_of(excinfo) == (
            "ValidationException",
            f"The batch inference job {job_id} has ended and cannot be stopped. "
            f"State was: {expected}",
            400,
        )
        assert f"State was: {expected}" in excinfo.value.response["Error"]["Message"]


def test_stop_of_an_unknown_job_is_not_found(env: Any, bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.stop_model_invocation_job(jobIdentifier="abcdefghijkl")
    assert error_of(excinfo)[::2] == ("ResourceNotFoundException", 404)


# -- the timeout: Expired and PartiallyCompleted, on purpose ----------------------------------


def test_a_job_that_never_gets_a_slot_expires_at_its_timeout() -> None:
    with mock_bedrock_jobs(
        quotas={"in_progress_model_invocation_jobs": 0}, start_time=START
    ) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        arn = start_batch_job(bedrock)
        env.clock.set(START + DAY - timedelta(seconds=1))
        assert status_of(bedrock, arn) == "Scheduled"
        env.clock.set(START + DAY)
        job = _get(bedrock, arn)
        # endTime is when validation ended, lastModifiedTime the expiry (as real jobs show)
        assert (job["status"], job["endTime"], job["lastModifiedTime"]) == (
            "Expired",
            START + PHASE_STARTS["Scheduled"],
            START + DAY,
        )
        assert "message" not in job


def test_a_job_whose_run_outlasts_its_timeout_ends_partially_completed(
    env: Any, bedrock: Any
) -> None:
    env.set_duration("model_invocation", timedelta(hours=30))
    arn = start_batch_job(bedrock, timeoutDurationInHours=24)
    env.clock.set(START + DAY - timedelta(seconds=1))
    assert status_of(bedrock, arn) == "InProgress"
    env.clock.set(START + DAY)
    job = _get(bedrock, arn)
    assert (job["status"], job["endTime"], job["lastModifiedTime"]) == (
        "PartiallyCompleted",
        START + DAY,
        START + DAY,
    )


def test_a_job_whose_pending_phases_outlast_its_timeout_expires(env: Any, bedrock: Any) -> None:
    # Submitted, Validating and Scheduled take 30% of the run: 27 hours of 90, validation
    # ending at 22.5 hours.
    env.set_duration("model_invocation", timedelta(hours=90))
    arn = start_batch_job(bedrock)
    env.settle()
    job = _get(bedrock, arn)
    assert (job["status"], job["endTime"], job["lastModifiedTime"]) == (
        "Expired",
        START + timedelta(hours=22, minutes=30),
        START + DAY,
    )


def test_a_longer_timeout_lets_the_same_run_complete(env: Any, bedrock: Any) -> None:
    env.set_duration("model_invocation", timedelta(hours=30))
    arn = start_batch_job(bedrock, timeoutDurationInHours=48)
    env.settle()
    assert _get(bedrock, arn)["endTime"] == START + timedelta(hours=30)
    assert status_of(bedrock, arn) == "Completed"


def test_a_run_ending_exactly_at_the_timeout_completes(env: Any, bedrock: Any) -> None:
    env.set_duration("model_invocation", DAY)
    arn = start_batch_job(bedrock)
    env.settle()
    assert status_of(bedrock, arn) == "Completed"


# -- the queue behind the in-progress quota -------------------------------------------------


def test_a_job_waits_in_scheduled_until_a_job_of_its_model_ends() -> None:
    with mock_bedrock_jobs(
        quotas={"in_progress_model_invocation_jobs": 1}, start_time=START
    ) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        first = start_batch_job(bedrock, "first")
        second = start_batch_job(bedrock, "second")
        other_model = start_batch_job(bedrock, "other", model_id="amazon.nova-lite-v1:0")
        env.clock.set(START + PHASE_STARTS["InProgress"])
        assert [status_of(bedrock, arn) for arn in (first, second, other_model)] == [
            "InProgress",
            "Scheduled",
            "InProgress",
        ]
        env.clock.set(START + RUN)
        assert [status_of(bedrock, arn) for arn in (first, second)] == ["Completed", "InProgress"]
        assert _get(bedrock, second)["lastModifiedTime"] == START + RUN
        env.settle()
        assert _get(bedrock, second)["endTime"] == START + RUN + timedelta(minutes=14)


def test_stopping_the_running_job_starts_the_waiting_one_at_once() -> None:
    with mock_bedrock_jobs(
        quotas={"in_progress_model_invocation_jobs": 1}, start_time=START
    ) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        first = start_batch_job(bedrock, "first")
        second = start_batch_job(bedrock, "second")
        env.clock.set(START + timedelta(minutes=10))
        bedrock.stop_model_invocation_job(jobIdentifier=first)
        assert status_of(bedrock, second) == "InProgress"


def test_a_job_waiting_behind_a_long_run_expires() -> None:
    with mock_bedrock_jobs(
        quotas={"in_progress_model_invocation_jobs": 1},
        durations={"model_invocation": timedelta(hours=30)},
        start_time=START,
    ) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        first = start_batch_job(bedrock, "first", timeoutDurationInHours=48)
        env.clock.advance(minutes=1)
        second = start_batch_job(bedrock, "second")
        env.settle()
        assert [status_of(bedrock, arn) for arn in (first, second)] == ["Completed", "Expired"]
        assert _get(bedrock, second)["lastModifiedTime"] == START + DAY + timedelta(minutes=1)


# -- the test controls ------------------------------------------------------------------------


def test_env_complete_ends_a_job_completed_now_from_any_phase(env: Any, bedrock: Any) -> None:
    arn = start_batch_job(bedrock)
    env.clock.advance(minutes=2)
    env.complete(arn)
    job = _get(bedrock, arn)
    assert (job["status"], job["endTime"]) == ("Completed", START + timedelta(minutes=2))
    env.settle()
    assert _get(bedrock, arn) == job


def test_env_fail_ends_a_job_failed_with_its_message(env: Any, bedrock: Any) -> None:
    arn = start_batch_job(bedrock, "doomed")
    env.clock.set(START + PHASE_STARTS["InProgress"])
    env.fail("doomed", message="The model is unavailable.")
    job = _get(bedrock, arn)
    assert (job["status"], job["message"], job["endTime"]) == (
        "Failed",
        "The model is unavailable.",
        START + PHASE_STARTS["InProgress"],
    )


def test_fail_next_fails_the_job_at_the_end_of_its_run(env: Any, bedrock: Any) -> None:
    env.fail_next("model_invocation", message="Internal error.")
    arn = start_batch_job(bedrock)
    env.clock.set(START + RUN - timedelta(seconds=1))
    assert status_of(bedrock, arn) == "InProgress"
    env.clock.set(START + RUN)
    job = _get(bedrock, arn)
    assert (job["status"], job["message"], job["endTime"]) == (
        "Failed",
        "Internal error.",
        START + RUN,
    )


def test_set_duration_stretches_every_phase_alike(env: Any, bedrock: Any) -> None:
    env.set_duration("model_invocation", RUN * 2)
    arn = start_batch_job(bedrock)
    env.clock.set(START + PHASE_STARTS["InProgress"] * 2 - timedelta(seconds=1))
    assert status_of(bedrock, arn) == "Scheduled"
    env.clock.set(START + PHASE_STARTS["InProgress"] * 2)
    assert status_of(bedrock, arn) == "InProgress"


def test_an_injected_error_answers_the_next_get(env: Any, bedrock: Any) -> None:
    arn = start_batch_job(bedrock)
    env.inject_error("GetModelInvocationJob", "AccessDeniedException", message="Denied.")
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_model_invocation_job(jobIdentifier=arn)
    assert error_of(excinfo) == ("AccessDeniedException", "Denied.", 403)
    assert status_of(bedrock, arn) == "Submitted"


def test_the_state_view_shows_batch_jobs(env: Any, bedrock: Any) -> None:
    arn = start_batch_job(bedrock)
    (view,) = env.state().jobs["model_invocation"]
    assert (view.arn, view["status"], view["modelId"]) == (arn, "Submitted", NOVA_PRO_ARN)
