"""Model customization jobs through boto3: create, the phases on the clock, stop, fail, checks."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, Callable

import boto3
import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock.services.bedrock import catalog
from bedrock_jobs_mock.services.bedrock.catalog import (
    CONTINUED_PRE_TRAINING,
    FINE_TUNING,
    HYPERPARAMETER_TYPES,
)
from bedrock_jobs_mock.services.bedrock.customization import CONFIG_MEMBER_OF_TYPE, PHASES
from tests.factories import (
    ARN_PREFIX,
    CUSTOMIZATION_ROLE_ARN,
    OUTPUT_URI,
    START,
    TITAN,
    TITAN_ARN,
    TRAINING_URI,
    customization_job_request,
    declares,
    enum_values,
    error_of,
    in_shape,
    shape_members,
)

WEST_TITAN_ARN = TITAN_ARN.replace("us-east-1", "us-west-2")
CUSTOMIZATION_TYPES = enum_values("bedrock", "CustomizationType")

needs_status_details = pytest.mark.skipif(
    not declares("bedrock", "GetModelCustomizationJob", "statusDetails"),
    reason="this botocore's model has no statusDetails",
)
needs_customization_config = pytest.mark.skipif(
    not declares("bedrock", "CreateModelCustomizationJob", "customizationConfig", side="input"),
    reason="this botocore's model has no customizationConfig",
)
needs_rft_config = pytest.mark.skipif(
    "rftConfig" not in (shape_members("bedrock", "CustomizationConfig") or []),
    reason="this botocore's model has no rftConfig",
)
pytestmark = pytest.mark.bedrock_jobs(start_time=START)


def at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


def _job(client: Any, identifier: str = "tune-job-1") -> dict[str, Any]:
    job: dict[str, Any] = client.get_model_customization_job(jobIdentifier=identifier)
    job.pop("ResponseMetadata")
    return job


def _phases(job: dict[str, Any]) -> list[tuple[str, datetime | None, datetime | None]]:
    """(status, creationTime, lastModifiedTime) of each phase, in order."""
    details = job["statusDetails"]
    return [
        (
            details[name]["status"],
            details[name].get("creationTime"),
            details[name].get("lastModifiedTime"),
        )
        for name in PHASES
    ]


NOT_STARTED = ("NotStarted", None, None)

# -- create and read ---------------------------------------------------------------------


def test_create_answers_201_with_an_arn_naming_the_suffixed_base_model(bedrock: Any) -> None:
    created = bedrock.create_model_customization_job(**customization_job_request())
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    pattern = (
        ARN_PREFIX + r"model-customization-job/amazon\.titan-text-express-v1:0:8k/[a-z0-9]{12}"
    )
    assert re.fullmatch(pattern, created["jobArn"])


def test_a_running_job_reports_its_request_with_defaults_filled_in(bedrock: Any) -> None:
    arn = bedrock.create_model_customization_job(
        **customization_job_request(
            base=TITAN_ARN,
            clientRequestToken="token-1",
            customModelKmsKeyId="1234abcd-12ab-34cd-56ef-1234567890ab",
            vpcConfig={"subnetIds": ["subnet-1"], "securityGroupIds": ["sg-1"]},
        )
    )["jobArn"]
    assert _job(bedrock, arn) == in_shape(
        "bedrock",
        "GetModelCustomizationJob",
        {
            "jobArn": arn,
            "jobName": "tune-job-1",
            "outputModelName": "custom-model-1",
            "clientRequestToken": "token-1",
            "roleArn": CUSTOMIZATION_ROLE_ARN,
            "status": "InProgress",
            "statusDetails": {
                "validationDetails": {
                    "status": "InProgress",
                    "creationTime": START,
                    "lastModifiedTime": START,
                },
                "dataProcessingDetails": {"status": "NotStarted"},
                "trainingDetails": {"status": "NotStarted"},
            },
            "creationTime": START,
            "lastModifiedTime": START,
            "baseModelArn": TITAN_ARN,
            "hyperParameters": {
                "epochCount": "2",
                "batchSize": "1",
                "learningRate": "0.00001",
                "learningRateWarmupSteps": "5",
            },
            "trainingDataConfig": {"s3Uri": TRAINING_URI},
            "validationDataConfig": {"validators": []},
            "outputDataConfig": {"s3Uri": OUTPUT_URI},
            "customizationType": "FINE_TUNING",
            "outputModelKmsKeyArn": (
                "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
            ),
            "vpcConfig": {"subnetIds": ["subnet-1"], "securityGroupIds": ["sg-1"]},
        },
    )


@needs_status_details
def test_status_details_move_through_the_phases_on_the_clock(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    expected = [
        (4.99, "InProgress", [("InProgress", START, START), NOT_STARTED, NOT_STARTED]),
        (
            5,
            "InProgress",
            [("Completed", START, at(5)), ("InProgress", at(5), at(5)), NOT_STARTED],
        ),
        (
            15,
            "InProgress",
            [
                ("Completed", START, at(5)),
                ("Completed", at(5), at(15)),
                ("InProgress", at(15), at(15)),
            ],
        ),
        (
            50,
            "Completed",
            [
                ("Completed", START, at(5)),
                ("Completed", at(5), at(15)),
                ("Completed", at(15), at(50)),
            ],
        ),
    ]
    for minutes, status, phases in expected:
        bedrock_jobs.clock.set(at(minutes))
        job = _job(bedrock)
        assert (job["status"], _phases(job)) == (status, phases), minutes
        assert job["lastModifiedTime"] == max(p[2] for p in phases if p[2] is not None)


def test_a_completed_job_reports_its_model_end_time_and_metrics(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    validators = [
        {"s3Uri": "s3://amzn-s3-demo-bucket/validation/a.jsonl"},
        {"s3Uri": "s3://amzn-s3-demo-bucket/validation/b.jsonl"},
    ]
    arn = bedrock.create_model_customization_job(
        **customization_job_request(
            clientRequestToken="token-1", validationDataConfig={"validators": validators}
        )
    )["jobArn"]
    bedrock_jobs.clock.set(at(49.99))
    running = _job(bedrock)
    assert {"outputModelArn", "endTime", "trainingMetrics", "validationMetrics"} & set(
        running
    ) == set()

    bedrock_jobs.clock.set(at(50))
    job = _job(bedrock)
    model_pattern = ARN_PREFIX + r"custom-model/amazon\.titan-text-express-v1:0:8k/([a-z0-9]{12})"
    model_id = re.fullmatch(model_pattern, job["outputModelArn"])
    assert model_id is not None and model_id.group(1) != arn.rsplit("/", 1)[1]
    training_loss = job["trainingMetrics"]["trainingLoss"]
    assert 0.05 <= training_loss <= 2
    losses = [entry["validationLoss"] for entry in job["validationMetrics"]]
    assert len(losses) == 2
    assert all(training_loss < loss <= 2 for loss in losses)
    assert job == in_shape(
        "bedrock",
        "GetModelCustomizationJob",
        {
            "jobArn": arn,
            "jobName": "tune-job-1",
            "outputModelName": "custom-model-1",
            "outputModelArn": job["outputModelArn"],
            "clientRequestToken": "token-1",
            "roleArn": CUSTOMIZATION_ROLE_ARN,
            "status": "Completed",
            "statusDetails": {
                "validationDetails": {
                    "status": "Completed",
                    "creationTime": START,
                    "lastModifiedTime": at(5),
                },
                "dataProcessingDetails": {
                    "status": "Completed",
                    "creationTime": at(5),
                    "lastModifiedTime": at(15),
                },
                "trainingDetails": {
                    "status": "Completed",
                    "creationTime": at(15),
                    "lastModifiedTime": at(50),
                },
            },
            "creationTime": START,
            "lastModifiedTime": at(50),
            "endTime": at(50),
            "baseModelArn": TITAN_ARN,
            "hyperParameters": {
                "epochCount": "2",
                "batchSize": "1",
                "learningRate": "0.00001",
                "learningRateWarmupSteps": "5",
            },
            "trainingDataConfig": {"s3Uri": TRAINING_URI},
            "validationDataConfig": {"validators": validators},
            "outputDataConfig": {"s3Uri": OUTPUT_URI},
            "customizationType": "FINE_TUNING",
            "trainingMetrics": {"trainingLoss": training_loss},
            "validationMetrics": [{"validationLoss": loss} for loss in losses],
        },
    )


def test_metrics_follow_the_job_not_the_run(bedrock_jobs: Any, bedrock: Any) -> None:
    west = boto3.client("bedrock", region_name="us-west-2")
    for client in (bedrock, west):
        for name in ("tune-a", "tune-b"):
            client.create_model_customization_job(**customization_job_request(name, f"m-{name}"))
    bedrock_jobs.settle()

    def loss(client: Any, name: str) -> float:
        return float(_job(client, name)["trainingMetrics"]["trainingLoss"])

    assert loss(bedrock, "tune-a") != loss(bedrock, "tune-b")
    assert loss(bedrock, "tune-a") == loss(west, "tune-a")
    assert _job(bedrock, "tune-a")["validationMetrics"] == []


@pytest.mark.bedrock_jobs(start_time=START, durations={"model_customization": 100})
def test_the_duration_is_configurable(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    bedrock_jobs.clock.set(START + timedelta(seconds=99))
    assert _job(bedrock)["status"] == "InProgress"
    assert bedrock_jobs.settle() == START + timedelta(seconds=100)
    assert _job(bedrock)["endTime"] == START + timedelta(seconds=100)


def test_complete_finishes_the_job_now(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    bedrock_jobs.clock.set(at(1))
    bedrock_jobs.complete("tune-job-1")
    job = _job(bedrock)
    assert (job["status"], job["endTime"]) == ("Completed", at(1))
    model = bedrock.get_custom_model(modelIdentifier="custom-model-1")
    assert model["modelArn"] == job["outputModelArn"]


@needs_status_details
def test_complete_finishes_every_phase_now(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    bedrock_jobs.clock.set(at(1))
    bedrock_jobs.complete("tune-job-1")
    assert _phases(_job(bedrock)) == [
        ("Completed", START, at(1)),
        ("Completed", at(1), at(1)),
        ("Completed", at(1), at(1)),
    ]


def test_a_failed_job_has_a_message_an_end_time_and_no_model(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    bedrock_jobs.clock.set(at(20))
    bedrock_jobs.fail("tune-job-1", message="The training data has invalid records.")
    job = _job(bedrock)
    assert job["status"] == "Failed"
    assert job["failureMessage"] == "The training data has invalid records."
    assert job["endTime"] == job["lastModifiedTime"] == at(20)
    assert {"outputModelArn", "trainingMetrics"} & set(job) == set()
    bedrock_jobs.settle()
    assert bedrock.list_custom_models()["modelSummaries"] == []


@needs_status_details
def test_fail_marks_the_running_phase_failed(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    bedrock_jobs.clock.set(at(10))
    bedrock_jobs.fail("tune-job-1")
    assert _phases(_job(bedrock)) == [
        ("Completed", START, at(5)),
        ("Failed", at(5), at(10)),
        NOT_STARTED,
    ]


# -- stop ---------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [2, 10, 30])
def test_stop_moves_to_stopping_at_once_then_stopped(
    bedrock_jobs: Any, bedrock: Any, minutes: int
) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    bedrock_jobs.clock.set(at(minutes))
    answer = bedrock.stop_model_customization_job(jobIdentifier="tune-job-1")
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert set(answer) == {"ResponseMetadata"}
    stopping = _job(bedrock)
    assert (stopping["status"], stopping["lastModifiedTime"]) == ("Stopping", at(minutes))
    assert "endTime" not in stopping

    bedrock_jobs.clock.set(at(minutes + 1))
    stopped = _job(bedrock)
    assert (stopped["status"], stopped["endTime"]) == ("Stopped", at(minutes + 1))
    assert bedrock_jobs.settle() == at(minutes + 1)
    assert {"outputModelArn", "trainingMetrics"} & set(_job(bedrock)) == set()
    assert bedrock.list_custom_models()["modelSummaries"] == []


@needs_status_details
@pytest.mark.parametrize(("minutes", "running"), [(2, 0), (10, 1), (30, 2)])
def test_stop_stops_the_running_phase_and_leaves_later_ones_not_started(
    bedrock_jobs: Any, bedrock: Any, minutes: int, running: int
) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    bedrock_jobs.clock.set(at(minutes))
    bedrock.stop_model_customization_job(jobIdentifier="tune-job-1")
    stopping = [status for status, _, _ in _phases(_job(bedrock))]
    bedrock_jobs.clock.set(at(minutes + 1))
    stopped = _phases(_job(bedrock))

    done = ["Completed"] * running
    later = ["NotStarted"] * (len(PHASES) - running - 1)
    assert stopping == [*done, "Stopping", *later]
    assert [status for status, _, _ in stopped] == [*done, "Stopped", *later]
    assert stopped[running][2] == at(minutes + 1)


def _reach(state: str, env: Any, client: Any) -> None:
    """Bring job tune-job-1 to ``state``."""
    moves: dict[str, Callable[[], Any]] = {
        "Completed": env.settle,
        "Failed": lambda: env.fail("tune-job-1"),
        "Stopping": lambda: client.stop_model_customization_job(jobIdentifier="tune-job-1"),
    }
    if state == "Stopped":
        moves["Stopping"]()
        env.settle()
    else:
        moves[state]()


@pytest.mark.parametrize("state", ["Completed", "Failed", "Stopping", "Stopped"])
def test_only_an_in_progress_job_can_be_stopped(
    bedrock_jobs: Any, bedrock: Any, state: str
) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    _reach(state, bedrock_jobs, bedrock)
    with pytest.raises(ClientError) as excinfo:
        bedrock.stop_model_customization_job(jobIdentifier="tune-job-1")
    assert error_of(excinfo) == (
        "ConflictException",
        f"The model customization job tune-job-1 cannot be stopped: its status is {state}, "
        "and only InProgress jobs can be stopped.",
        400,
    )
    assert _job(bedrock)["status"] == state


@pytest.mark.parametrize("operation", ["get", "stop"])
def test_an_unknown_job_is_not_found(bedrock: Any, operation: str) -> None:
    call = {
        "get": bedrock.get_model_customization_job,
        "stop": bedrock.stop_model_customization_job,
    }[operation]
    for identifier in ("no-such-job", ARN_PREFIX + f"model-customization-job/{TITAN}/abcdefghijkl"):
        with pytest.raises(ClientError) as excinfo:
            call(jobIdentifier=identifier)
        assert error_of(excinfo) == (
            "ResourceNotFoundException",
            f"The specified model customization job '{identifier}' could not be found.",
            404,
        )


# -- names, tokens, tags ----------------------------------------------------------------


@pytest.mark.parametrize("state", ["InProgress", "Completed", "Stopped", "Failed"])
def test_a_job_name_stays_taken_whatever_its_status(
    bedrock_jobs: Any, bedrock: Any, state: str
) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    if state != "InProgress":
        _reach(state, bedrock_jobs, bedrock)
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(**customization_job_request(model_name="other"))
    assert error_of(excinfo) == (
        "ValidationException",
        "The provided job name is currently in use.",
        400,
    )


def test_a_model_name_taken_by_a_running_job_or_a_model_conflicts(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    with pytest.raises(ClientError) as running:
        bedrock.create_model_customization_job(**customization_job_request("tune-job-2"))
    bedrock_jobs.settle()
    with pytest.raises(ClientError) as existing:
        bedrock.create_model_customization_job(**customization_job_request("tune-job-3"))
    expected = ("ConflictException", "A custom model named custom-model-1 already exists.", 400)
    assert error_of(running) == expected
    assert error_of(existing) == expected


@pytest.mark.parametrize("state", ["Stopping", "Failed"])
def test_a_job_that_will_make_no_model_leaves_its_name_free(
    bedrock_jobs: Any, bedrock: Any, state: str
) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    _reach(state, bedrock_jobs, bedrock)
    bedrock.create_model_customization_job(**customization_job_request("tune-job-2"))
    bedrock_jobs.settle()
    model = bedrock.get_custom_model(modelIdentifier="custom-model-1")
    assert model["jobName"] == "tune-job-2"


def test_a_repeated_client_token_returns_the_first_job(bedrock: Any) -> None:
    first = bedrock.create_model_customization_job(
        **customization_job_request(clientRequestToken="token-1")
    )
    again = bedrock.create_model_customization_job(
        **customization_job_request("tune-job-2", "custom-model-2", clientRequestToken="token-1")
    )
    assert again["jobArn"] == first["jobArn"]
    summaries = bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]
    assert [s["jobName"] for s in summaries] == ["tune-job-1"]


def test_a_client_token_is_forgotten_eight_hours_after_its_first_use(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    first = bedrock.create_model_customization_job(
        **customization_job_request(clientRequestToken="token-1")
    )
    bedrock_jobs.clock.advance(hours=7, minutes=59)
    again = bedrock.create_model_customization_job(
        **customization_job_request("tune-job-2", "custom-model-2", clientRequestToken="token-1")
    )
    assert again["jobArn"] == first["jobArn"]
    bedrock_jobs.clock.advance(minutes=1)
    later = bedrock.create_model_customization_job(
        **customization_job_request("tune-job-2", "custom-model-2", clientRequestToken="token-1")
    )
    assert later["jobArn"] != first["jobArn"]


def test_botocore_fills_in_a_fresh_token_for_each_call(bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    bedrock.create_model_customization_job(**customization_job_request("tune-job-2", "model-2"))
    tokens = {_job(bedrock, name)["clientRequestToken"] for name in ("tune-job-1", "tune-job-2")}
    assert len(tokens) == 2


FIFTY_ONE_TAGS = [{"key": f"k{index}", "value": "v"} for index in range(51)]


def test_more_than_fifty_job_tags_name_the_job_and_create_nothing(bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(**customization_job_request(jobTags=FIFTY_ONE_TAGS))
    code, message, status = error_of(excinfo)
    assert (code, status) == ("TooManyTagsException", 400)
    job_arn = excinfo.value.response["resourceName"]
    assert re.fullmatch(ARN_PREFIX + f"model-customization-job/{TITAN}/[a-z0-9]{{12}}", job_arn)
    assert message == f"The number of tags on resource {job_arn} would exceed the limit of 50 tags."
    assert bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []


def test_more_than_fifty_model_tags_name_the_model_to_be_and_create_nothing(
    bedrock: Any,
) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(
            **customization_job_request(customModelTags=FIFTY_ONE_TAGS)
        )
    assert error_of(excinfo) == (
        "TooManyTagsException",
        "The number of tags on resource custom-model-1 would exceed the limit of 50 tags.",
        400,
    )
    assert excinfo.value.response["resourceName"] == "custom-model-1"
    assert bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []


def test_job_tags_go_to_the_job(bedrock: Any) -> None:
    arn = bedrock.create_model_customization_job(
        **customization_job_request(jobTags=[{"key": "team", "value": "ml"}])
    )["jobArn"]
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [
        {"key": "team", "value": "ml"}
    ]


# -- the base model, the customization type and the hyperparameters ----------------------

UNKNOWN = "The base model '{}' does not exist or is not available to this account."
MISSING_CUSTOM_MODEL = ARN_PREFIX + f"custom-model/{TITAN}/abcdefghijkl"
OTHER_REGION = "The model '{}' is in us-west-2, not in us-east-1 where this request was made."


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"base": "amazon.titan-text-mega-v9"}, UNKNOWN.format("amazon.titan-text-mega-v9")),
        ({"base": "no-such-custom-model"}, UNKNOWN.format("no-such-custom-model")),
        ({"base": MISSING_CUSTOM_MODEL}, UNKNOWN.format(MISSING_CUSTOM_MODEL)),
        ({"base": "us.amazon.nova-micro-v1:0"}, UNKNOWN.format("us.amazon.nova-micro-v1:0")),
        ({"base": WEST_TITAN_ARN}, OTHER_REGION.format(WEST_TITAN_ARN)),
        (
            {"base": "amazon.titan-embed-text-v2:0"},
            "The base model 'amazon.titan-embed-text-v2:0' does not support model customization.",
        ),
        (
            {"base": "anthropic.claude-3-haiku-20240307-v1:0"},
            "The base model 'anthropic.claude-3-haiku-20240307-v1:0' cannot be customized "
            "in us-east-1.",
        ),
        (
            {
                "base": "amazon.nova-micro-v1:0",
                "customizationType": "CONTINUED_PRE_TRAINING",
                "hyperParameters": {},
            },
            "The base model 'amazon.nova-micro-v1:0' does not support customization type "
            "CONTINUED_PRE_TRAINING; it supports FINE_TUNING, DISTILLATION.",
        ),
        (
            {"hyperParameters": {"epochs": "2"}},
            "Hyperparameter 'epochs' is not supported by the base model "
            "'amazon.titan-text-express-v1'; supported: epochCount, batchSize, learningRate, "
            "learningRateWarmupSteps.",
        ),
        (
            {"hyperParameters": {"learningRate": "fast"}},
            "Hyperparameter 'learningRate' must be a number, got 'fast'.",
        ),
        (
            {"hyperParameters": {"learningRate": "nan"}},
            "Hyperparameter 'learningRate' must be a number, got 'nan'.",
        ),
        (
            {"hyperParameters": {"epochCount": "2.5"}},
            "Hyperparameter 'epochCount' must be an integer, got '2.5'.",
        ),
        (
            {"hyperParameters": {"epochCount": "11"}},
            "Hyperparameter 'epochCount' must be between 1 and 10, got '11'.",
        ),
        (
            {"hyperParameters": {"learningRate": "-0.1"}},
            "Hyperparameter 'learningRate' must be between 0 and 1, got '-0.1'.",
        ),
        (
            {"base": "amazon.nova-lite-v1:0", "hyperParameters": {"learningRate": "0.001"}},
            "Hyperparameter 'learningRate' must be between 1e-06 and 0.0001, got '0.001'.",
        ),
    ],
)
def test_a_request_the_base_model_cannot_take_is_refused(
    bedrock: Any, overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(**customization_job_request(**overrides))
    assert error_of(excinfo) == ("ValidationException", message, 400)
    assert bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []


@pytest.mark.parametrize(
    ("base", "hyperparameters", "message"),
    [
        (
            "anthropic.claude-3-haiku-20240307-v1:0",
            {"learningRateMultiplier": "2.5"},
            "Hyperparameter 'learningRateMultiplier' must be between 0.1 and 2, got '2.5'.",
        ),
        (
            "meta.llama3-1-8b-instruct-v1:0",
            {"batchSize": "2"},
            "Hyperparameter 'batchSize' must be between 1 and 1, got '2'.",
        ),
    ],
)
def test_each_family_has_its_own_ranges(
    bedrock_jobs: Any, base: str, hyperparameters: dict[str, str], message: str
) -> None:
    west = boto3.client("bedrock", region_name="us-west-2")
    with pytest.raises(ClientError) as excinfo:
        west.create_model_customization_job(
            **customization_job_request(base=base, hyperParameters=hyperparameters)
        )
    assert error_of(excinfo) == ("ValidationException", message, 400)


@pytest.mark.parametrize(
    ("base", "hyper_parameters"),
    [
        # amazon-bedrock-samples, custom-models/on_demand_inference/
        # 02_fine-tune_nova_micro_with_on_demand_inference.ipynb, as written.
        (
            "amazon.nova-micro-v1:0:128k",
            {"epochCount": "2", "batchSize": "1", "learningRate": "0.00005"},
        ),
        # Its tool-use notebook's hyperparameters, within Nova's documented ranges.
        (
            "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0",
            {
                "epochCount": "1",
                "batchSize": "1",
                "learningRate": "1.00E-05",
                "learningRateWarmupSteps": "5",
            },
        ),
    ],
)
def test_nova_takes_the_batch_size_awss_own_notebooks_send(
    bedrock: Any, base: str, hyper_parameters: dict[str, str]
) -> None:
    bedrock.create_model_customization_job(
        **customization_job_request(base=base, hyperParameters=hyper_parameters)
    )
    # The job reports what it was given, with the documented defaults of the rest.
    assert _job(bedrock)["hyperParameters"] == {
        "epochCount": "2",
        "learningRate": "0.00001",
        "learningRateWarmupSteps": "10",
        **hyper_parameters,
    }


def test_a_nova_job_reports_no_batch_size_it_was_not_given(bedrock: Any) -> None:
    bedrock.create_model_customization_job(
        **customization_job_request(base="amazon.nova-lite-v1:0", hyperParameters={})
    )
    assert _job(bedrock)["hyperParameters"] == {
        "epochCount": "2",
        "learningRate": "0.00001",
        "learningRateWarmupSteps": "10",
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "Hyperparameter 'batchSize' must be between 1 and 64, got '0'."),
        ("65", "Hyperparameter 'batchSize' must be between 1 and 64, got '65'."),
        ("1.5", "Hyperparameter 'batchSize' must be an integer, got '1.5'."),
    ],
)
def test_a_nova_batch_size_out_of_range_is_refused(bedrock: Any, value: str, message: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(
            **customization_job_request(
                base="amazon.nova-micro-v1:0:128k", hyperParameters={"batchSize": value}
            )
        )
    assert error_of(excinfo) == ("ValidationException", message, 400)


NOVA_CANVAS = "amazon.nova-canvas-v1:0"


def test_awss_nova_canvas_fine_tuning_notebook_creates_its_job(bedrock: Any) -> None:
    # amazon-bedrock-samples, custom-models/bedrock-fine-tuning/nova/canvas/
    # 1-CanvasFT-customization-job.ipynb, as written.
    bucket_name = "amazonbedrockft-imagegen-ronsmila-123456789012-us-east-1"
    custom_model_name = "image-gen-ft-2026-12-06-09-00-00"
    bedrock.create_model_customization_job(
        customizationType="FINE_TUNING",
        jobName="image-gen-ft-2026-12-06-09-00-00",
        customModelName=custom_model_name,
        roleArn=CUSTOMIZATION_ROLE_ARN,
        baseModelIdentifier=NOVA_CANVAS,
        hyperParameters={"stepCount": "8000", "batchSize": "8", "learningRate": "0.00001"},
        trainingDataConfig={"s3Uri": f"s3://{bucket_name}/prompts/output.jsonl"},
        outputDataConfig={"s3Uri": f"s3://{bucket_name}/outputs/output-{custom_model_name}"},
    )
    status = bedrock.list_model_customization_jobs(nameContains="image-gen-ft")[
        "modelCustomizationJobSummaries"
    ][0]["status"]
    assert status == "InProgress"
    job = _job(bedrock, "image-gen-ft-2026-12-06-09-00-00")
    assert job["baseModelArn"] == f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_CANVAS}"
    assert job["jobArn"].startswith(ARN_PREFIX + f"model-customization-job/{NOVA_CANVAS}/")
    assert job["hyperParameters"] == {
        "stepCount": "8000",
        "batchSize": "8",
        "learningRate": "0.00001",
    }


@pytest.mark.parametrize(
    ("hyper_parameters", "message"),
    [
        (
            {"stepCount": "20001"},
            "Hyperparameter 'stepCount' must be between 10 and 20000, got '20001'.",
        ),
        ({"batchSize": "4"}, "Hyperparameter 'batchSize' must be between 8 and 192, got '4'."),
        (
            {"epochCount": "2"},
            f"Hyperparameter 'epochCount' is not supported by the base model '{NOVA_CANVAS}'; "
            "supported: batchSize, stepCount, learningRate.",
        ),
    ],
)
def test_nova_canvas_takes_its_own_hyperparameters(
    bedrock: Any, hyper_parameters: dict[str, str], message: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(
            **customization_job_request(base=NOVA_CANVAS, hyperParameters=hyper_parameters)
        )
    assert error_of(excinfo) == ("ValidationException", message, 400)


# -- reinforcement fine-tuning ------------------------------------------------------------

NOVA_2_LITE_ARN = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-lite-v1:0:256k"
GRADER_ARN = "arn:aws:lambda:us-east-1:123456789012:function:gsm8k-reward-function"


def _rft(base: str = NOVA_2_LITE_ARN, **rft_config: Any) -> dict[str, Any]:
    """AWS's Nova RFT notebook's request (amazon-bedrock-samples, custom-models/
    bedrock-reinforcement-fine-tuning/models/nova/nova_gsm8k_rft.ipynb), as written."""
    config = {
        "graderConfig": {"lambdaGrader": {"lambdaArn": GRADER_ARN}},
        "hyperParameters": {
            "batchSize": 32,
            "epochCount": 1,
            "evalInterval": 10,
            "inferenceMaxTokens": 1000,
            "learningRate": 0.00005,
            "maxPromptLength": 4000,
            "reasoningEffort": "high",
            "trainingSamplePerPrompt": 4,
        },
        **rft_config,
    }
    return {
        "jobName": "gsm8k-rft-20261206-1796547600",
        "customModelName": "gsm8k-nova-rft-20261206-e1_bs32_lr5e05",
        "roleArn": CUSTOMIZATION_ROLE_ARN,
        "baseModelIdentifier": base,
        "customizationType": "REINFORCEMENT_FINE_TUNING",
        "trainingDataConfig": {"s3Uri": TRAINING_URI},
        "validationDataConfig": {"validators": [{"s3Uri": TRAINING_URI}]},
        "outputDataConfig": {"s3Uri": "s3://amzn-s3-demo-bucket/rft-output/"},
        "customizationConfig": {"rftConfig": config},
    }


@needs_rft_config
def test_reinforcement_fine_tuning_of_nova_2_lite_runs_to_a_model(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    arn = bedrock.create_model_customization_job(**_rft())["jobArn"]
    assert arn.startswith(ARN_PREFIX + "model-customization-job/amazon.nova-2-lite-v1:0:256k/")
    bedrock_jobs.settle()
    job = _job(bedrock, arn)
    assert (job["status"], job["customizationType"]) == ("Completed", "REINFORCEMENT_FINE_TUNING")
    assert job["customizationConfig"] == _rft()["customizationConfig"]
    assert "hyperParameters" not in job  # an RFT job's are in its rftConfig
    model = bedrock.get_custom_model(modelIdentifier=job["outputModelArn"])
    assert model["customizationType"] == "REINFORCEMENT_FINE_TUNING"


@needs_rft_config
@pytest.mark.parametrize(
    ("base", "supported"),
    [
        ("amazon.nova-micro-v1:0:128k", "FINE_TUNING, DISTILLATION"),
        (NOVA_CANVAS, "FINE_TUNING"),
        ("amazon.titan-text-express-v1", "FINE_TUNING, CONTINUED_PRE_TRAINING"),
    ],
)
def test_reinforcement_fine_tuning_of_a_model_without_it_is_refused(
    bedrock: Any, base: str, supported: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(**_rft(base=base))
    assert error_of(excinfo) == (
        "ValidationException",
        f"The base model '{base}' does not support customization type "
        f"REINFORCEMENT_FINE_TUNING; it supports {supported}.",
        400,
    )
    assert bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []


@needs_rft_config
def test_reinforcement_fine_tuning_outside_us_east_1_is_refused(bedrock_jobs: Any) -> None:
    west = boto3.client("bedrock", region_name="us-west-2")
    with pytest.raises(ClientError) as excinfo:
        west.create_model_customization_job(**_rft(base="amazon.nova-2-lite-v1:0"))
    assert error_of(excinfo) == (
        "ValidationException",
        "The base model 'amazon.nova-2-lite-v1:0' cannot be customized in us-west-2.",
        400,
    )


@needs_rft_config
@pytest.mark.parametrize(
    "customization_config", [None, {"rftConfig": {"hyperParameters": {"epochCount": 1}}}]
)
def test_reinforcement_fine_tuning_without_a_grader_is_refused(
    bedrock: Any, customization_config: Any
) -> None:
    request = _rft()
    if customization_config is None:
        del request["customizationConfig"]
    else:
        request["customizationConfig"] = customization_config
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(**request)
    assert error_of(excinfo) == (
        "ValidationException",
        "Customization type REINFORCEMENT_FINE_TUNING requires "
        "customizationConfig.rftConfig with a graderConfig.",
        400,
    )


@needs_rft_config
def test_reinforcement_fine_tuning_takes_no_top_level_hyperparameters(bedrock: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(**_rft(), hyperParameters={"epochCount": "1"})
    assert error_of(excinfo) == (
        "ValidationException",
        "Customization type REINFORCEMENT_FINE_TUNING takes no hyperparameters; got 'epochCount'.",
        400,
    )


def test_continued_pre_training_where_the_model_supports_it(bedrock: Any) -> None:
    bedrock.create_model_customization_job(
        **customization_job_request(
            base="amazon.titan-text-lite-v1:0",
            customizationType="CONTINUED_PRE_TRAINING",
            hyperParameters={"learningRate": "1e-5", "batchSize": "64"},
        )
    )
    job = _job(bedrock)
    assert job["customizationType"] == "CONTINUED_PRE_TRAINING"
    assert (
        job["baseModelArn"]
        == "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-lite-v1:0:4k"
    )
    assert job["hyperParameters"] == {
        "epochCount": "5",
        "batchSize": "64",
        "learningRate": "1e-5",
        "learningRateWarmupSteps": "5",
    }


@pytest.mark.parametrize("kind", ["IMPORTED", "REINFORCEMENT_FINE_TUNING"])
def test_a_customization_type_the_base_model_lacks_is_refused(bedrock: Any, kind: str) -> None:
    if kind not in CUSTOMIZATION_TYPES:
        pytest.skip(f"this botocore's model has no customization type {kind}")
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(**customization_job_request(customizationType=kind))
    assert error_of(excinfo) == (
        "ValidationException",
        f"The base model 'amazon.titan-text-express-v1' does not support customization type "
        f"{kind}; it supports FINE_TUNING, CONTINUED_PRE_TRAINING.",
        400,
    )


@needs_rft_config
def test_an_rft_config_is_only_valid_with_reinforcement_fine_tuning(bedrock: Any) -> None:
    grader = {"lambdaGrader": {"lambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:g"}}
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(
            **customization_job_request(customizationConfig={"rftConfig": {"graderConfig": grader}})
        )
    assert error_of(excinfo) == (
        "ValidationException",
        "customizationConfig.rftConfig is only valid with customization type "
        "REINFORCEMENT_FINE_TUNING, not FINE_TUNING.",
        400,
    )
    assert bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []


# -- distillation -------------------------------------------------------------------------


WEST_NOVA_PRO_ARN = "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0"
WEST_PROFILE_ARN = (
    "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.amazon.nova-pro-v1:0"
)


def _distillation(teacher: str, **overrides: Any) -> dict[str, Any]:
    config = {"teacherModelIdentifier": teacher, "maxResponseLengthForInference": 1000}
    request = customization_job_request(
        base="amazon.nova-micro-v1:0",
        customizationType="DISTILLATION",
        hyperParameters={},
        customizationConfig={"distillationConfig": {"teacherModelConfig": config}},
    )
    request.update(overrides)
    return request


@needs_customization_config
@pytest.mark.parametrize(
    "teacher",
    [
        "amazon.nova-pro-v1:0",
        "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-premier-v1:0",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-premier-v1:0",
        "us.amazon.nova-pro-v1:0",
    ],
)
def test_distillation_from_a_teacher_of_the_base_model(
    bedrock_jobs: Any, bedrock: Any, teacher: str
) -> None:
    request = _distillation(teacher)
    bedrock.create_model_customization_job(**request)
    bedrock_jobs.settle()
    job = _job(bedrock)
    model = bedrock.get_custom_model(modelIdentifier="custom-model-1")
    for reported in (job, model):
        assert reported["customizationType"] == "DISTILLATION"
        assert reported["customizationConfig"] == request["customizationConfig"]
        # The family's fine-tuning hyperparameters are not a distillation job's.
        assert "hyperParameters" not in reported


@needs_customization_config
@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (
            customization_job_request(
                base="amazon.nova-micro-v1:0", customizationType="DISTILLATION", hyperParameters={}
            ),
            "Customization type DISTILLATION requires customizationConfig.distillationConfig "
            "with a teacher model.",
        ),
        (
            _distillation("amazon.nova-ultra-v1:0"),
            "The teacher model 'amazon.nova-ultra-v1:0' does not exist.",
        ),
        (
            _distillation("anthropic.claude-3-5-sonnet-20241022-v2:0"),
            "The teacher model 'anthropic.claude-3-5-sonnet-20241022-v2:0' cannot distill the "
            "base model 'amazon.nova-micro-v1:0'; its teachers are "
            "amazon.nova-premier-v1:0, amazon.nova-pro-v1:0.",
        ),
        (
            _distillation("amazon.nova-pro-v1:0", customizationType="FINE_TUNING"),
            "customizationConfig.distillationConfig is only valid with customization type "
            "DISTILLATION, not FINE_TUNING.",
        ),
        (
            _distillation("amazon.nova-pro-v1:0", hyperParameters={"epochCount": "2"}),
            "Customization type DISTILLATION takes no hyperparameters; got 'epochCount'.",
        ),
        (
            _distillation(WEST_NOVA_PRO_ARN),
            OTHER_REGION.format(WEST_NOVA_PRO_ARN),
        ),
        (
            _distillation(WEST_PROFILE_ARN),
            OTHER_REGION.format(WEST_PROFILE_ARN),
        ),
    ],
)
def test_a_distillation_without_a_valid_teacher_is_refused(
    bedrock: Any, request_: dict[str, Any], message: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(**request_)
    assert error_of(excinfo) == ("ValidationException", message, 400)


# -- constants that follow botocore's model --------------------------------------------------


def test_the_phases_are_the_members_of_status_details() -> None:
    members = shape_members("bedrock", "StatusDetails")
    if members is None:
        pytest.skip("this botocore's model has no StatusDetails")
    assert list(PHASES) == members


def test_each_customization_config_member_comes_with_its_customization_type() -> None:
    members = shape_members("bedrock", "CustomizationConfig") or []
    assert set(members) <= set(CONFIG_MEMBER_OF_TYPE.values())
    # Where the installed model has a config member it has its type, and the other way.
    assert {kind: kind in CUSTOMIZATION_TYPES for kind in CONFIG_MEMBER_OF_TYPE} == {
        kind: member in members for kind, member in CONFIG_MEMBER_OF_TYPE.items()
    }


def test_the_catalogue_names_only_customization_types_of_the_model() -> None:
    used = {kind for model in catalog.all_models() for kind in model.customizations}
    older = {FINE_TUNING, CONTINUED_PRE_TRAINING}  # in every supported botocore
    assert older | set(HYPERPARAMETER_TYPES) <= set(CUSTOMIZATION_TYPES)
    # The newer types are checked against the model by the config-member test above.
    assert used <= older | set(CONFIG_MEMBER_OF_TYPE)


# -- the concurrent-jobs quota -------------------------------------------------------------


def test_concurrent_customization_jobs_are_unlimited_by_default(bedrock: Any) -> None:
    for index in range(5):
        bedrock.create_model_customization_job(
            **customization_job_request(f"job-{index}", f"model-{index}")
        )
    assert len(bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]) == 5


@pytest.mark.bedrock_jobs(quotas={"concurrent_model_customization_jobs": 2})
def test_a_concurrent_customization_jobs_quota_can_be_set(bedrock_jobs: Any, bedrock: Any) -> None:
    for index in range(2):
        bedrock.create_model_customization_job(
            **customization_job_request(f"job-{index}", f"model-{index}")
        )
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_customization_job(**customization_job_request("job-2", "model-2"))
    assert error_of(excinfo) == (
        "ServiceQuotaExceededException",
        "You have reached the maximum number of concurrent model customization jobs (2) "
        "for this account and region.",
        400,
    )
    bedrock_jobs.complete("job-0")
    bedrock.create_model_customization_job(**customization_job_request("job-2", "model-2"))


def test_every_job_and_model_gets_an_id_of_its_own(bedrock_jobs: Any, bedrock: Any) -> None:
    jobs = [
        bedrock.create_model_customization_job(
            **customization_job_request(job_name=f"tune-{index}", model_name=f"model-{index}")
        )["jobArn"]
        for index in range(200)
    ]
    bedrock_jobs.settle()
    models = [
        bedrock.get_model_customization_job(jobIdentifier=arn)["outputModelArn"] for arn in jobs
    ]
    ids = [arn.rsplit("/", 1)[1] for arn in jobs + models]
    assert all(re.fullmatch("[a-z0-9]{12}", each) for each in ids)
    assert len(set(ids)) == 400
    assert ids[:200] != sorted(ids[:200])  # not handed out in order
