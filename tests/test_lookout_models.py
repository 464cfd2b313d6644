"""Lookout for Equipment models through boto3: training on the clock, lists, updates, deletion."""

from __future__ import annotations

import gc
import json
import re
import tracemalloc
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.factories import error_of, in_shape, summary_members
from tests.lookout_helpers import (
    DEFAULT_ACCOUNT,
    OWNER,
    ROLE_ARN,
    START,
    TRAINING,
    UUID,
    create_dataset,
    over_tag_limit,
    train_model,
)
from tests.lookout_helpers import lookout_client as make_client

pytestmark = pytest.mark.bedrock_jobs(start_time=START)

LABELS = {"S3InputConfiguration": {"Bucket": "pump-labels", "Prefix": "labels/"}}


@pytest.fixture
def lookout(bedrock_jobs: Any) -> Any:
    return make_client()


def test_create_model_answers_its_arn_and_trains(lookout: Any) -> None:
    dataset_arn = create_dataset(lookout)
    created = lookout.create_model(ModelName="pump-model", DatasetName="pump-data")
    prefix = f"arn:aws:lookoutequipment:us-east-1:{DEFAULT_ACCOUNT}:model/pump-model/"
    assert re.fullmatch(re.escape(prefix) + UUID, created["ModelArn"])
    assert created["Status"] == "IN_PROGRESS"
    described = lookout.describe_model(ModelName="pump-model")
    described.pop("ResponseMetadata")
    assert described == {
        "ModelName": "pump-model",
        "ModelArn": created["ModelArn"],
        "DatasetName": "pump-data",
        "DatasetArn": dataset_arn,
        "Status": "IN_PROGRESS",
        "TrainingExecutionStartTime": START,
        "CreatedAt": START,
        "LastUpdatedTime": START,
    }


def test_training_succeeds_after_its_duration_and_activates_version_1(
    bedrock_jobs: Any, lookout: Any
) -> None:
    create_dataset(lookout)
    arn = lookout.create_model(ModelName="pump-model", DatasetName="pump-data")["ModelArn"]
    bedrock_jobs.clock.advance(TRAINING - timedelta(seconds=1))
    assert lookout.describe_model(ModelName="pump-model")["Status"] == "IN_PROGRESS"
    bedrock_jobs.clock.advance(seconds=1)
    model = lookout.describe_model(ModelName="pump-model")
    end = START + TRAINING
    assert model["Status"] == "SUCCESS"
    assert (model["TrainingExecutionEndTime"], model["LastUpdatedTime"]) == (end, end)
    assert (model["ActiveModelVersion"], model["ActiveModelVersionArn"]) == (
        1,
        f"{arn}/model-version/1",
    )
    assert model["ModelVersionActivatedAt"] == end
    assert "PreviousActiveModelVersion" not in model
    version = lookout.describe_model_version(ModelName="pump-model", ModelVersion=1)
    assert (version["Status"], version["SourceType"], version["ModelMetrics"]) == (
        "SUCCESS",
        "TRAINING",
        model["ModelMetrics"],
    )


def test_a_trained_version_is_described_in_full(bedrock_jobs: Any, lookout: Any) -> None:
    dataset_arn = create_dataset(lookout)
    ranges = {
        "TrainingDataStartTime": START - timedelta(days=90),
        "TrainingDataEndTime": START - timedelta(days=30),
        "EvaluationDataStartTime": START - timedelta(days=30),
        "EvaluationDataEndTime": START - timedelta(days=1),
    }
    arn = lookout.create_model(
        ModelName="pump-model",
        DatasetName="pump-data",
        DatasetSchema={"InlineDataSchema": '{"Components": []}'},
        LabelsInputConfiguration=LABELS,
        RoleArn=ROLE_ARN,
        DataPreProcessingConfiguration={"TargetSamplingRate": "PT5M"},
        ServerSideKmsKeyId="1234abcd-12ab-34cd-56ef-1234567890ab",
        OffCondition="pump\\speed < 10",
        **ranges,
    )["ModelArn"]
    bedrock_jobs.settle()
    version = lookout.describe_model_version(ModelName="pump-model", ModelVersion=1)
    version.pop("ResponseMetadata")
    metrics = version.pop("ModelMetrics")
    end = START + TRAINING
    assert version == in_shape(
        "lookoutequipment",
        "DescribeModelVersion",
        {
            "ModelName": "pump-model",
            "ModelArn": arn,
            "ModelVersion": 1,
            "ModelVersionArn": f"{arn}/model-version/1",
            "Status": "SUCCESS",
            "SourceType": "TRAINING",
            "DatasetName": "pump-data",
            "DatasetArn": dataset_arn,
            "Schema": '{"Components": []}',
            "LabelsInputConfiguration": LABELS,
            **ranges,
            "RoleArn": ROLE_ARN,
            "DataPreProcessingConfiguration": {"TargetSamplingRate": "PT5M"},
            "TrainingExecutionStartTime": START,
            "TrainingExecutionEndTime": end,
            "LastUpdatedTime": end,
            "CreatedAt": START,
            "ServerSideKmsKeyId": (
                f"arn:aws:kms:us-east-1:{DEFAULT_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
            ),
            "OffCondition": "pump\\speed < 10",
            "ModelQuality": "QUALITY_THRESHOLD_MET",
        },
    )
    document = json.loads(metrics)
    assert (document["data_start_time"], document["data_end_time"]) == ("2024-05-04", "2024-06-02")
    assert document["labels_present"] is True
    assert set(document["model_version_metrics"]) == {
        "precision",
        "recall",
        "mean_fractional_lead_time",
        "auc",
    }


