"""No request to a mocked service leaves the process while a mock is active, whichever
client sends it: a client whose botocore session predates the hook (made before
``bedrock_jobs_mock`` was imported) is answered below botocore's event system."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import botocore.session
import pytest
from moto import mock_aws

from bedrock_jobs_mock import UnsupportedOperationError, mock_bedrock_jobs
from bedrock_jobs_mock.doors import botocore_hook
from tests.conftest import assert_blocked
from tests.factories import import_job_request

KEYS = {"aws_access_key_id": "AKIAEXAMPLEKEY", "aws_secret_access_key": "secret"}


@pytest.fixture
def session_without_the_hook() -> Iterator[botocore.session.Session]:
    """A botocore session as one created before the package was imported: without the hook."""
    session = botocore.session.Session()
    session.unregister("before-send", botocore_hook.before_send)
    yield session


def test_a_client_without_the_hook_is_answered(
    session_without_the_hook: Any, network_attempts: Callable[[], list[Any]]
) -> None:
    bedrock = session_without_the_hook.create_client("bedrock", "us-east-1", **KEYS)
    lookout = session_without_the_hook.create_client("lookoutequipment", "eu-west-1", **KEYS)
    with mock_bedrock_jobs() as env:
        arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
        assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "InProgress"
        assert lookout.list_models()["ModelSummaries"] == []
        assert [(call.operation, call.region) for call in env.calls] == [
            ("CreateModelImportJob", "us-east-1"),
            ("GetModelImportJob", "us-east-1"),
            ("ListModels", "eu-west-1"),
        ]
    assert network_attempts() == []


def test_its_errors_are_the_services(session_without_the_hook: Any) -> None:
    bedrock = session_without_the_hook.create_client("bedrock", "us-east-1", **KEYS)
    with mock_bedrock_jobs(), pytest.raises(bedrock.exceptions.ResourceNotFoundException) as error:
        bedrock.get_model_import_job(jobIdentifier="no-such-job")
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_an_unserved_operation_never_leaves_the_process(
    session_without_the_hook: Any, network_attempts: Callable[[], list[Any]]
) -> None:
    bedrock = session_without_the_hook.create_client("bedrock", "us-east-1", **KEYS)
    with mock_bedrock_jobs(), pytest.raises(UnsupportedOperationError) as excinfo:
        bedrock.list_guardrails()
    assert str(excinfo.value).startswith("bedrock-jobs-mock does not serve bedrock:ListGuardrails.")
    assert network_attempts() == []


def test_an_operation_neither_mock_serves_never_leaves_the_process(
    network_attempts: Callable[[], list[Any]],
) -> None:
    # While moto is active the hook leaves unserved operations to it: one moto does not
    # implement either is refused in the process all the same.
    with mock_aws(), mock_bedrock_jobs():
        bedrock = botocore.session.Session().create_client("bedrock", "us-east-1", **KEYS)
        with pytest.raises(NotImplementedError, match="list_guardrails"):
            bedrock.list_guardrails()
    assert network_attempts() == []


def test_other_services_and_inactive_mocks_are_left_alone(
    session_without_the_hook: Any, network_attempts: Callable[[], list[Any]]
) -> None:
    bedrock = session_without_the_hook.create_client("bedrock", "us-east-1", **KEYS)
    sts = session_without_the_hook.create_client("sts", "us-east-1", **KEYS)
    with mock_bedrock_jobs():
        assert_blocked(sts.get_caller_identity)
    assert_blocked(bedrock.list_imported_models)
    # (botocore retries each refused connection; older releases call STS's global endpoint)
    assert {host.split(".")[0] for host in network_attempts()} == {"sts", "bedrock"}


#: A process that makes its clients first and imports the mock after: every attempt to
#: open a connection is recorded (and refused), and none may happen while the mock is active.
CLIENT_BEFORE_IMPORT = """
import socket

attempts = []

def refuse(*args, **kwargs):
    attempts.append(args)
    raise OSError("no network in this test")

socket.getaddrinfo = refuse
socket.socket.connect = refuse

import boto3

keys = dict(aws_access_key_id="AKIAEXAMPLEKEY", aws_secret_access_key="secret")
bedrock = boto3.client("bedrock", region_name="us-east-1", **keys)
lookout = boto3.client("lookoutequipment", region_name="us-east-1", **keys)

from bedrock_jobs_mock import UnsupportedOperationError, mock_bedrock_jobs

with mock_bedrock_jobs():
    bedrock.create_model_import_job(
        jobName="job",
        importedModelName="model",
        roleArn="arn:aws:iam::123456789012:role/r",
        modelDataSource={"s3DataSource": {"s3Uri": "s3://bucket/key/"}},
    )
    jobs = bedrock.list_model_import_jobs()["modelImportJobSummaries"]
    assert [job["jobName"] for job in jobs] == ["job"], jobs
    assert lookout.list_datasets()["DatasetSummaries"] == []
    try:
        bedrock.list_guardrails()
    except UnsupportedOperationError:
        pass
    else:
        raise AssertionError("an unserved operation was answered")
assert attempts == [], attempts
"""


def test_a_client_made_before_the_import_is_answered() -> None:
    subprocess.run([sys.executable, "-c", CLIENT_BEFORE_IMPORT], check=True, timeout=120)


def test_with_moto_a_client_without_the_hook_is_answered_by_this_mock_not_moto(
    session_without_the_hook: Any, network_attempts: Callable[[], list[Any]]
) -> None:
    # A client made after moto was imported but before this package: its session has
    # moto's handler and not the hook. moto leaves the operations this mock serves alone.
    with mock_aws(), mock_bedrock_jobs() as env:
        bedrock = session_without_the_hook.create_client("bedrock", "us-east-1", **KEYS)
        arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
        assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "InProgress"
        assert [call.operation for call in env.calls] == [
            "CreateModelImportJob",
            "GetModelImportJob",
        ]
    assert network_attempts() == []
