"""env.fail_next and env.set_duration: how the next jobs of a kind end, and how long they run.

Every served job family is listed in ``FAMILIES``: each starts one job of its
kind through boto3 and reads back its status and failure message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, NamedTuple

import boto3
import pytest

from bedrock_jobs_mock import DEFAULT_DURATIONS, mock_bedrock_jobs
from tests.factories import (
    START,
    SUFFIXED_MODEL_ARNS_ACCEPTED,
    bring_model,
    copy_model,
    custom_model_request,
    customization_job_request,
    customize,
    has_operation,
    import_job_request,
)
from tests.lookout_helpers import OWNER, create_dataset, lookout_client, policy, train_model

#: The status and failure message of a job, as its Get/Describe operation reports them.
Outcome = tuple[str, "str | None"]
Reader = Callable[[], Outcome]


class Family(NamedTuple):
    kind: str
    start: Callable[[Any, int], Reader]
    completed: str
    failed: str


def _bedrock() -> Any:
    return boto3.client("bedrock", region_name="us-east-1")


def _read_bedrock_job(get: Callable[..., Any], arn: str) -> Reader:
    def read() -> Outcome:
        job = get(jobIdentifier=arn)
        return job["status"], job.get("failureMessage")

    return read


def _start_import(env: Any, n: int) -> Reader:
    bedrock = _bedrock()
    request = import_job_request(f"import-{n}", f"imported-{n}")
    arn = bedrock.create_model_import_job(**request)["jobArn"]
    return _read_bedrock_job(bedrock.get_model_import_job, arn)


def _start_customization(env: Any, n: int) -> Reader:
    bedrock = _bedrock()
    request = customization_job_request(f"tune-{n}", f"custom-{n}")
    arn = bedrock.create_model_customization_job(**request)["jobArn"]
    return _read_bedrock_job(bedrock.get_model_customization_job, arn)


def _start_copy(env: Any, n: int) -> Reader:
    bedrock = _bedrock()
    if n == 0:
        customize(env, bedrock, "copy-source")
    source = bedrock.get_custom_model(modelIdentifier="copy-source")["modelArn"]
    arn = copy_model(bedrock, source, f"copy-{n}")

    def read() -> Outcome:
        job = bedrock.get_model_copy_job(jobArn=arn)
        return job["status"], job.get("failureMessage")

    return read


def _start_creation(env: Any, n: int) -> Reader:
    bedrock = _bedrock()
    arn = bedrock.create_custom_model(**custom_model_request(f"brought-{n}"))["modelArn"]

    def read() -> Outcome:
        model = bedrock.get_custom_model(modelIdentifier=arn)
        return model["modelStatus"], model.get("failureMessage")

    return read


def _start_deployment(env: Any, n: int) -> Reader:
    bedrock = _bedrock()
    if n == 0:
        bring_model(env, bedrock, "deployed-model")
    model_arn = bedrock.get_custom_model(modelIdentifier="deployed-model")["modelArn"]
    arn = bedrock.create_custom_model_deployment(
        modelDeploymentName=f"deployment-{n}", modelArn=model_arn
    )["customModelDeploymentArn"]

    def read() -> Outcome:
        deployment = bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
        return deployment["status"], deployment.get("failureMessage")

    return read


def _start_throughput(env: Any, n: int) -> Reader:
    bedrock = _bedrock()
    arn = bedrock.create_provisioned_model_throughput(
        provisionedModelName=f"throughput-{n}",
        modelId="amazon.titan-text-lite-v1:0:4k",
        modelUnits=1,
    )["provisionedModelArn"]

    def read() -> Outcome:
        throughput = bedrock.get_provisioned_model_throughput(provisionedModelId=arn)
        return throughput["status"], throughput.get("failureMessage")

    return read


def _read_version(client: Any, model: str, number: int) -> Reader:
    def read() -> Outcome:
        version = client.describe_model_version(ModelName=model, ModelVersion=number)
        return version["Status"], version.get("FailedReason")

    return read


def _start_lookout_training(env: Any, n: int) -> Reader:
    lookout = lookout_client()
    if n == 0:
        create_dataset(lookout)
    lookout.create_model(ModelName=f"pump-{n}", DatasetName="pump-data")
    return _read_version(lookout, f"pump-{n}", 1)


def _start_lookout_import(env: Any, n: int) -> Reader:
    owner, importer = lookout_client(OWNER), lookout_client()
    if n == 0:
        source = train_model(env, owner)["ActiveModelVersionArn"]
        owner.put_resource_policy(
            ResourceArn=source, ResourcePolicy=policy(principal={"AWS": "123456789012"})
        )
        create_dataset(importer)
    source = owner.describe_model(ModelName="pump-model")["ActiveModelVersionArn"]
    importer.import_model_version(
        SourceModelVersionArn=source, DatasetName="pump-data", ModelName=f"copy-{n}"
    )
    return _read_version(importer, f"copy-{n}", 1)


FAMILIES = [
    Family("model_import", _start_import, "Completed", "Failed"),
    Family("model_customization", _start_customization, "Completed", "Failed"),
    Family("lookout_model_training", _start_lookout_training, "SUCCESS", "FAILED"),
    Family("lookout_model_import", _start_lookout_import, "SUCCESS", "FAILED"),
    Family("provisioned_throughput", _start_throughput, "InService", "Failed"),
]
if SUFFIXED_MODEL_ARNS_ACCEPTED:  # the oldest models refuse a customized model as a source
    FAMILIES.append(Family("model_copy", _start_copy, "Completed", "Failed"))
if has_operation("bedrock", "CreateCustomModelDeployment"):  # absent from the oldest models
    FAMILIES += [
        Family("custom_model_creation", _start_creation, "Active", "Failed"),
        Family("custom_model_deployment", _start_deployment, "Active", "Failed"),
    ]
MANY = {"concurrent_model_import_jobs": 10, "imported_models": 10}


@pytest.fixture(params=FAMILIES, ids=[family.kind for family in FAMILIES])
def family(request: pytest.FixtureRequest) -> Family:
    chosen: Family = request.param
    return chosen


def test_fail_next_fails_the_next_job_of_its_kind_at_its_normal_end(family: Family) -> None:
    with mock_bedrock_jobs(quotas=MANY, start_time=START) as env:
        env.fail_next(family.kind, message="Out of capacity.")
        read = family.start(env, 0)
        running = read()
        env.clock.advance(DEFAULT_DURATIONS[family.kind] - timedelta(seconds=1))
        assert read() == running
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
    read = _start_import(bedrock_jobs, 0)
    bedrock_jobs.settle()
    assert read() == ("Completed", None)


def test_a_scripted_customization_failure_fails_the_training_phase(bedrock_jobs: Any) -> None:
    bedrock_jobs.fail_next("model_customization", message="Training diverged.")
    bedrock = _bedrock()
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
    earlier = _start_import(bedrock_jobs, 0)
    bedrock_jobs.set_duration("model_import", timedelta(minutes=1))
    bedrock_jobs.complete("import-0")
    later = _start_import(bedrock_jobs, 1)
    bedrock_jobs.clock.advance(minutes=1)
    assert later()[0] == "Completed"
    bedrock_jobs.set_duration("model_import", 30)
    last = _start_import(bedrock_jobs, 2)
    bedrock_jobs.clock.advance(seconds=30)
    assert (earlier()[0], last()[0]) == ("Completed", "Completed")


def test_set_duration_of_customization_splits_the_new_duration_into_phases(
    bedrock_jobs: Any,
) -> None:
    bedrock_jobs.set_duration("model_customization", 100)
    read = _start_customization(bedrock_jobs, 0)
    bedrock_jobs.clock.advance(seconds=99)
    assert read()[0] == "InProgress"
    bedrock_jobs.clock.advance(seconds=1)
    assert read()[0] == "Completed"


def test_set_duration_lasts_only_as_long_as_the_mock() -> None:
    mock = mock_bedrock_jobs(durations={"model_import": 60})
    with mock as env:
        env.set_duration("model_import", 10)
    with mock as env:
        read = _start_import(env, 0)
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
