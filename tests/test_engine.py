"""The hook, credentials, accounts and regions, nesting and threads."""

from __future__ import annotations

import os
import sys
import threading
import uuid
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock import UnsupportedOperationError, mock_bedrock_jobs
from tests.conftest import assert_blocked
from tests.factories import bedrock_client, import_job_request

MANY = {"concurrent_model_import_jobs": 1000, "imported_models": 1000}


def _job_names(client: Any) -> list[str]:
    return [s["jobName"] for s in client.list_model_import_jobs()["modelImportJobSummaries"]]


def test_an_unserved_operation_raises_without_touching_the_network(
    bedrock: Any, network_attempts: Callable[[], list[Any]]
) -> None:
    with pytest.raises(UnsupportedOperationError) as excinfo:
        bedrock.list_guardrails()
    assert str(excinfo.value) == (
        "bedrock-jobs-mock does not serve bedrock:ListGuardrails. The call was stopped before "
        "it could reach the network; `bedrock-jobs-mock coverage` lists the operations it serves."
    )
    assert network_attempts() == []


def test_other_services_are_left_alone(bedrock_jobs: Any) -> None:
    sts = boto3.client("sts", region_name="us-east-1")
    assert_blocked(sts.get_caller_identity)


def test_nothing_is_answered_after_the_mock_stops(
    network_attempts: Callable[[], list[Any]],
) -> None:
    with mock_bedrock_jobs():
        client = boto3.client("bedrock", region_name="us-east-1")
        client.list_imported_models()
    assert_blocked(client.list_imported_models)
    assert network_attempts()[0] == "bedrock.us-east-1.amazonaws.com"


def test_injected_errors_end_with_the_mock() -> None:
    with mock_bedrock_jobs() as env:
        env.inject_error("ListImportedModels", "AccessDeniedException")
    with mock_bedrock_jobs():
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        assert bedrock.list_imported_models()["modelSummaries"] == []


def test_credentials_are_faked_and_restored_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-token")
    monkeypatch.setenv("AWS_PROFILE", "production")
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    before = dict(os.environ)
    with mock_bedrock_jobs():
        assert os.environ["AWS_ACCESS_KEY_ID"] == "BEDROCKJOBSMOCKKEY"
        assert "AWS_SESSION_TOKEN" not in os.environ
        assert "AWS_PROFILE" not in os.environ
        assert boto3.client("bedrock").meta.region_name == "us-east-1"
    assert dict(os.environ) == before


def test_credentials_are_restored_after_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
    before = dict(os.environ)
    with pytest.raises(KeyError), mock_bedrock_jobs():
        raise KeyError("boom")
    assert dict(os.environ) == before
    assert_blocked(boto3.client("bedrock", region_name="us-east-1").list_imported_models)


def test_credentials_changed_while_the_mock_ran_are_left_as_they_are(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another mock that changed the credentials while this one ran owns them now: this
    mock's exit does not put back what it found at its start over them."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "USERKEY")
    with mock_bedrock_jobs():
        os.environ["AWS_ACCESS_KEY_ID"] = "OTHERMOCKKEY"
    assert os.environ["AWS_ACCESS_KEY_ID"] == "OTHERMOCKKEY"


def test_a_start_that_fails_leaves_nothing_active(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "responses", None)  # the requests extra is missing
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "USERKEY")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "user-secret")
    missing = r"requests=True\) needs requests and responses: .*bedrock-jobs-mock\[requests\]"
    with pytest.raises(ModuleNotFoundError, match=missing), mock_bedrock_jobs(requests=True):
        pass
    assert os.environ["AWS_ACCESS_KEY_ID"] == "USERKEY"
    assert_blocked(lambda: boto3.client("bedrock", region_name="us-east-1").list_custom_models())


def test_a_client_created_before_the_mock_is_answered() -> None:
    client = boto3.client(
        "bedrock",
        region_name="us-east-1",
        aws_access_key_id="AKIAEXAMPLE",
        aws_secret_access_key="example",
    )
    with mock_bedrock_jobs():
        client.create_model_import_job(**import_job_request())
        assert _job_names(client) == ["import-job-1"]


