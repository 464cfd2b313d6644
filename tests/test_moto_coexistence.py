"""One test, both mocks: moto's ``mock_aws`` and this one, entered in either order,
as decorators, context managers or fixtures. The mock answers its own operations
and nothing else does; every other call goes to moto; nothing reaches the network."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any, Callable

import boto3
import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock import BedrockJobsMock, UnsupportedOperationError, mock_bedrock_jobs
from tests.factories import customization_job_request, import_job_request

moto = pytest.importorskip("moto")
mock_aws = moto.mock_aws

LOGGING_CONFIG = {"s3Config": {"bucketName": "invocation-logs"}, "textDataDeliveryEnabled": True}


def _seed_job_data() -> None:
    """The S3 objects the factories' requests name, in moto's S3."""
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="amzn-s3-demo-bucket")
    for key in ("llama3-8b/config.json", "training/train.jsonl"):
        s3.put_object(Bucket="amzn-s3-demo-bucket", Key=key, Body=b"{}")


def _use_both() -> None:
    """What a test does with both mocks active: each call lands where it belongs."""
    _seed_job_data()
    bedrock = boto3.client("bedrock", region_name="us-east-1")
    # The mock's own operations, moto lacks CreateModelImportJob and has
    # CreateModelCustomizationJob: either way the mock answers, alone.
    job_arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    assert bedrock.get_model_import_job(jobIdentifier=job_arn)["status"] == "InProgress"
    bedrock.create_model_customization_job(**customization_job_request())
    jobs = bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]
    assert [job["jobName"] for job in jobs] == ["tune-job-1"]
    lookout = boto3.client("lookoutequipment", region_name="us-east-1")
    assert lookout.list_datasets()["DatasetSummaries"] == []
    # A Bedrock operation the mock does not serve goes to moto.
    bedrock.put_model_invocation_logging_configuration(loggingConfig=LOGGING_CONFIG)
    answer = bedrock.get_model_invocation_logging_configuration()
    assert answer["loggingConfig"]["s3Config"] == LOGGING_CONFIG["s3Config"]
    # So do S3, IAM and STS.
    s3 = boto3.client("s3", region_name="us-east-1")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="amzn-s3-demo-bucket")["Contents"]] == [
        "llama3-8b/config.json",
        "training/train.jsonl",
    ]
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_role(RoleName="notebook", AssumeRolePolicyDocument="{}")
    assert iam.get_role(RoleName="notebook")["Role"]["RoleName"] == "notebook"
    sts = boto3.client("sts", region_name="us-east-1")
    assert sts.get_caller_identity()["Account"] == "123456789012"


def _moto_holds_no_bedrock_jobs() -> None:
    """Asked through moto (the mock no longer active): it never saw the mock's calls."""
    bedrock = boto3.client("bedrock", region_name="us-east-1")
    assert bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"] == []
    assert bedrock.list_custom_models()["modelSummaries"] == []


# -- context managers ----------------------------------------------------------------------


def test_moto_outside_ours_inside(network_attempts: Callable[[], list[Any]]) -> None:
    with mock_aws():
        with mock_bedrock_jobs():
            _use_both()
        _moto_holds_no_bedrock_jobs()
        # moto goes on alone, its own answers included.
        s3 = boto3.client("s3", region_name="us-east-1")
        assert s3.list_buckets()["Buckets"][0]["Name"] == "amzn-s3-demo-bucket"
        with pytest.raises(NotImplementedError, match="create_model_import_job"):
            boto3.client("bedrock", region_name="us-east-1").create_model_import_job(
                **import_job_request()
            )
    assert network_attempts() == []


def test_ours_outside_moto_inside(network_attempts: Callable[[], list[Any]]) -> None:
    with mock_bedrock_jobs() as env:
        with mock_aws():
            _use_both()
        # The mock goes on alone: its state stays, unserved operations are refused again.
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        jobs = bedrock.list_model_import_jobs()["modelImportJobSummaries"]
        assert [job["jobName"] for job in jobs] == ["import-job-1"]
        assert [call.operation for call in env.calls][:2] == [
            "CreateModelImportJob",
            "GetModelImportJob",
        ]
        with pytest.raises(UnsupportedOperationError):
            bedrock.get_model_invocation_logging_configuration()
    assert network_attempts() == []


def test_moto_started_and_stopped_by_hand_inside_ours() -> None:
    with mock_bedrock_jobs():
        moto_mock = mock_aws()
        moto_mock.start()
        try:
            _use_both()
        finally:
            moto_mock.stop()
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        assert len(bedrock.list_model_customization_jobs()["modelCustomizationJobSummaries"]) == 1


# -- decorators ------------------------------------------------------------------------------


@mock_aws
@mock_bedrock_jobs
def test_decorators_moto_outside() -> None:
    _use_both()


@mock_bedrock_jobs
@mock_aws
def test_decorators_ours_outside() -> None:
    _use_both()


@mock_aws
class TestDecoratedClasses:
    @mock_bedrock_jobs
    def test_method_inside_a_moto_class(self) -> None:
        _use_both()


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def aws() -> Iterator[None]:
    """moto, as its users write the fixture."""
    with mock_aws():
        yield


def test_fixtures_moto_first(aws: None, bedrock_jobs: BedrockJobsMock) -> None:
    _use_both()


def test_fixtures_ours_first(bedrock_jobs: BedrockJobsMock, aws: None) -> None:
    _use_both()


# -- boundaries ----------------------------------------------------------------------------------


def test_an_error_of_the_mock_still_comes_from_the_mock() -> None:
    with mock_aws(), mock_bedrock_jobs():
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        with pytest.raises(ClientError) as excinfo:
            bedrock.get_model_customization_job(jobIdentifier="no-such-job")
    error = excinfo.value.response
    assert error["Error"]["Code"] == "ResourceNotFoundException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_moto_imported_but_inactive_changes_nothing() -> None:
    with mock_bedrock_jobs():
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        with pytest.raises(UnsupportedOperationError):
            bedrock.get_model_invocation_logging_configuration()


def test_the_package_never_imports_moto_itself() -> None:
    script = (
        "import sys, boto3\n"
        "from bedrock_jobs_mock import mock_bedrock_jobs\n"
        "with mock_bedrock_jobs():\n"
        "    boto3.client('bedrock', region_name='us-east-1').list_custom_models()\n"
        "assert not [name for name in sys.modules if name.split('.')[0] == 'moto'], 'moto'\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
