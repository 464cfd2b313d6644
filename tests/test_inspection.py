"""env.state(): read-only snapshots of the jobs and models of an account and region."""

from __future__ import annotations

import dataclasses
from typing import Any

import boto3
import pytest

from bedrock_jobs_mock import DEFAULT_DURATIONS
from tests.factories import (
    START,
    customization_job_request,
    import_job_request,
    shape_members,
)
from tests.families import FAMILIES, Family
from tests.lookout_helpers import OWNER, lookout_client, train_model


@pytest.mark.bedrock_jobs(start_time=START)
def test_a_snapshot_shows_jobs_and_models_as_the_api_describes_them(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    running = bedrock_jobs.state()
    assert [(job.arn, job["status"]) for job in running.jobs["model_import"]] == [
        (arn, "InProgress")
    ]
    assert running.models["imported_model"] == ()

    bedrock_jobs.clock.advance(DEFAULT_DURATIONS["model_import"])  # no API call in between
    state = bedrock_jobs.state()
    (job,) = state.jobs["model_import"]
    (model,) = state.models["imported_model"]
    assert (job.kind, job.name, job["status"]) == ("model_import", "import-job-1", "Completed")
    assert "failureMessage" not in job.details
    assert (model.kind, model.name, model.arn) == (
        "imported_model",
        "imported-model-1",
        job["importedModelArn"],
    )
    described = bedrock.get_imported_model(modelIdentifier=model.arn)
    assert model["creationTime"] == described["creationTime"]
    assert model["modelDataSource"] == described["modelDataSource"]


def test_every_kind_is_listed_even_when_empty(bedrock_jobs: Any) -> None:
    state = bedrock_jobs.state(account="999999999999", region="eu-west-1")
    assert (state.account, state.region) == ("999999999999", "eu-west-1")
    assert dict(state.jobs) == dict.fromkeys(DEFAULT_DURATIONS, ())
    assert dict(state.models) == {
        "imported_model": (),
        "custom_model": (),
        "lookout_model": (),
        "data_source": (),
    }


def test_each_account_and_region_has_its_own_state(bedrock_jobs: Any, bedrock: Any) -> None:
    bedrock.create_model_customization_job(**customization_job_request())
    west = boto3.client("bedrock", region_name="us-west-2")
    west.create_model_customization_job(**customization_job_request(job_name="west-job"))
    bedrock_jobs.settle()
    east_state, west_state = bedrock_jobs.state(), bedrock_jobs.state(region="us-west-2")
    assert [job.name for job in east_state.jobs["model_customization"]] == ["tune-job-1"]
    assert [job.name for job in west_state.jobs["model_customization"]] == ["west-job"]
    assert [m.name for m in west_state.models["custom_model"]] == ["custom-model-1"]
    assert bedrock_jobs.state(account="111122223333").jobs["model_customization"] == ()


def test_lookout_versions_are_jobs_and_its_models_are_models(bedrock_jobs: Any) -> None:
    owner = lookout_client(OWNER)
    train_model(bedrock_jobs, owner)
    bedrock_jobs.fail_next("lookout_model_training", message="No data.")
    owner.create_model(ModelName="second", DatasetName="pump-data")
    bedrock_jobs.settle()
    state = bedrock_jobs.state(account=OWNER)
    assert [
        (v.name, v["Status"], v.details.get("FailedReason"))
        for v in state.jobs["lookout_model_training"]
    ] == [("pump-model/1", "SUCCESS", None), ("second/1", "FAILED", "No data.")]
    assert [m.name for m in state.models["lookout_model"]] == ["pump-model", "second"]
    # A model shows what DescribeModel answers, not what its versions alone describe.
    described = set(shape_members("lookoutequipment", "DescribeModelResponse") or ())
    for model in state.models["lookout_model"]:
        assert "ModelName" in model.details
        assert set(model.details) <= described


def test_a_snapshot_cannot_change_the_mock(bedrock_jobs: Any, bedrock: Any) -> None:
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    state = bedrock_jobs.state()
    (job,) = state.jobs["model_import"]
    with pytest.raises(TypeError):
        job.details["status"] = "Completed"  # type: ignore[index]
    with pytest.raises(TypeError):
        state.jobs["model_import"] = ()  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        job.name = "other"  # type: ignore[misc]
    job["modelDataSource"]["s3DataSource"]["s3Uri"] = "s3://elsewhere/"
    answered = bedrock.get_model_import_job(jobIdentifier=arn)
    assert answered["modelDataSource"] == import_job_request()["modelDataSource"]
    assert (
        bedrock_jobs.state().jobs["model_import"][0]["modelDataSource"]
        == answered["modelDataSource"]
    )


@pytest.mark.parametrize("family", FAMILIES, ids=[family.kind for family in FAMILIES])
def test_a_snapshot_shows_a_job_of_every_kind(bedrock_jobs: Any, family: Family) -> None:
    read = family.start(bedrock_jobs, 0)
    status, _ = read()
    views = bedrock_jobs.state().jobs[family.kind]
    assert [view.arn.split(":")[3:5] for view in views] == [["us-east-1", "123456789012"]]
    described = views[-1].details
    assert status in (
        described.get("status"),
        described.get("modelStatus"),
        described.get("Status"),
    )
