"""Model evaluation jobs through boto3, without S3: their lifecycle (automated on the clock,
human by control), Stop, BatchDelete, names, quotas, idempotency and tags."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock import DEFAULT_DURATIONS, mock_bedrock_jobs
from tests.evaluation_helpers import (
    CLAUDE,
    EVALUATION_ROLE_ARN,
    JUDGES,
    NOVA_PRO,
    algorithmic_request,
    human_request,
    judge_request,
    start,
    status_of,
)
from tests.factories import ARN_PREFIX, START, error_of, needs_member

RUN = DEFAULT_DURATIONS["model_evaluation"]
UNKNOWN = ARN_PREFIX + "evaluation-job/abcdefghijkl"
needs_judges = pytest.mark.skipif(not JUDGES, reason="this botocore's model has no judge jobs")


@pytest.fixture
def env() -> Any:
    with mock_bedrock_jobs(start_time=START) as mock:
        yield mock


@pytest.fixture
def bedrock(env: Any) -> Any:
    import boto3

    return boto3.client("bedrock", region_name="us-east-1")


def test_create_answers_202_with_the_job_arn(bedrock: Any) -> None:
    response = bedrock.create_evaluation_job(**algorithmic_request())
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert response["jobArn"].startswith(ARN_PREFIX + "evaluation-job/")
    assert len(response["jobArn"].rsplit("/", 1)[1]) == 12


def test_an_automated_job_is_in_progress_then_completed_after_its_duration(
    env: Any, bedrock: Any
) -> None:
    request = algorithmic_request(jobDescription="Accuracy of the tuned model")
    arn = start(bedrock, request)
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert job["status"] == "InProgress"
    assert job["jobType"] == "Automated"
    assert job.get("applicationType", "ModelEvaluation") == "ModelEvaluation"
    assert job["jobName"] == "eval-job-1"
    assert job["jobDescription"] == "Accuracy of the tuned model"
    assert job["roleArn"] == EVALUATION_ROLE_ARN
    assert job["evaluationConfig"] == request["evaluationConfig"]
    assert job["inferenceConfig"] == request["inferenceConfig"]
    assert job["outputDataConfig"] == request["outputDataConfig"]
    assert job["creationTime"] == START
    assert "failureMessages" not in job
    env.clock.advance(RUN - timedelta(seconds=1))
    assert status_of(bedrock, arn) == "InProgress"
    env.clock.advance(seconds=1)
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert (job["status"], job["lastModifiedTime"]) == ("Completed", START + RUN)


def test_fail_next_fails_an_automated_job_with_its_failure_messages(env: Any, bedrock: Any) -> None:
    env.fail_next("model_evaluation", message="The evaluator model was throttled.")
    arn = start(bedrock, algorithmic_request())
    env.settle()
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert job["status"] == "Failed"
    assert job["failureMessages"] == ["The evaluator model was throttled."]


@needs_judges
def test_a_metric_no_custom_metric_defines_passes_create_and_fails_the_job(
    bedrock: Any, env: Any
) -> None:
    request = judge_request()
    request["evaluationConfig"]["automated"]["datasetMetricConfigs"][0]["metricNames"].append(
        "Tone"
    )
    arn = start(bedrock, request)
    env.settle()
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert job["status"] == "Failed"
    assert job["failureMessages"] == [
        "The metric Tone is neither a built-in metric nor one of the job's customMetrics."
    ]


def test_a_custom_dataset_without_location_passes_create_and_fails_the_job(
    bedrock: Any, env: Any
) -> None:
    request = algorithmic_request()
    del request["evaluationConfig"]["automated"]["datasetMetricConfigs"][0]["dataset"][
        "datasetLocation"
    ]
    arn = start(bedrock, request)
    env.settle()
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert (job["status"], job["failureMessages"]) == (
        "Failed",
        ["The custom dataset prompts has no datasetLocation."],
    )


def test_a_human_job_waits_in_progress_until_a_control_completes_it(env: Any, bedrock: Any) -> None:
    arn = start(bedrock, human_request())
    env.settle()
    env.clock.advance(timedelta(days=30))
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert (job["status"], job["jobType"]) == ("InProgress", "Human")
    env.complete(arn)
    assert status_of(bedrock, arn) == "Completed"


def test_a_human_job_fails_by_control_with_its_message(env: Any, bedrock: Any) -> None:
    env.fail_next("model_evaluation", message="scripted for the next automated job")
    arn = start(bedrock, human_request())
    env.fail("human-job-1", "The work team never started.")
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert (job["status"], job["failureMessages"]) == ("Failed", ["The work team never started."])
    automated = start(bedrock, algorithmic_request())  # the scripted failure is still there
    env.settle()
    assert status_of(bedrock, automated) == "Failed"


def test_env_complete_ends_an_automated_job_at_once(env: Any, bedrock: Any) -> None:
    arn = start(bedrock, algorithmic_request())
    env.clock.advance(minutes=1)
    env.complete(arn)
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert (job["status"], job["lastModifiedTime"]) == ("Completed", START + timedelta(minutes=1))


def test_stop_makes_a_job_stopping_then_stopped(env: Any, bedrock: Any) -> None:
    arn = start(bedrock, algorithmic_request())
    env.clock.advance(minutes=2)
    assert (
        bedrock.stop_evaluation_job(jobIdentifier=arn)["ResponseMetadata"]["HTTPStatusCode"] == 200
    )
    assert status_of(bedrock, arn) == "Stopping"
    env.clock.advance(minutes=1)
    job = bedrock.get_evaluation_job(jobIdentifier=arn)
    assert (job["status"], job["lastModifiedTime"]) == ("Stopped", START + timedelta(minutes=3))
    env.settle()
    assert status_of(bedrock, arn) == "Stopped"  # the run's end no longer applies


def test_a_human_job_can_be_stopped(env: Any, bedrock: Any) -> None:
    arn = start(bedrock, human_request())
    bedrock.stop_evaluation_job(jobIdentifier=arn)
    env.settle()
    assert status_of(bedrock, arn) == "Stopped"


@pytest.mark.parametrize("status", ["Stopping", "Completed"])
def test_only_a_job_in_progress_can_be_stopped(env: Any, bedrock: Any, status: str) -> None:
    arn = start(bedrock, algorithmic_request())
    if status == "Stopping":
        bedrock.stop_evaluation_job(jobIdentifier=arn)
    else:
        env.settle()
    with pytest.raises(ClientError) as excinfo:
        bedrock.stop_evaluation_job(jobIdentifier=arn)
    assert error_of(excinfo) == (
        "ConflictException",
        f"The evaluation job eval-job-1 cannot be stopped: its status is {status}, and only "
        "InProgress jobs can be stopped.",
        400,
    )


@pytest.mark.parametrize("operation", ["get_evaluation_job", "stop_evaluation_job"])
def test_an_unknown_job_is_not_found(bedrock: Any, operation: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        getattr(bedrock, operation)(jobIdentifier=UNKNOWN)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified evaluation job '{UNKNOWN}' could not be found.",
        404,
    )


def test_a_job_id_alone_is_refused_by_the_models_pattern(bedrock: Any) -> None:
    arn = start(bedrock, algorithmic_request())
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_evaluation_job(jobIdentifier=arn.rsplit("/", 1)[1])
    code, message, status = error_of(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith("1 validation error detected: Value '")
    assert "at 'jobIdentifier' failed to satisfy constraint: Member must satisfy regular" in message


def test_a_job_of_another_region_is_not_found(env: Any, bedrock: Any) -> None:
    import boto3

    arn = start(bedrock, algorithmic_request())
    west = boto3.client("bedrock", region_name="us-west-2")
    with pytest.raises(ClientError) as excinfo:
        west.get_evaluation_job(jobIdentifier=arn)
    assert error_of(excinfo)[0] == "ResourceNotFoundException"


def test_a_job_name_is_unique_in_the_account_and_region(env: Any, bedrock: Any) -> None:
    start(bedrock, algorithmic_request("same-name"))
    env.settle()
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_evaluation_job(**human_request("same-name"))
    assert error_of(excinfo) == (
        "ConflictException",
        "The provided job name is currently in use.",
        400,
    )


def test_a_repeated_client_token_returns_the_first_job(env: Any, bedrock: Any) -> None:
    request = algorithmic_request(clientRequestToken="token-1")
    first = start(bedrock, request)
    assert start(bedrock, request) == first
    assert len(bedrock.list_evaluation_jobs()["jobSummaries"]) == 1


@pytest.mark.parametrize(
    ("quota", "make", "what"),
    [
        ("concurrent_automated_evaluation_jobs", algorithmic_request, "automated"),
        ("concurrent_human_evaluation_jobs", human_request, "human"),
    ],
)
def test_the_concurrent_jobs_quota_of_each_type(quota: str, make: Any, what: str) -> None:
    import boto3

    with mock_bedrock_jobs(quotas={quota: 1}) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        first = start(bedrock, make("job-1"))
        other = algorithmic_request if make is human_request else human_request
        start(bedrock, other("other-type"))  # the other type's quota is apart
        with pytest.raises(ClientError) as excinfo:
            start(bedrock, make("job-2"))
        assert error_of(excinfo) == (
            "ServiceQuotaExceededException",
            f"You have reached the maximum number of concurrent {what} model evaluation jobs "
            "(1) for this account and region.",
            400,
        )
        bedrock.stop_evaluation_job(jobIdentifier=first)
        env.settle()
        start(bedrock, make("job-2"))


def test_a_stopping_job_no_longer_counts_toward_the_quota() -> None:
    import boto3

    with mock_bedrock_jobs(quotas={"concurrent_automated_evaluation_jobs": 1}):
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        first = start(bedrock, algorithmic_request("job-1"))
        bedrock.stop_evaluation_job(jobIdentifier=first)
        assert status_of(bedrock, first) == "Stopping"
        second = start(bedrock, algorithmic_request("job-2"))
        assert status_of(bedrock, second) == "InProgress"
        with pytest.raises(ClientError) as excinfo:  # the new job holds the one slot
            start(bedrock, algorithmic_request("job-3"))
        assert error_of(excinfo)[0] == "ServiceQuotaExceededException"


def test_job_tags_and_tag_resource(env: Any, bedrock: Any) -> None:
    arn = start(bedrock, algorithmic_request(jobTags=[{"key": "team", "value": "ml"}]))
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "stage", "value": "ci"}])
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [
        {"key": "team", "value": "ml"},
        {"key": "stage", "value": "ci"},
    ]


def test_more_than_fifty_job_tags_are_refused(bedrock: Any) -> None:
    tags = [{"key": f"k{index}", "value": "v"} for index in range(51)]
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_evaluation_job(**algorithmic_request(jobTags=tags))
    code, message, status = error_of(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert message.endswith("would exceed the limit of 50 tags.")
    assert bedrock.list_evaluation_jobs()["jobSummaries"] == []


# -- BatchDeleteEvaluationJob --------------------------------------------------------------


def test_batch_delete_deletes_ended_jobs_and_reports_the_others(env: Any, bedrock: Any) -> None:
    completed = start(bedrock, algorithmic_request("completed"))
    env.fail_next("model_evaluation")
    failed = start(bedrock, algorithmic_request("failed"))
    stopped = start(bedrock, human_request("stopped"))
    bedrock.stop_evaluation_job(jobIdentifier=stopped)
    env.settle()
    running = start(bedrock, human_request("running"))
    stopping = start(bedrock, algorithmic_request("stopping"))
    bedrock.stop_evaluation_job(jobIdentifier=stopping)
    response = bedrock.batch_delete_evaluation_job(
        jobIdentifiers=[completed, failed, stopped, running, stopping, UNKNOWN]
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert response["evaluationJobs"] == [
        {"jobIdentifier": arn, "jobStatus": "Deleting"} for arn in (completed, failed, stopped)
    ]
    assert response["errors"] == [
        {
            "jobIdentifier": running,
            "code": "400",
            "message": "The evaluation job is InProgress: only Completed, Failed and Stopped "
            "jobs can be deleted.",
        },
        {
            "jobIdentifier": stopping,
            "code": "400",
            "message": "The evaluation job is Stopping: only Completed, Failed and Stopped "
            "jobs can be deleted.",
        },
        {
            "jobIdentifier": UNKNOWN,
            "code": "404",
            "message": "Unable to locate this job to delete.",
        },
    ]
    assert status_of(bedrock, completed) == "Deleting"
    again = bedrock.batch_delete_evaluation_job(jobIdentifiers=[completed])
    assert again["evaluationJobs"] == [{"jobIdentifier": completed, "jobStatus": "Deleting"}]
    env.clock.advance(minutes=1)
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_evaluation_job(jobIdentifier=completed)
    assert error_of(excinfo)[0] == "ResourceNotFoundException"
    names = {job["jobName"] for job in bedrock.list_evaluation_jobs()["jobSummaries"]}
    assert names == {"running", "stopping"}
    start(bedrock, algorithmic_request("completed"))  # its name is free again


def test_batch_delete_takes_at_most_25_jobs(bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.batch_delete_evaluation_job(jobIdentifiers=[UNKNOWN] * 26)
    code, message, status = error_of(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert "at 'jobIdentifiers' failed to satisfy constraint: Member must have length less " in (
        message
    )


# -- ListEvaluationJobs -------------------------------------------------------------------


def _names(bedrock: Any, **filters: Any) -> list[str]:
    return [job["jobName"] for job in bedrock.list_evaluation_jobs(**filters)["jobSummaries"]]


def test_list_filters_sorts_and_pages(env: Any, bedrock: Any) -> None:
    assert bedrock.list_evaluation_jobs()["jobSummaries"] == []  # empty, as the service answers
    for number in range(7):
        start(bedrock, algorithmic_request(f"accuracy-{number}"))
        env.clock.advance(minutes=1)
    human = start(bedrock, human_request("human-review"))
    env.complete("accuracy-0")
    assert _names(bedrock)[:2] == ["human-review", "accuracy-6"]  # newest first
    assert len(_names(bedrock)) == 8  # more than the model's 5 in one page
    assert _names(bedrock, sortBy="CreationTime", sortOrder="Ascending")[0] == "accuracy-0"
    assert _names(bedrock, statusEquals="Completed") == ["accuracy-0"]
    assert _names(bedrock, nameContains="review") == ["human-review"]
    after = START + timedelta(minutes=5)
    assert _names(bedrock, creationTimeAfter=after) == ["human-review", "accuracy-6"]
    assert _names(bedrock, creationTimeBefore=START + timedelta(minutes=1)) == ["accuracy-0"]
    pages = bedrock.get_paginator("list_evaluation_jobs").paginate(PaginationConfig={"PageSize": 3})
    assert [len(page["jobSummaries"]) for page in pages] == [3, 3, 2]
    (summary,) = bedrock.list_evaluation_jobs(nameContains="human")["jobSummaries"]
    assert summary["jobArn"] == human
    assert summary["jobType"] == "Human"
    assert summary["evaluationTaskTypes"] == ["General"]
    assert summary["modelIdentifiers"] == [CLAUDE, NOVA_PRO]


@needs_member("ListEvaluationJobsRequest", "applicationTypeEquals")
def test_list_filters_by_application_type(env: Any, bedrock: Any) -> None:
    start(bedrock, algorithmic_request())
    assert _names(bedrock, applicationTypeEquals="ModelEvaluation") == ["eval-job-1"]
    assert _names(bedrock, applicationTypeEquals="RagEvaluation") == []


@needs_judges
def test_a_judge_summary_names_its_models(env: Any, bedrock: Any) -> None:
    start(bedrock, judge_request())
    (summary,) = bedrock.list_evaluation_jobs()["jobSummaries"]
    assert summary["evaluatorModelIdentifiers"] == [NOVA_PRO]
    assert summary["inferenceConfigSummary"] == {
        "modelConfigSummary": {
            "bedrockModelIdentifiers": [CLAUDE],
            "precomputedInferenceSourceIdentifiers": [],
        }
    }
    assert summary["applicationType"] == "ModelEvaluation"


def test_set_duration_and_an_injected_error(env: Any, bedrock: Any) -> None:
    env.set_duration("model_evaluation", timedelta(hours=2))
    arn = start(bedrock, algorithmic_request())
    env.inject_error("GetEvaluationJob", "ThrottlingException", count=10)
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_evaluation_job(jobIdentifier=arn)
    assert error_of(excinfo) == (
        "ThrottlingException",
        "ThrottlingException injected by the test.",
        429,
    )
    env.settle()
    assert env.clock.now() == START + timedelta(hours=2)


def test_finish_after_reads_ends_an_automated_job_and_leaves_a_human_one(
    env: Any, bedrock: Any
) -> None:
    automated = start(bedrock, algorithmic_request())
    human = start(bedrock, human_request())
    env.finish_after_reads("model_evaluation", 2)
    assert [status_of(bedrock, automated) for _ in range(2)] == ["InProgress", "Completed"]
    assert [status_of(bedrock, human) for _ in range(3)] == ["InProgress"] * 3


def test_the_controls_see_evaluation_jobs(env: Any, bedrock: Any) -> None:
    arn = start(bedrock, algorithmic_request())
    (job,) = env.state().jobs["model_evaluation"]
    assert (job.arn, job["status"]) == (arn, "InProgress")
    calls = [call.operation for call in env.calls]
    assert calls == ["CreateEvaluationJob"]
