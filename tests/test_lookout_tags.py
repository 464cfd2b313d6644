"""Tag/UntagResource and ListTagsForResource on Lookout for Equipment datasets and models."""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.factories import error_of
from tests.lookout_helpers import (
    DEFAULT_ACCOUNT,
    START,
    TRAINING,
    UUID,
    create_dataset,
    over_tag_limit,
    train_model,
)
from tests.lookout_helpers import lookout_client as make_client

pytestmark = pytest.mark.bedrock_jobs(start_time=START)


@pytest.fixture
def lookout(bedrock_jobs: Any) -> Any:
    return make_client()


def _tags(count: int, prefix: str = "k") -> list[dict[str, str]]:
    return [{"Key": f"{prefix}{index}", "Value": str(index)} for index in range(count)]


@pytest.mark.parametrize("kind", ["dataset", "model"])
def test_tag_list_and_untag(bedrock_jobs: Any, lookout: Any, kind: str) -> None:
    if kind == "dataset":
        arn = create_dataset(lookout, Tags=[{"Key": "team", "Value": "ml"}])
    else:
        arn = train_model(bedrock_jobs, lookout, Tags=[{"Key": "team", "Value": "ml"}])["ModelArn"]
    lookout.tag_resource(ResourceArn=arn, Tags=[{"Key": "cost", "Value": "42"}])
    lookout.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "research"}])
    assert lookout.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "team", "Value": "research"},
        {"Key": "cost", "Value": "42"},
    ]
    lookout.untag_resource(ResourceArn=arn, TagKeys=["team", "absent"])
    assert lookout.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "cost", "Value": "42"}
    ]


def test_fifty_tags_per_resource_is_a_service_quota(lookout: Any) -> None:
    arn = create_dataset(lookout, Tags=_tags(30))
    lookout.tag_resource(ResourceArn=arn, Tags=_tags(20, prefix="more"))
    with pytest.raises(ClientError) as excinfo:
        lookout.tag_resource(ResourceArn=arn, Tags=[{"Key": "one-too-many", "Value": "x"}])
    assert error_of(excinfo) == (
        "ServiceQuotaExceededException",
        f"The number of tags on resource {arn} would exceed the limit of 50 tags.",
        400,
    )
    assert len(lookout.list_tags_for_resource(ResourceArn=arn)["Tags"]) == 50


ARN_PREFIX = re.escape(f"arn:aws:lookoutequipment:us-east-1:{DEFAULT_ACCOUNT}:")


@pytest.mark.parametrize(
    ("create", "arn_pattern"),
    [
        (
            lambda c, tags: c.create_dataset(DatasetName="more-data", Tags=tags),
            f"{ARN_PREFIX}dataset/more-data/{UUID}",
        ),
        (
            lambda c, tags: c.create_model(ModelName="m", DatasetName="pump-data", Tags=tags),
            f"{ARN_PREFIX}model/m/{UUID}",
        ),
    ],
    ids=["dataset", "model"],
)
def test_a_create_with_too_many_tags_creates_nothing(
    bedrock_jobs: Any, lookout: Any, create: Any, arn_pattern: str
) -> None:
    create_dataset(lookout)
    with pytest.raises(ClientError) as excinfo:
        create(lookout, _tags(51))
    assert over_tag_limit(excinfo, arn_pattern)
    assert bedrock_jobs.settle() == START
    assert lookout.list_models()["ModelSummaries"] == []
    assert [d["DatasetName"] for d in lookout.list_datasets()["DatasetSummaries"]] == ["pump-data"]


def test_import_dataset_over_the_limit_leaves_the_target_as_it_was(
    bedrock_jobs: Any, lookout: Any
) -> None:
    source_arn = create_dataset(lookout, "source", DatasetSchema={"InlineDataSchema": "{}"})
    target_arn = create_dataset(lookout, "target", Tags=_tags(40))
    with pytest.raises(ClientError) as excinfo:
        lookout.import_dataset(
            SourceDatasetArn=source_arn, DatasetName="target", Tags=_tags(11, "x")
        )
    assert error_of(excinfo) == (
        "ServiceQuotaExceededException",
        f"The number of tags on resource {target_arn} would exceed the limit of 50 tags.",
        400,
    )
    target = lookout.describe_dataset(DatasetName="target")
    assert (target["Status"], "Schema" in target) == ("CREATED", False)
    assert len(lookout.list_tags_for_resource(ResourceArn=target_arn)["Tags"]) == 40


@pytest.mark.parametrize("into", ["new-model", "pump-model"])
def test_import_model_version_over_the_limit_starts_nothing(
    bedrock_jobs: Any, lookout: Any, into: str
) -> None:
    source = train_model(bedrock_jobs, lookout, Tags=_tags(45))
    with pytest.raises(ClientError) as excinfo:
        lookout.import_model_version(
            SourceModelVersionArn=source["ActiveModelVersionArn"],
            DatasetName="pump-data",
            ModelName=into,
            Tags=_tags(6 if into == "pump-model" else 51, "x"),
        )
    model_arn = re.escape(source["ModelArn"]) if into == "pump-model" else None
    assert over_tag_limit(excinfo, model_arn or f"{ARN_PREFIX}model/new-model/{UUID}")
    assert [m["ModelName"] for m in lookout.list_models()["ModelSummaries"]] == ["pump-model"]
    versions = lookout.list_model_versions(ModelName="pump-model")["ModelVersionSummaries"]
    assert [v["ModelVersion"] for v in versions] == [1]
    assert bedrock_jobs.settle() == START + TRAINING


@pytest.mark.parametrize("operation", ["tag", "untag", "list"])
def test_tagging_anything_but_a_dataset_or_model_is_not_found(
    bedrock_jobs: Any, lookout: Any, operation: str
) -> None:
    arn = train_model(bedrock_jobs, lookout)["ActiveModelVersionArn"]
    calls = {
        "tag": lambda: lookout.tag_resource(ResourceArn=arn, Tags=_tags(1)),
        "untag": lambda: lookout.untag_resource(ResourceArn=arn, TagKeys=["k0"]),
        "list": lambda: lookout.list_tags_for_resource(ResourceArn=arn),
    }
    with pytest.raises(ClientError) as excinfo:
        calls[operation]()
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified resource ARN '{arn}' could not be found.",
        400,
    )