def test_regions_are_isolated(bedrock_jobs: Any) -> None:
    east = boto3.client("bedrock", region_name="us-east-1")
    west = boto3.client("bedrock", region_name="us-west-2")
    arn = east.create_model_import_job(**import_job_request())["jobArn"]
    assert arn.startswith("arn:aws:bedrock:us-east-1:123456789012:")
    assert _job_names(west) == []
    with pytest.raises(ClientError) as excinfo:
        west.get_model_import_job(jobIdentifier=arn)
    assert excinfo.value.response["Error"]["Code"] == "ResourceNotFoundException"
    west.create_model_import_job(**import_job_request())  # same names, other region


def test_partition_follows_the_region(bedrock_jobs: Any) -> None:
    gov = boto3.client("bedrock", region_name="us-gov-west-1")
    arn = gov.create_model_import_job(**import_job_request())["jobArn"]
    assert arn.startswith("arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:model-import-job/")


def test_a_twelve_digit_access_key_is_the_account(bedrock_jobs: Any) -> None:
    other = bedrock_client("111122223333")
    arn = other.create_model_import_job(**import_job_request())["jobArn"]
    assert arn.startswith("arn:aws:bedrock:us-east-1:111122223333:")
    default = boto3.client("bedrock", region_name="us-east-1")
    assert _job_names(default) == []
    assert _job_names(other) == ["import-job-1"]


def test_default_account_from_option_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    with mock_bedrock_jobs(account_id="444455556666"):
        arn = boto3.client("bedrock", region_name="us-east-1").create_model_import_job(
            **import_job_request()
        )["jobArn"]
    assert ":444455556666:" in arn
    monkeypatch.setenv("BEDROCK_JOBS_MOCK_ACCOUNT_ID", "777788889999")
    with mock_bedrock_jobs():
        arn = boto3.client("bedrock", region_name="us-east-1").create_model_import_job(
            **import_job_request()
        )["jobArn"]
    assert ":777788889999:" in arn
    with pytest.raises(ValueError, match="account_id must be 12 digits"):
        mock_bedrock_jobs(account_id="12345")


def test_nested_mocks_share_state_until_the_outermost_exits() -> None:
    with mock_bedrock_jobs() as outer:
        client = boto3.client("bedrock", region_name="us-east-1")
        with mock_bedrock_jobs() as inner:
            client.create_model_import_job(**import_job_request())
            assert inner.clock is outer.clock
        assert _job_names(client) == ["import-job-1"]
    with mock_bedrock_jobs():
        assert _job_names(boto3.client("bedrock", region_name="us-east-1")) == []


def test_controls_need_a_started_mock() -> None:
    env = mock_bedrock_jobs()
    with pytest.raises(RuntimeError, match="the mock is not started"):
        env.clock.now()
    with pytest.raises(RuntimeError, match="this mock is not started"):
        env.stop()


@pytest.mark.bedrock_jobs(quotas=MANY)
def test_concurrent_creates_lose_and_duplicate_nothing(bedrock_jobs: Any) -> None:
    threads, per_thread = 8, 25
    arns: list[str] = []
    errors: list[BaseException] = []

    def create_jobs(worker: int) -> None:
        client = boto3.client("bedrock", region_name="us-east-1")
        try:
            for index in range(per_thread):
                request = import_job_request(f"job-{worker}-{index}", f"model-{worker}-{index}")
                arns.append(client.create_model_import_job(**request)["jobArn"])
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    workers = [threading.Thread(target=create_jobs, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert len(set(arns)) == threads * per_thread
    client = boto3.client("bedrock", region_name="us-east-1")
    listed = client.list_model_import_jobs(maxResults=1000)["modelImportJobSummaries"]
    assert sorted(s["jobArn"] for s in listed) == sorted(arns)


def test_every_answer_carries_a_request_id(bedrock: Any) -> None:
    ok = bedrock.list_imported_models()
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_imported_model(modelIdentifier="missing")
    ids = [
        ok["ResponseMetadata"]["RequestId"],
        excinfo.value.response["ResponseMetadata"]["RequestId"],
    ]
    assert all(len(request_id) == 36 for request_id in ids)
    assert all(str(uuid.UUID(request_id)) == request_id for request_id in ids)
    assert all(uuid.UUID(request_id).version == 4 for request_id in ids)
    assert all(uuid.UUID(request_id).variant == uuid.RFC_4122 for request_id in ids)
    assert ids[0] != ids[1]
