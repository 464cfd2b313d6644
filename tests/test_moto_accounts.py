"""Accounts from moto: credentials from moto's ``sts.assume_role`` act as the account
of the role, and ``MOTO_ACCOUNT_ID`` is the default account unless the mock's is given."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from bedrock_jobs_mock import mock_bedrock_jobs
from tests.factories import START, copy_model, customize
from tests.lookout_helpers import IMPORTER, create_dataset, policy, train_model

moto = pytest.importorskip("moto")
mock_aws = moto.mock_aws

OWNER = "123456789012"
OTHER = "222222222222"


def _assumed(account: str, service: str) -> Any:
    """A ``service`` client with the credentials moto's STS issues for a role of ``account``."""
    credentials = boto3.client("sts", region_name="us-east-1").assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/cross-account", RoleSessionName="tests"
    )["Credentials"]
    return boto3.client(
        service,
        region_name="us-east-1",
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def _account_of_a_new_import_job(client: Any, name: str = "import-1") -> str:
    job = client.create_model_import_job(
        jobName=name,
        importedModelName=f"{name}-model",
        roleArn="arn:aws:iam::123456789012:role/ImportRole",
        modelDataSource={"s3DataSource": {"s3Uri": "s3://amzn-s3-demo-bucket/llama/"}},
    )
    return str(job["jobArn"].split(":")[4])


def test_assumed_role_credentials_act_as_the_roles_account() -> None:
    with mock_aws(), mock_bedrock_jobs(moto_aware=True, start_time=START) as env:
        other = _assumed(OTHER, "bedrock")
        default = boto3.client("bedrock", region_name="us-east-1")
        assert _account_of_a_new_import_job(other) == OTHER
        assert _account_of_a_new_import_job(default, "import-2") == OWNER
        assert [call.account for call in env.calls] == [OTHER, OWNER]
        assert [job.name for job in env.state(OTHER).jobs["model_import"]] == ["import-1"]


def test_a_copy_across_accounts_with_moto_issued_credentials() -> None:
    with mock_aws(), mock_bedrock_jobs(start_time=START) as env:
        owner = boto3.client("bedrock", region_name="us-east-1")
        source = customize(env, owner, "owned-model")
        env.share_model(source, with_account=OTHER)
        recipient = _assumed(OTHER, "bedrock")
        job_arn = copy_model(recipient, source, "my-copy")
        env.settle()
        job = recipient.get_model_copy_job(jobArn=job_arn)
    assert job_arn.split(":")[4] == OTHER
    assert (job["status"], job["sourceAccountId"]) == ("Completed", OWNER)
    assert job["targetModelArn"].split(":")[4] == OTHER


def test_a_lookout_import_across_accounts_with_moto_issued_credentials() -> None:
    with mock_aws(), mock_bedrock_jobs(start_time=START) as env:
        owner = boto3.client("lookoutequipment", region_name="us-east-1")
        source = train_model(env, owner)
        owner.put_resource_policy(ResourceArn=source["ModelArn"], ResourcePolicy=policy())
        importer = _assumed(IMPORTER, "lookoutequipment")
        create_dataset(importer, "importer-data")
        imported = importer.import_model_version(
            SourceModelVersionArn=source["ActiveModelVersionArn"], DatasetName="importer-data"
        )
    assert imported["ModelArn"].startswith(
        f"arn:aws:lookoutequipment:us-east-1:{IMPORTER}:model/pump-model/"
    )


def test_motos_account_variable_is_the_default_account(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "333333333333")
    with mock_aws(), mock_bedrock_jobs() as env:
        client = boto3.client("bedrock", region_name="us-east-1")
        assert _account_of_a_new_import_job(client) == "333333333333"
        assert [job.name for job in env.state().jobs["model_import"]] == ["import-1"]
    with mock_bedrock_jobs():  # moto not active: the variable means nothing
        client = boto3.client("bedrock", region_name="us-east-1")
        assert _account_of_a_new_import_job(client) == OWNER


@pytest.mark.parametrize(
    "given",
    [{"account_id": "444444444444"}, {"environment": "444444444444"}],
    ids=["option", "environment"],
)
def test_the_mocks_own_account_when_given_wins(
    monkeypatch: pytest.MonkeyPatch, given: dict[str, str]
) -> None:
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "333333333333")
    if "environment" in given:
        monkeypatch.setenv("BEDROCK_JOBS_MOCK_ACCOUNT_ID", given["environment"])
    with mock_aws(), mock_bedrock_jobs(account_id=given.get("account_id")):
        client = boto3.client("bedrock", region_name="us-east-1")
        assert _account_of_a_new_import_job(client) == "444444444444"
        assert _account_of_a_new_import_job(_assumed(OTHER, "bedrock"), "import-2") == OTHER


def test_not_moto_aware_ignores_motos_accounts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "333333333333")
    with (
        mock_aws(),
        mock_bedrock_jobs(moto_aware=False, quotas={"concurrent_model_import_jobs": 2}),
    ):
        assert _account_of_a_new_import_job(_assumed(OTHER, "bedrock")) == OWNER
        client = boto3.client("bedrock", region_name="us-east-1")
        assert _account_of_a_new_import_job(client, "import-2") == OWNER
