"""What the Lookout for Equipment tests share: clients per account, datasets, trained models,
policies and shared models, built through boto3 as a user would."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.factories import error_of

#: The account that owns and shares models, and the account that imports them.
OWNER = "111111111111"
IMPORTER = "222222222222"
#: The account of a client given no account.
DEFAULT_ACCOUNT = "123456789012"
REGION = "us-east-1"
#: Every Lookout test starts its mock at this whole second, so wire timestamps compare exactly.
START = datetime(2024, 6, 3, 9, 0, tzinfo=timezone.utc)
TRAINING = timedelta(minutes=30)
IMPORTING = timedelta(minutes=10)
IMPORT_ACTION = "lookoutequipment:ImportModelVersion"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ROLE_ARN = "arn:aws:iam::222222222222:role/LookoutImportRole"


def lookout_client(account: str | None = None, *, validate: bool = True) -> Any:
    """A Lookout for Equipment client in us-east-1 calling as ``account`` (default account if None).

    ``validate=False`` skips botocore's own parameter checks, so the mock's
    server-side validation answers.
    """
    keys = {} if account is None else {"aws_access_key_id": account, "aws_secret_access_key": "x"}
    return boto3.client(
        "lookoutequipment",
        region_name=REGION,
        config=Config(parameter_validation=validate),
        **keys,
    )


def over_tag_limit(excinfo: Any, arn_pattern: str) -> bool:
    """Whether ``excinfo`` holds the tag-limit error for a resource whose ARN fully matches
    ``arn_pattern`` (a regex: a new resource's ARN ends in a random UUID)."""
    code, message, status = error_of(excinfo)
    expected = f"The number of tags on resource ({arn_pattern}) would exceed the limit of 50 tags."
    return (code, status) == ("ServiceQuotaExceededException", 400) and bool(
        re.fullmatch(expected, message)
    )


def create_dataset(client: Any, name: str = "pump-data", **extra: Any) -> str:
    """A new dataset of the client's account; its ARN."""
    return str(client.create_dataset(DatasetName=name, **extra)["DatasetArn"])


def train_model(env: Any, client: Any, name: str = "pump-model", **extra: Any) -> dict[str, Any]:
    """A model of the client's account trained to SUCCESS (on dataset ``pump-data``, made if
    missing); its DescribeModel. The clock moves by the training time."""
    try:
        client.describe_dataset(DatasetName="pump-data")
    except ClientError:
        create_dataset(client)
    client.create_model(ModelName=name, DatasetName="pump-data", **extra)
    env.clock.advance(TRAINING)
    model: dict[str, Any] = client.describe_model(ModelName=name)
    assert model["Status"] == "SUCCESS"
    return model


def statement(
    effect: str = "Allow", principal: Any = None, action: Any = IMPORT_ACTION, resource: Any = "*"
) -> dict[str, Any]:
    """A policy statement; by default it lets IMPORTER import anything."""
    return {
        "Effect": effect,
        "Principal": {"AWS": f"arn:aws:iam::{IMPORTER}:root"} if principal is None else principal,
        "Action": action,
        "Resource": resource,
    }


def policy(*statements: dict[str, Any], **one: Any) -> str:
    """A resource policy of ``statements``, else of the one ``statement(**one)``."""
    chosen = list(statements) or [statement(**one)]
    return json.dumps({"Version": "2012-10-17", "Statement": chosen})
