"""Lookout for Equipment datasets through boto3: create, describe, list, delete, import."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.factories import KEY_ARN, error_of
from tests.lookout_helpers import DEFAULT_ACCOUNT, OWNER, START, UUID, create_dataset
from tests.lookout_helpers import lookout_client as make_client

pytestmark = pytest.mark.bedrock_jobs(start_time=START)

ARN_PREFIX = f"arn:aws:lookoutequipment:us-east-1:{DEFAULT_ACCOUNT}:dataset/"
SCHEMA = '{"Components": [{"ComponentName": "pump", "Columns": []}]}'


@pytest.fixture
def lookout(bedrock_jobs: Any) -> Any:
    return make_client()


def test_a_created_dataset_is_described_with_its_schema_and_key(lookout: Any) -> None:
    created = lookout.create_dataset(
        DatasetName="pump-data",
        DatasetSchema={"InlineDataSchema": SCHEMA},
        ServerSideKmsKeyId="alias/lookout",
    )
    assert re.fullmatch(re.escape(ARN_PREFIX) + "pump-data/" + UUID, created["DatasetArn"])
    assert created["Status"] == "CREATED"
    described = lookout.describe_dataset(DatasetName="pump-data")
    described.pop("ResponseMetadata")
    key_arn = described["ServerSideKmsKeyId"]
    assert re.fullmatch(KEY_ARN.format(account=DEFAULT_ACCOUNT), key_arn)
    assert described == {
        "DatasetName": "pump-data",
        "DatasetArn": created["DatasetArn"],
        "Status": "CREATED",
        "Schema": SCHEMA,
        "ServerSideKmsKeyId": key_arn,
        "CreatedAt": START,
        "LastUpdatedAt": START,
    }


def test_a_dataset_name_in_use_is_a_conflict(lookout: Any) -> None:
    create_dataset(lookout)
    with pytest.raises(ClientError) as excinfo:
        create_dataset(lookout)
    assert error_of(excinfo) == (
        "ConflictException",
        "The dataset 'pump-data' already exists.",
        400,
    )


@pytest.mark.parametrize("operation", ["describe_dataset", "delete_dataset"])
def test_an_unknown_dataset_is_not_found(lookout: Any, operation: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        getattr(lookout, operation)(DatasetName="no-such-data")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified dataset 'no-such-data' could not be found.",
        400,
    )


def test_a_deleted_dataset_is_gone(lookout: Any) -> None:
    create_dataset(lookout)
    lookout.delete_dataset(DatasetName="pump-data")
    assert lookout.list_datasets()["DatasetSummaries"] == []
    with pytest.raises(ClientError) as excinfo:
        lookout.describe_dataset(DatasetName="pump-data")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified dataset 'pump-data' could not be found.",
        400,
    )


def test_list_datasets_filters_by_name_prefix_and_pages_newest_first(
    bedrock_jobs: Any, lookout: Any
) -> None:
    for name in ("pump-1", "pump-2", "fan-1", "pump-3", "Pump-4"):
        create_dataset(lookout, name)
        bedrock_jobs.clock.advance(minutes=1)
    first = lookout.list_datasets(DatasetNameBeginsWith="pump", MaxResults=2)
    second = lookout.list_datasets(
        DatasetNameBeginsWith="pump", MaxResults=2, NextToken=first["NextToken"]
    )
    assert [s["DatasetName"] for s in first["DatasetSummaries"]] == ["pump-3", "pump-2"]
    assert [s["DatasetName"] for s in second["DatasetSummaries"]] == ["pump-1"]
    assert "NextToken" not in second
    summary = first["DatasetSummaries"][0]
    assert set(summary) == {"DatasetName", "DatasetArn", "Status", "CreatedAt"}


def test_import_dataset_makes_an_active_copy(bedrock_jobs: Any, lookout: Any) -> None:
    source_arn = create_dataset(lookout, DatasetSchema={"InlineDataSchema": SCHEMA})
    bedrock_jobs.clock.advance(minutes=5)
    imported = lookout.import_dataset(SourceDatasetArn=source_arn, DatasetName="pump-copy")
    assert imported["Status"] == "ACTIVE"
    assert re.fullmatch("[0-9a-f]{32}", imported["JobId"])
    described = lookout.describe_dataset(DatasetName="pump-copy")
    assert described["DatasetArn"] == imported["DatasetArn"] != source_arn
    assert described["SourceDatasetArn"] == source_arn
    assert described["Schema"] == SCHEMA
    assert described["CreatedAt"] == START + timedelta(minutes=5)


def test_import_dataset_onto_an_existing_name_overwrites_it_in_place(
    bedrock_jobs: Any, lookout: Any
) -> None:
    source_arn = create_dataset(lookout, "source", DatasetSchema={"InlineDataSchema": SCHEMA})
    target_arn = create_dataset(lookout, "target")
    bedrock_jobs.clock.advance(minutes=5)
    imported = lookout.import_dataset(SourceDatasetArn=source_arn, DatasetName="target")
    assert imported["DatasetArn"] == target_arn
    described = lookout.describe_dataset(DatasetName="target")
    assert (described["Status"], described["Schema"], described["CreatedAt"]) == (
        "ACTIVE",
        SCHEMA,
        START,
    )


def test_import_dataset_names_the_copy_after_its_source_by_default(lookout: Any) -> None:
    source_arn = create_dataset(lookout)
    imported = lookout.import_dataset(SourceDatasetArn=source_arn)
    assert (imported["DatasetName"], imported["DatasetArn"]) == ("pump-data", source_arn)


def test_import_dataset_from_another_account_is_not_found(lookout: Any) -> None:
    foreign_arn = create_dataset(make_client(OWNER))
    with pytest.raises(ClientError) as excinfo:
        lookout.import_dataset(SourceDatasetArn=foreign_arn)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified dataset '{foreign_arn}' could not be found.",
        400,
    )
