"""KMS keys given as an alias are reported as the key ARN the output shapes require."""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.factories import KEY_ARN, bedrock_client, customization_job_request, error_of
from tests.lookout_helpers import create_dataset, lookout_client

KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"


def _reported_key(client: Any, index: int, key: str) -> str:
    """The outputModelKmsKeyArn of a new customization job given ``customModelKmsKeyId=key``."""
    client.create_model_customization_job(
        **customization_job_request(f"job-{index}", f"model-{index}", customModelKmsKeyId=key)
    )
    job = client.get_model_customization_job(jobIdentifier=f"job-{index}")
    return str(job["outputModelKmsKeyArn"])


def test_an_alias_resolves_to_one_key_arn_per_account_and_region(bedrock: Any) -> None:
    alias_arn = "arn:aws:kms:us-east-1:123456789012:alias/models"
    keys = [
        _reported_key(bedrock, index, key)
        for index, key in enumerate(["alias/models", "alias/models", alias_arn, "alias/other"])
    ]
    assert re.fullmatch(KEY_ARN.format(account="123456789012"), keys[0])
    assert keys[0] == keys[1] == keys[2]
    assert keys[3] != keys[0]
    assert re.fullmatch(KEY_ARN.format(account="123456789012"), keys[3])


def test_the_same_alias_in_another_account_is_another_key(bedrock: Any) -> None:
    other = bedrock_client("111111111111")
    ours, theirs = (
        _reported_key(bedrock, 1, "alias/models"),
        _reported_key(other, 1, "alias/models"),
    )
    assert re.fullmatch(KEY_ARN.format(account="111111111111"), theirs)
    assert ours.rsplit("/", 1)[1] != theirs.rsplit("/", 1)[1]


def test_a_key_id_or_key_arn_is_reported_as_its_arn(bedrock: Any) -> None:
    key_arn = f"arn:aws:kms:us-east-1:123456789012:key/{KEY_ID}"
    assert _reported_key(bedrock, 1, KEY_ID) == key_arn
    assert _reported_key(bedrock, 2, key_arn) == key_arn


@pytest.mark.parametrize(
    "key",
    [
        "arn:aws:s3:::bucket",
        "a=b",
        "key,1@x",
        "arn:aws:kms:us-east-1:123456789012:key/ab.c",
        "k" * 1500,
    ],
)
def test_a_lookout_key_that_names_no_kms_key_is_refused(bedrock_jobs: Any, key: str) -> None:
    """Lookout's input pattern takes far more than a KMS key: what no KMS key could be is
    refused rather than reported in a form its output model forbids."""
    lookout = lookout_client(validate=False)
    with pytest.raises(ClientError) as excinfo:
        create_dataset(lookout, ServerSideKmsKeyId=key)
    assert error_of(excinfo) == (
        "ValidationException",
        f"The KMS key '{key}' is not a key id, key ARN, alias name or alias ARN.",
        400,
    )
