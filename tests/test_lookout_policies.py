"""Put, Describe and DeleteResourcePolicy through boto3, on models and model versions."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.factories import error_of
from tests.lookout_helpers import START, TRAINING, create_dataset, policy, train_model
from tests.lookout_helpers import lookout_client as make_client

pytestmark = pytest.mark.bedrock_jobs(start_time=START)


@pytest.fixture
def lookout(bedrock_jobs: Any) -> Any:
    return make_client()


@pytest.fixture
def model(bedrock_jobs: Any, lookout: Any) -> dict[str, Any]:
    return train_model(bedrock_jobs, lookout)


@pytest.mark.parametrize("level", ["ModelArn", "ActiveModelVersionArn"])
def test_a_policy_is_put_described_replaced_and_deleted(
    bedrock_jobs: Any, lookout: Any, model: dict[str, Any], level: str
) -> None:
    arn = model[level]
    first = lookout.put_resource_policy(ResourceArn=arn, ResourcePolicy=policy())
    assert first["ResourceArn"] == arn
    assert re.fullmatch("[0-9a-f]{32}", first["PolicyRevisionId"])
    bedrock_jobs.clock.advance(minutes=5)
    replacement = policy(effect="Deny")
    second = lookout.put_resource_policy(
        ResourceArn=arn, ResourcePolicy=replacement, PolicyRevisionId=first["PolicyRevisionId"]
    )
    assert second["PolicyRevisionId"] != first["PolicyRevisionId"]
    described = lookout.describe_resource_policy(ResourceArn=arn)
    described.pop("ResponseMetadata")
    assert described == {
        "PolicyRevisionId": second["PolicyRevisionId"],
        "ResourcePolicy": replacement,
        "CreationTime": START + TRAINING,
        "LastModifiedTime": START + TRAINING + timedelta(minutes=5),
    }
    lookout.delete_resource_policy(ResourceArn=arn)
    with pytest.raises(ClientError) as excinfo:
        lookout.describe_resource_policy(ResourceArn=arn)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"No resource policy is attached to '{arn}'.",
        400,
    )


def test_a_stale_revision_id_is_a_conflict(lookout: Any, model: dict[str, Any]) -> None:
    arn = model["ModelArn"]
    first = lookout.put_resource_policy(ResourceArn=arn, ResourcePolicy=policy())
    current = lookout.put_resource_policy(ResourceArn=arn, ResourcePolicy=policy())
    with pytest.raises(ClientError) as excinfo:
        lookout.put_resource_policy(
            ResourceArn=arn, ResourcePolicy=policy(), PolicyRevisionId=first["PolicyRevisionId"]
        )
    assert error_of(excinfo) == (
        "ConflictException",
        f"The PolicyRevisionId '{first['PolicyRevisionId']}' does not match the current "
        f"revision '{current['PolicyRevisionId']}'.",
        400,
    )


def test_a_revision_id_for_a_resource_without_a_policy_is_a_conflict(
    lookout: Any, model: dict[str, Any]
) -> None:
    arn = model["ModelArn"]
    with pytest.raises(ClientError) as excinfo:
        lookout.put_resource_policy(
            ResourceArn=arn, ResourcePolicy=policy(), PolicyRevisionId="ab12"
        )
    assert error_of(excinfo) == (
        "ConflictException",
        f"The PolicyRevisionId 'ab12' does not match: '{arn}' has no resource policy.",
        400,
    )


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ("not json", "it is not valid JSON"),
        ("[]", "it must be a JSON object"),
        ('{"Version": "2012-10-17"}', "it needs a Statement"),
        ('{"Statement": []}', "it needs a Statement"),
        ('{"Statement": ["Allow"]}', "every Statement must be an object"),
        (
            '{"Statement": {"Effect": "Permit", "Principal": "*", "Action": "*"}}',
            "every Statement needs an Effect of Allow or Deny",
        ),
        (
            '{"Statement": {"Effect": "Allow", "Principal": "*"}}',
            "every Statement needs an Action",
        ),
        (
            '{"Statement": {"Effect": "Allow", "Principal": "*", "Action": []}}',
            "Action must be a string or a non-empty list of strings",
        ),
        (
            '{"Statement": {"Effect": "Allow", "Action": "*"}}',
            'every Statement needs a Principal, "*" or an object such as {"AWS": ...}',
        ),
        (
            '{"Statement": {"Effect": "Allow", "Principal": {"AWS": 7}, "Action": "*"}}',
            "Principal.AWS must be a string or a non-empty list of strings",
        ),
        (
            '{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*"}}',
            "every Statement needs a Resource",
        ),
        (
            '{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": [1]}}',
            "Resource must be a string or a non-empty list of strings",
        ),
    ],
)
def test_a_document_that_is_not_a_policy_is_refused(
    lookout: Any, model: dict[str, Any], document: str, reason: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        lookout.put_resource_policy(ResourceArn=model["ModelArn"], ResourcePolicy=document)
    assert error_of(excinfo) == (
        "ValidationException",
        f"The resource policy is not a valid policy document: {reason}.",
        400,
    )


def test_a_dataset_cannot_have_a_policy(lookout: Any, model: dict[str, Any]) -> None:
    dataset_arn = lookout.describe_dataset(DatasetName="pump-data")["DatasetArn"]
    with pytest.raises(ClientError) as excinfo:
        lookout.put_resource_policy(ResourceArn=dataset_arn, ResourcePolicy=policy())
    assert error_of(excinfo) == (
        "ValidationException",
        "A resource policy can be attached only to a model or a model version.",
        400,
    )


@pytest.mark.parametrize("operation", ["put", "describe", "delete"])
def test_an_unknown_resource_is_not_found(
    lookout: Any, model: dict[str, Any], operation: str
) -> None:
    arn = model["ModelArn"] + "/model-version/9"
    calls = {
        "put": lambda: lookout.put_resource_policy(ResourceArn=arn, ResourcePolicy=policy()),
        "describe": lambda: lookout.describe_resource_policy(ResourceArn=arn),
        "delete": lambda: lookout.delete_resource_policy(ResourceArn=arn),
    }
    with pytest.raises(ClientError) as excinfo:
        calls[operation]()
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified resource '{arn}' could not be found.",
        400,
    )


def test_deleting_a_policy_that_is_not_there_is_not_found(
    lookout: Any, model: dict[str, Any]
) -> None:
    with pytest.raises(ClientError) as excinfo:
        lookout.delete_resource_policy(ResourceArn=model["ModelArn"])
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"No resource policy is attached to '{model['ModelArn']}'.",
        400,
    )


def test_another_accounts_model_cannot_be_given_a_policy(bedrock_jobs: Any) -> None:
    owner, other = make_client("111111111111"), make_client("222222222222")
    create_dataset(owner)
    arn = owner.create_model(ModelName="pump-model", DatasetName="pump-data")["ModelArn"]
    with pytest.raises(ClientError) as excinfo:
        other.put_resource_policy(ResourceArn=arn, ResourcePolicy=policy())
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified resource '{arn}' could not be found.",
        400,
    )
