"""Model versions through boto3: ListModelVersions filters and paging, DescribeModelVersion,
which versions UpdateActiveModelVersion may activate, and the test controls' names for them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.factories import error_of, summary_members
from tests.lookout_helpers import (
    IMPORTING,
    OWNER,
    START,
    TRAINING,
    create_dataset,
    train_model,
)
from tests.lookout_helpers import lookout_client as make_client

pytestmark = pytest.mark.bedrock_jobs(start_time=START)


@pytest.fixture
def lookout(bedrock_jobs: Any) -> Any:
    return make_client()


@pytest.fixture
def versions(bedrock_jobs: Any, lookout: Any) -> dict[str, Any]:
    """``pump-model`` with four versions, created an hour apart from START + TRAINING:
    1 TRAINING SUCCESS, 2 IMPORT SUCCESS, 3 IMPORT FAILED, 4 IMPORT_IN_PROGRESS."""
    model = train_model(bedrock_jobs, lookout)
    source = model["ActiveModelVersionArn"]
    for number in (2, 3, 4):
        bedrock_jobs.clock.set(START + TRAINING + timedelta(hours=number - 1))
        imported = lookout.import_model_version(
            SourceModelVersionArn=source, DatasetName="pump-data"
        )
        if number == 2:
            bedrock_jobs.clock.advance(IMPORTING)
        if number == 3:
            bedrock_jobs.fail(imported["ModelVersionArn"], message="interrupted")
    return model


def _numbers(lookout: Any, **filters: Any) -> list[int]:
    summaries = lookout.list_model_versions(ModelName="pump-model", **filters)
    return [s["ModelVersion"] for s in summaries["ModelVersionSummaries"]]


def test_versions_are_listed_newest_first_with_their_summary(
    lookout: Any, versions: dict[str, Any]
) -> None:
    assert _numbers(lookout) == [4, 3, 2, 1]
    summary = lookout.list_model_versions(ModelName="pump-model", MaxModelVersion=1)
    members = summary_members("lookoutequipment", "ListModelVersions", "ModelVersionSummaries")
    expected = {
        "ModelName": "pump-model",
        "ModelArn": versions["ModelArn"],
        "ModelVersion": 1,
        "ModelVersionArn": versions["ActiveModelVersionArn"],
        "CreatedAt": START,
        "Status": "SUCCESS",
        "SourceType": "TRAINING",
        "ModelQuality": "CANNOT_DETERMINE_QUALITY",
    }
    assert summary["ModelVersionSummaries"] == [
        {key: value for key, value in expected.items() if key in members}
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"Status": "SUCCESS"}, [2, 1]),
        ({"Status": "FAILED"}, [3]),
        ({"Status": "IMPORT_IN_PROGRESS"}, [4]),
        ({"Status": "IN_PROGRESS"}, []),
        ({"SourceType": "TRAINING"}, [1]),
        ({"SourceType": "IMPORT"}, [4, 3, 2]),
        ({"SourceType": "IMPORT", "Status": "SUCCESS"}, [2]),
        ({"MinModelVersion": 2}, [4, 3, 2]),
        ({"MaxModelVersion": 3}, [3, 2, 1]),
        ({"MinModelVersion": 2, "MaxModelVersion": 3}, [3, 2]),
        ({"MinModelVersion": 3, "MaxModelVersion": 2}, []),
        ({"CreatedAtStartTime": START + TRAINING + timedelta(hours=1)}, [4, 3, 2]),
        ({"CreatedAtEndTime": START + TRAINING + timedelta(hours=2)}, [3, 2, 1]),
        (
            {
                "CreatedAtStartTime": START + TRAINING + timedelta(minutes=1),
                "CreatedAtEndTime": START + TRAINING + timedelta(hours=2, seconds=-1),
            },
            [2],
        ),
    ],
)
def test_list_model_versions_filters(
    lookout: Any, versions: dict[str, Any], filters: dict[str, Any], expected: list[int]
) -> None:
    assert _numbers(lookout, **filters) == expected


def test_list_model_versions_pages(lookout: Any, versions: dict[str, Any]) -> None:
    first = lookout.list_model_versions(ModelName="pump-model", SourceType="IMPORT", MaxResults=2)
    second = lookout.list_model_versions(
        ModelName="pump-model", SourceType="IMPORT", MaxResults=2, NextToken=first["NextToken"]
    )
    assert [s["ModelVersion"] for s in first["ModelVersionSummaries"]] == [4, 3]
    assert [s["ModelVersion"] for s in second["ModelVersionSummaries"]] == [2]
    assert "NextToken" not in second


def test_a_next_token_from_another_list_is_refused(lookout: Any, versions: dict[str, Any]) -> None:
    token = lookout.list_model_versions(ModelName="pump-model", MaxResults=1)["NextToken"]
    with pytest.raises(ClientError) as excinfo:
        lookout.list_models(NextToken=token)
    assert error_of(excinfo) == (
        "ValidationException",
        "The provided pagination token is invalid.",
        400,
    )


def test_a_next_token_from_another_models_versions_is_refused(
    bedrock_jobs: Any, lookout: Any, versions: dict[str, Any]
) -> None:
    train_model(bedrock_jobs, lookout, "turbine-model")
    lookout.import_model_version(
        SourceModelVersionArn=versions["ActiveModelVersionArn"],
        DatasetName="pump-data",
        ModelName="turbine-model",
    )
    token = lookout.list_model_versions(ModelName="pump-model", MaxResults=1)["NextToken"]
    with pytest.raises(ClientError) as excinfo:
        lookout.list_model_versions(ModelName="turbine-model", NextToken=token)
    assert error_of(excinfo) == (
        "ValidationException",
        "The provided pagination token is invalid.",
        400,
    )


def test_a_next_token_does_not_outlive_its_model(bedrock_jobs: Any, lookout: Any) -> None:
    model = train_model(bedrock_jobs, lookout)
    lookout.import_model_version(
        SourceModelVersionArn=model["ActiveModelVersionArn"], DatasetName="pump-data"
    )
    token = lookout.list_model_versions(ModelName="pump-model", MaxResults=1)["NextToken"]
    lookout.delete_model(ModelName="pump-model")
    train_model(bedrock_jobs, lookout)
    with pytest.raises(ClientError) as excinfo:
        lookout.list_model_versions(ModelName="pump-model", NextToken=token)
    assert error_of(excinfo) == (
        "ValidationException",
        "The provided pagination token is invalid.",
        400,
    )


def test_an_unknown_version_is_not_found(lookout: Any, versions: dict[str, Any]) -> None:
    for call in (lookout.describe_model_version, lookout.update_active_model_version):
        with pytest.raises(ClientError) as excinfo:
            call(ModelName="pump-model", ModelVersion=5)
        assert error_of(excinfo) == (
            "ResourceNotFoundException",
            "The specified model version 5 of model 'pump-model' could not be found.",
            400,
        )


def test_activating_a_successful_version_moves_the_active_one_to_previous(
    bedrock_jobs: Any, lookout: Any, versions: dict[str, Any]
) -> None:
    model_arn = versions["ModelArn"]
    activated = lookout.update_active_model_version(ModelName="pump-model", ModelVersion=2)
    activated.pop("ResponseMetadata")
    assert activated == {
        "ModelName": "pump-model",
        "ModelArn": model_arn,
        "CurrentActiveVersion": 2,
        "CurrentActiveVersionArn": f"{model_arn}/model-version/2",
        "PreviousActiveVersion": 1,
        "PreviousActiveVersionArn": f"{model_arn}/model-version/1",
    }
    now = bedrock_jobs.clock.now()
    model = lookout.describe_model(ModelName="pump-model")
    assert (model["ActiveModelVersion"], model["ModelVersionActivatedAt"]) == (2, now)
    assert model["ActiveModelVersionArn"] == f"{model_arn}/model-version/2"
    assert (model["PreviousActiveModelVersion"], model["PreviousModelVersionActivatedAt"]) == (
        1,
        START + TRAINING,
    )
    assert model["PreviousActiveModelVersionArn"] == f"{model_arn}/model-version/1"
    # DescribeModel now reports on the active, imported version.
    assert model["SourceModelVersionArn"] == versions["ActiveModelVersionArn"]
    assert model["ImportJobStartTime"] == START + TRAINING + timedelta(hours=1)


def test_activating_the_active_version_changes_nothing(
    bedrock_jobs: Any, lookout: Any, versions: dict[str, Any]
) -> None:
    lookout.update_active_model_version(ModelName="pump-model", ModelVersion=2)
    bedrock_jobs.settle()
    before = lookout.describe_model(ModelName="pump-model")
    bedrock_jobs.clock.advance(hours=1)
    again = lookout.update_active_model_version(ModelName="pump-model", ModelVersion=2)
    assert (again["CurrentActiveVersion"], again["PreviousActiveVersion"]) == (2, 1)
    after = lookout.describe_model(ModelName="pump-model")
    activation = (
        "ModelVersionActivatedAt",
        "PreviousActiveModelVersion",
        "PreviousModelVersionActivatedAt",
        "LastUpdatedTime",
    )
    assert {key: after[key] for key in activation} == {key: before[key] for key in activation}


@pytest.mark.parametrize(("number", "status"), [(3, "FAILED"), (4, "IMPORT_IN_PROGRESS")])
def test_only_a_successful_version_can_be_activated(
    lookout: Any, versions: dict[str, Any], number: int, status: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        lookout.update_active_model_version(ModelName="pump-model", ModelVersion=number)
    assert error_of(excinfo) == (
        "ValidationException",
        f"Model version {number} of model 'pump-model' cannot be activated: "
        f"its status is {status}; only a SUCCESS version can be activated.",
        400,
    )
    assert lookout.describe_model(ModelName="pump-model")["ActiveModelVersion"] == 1


# -- the test controls name a version "{model name}/{version number}" -------------------


def test_the_controls_name_a_version_by_model_and_number(
    bedrock_jobs: Any, lookout: Any, versions: dict[str, Any]
) -> None:
    bedrock_jobs.complete("pump-model/4")
    version = lookout.describe_model_version(ModelName="pump-model", ModelVersion=4)
    assert (version["Status"], version["ImportJobEndTime"]) == (
        "SUCCESS",
        START + TRAINING + timedelta(hours=3),
    )
    with pytest.raises(LookupError, match="no job has the ARN or name 'pump-model'"):
        bedrock_jobs.fail("pump-model")
    with pytest.raises(
        ValueError, match=re.escape(f"job {versions['ActiveModelVersionArn']} has already finished")
    ):
        bedrock_jobs.fail("pump-model/1")


def test_a_version_name_two_accounts_share_needs_an_arn(bedrock_jobs: Any, lookout: Any) -> None:
    other = make_client(OWNER)
    arns = []
    for client in (lookout, other):
        create_dataset(client)
        arns.append(
            client.create_model(ModelName="pump-model", DatasetName="pump-data")["ModelArn"]
        )
    versions = sorted(f"{arn}/model-version/1" for arn in arns)
    with pytest.raises(LookupError) as excinfo:
        bedrock_jobs.complete("pump-model/1")
    assert str(excinfo.value) == (
        f"'pump-model/1' names several jobs ({', '.join(versions)}); pass an ARN"
    )
    bedrock_jobs.fail(f"{arns[1]}/model-version/1", message="bad data")
    assert other.describe_model(ModelName="pump-model")["Status"] == "FAILED"
    assert lookout.describe_model(ModelName="pump-model")["Status"] == "IN_PROGRESS"