def test_metrics_are_the_same_on_every_run_and_unlabelled_quality_is_undetermined(
    bedrock_jobs: Any, lookout: Any
) -> None:
    mine = train_model(bedrock_jobs, lookout)
    theirs = train_model(bedrock_jobs, make_client(OWNER))
    assert mine["ModelMetrics"] == theirs["ModelMetrics"]
    assert json.loads(mine["ModelMetrics"])["labels_present"] is False
    assert mine["ModelQuality"] == "CANNOT_DETERMINE_QUALITY"


def test_a_failed_training_leaves_no_active_version(bedrock_jobs: Any, lookout: Any) -> None:
    create_dataset(lookout)
    lookout.create_model(ModelName="pump-model", DatasetName="pump-data")
    bedrock_jobs.clock.advance(minutes=7)
    bedrock_jobs.fail("pump-model/1", message="Not enough data to train.")
    model = lookout.describe_model(ModelName="pump-model")
    assert (model["Status"], model["FailedReason"]) == ("FAILED", "Not enough data to train.")
    assert model["TrainingExecutionEndTime"] == START + timedelta(minutes=7)
    assert "ActiveModelVersion" not in model
    assert "ModelMetrics" not in model
    version = lookout.describe_model_version(ModelName="pump-model", ModelVersion=1)
    assert version["Status"] == "FAILED"


def test_create_model_needs_an_existing_dataset(lookout: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        lookout.create_model(ModelName="pump-model", DatasetName="no-such-data")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified dataset 'no-such-data' could not be found.",
        400,
    )


def test_a_model_name_in_use_is_a_conflict(lookout: Any) -> None:
    create_dataset(lookout)
    lookout.create_model(ModelName="pump-model", DatasetName="pump-data")
    with pytest.raises(ClientError) as excinfo:
        lookout.create_model(ModelName="pump-model", DatasetName="pump-data")
    assert error_of(excinfo) == ("ConflictException", "The model 'pump-model' already exists.", 400)


@pytest.mark.parametrize("kind", ["Training", "Evaluation"])
def test_a_data_range_must_run_forward(lookout: Any, kind: str) -> None:
    create_dataset(lookout)
    with pytest.raises(ClientError) as excinfo:
        lookout.create_model(
            ModelName="pump-model",
            DatasetName="pump-data",
            **{f"{kind}DataStartTime": START, f"{kind}DataEndTime": START},
        )
    assert error_of(excinfo) == (
        "ValidationException",
        f"{kind}DataStartTime must be earlier than {kind}DataEndTime.",
        400,
    )


def test_list_models_filters_by_status_and_name_prefixes(bedrock_jobs: Any, lookout: Any) -> None:
    create_dataset(lookout, "pump-data")
    create_dataset(lookout, "fan-data")
    for model, dataset in (("pump-a", "pump-data"), ("pump-b", "fan-data"), ("fan-a", "fan-data")):
        lookout.create_model(ModelName=model, DatasetName=dataset)
        bedrock_jobs.clock.advance(minutes=1)
    bedrock_jobs.complete("pump-a/1")
    bedrock_jobs.fail("fan-a/1", message="bad data")

    def listed(**filters: Any) -> list[str]:
        return [s["ModelName"] for s in lookout.list_models(**filters)["ModelSummaries"]]

    assert listed() == ["fan-a", "pump-b", "pump-a"]
    assert listed(Status="SUCCESS") == ["pump-a"]
    assert listed(Status="IN_PROGRESS") == ["pump-b"]
    assert listed(Status="FAILED") == ["fan-a"]
    assert listed(ModelNameBeginsWith="pump") == ["pump-b", "pump-a"]
    assert listed(DatasetNameBeginsWith="fan") == ["fan-a", "pump-b"]
    assert listed(ModelNameBeginsWith="pump", DatasetNameBeginsWith="fan") == ["pump-b"]
    assert listed(ModelNameBeginsWith="Pump") == []


def test_list_models_pages_and_summarises(bedrock_jobs: Any, lookout: Any) -> None:
    model = train_model(bedrock_jobs, lookout, "pump-a")
    lookout.create_model(ModelName="pump-b", DatasetName="pump-data")
    first = lookout.list_models(MaxResults=1)
    second = lookout.list_models(MaxResults=1, NextToken=first["NextToken"])
    assert [s["ModelName"] for s in first["ModelSummaries"]] == ["pump-b"]
    assert "NextToken" not in second
    expected = {
        "ModelName": "pump-a",
        "ModelArn": model["ModelArn"],
        "DatasetName": "pump-data",
        "DatasetArn": model["DatasetArn"],
        "Status": "SUCCESS",
        "CreatedAt": START,
        "ActiveModelVersion": 1,
        "ActiveModelVersionArn": model["ActiveModelVersionArn"],
        "ModelQuality": "CANNOT_DETERMINE_QUALITY",
    }
    members = summary_members("lookoutequipment", "ListModels", "ModelSummaries")
    assert second["ModelSummaries"] == [{k: v for k, v in expected.items() if k in members}]


def test_create_model_with_too_many_tags_starts_no_training(
    bedrock_jobs: Any, lookout: Any
) -> None:
    create_dataset(lookout)
    tags = [{"Key": f"k{index}", "Value": "v"} for index in range(51)]
    with pytest.raises(ClientError) as excinfo:
        lookout.create_model(ModelName="pump-model", DatasetName="pump-data", Tags=tags)
    arn_pattern = re.escape(f"arn:aws:lookoutequipment:us-east-1:{DEFAULT_ACCOUNT}:model/")
    assert over_tag_limit(excinfo, f"{arn_pattern}pump-model/{UUID}")
    with pytest.raises(LookupError, match="no job has the ARN or name 'pump-model/1'"):
        bedrock_jobs.complete("pump-model/1")


def test_update_model_changes_labels_role_and_diagnostics(bedrock_jobs: Any, lookout: Any) -> None:
    train_model(bedrock_jobs, lookout)
    bedrock_jobs.clock.advance(minutes=3)
    diagnostics = {"S3OutputConfiguration": {"Bucket": "pump-diagnostics"}}
    lookout.update_model(
        ModelName="pump-model",
        LabelsInputConfiguration=LABELS,
        RoleArn=ROLE_ARN,
        ModelDiagnosticsOutputConfiguration=diagnostics,
    )
    model = lookout.describe_model(ModelName="pump-model")
    assert (model["LabelsInputConfiguration"], model["RoleArn"]) == (LABELS, ROLE_ARN)
    assert model["ModelDiagnosticsOutputConfiguration"] == diagnostics
    assert model["LastUpdatedTime"] == START + TRAINING + timedelta(minutes=3)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.describe_model(ModelName="no-such-model"),
        lambda c: c.update_model(ModelName="no-such-model", RoleArn=ROLE_ARN),
        lambda c: c.delete_model(ModelName="no-such-model"),
        lambda c: c.list_model_versions(ModelName="no-such-model"),
        lambda c: c.describe_model_version(ModelName="no-such-model", ModelVersion=1),
        lambda c: c.update_active_model_version(ModelName="no-such-model", ModelVersion=1),
    ],
)
def test_an_unknown_model_is_not_found(lookout: Any, call: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        call(lookout)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified model 'no-such-model' could not be found.",
        400,
    )


def test_a_deleted_model_is_gone_and_its_training_stops(bedrock_jobs: Any, lookout: Any) -> None:
    create_dataset(lookout)
    lookout.create_model(ModelName="pump-model", DatasetName="pump-data")
    lookout.delete_model(ModelName="pump-model")
    assert bedrock_jobs.settle() == START
    assert lookout.list_models()["ModelSummaries"] == []
    lookout.create_model(ModelName="pump-model", DatasetName="pump-data")
    assert lookout.describe_model(ModelName="pump-model")["Status"] == "IN_PROGRESS"


def test_the_versions_of_a_deleted_model_are_out_of_reach_of_the_controls(
    bedrock_jobs: Any, lookout: Any
) -> None:
    create_dataset(lookout)
    old_arn = lookout.create_model(ModelName="x", DatasetName="pump-data")["ModelArn"]
    lookout.delete_model(ModelName="x")
    lookout.create_model(ModelName="x", DatasetName="pump-data")
    bedrock_jobs.fail("x/1", message="no data")
    model = lookout.describe_model(ModelName="x")
    assert (model["Status"], model["FailedReason"]) == ("FAILED", "no data")
    old_version = f"{old_arn}/model-version/1"
    with pytest.raises(LookupError, match=re.escape(f"no job has the ARN or name '{old_version}'")):
        bedrock_jobs.complete(old_version)


@pytest.mark.bedrock_jobs(calls_kept=0)  # the closest marker: only this option
def test_a_model_deleted_while_training_is_not_kept_until_its_training_would_end() -> None:
    def create_and_delete(count: int) -> None:
        for index in range(count):
            lookout.create_model(ModelName=f"brief-{index}", DatasetName="pump-data")
            lookout.delete_model(ModelName=f"brief-{index}")

    lookout = make_client()
    create_dataset(lookout)
    create_and_delete(20)  # warm: every code path and cache in place
    gc.collect()
    tracemalloc.start()
    try:
        create_and_delete(300)
        gc.collect()
        grown, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # What stays is each create's idempotency record (about 0.6 KB, bounded); a model
    # held with its version until the end of its training would add several KB each.
    assert grown < 300 * 1500
