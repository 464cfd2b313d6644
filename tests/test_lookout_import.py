"""ImportModelVersion through boto3: same account, across accounts by resource policy
(principal, action and resource), into new and existing models, one version at a time,
idempotency, failures and inference data."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.factories import KEY_ARN, error_of, in_shape
from tests.lookout_helpers import (
    IMPORT_ACTION,
    IMPORTER,
    IMPORTING,
    OWNER,
    ROLE_ARN,
    START,
    TRAINING,
    UUID,
    create_dataset,
    policy,
    statement,
    train_model,
)
from tests.lookout_helpers import lookout_client as make_client

pytestmark = pytest.mark.bedrock_jobs(start_time=START)

ARTIFACT_BYTES = 1_048_576
LABELS = {"LabelGroupName": "pump-labels"}


@pytest.fixture
def owner(bedrock_jobs: Any) -> Any:
    return make_client(OWNER)


@pytest.fixture
def importer(bedrock_jobs: Any) -> Any:
    client = make_client(IMPORTER)
    create_dataset(client, "importer-data")
    return client


@pytest.fixture
def shared(bedrock_jobs: Any, owner: Any) -> dict[str, Any]:
    """A model of OWNER trained to SUCCESS (no policy yet); its DescribeModel."""
    return train_model(bedrock_jobs, owner)


def _refusal(importer: Any, source_arn: str) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as excinfo:
        importer.import_model_version(SourceModelVersionArn=source_arn, DatasetName="importer-data")
    return error_of(excinfo)


def _denied(source_arn: str, *, explicit: bool) -> tuple[str, str, int]:
    refused = (
        f"User: arn:aws:iam::{IMPORTER}:root is not authorized to perform: "
        f"{IMPORT_ACTION} on resource: {source_arn}"
    )
    reason = (
        " with an explicit deny in a resource-based policy"
        if explicit
        else f" because no resource-based policy allows the {IMPORT_ACTION} action"
    )
    return ("AccessDeniedException", refused + reason, 400)


def test_same_account_import_needs_no_policy(bedrock_jobs: Any, owner: Any) -> None:
    source = train_model(bedrock_jobs, owner)
    imported = owner.import_model_version(
        SourceModelVersionArn=source["ActiveModelVersionArn"],
        DatasetName="pump-data",
        ModelName="pump-copy",
    )
    imported.pop("ResponseMetadata")
    prefix = f"arn:aws:lookoutequipment:us-east-1:{OWNER}:model/pump-copy/"
    assert re.fullmatch(re.escape(prefix) + UUID, imported["ModelArn"])
    assert imported == {
        "ModelName": "pump-copy",
        "ModelArn": imported["ModelArn"],
        "ModelVersion": 1,
        "ModelVersionArn": f"{imported['ModelArn']}/model-version/1",
        "Status": "IMPORT_IN_PROGRESS",
    }
    bedrock_jobs.clock.advance(IMPORTING)
    version = owner.describe_model_version(ModelName="pump-copy", ModelVersion=1)
    assert (version["Status"], version["SourceType"], version["ImportJobEndTime"]) == (
        "SUCCESS",
        "IMPORT",
        START + TRAINING + IMPORTING,
    )
    assert version["ModelMetrics"] == source["ModelMetrics"]
    model = owner.describe_model(ModelName="pump-copy")
    assert (model["Status"], model["ActiveModelVersionArn"]) == (
        "SUCCESS",
        imported["ModelVersionArn"],
    )


@pytest.mark.parametrize("deny_on", ["ModelArn", "ActiveModelVersionArn"])
def test_an_explicit_deny_refuses_a_same_account_import_too(
    bedrock_jobs: Any, owner: Any, deny_on: str
) -> None:
    source = train_model(bedrock_jobs, owner)
    owner.put_resource_policy(
        ResourceArn=source[deny_on], ResourcePolicy=policy(effect="Deny", principal={"AWS": OWNER})
    )
    source_arn = source["ActiveModelVersionArn"]
    with pytest.raises(ClientError) as excinfo:
        owner.import_model_version(
            SourceModelVersionArn=source_arn, DatasetName="pump-data", ModelName="pump-copy"
        )
    assert error_of(excinfo) == (
        "AccessDeniedException",
        f"User: arn:aws:iam::{OWNER}:root is not authorized to perform: {IMPORT_ACTION} "
        f"on resource: {source_arn} with an explicit deny in a resource-based policy",
        400,
    )
    assert [m["ModelName"] for m in owner.list_models()["ModelSummaries"]] == ["pump-model"]


def test_a_same_account_import_ignores_a_policy_that_allows_others_only(
    bedrock_jobs: Any, owner: Any
) -> None:
    source = train_model(bedrock_jobs, owner)
    owner.put_resource_policy(ResourceArn=source["ModelArn"], ResourcePolicy=policy())
    imported = owner.import_model_version(
        SourceModelVersionArn=source["ActiveModelVersionArn"],
        DatasetName="pump-data",
        ModelName="pump-copy",
    )
    assert imported["Status"] == "IMPORT_IN_PROGRESS"


def test_an_imported_version_is_described_in_full(
    bedrock_jobs: Any, owner: Any, importer: Any, shared: dict[str, Any]
) -> None:
    owner.put_resource_policy(ResourceArn=shared["ModelArn"], ResourcePolicy=policy())
    imported = importer.import_model_version(
        SourceModelVersionArn=shared["ActiveModelVersionArn"],
        DatasetName="importer-data",
        LabelsInputConfiguration=LABELS,
        RoleArn=ROLE_ARN,
        ServerSideKmsKeyId="alias/importer",
        Tags=[{"Key": "team", "Value": "reliability"}],
    )
    started = START + TRAINING
    running = importer.describe_model(ModelName="pump-model")
    assert (running["Status"], running["ImportJobStartTime"]) == ("IMPORT_IN_PROGRESS", started)
    bedrock_jobs.clock.advance(IMPORTING)
    version = importer.describe_model_version(ModelName="pump-model", ModelVersion=1)
    version.pop("ResponseMetadata")
    source = owner.describe_model_version(ModelName="pump-model", ModelVersion=1)
    dataset = importer.describe_dataset(DatasetName="importer-data")
    key_arn = version["ServerSideKmsKeyId"]
    assert re.fullmatch(KEY_ARN.format(account=IMPORTER), key_arn)
    assert version == in_shape(
        "lookoutequipment",
        "DescribeModelVersion",
        {
            "ModelName": "pump-model",
            "ModelArn": imported["ModelArn"],
            "ModelVersion": 1,
            "ModelVersionArn": imported["ModelVersionArn"],
            "Status": "SUCCESS",
            "SourceType": "IMPORT",
            "DatasetName": "importer-data",
            "DatasetArn": dataset["DatasetArn"],
            "LabelsInputConfiguration": LABELS,
            "RoleArn": ROLE_ARN,
            "ServerSideKmsKeyId": key_arn,
            "ModelMetrics": source["ModelMetrics"],
            "ModelQuality": source["ModelQuality"],
            "SourceModelVersionArn": shared["ActiveModelVersionArn"],
            "ImportJobStartTime": started,
            "ImportJobEndTime": started + IMPORTING,
            "ImportedDataSizeInBytes": ARTIFACT_BYTES,
            "CreatedAt": started,
            "LastUpdatedTime": started + IMPORTING,
        },
    )
    model = importer.describe_model(ModelName="pump-model")
    assert (model["Status"], model["ActiveModelVersion"], model["RoleArn"]) == (
        "SUCCESS",
        1,
        ROLE_ARN,
    )
    assert importer.list_tags_for_resource(ResourceArn=model["ModelArn"])["Tags"] == [
        {"Key": "team", "Value": "reliability"}
    ]


def test_an_import_carries_the_sources_data_ranges(bedrock_jobs: Any, owner: Any) -> None:
    ranges: dict[str, Any] = {
        "TrainingDataStartTime": START - timedelta(days=300),
        "TrainingDataEndTime": START - timedelta(days=60),
        "EvaluationDataStartTime": START - timedelta(days=60),
        "EvaluationDataEndTime": START - timedelta(days=1),
    }
    source = train_model(bedrock_jobs, owner, **ranges)
    owner.import_model_version(
        SourceModelVersionArn=source["ActiveModelVersionArn"],
        DatasetName="pump-data",
        ModelName="pump-copy",
    )
    version = owner.describe_model_version(ModelName="pump-copy", ModelVersion=1)
    assert {member: version[member] for member in ranges} == ranges


@pytest.mark.parametrize("level", ["model", "version"])
def test_a_policy_on_the_model_or_the_version_lets_another_account_import(
    owner: Any, importer: Any, shared: dict[str, Any], level: str
) -> None:
    resource = shared["ModelArn"] if level == "model" else shared["ActiveModelVersionArn"]
    owner.put_resource_policy(ResourceArn=resource, ResourcePolicy=policy())
    imported = importer.import_model_version(
        SourceModelVersionArn=shared["ActiveModelVersionArn"], DatasetName="importer-data"
    )
    assert (imported["ModelName"], imported["ModelVersion"]) == ("pump-model", 1)
    assert imported["ModelArn"].startswith(
        f"arn:aws:lookoutequipment:us-east-1:{IMPORTER}:model/pump-model/"
    )


@pytest.mark.parametrize(
    ("principal", "action"),
    [
        ({"AWS": IMPORTER}, "lookoutequipment:ImportModelVersion"),
        ({"AWS": ["arn:aws:iam::999999999999:root", IMPORTER]}, "lookoutequipment:*"),
        ("*", "*"),
        ({"AWS": "*"}, ["lookoutequipment:DescribeModel", "lookoutequipment:import*"]),
        ("*", "lookout?quipment:*model?ersion"),
        # Wildcards that made a backtracking matcher take exponential time.
        ("*", "*?" * 12 + "N"),
    ],
)
def test_principal_and_action_forms_that_allow(
    owner: Any, importer: Any, shared: dict[str, Any], principal: Any, action: Any
) -> None:
    owner.put_resource_policy(
        ResourceArn=shared["ModelArn"],
        ResourcePolicy=policy(principal=principal, action=action),
    )
    imported = importer.import_model_version(
        SourceModelVersionArn=shared["ActiveModelVersionArn"], DatasetName="importer-data"
    )
    assert imported["Status"] == "IMPORT_IN_PROGRESS"


def test_another_account_without_a_policy_is_refused(importer: Any, shared: dict[str, Any]) -> None:
    source_arn = shared["ActiveModelVersionArn"]
    assert _refusal(importer, source_arn) == _denied(source_arn, explicit=False)
    assert importer.list_models()["ModelSummaries"] == []


@pytest.mark.parametrize(
    "statement",
    [
        {"principal": {"AWS": "arn:aws:iam::999999999999:root"}},
        {"principal": {"AWS": f"arn:aws:iam::{IMPORTER}:role/Importer"}},
        {"principal": {"Service": "lookoutequipment.amazonaws.com"}},
        {"action": "lookoutequipment:DescribeModelVersion"},
        {"action": "*?" * 12 + "X"},
        {"action": "lookoutequipment:ImportModelVersion?"},
    ],
)
def test_a_policy_that_does_not_name_the_caller_and_action_refuses(
    owner: Any, importer: Any, shared: dict[str, Any], statement: dict[str, Any]
) -> None:
    owner.put_resource_policy(ResourceArn=shared["ModelArn"], ResourcePolicy=policy(**statement))
    source_arn = shared["ActiveModelVersionArn"]
    assert _refusal(importer, source_arn) == _denied(source_arn, explicit=False)


@pytest.mark.parametrize("deny_on", ["model", "version"])
def test_a_deny_on_either_level_wins_over_an_allow(
    owner: Any, importer: Any, shared: dict[str, Any], deny_on: str
) -> None:
    model_arn, version_arn = shared["ModelArn"], shared["ActiveModelVersionArn"]
    deny, allow = (model_arn, version_arn) if deny_on == "model" else (version_arn, model_arn)
    owner.put_resource_policy(ResourceArn=allow, ResourcePolicy=policy())
    owner.put_resource_policy(ResourceArn=deny, ResourcePolicy=policy(effect="Deny", principal="*"))
    assert _refusal(importer, version_arn) == _denied(version_arn, explicit=True)


def test_a_deny_in_the_same_policy_wins(owner: Any, importer: Any, shared: dict[str, Any]) -> None:
    document = policy(
        statement(principal="*", action="*"),
        statement(effect="Deny", principal={"AWS": IMPORTER}),
    )
    owner.put_resource_policy(ResourceArn=shared["ModelArn"], ResourcePolicy=document)
    source_arn = shared["ActiveModelVersionArn"]
    assert _refusal(importer, source_arn) == _denied(source_arn, explicit=True)


def test_when_both_levels_have_a_policy_both_must_allow(
    owner: Any, importer: Any, shared: dict[str, Any]
) -> None:
    version_arn = shared["ActiveModelVersionArn"]
    owner.put_resource_policy(ResourceArn=shared["ModelArn"], ResourcePolicy=policy())
    owner.put_resource_policy(
        ResourceArn=version_arn, ResourcePolicy=policy(principal={"AWS": "999999999999"})
    )
    assert _refusal(importer, version_arn) == _denied(version_arn, explicit=False)
    owner.put_resource_policy(ResourceArn=version_arn, ResourcePolicy=policy())
    imported = importer.import_model_version(
        SourceModelVersionArn=version_arn, DatasetName="importer-data"
    )
    assert imported["ModelVersion"] == 1


# -- Resource: which versions a statement speaks of ---------------------------------------


@pytest.fixture
def two_versions(bedrock_jobs: Any, owner: Any, shared: dict[str, Any]) -> tuple[str, str, str]:
    """OWNER's pump-model with versions 1 and 2, both SUCCESS: (model, v1, v2) ARNs."""
    second = owner.import_model_version(
        SourceModelVersionArn=shared["ActiveModelVersionArn"], DatasetName="pump-data"
    )
    bedrock_jobs.settle()
    return shared["ModelArn"], shared["ActiveModelVersionArn"], second["ModelVersionArn"]


def _import(importer: Any, source_arn: str, into: str) -> dict[str, Any]:
    return dict(
        importer.import_model_version(
            SourceModelVersionArn=source_arn, DatasetName="importer-data", ModelName=into
        )
    )


def test_a_model_level_deny_scoped_to_another_version_does_not_refuse_this_one(
    owner: Any, importer: Any, two_versions: tuple[str, str, str]
) -> None:
    model_arn, first, second = two_versions
    document = policy(statement(), statement(effect="Deny", principal="*", resource=second))
    owner.put_resource_policy(ResourceArn=model_arn, ResourcePolicy=document)
    assert _import(importer, first, "copy-1")["Status"] == "IMPORT_IN_PROGRESS"
    assert _refusal(importer, second) == _denied(second, explicit=True)


def test_a_model_level_allow_scoped_to_version_1_allows_version_1_only(
    owner: Any, importer: Any, two_versions: tuple[str, str, str]
) -> None:
    model_arn, first, second = two_versions
    owner.put_resource_policy(ResourceArn=model_arn, ResourcePolicy=policy(resource=first))
    assert _import(importer, first, "copy-1")["Status"] == "IMPORT_IN_PROGRESS"
    assert _refusal(importer, second) == _denied(second, explicit=False)


ACCOUNT_ARN = f"arn:aws:lookoutequipment:us-east-1:{OWNER}"


def _put_scoped_policy(
    owner: Any, two_versions: tuple[str, str, str], level: str, resource: Any
) -> None:
    """Put on the model (or its version 1) a policy letting IMPORTER import ``resource``,
    where ``{model}``, ``{first}`` and ``{second}`` stand for the fixture's ARNs."""
    model_arn, first, second = two_versions

    def named(pattern: str) -> str:
        return pattern.format(model=model_arn, first=first, second=second)

    scoped = [named(r) for r in resource] if isinstance(resource, list) else named(resource)
    holder = model_arn if level == "model" else first
    owner.put_resource_policy(ResourceArn=holder, ResourcePolicy=policy(resource=scoped))


@pytest.mark.parametrize(
    ("level", "resource"),
    [
        ("model", "{model}"),
        ("model", ACCOUNT_ARN + ":model/pump-model/*"),
        ("model", "arn:aws:lookoutequipment:*:*:model/*/model-version/1"),
        ("model", ["{second}", "{first}"]),
        ("model", "{model}/model-version/?"),
        ("version", "{first}"),
        ("version", "*"),
        ("model", "*?" * 40 + "/1"),
    ],
)
def test_resource_forms_that_speak_of_the_version(
    owner: Any, importer: Any, two_versions: tuple[str, str, str], level: str, resource: Any
) -> None:
    _put_scoped_policy(owner, two_versions, level, resource)
    assert _import(importer, two_versions[1], "copy-1")["Status"] == "IMPORT_IN_PROGRESS"


@pytest.mark.parametrize(
    ("level", "resource"),
    [
        ("model", "{second}"),
        ("model", "{model}/model-version/1?"),
        ("model", ACCOUNT_ARN + ":model/fan-model/*"),
        ("model", ACCOUNT_ARN.replace(OWNER, "999999999999") + ":model/*"),
        ("model", ACCOUNT_ARN + ":MODEL/pump-model/*"),
        ("model", "*?" * 40 + "Z"),
        ("model", "arn:*:model/*/*/model-version/*/*"),
        ("model", ACCOUNT_ARN.replace(":lookoutequipment:", ":s3:") + ":*"),
        # A version's policy speaks of the version alone: naming its model names another.
        ("version", "{model}"),
    ],
)
def test_resource_forms_that_do_not(
    owner: Any, importer: Any, two_versions: tuple[str, str, str], level: str, resource: str
) -> None:
    _put_scoped_policy(owner, two_versions, level, resource)
    first = two_versions[1]
    assert _refusal(importer, first) == _denied(first, explicit=False)


def test_a_deleted_policy_no_longer_allows(
    owner: Any, importer: Any, shared: dict[str, Any]
) -> None:
    owner.put_resource_policy(ResourceArn=shared["ModelArn"], ResourcePolicy=policy())
    owner.delete_resource_policy(ResourceArn=shared["ModelArn"])
    source_arn = shared["ActiveModelVersionArn"]
    assert _refusal(importer, source_arn) == _denied(source_arn, explicit=False)


def test_importing_into_an_existing_model_adds_the_next_version(
    bedrock_jobs: Any, owner: Any
) -> None:
    source = train_model(bedrock_jobs, owner)
    source_arn = source["ActiveModelVersionArn"]
    numbers: list[int] = []
    for _ in range(2):
        imported = owner.import_model_version(
            SourceModelVersionArn=source_arn,
            DatasetName="pump-data",
            Tags=[{"Key": f"import-{len(numbers)}", "Value": "yes"}],
        )
        numbers.append(imported["ModelVersion"])
        bedrock_jobs.settle()
    assert numbers == [2, 3]
    assert imported["ModelArn"] == source["ModelArn"]
    assert imported["ModelVersionArn"] == f"{source['ModelArn']}/model-version/3"
    model = owner.describe_model(ModelName="pump-model")
    assert (model["ActiveModelVersion"], model["Status"]) == (1, "SUCCESS")
    tags = owner.list_tags_for_resource(ResourceArn=source["ModelArn"])["Tags"]
    assert [tag["Key"] for tag in tags] == ["import-0", "import-1"]


def test_an_existing_model_of_the_importer_gets_max_plus_one(
    bedrock_jobs: Any, owner: Any, importer: Any, shared: dict[str, Any]
) -> None:
    owner.put_resource_policy(ResourceArn=shared["ModelArn"], ResourcePolicy=policy())
    train_model(bedrock_jobs, importer, "local-model")
    imported = importer.import_model_version(
        SourceModelVersionArn=shared["ActiveModelVersionArn"],
        DatasetName="importer-data",
        ModelName="local-model",
    )
    assert imported["ModelVersion"] == 2


@pytest.mark.parametrize("running", ["IN_PROGRESS", "IMPORT_IN_PROGRESS"])
def test_a_model_whose_latest_version_still_runs_takes_no_import(
    bedrock_jobs: Any, owner: Any, importer: Any, shared: dict[str, Any], running: str
) -> None:
    owner.put_resource_policy(ResourceArn=shared["ModelArn"], ResourcePolicy=policy())
    source_arn = shared["ActiveModelVersionArn"]
    if running == "IN_PROGRESS":
        importer.create_model(ModelName="local-model", DatasetName="importer-data")
    else:
        _import(importer, source_arn, "local-model")
    with pytest.raises(ClientError) as excinfo:
        _import(importer, source_arn, "local-model")
    assert error_of(excinfo) == (
        "ConflictException",
        f"The model 'local-model' cannot take a new version while its version 1 is {running}.",
        400,
    )
    assert (
        importer.list_model_versions(ModelName="local-model")["ModelVersionSummaries"][0][
            "ModelVersion"
        ]
        == 1
    )
    bedrock_jobs.fail("local-model/1", message="stopped")
    assert _import(importer, source_arn, "local-model")["ModelVersion"] == 2


def test_the_dataset_must_be_the_callers(owner: Any, importer: Any, shared: dict[str, Any]) -> None:
    owner.put_resource_policy(ResourceArn=shared["ModelArn"], ResourcePolicy=policy())
    with pytest.raises(ClientError) as excinfo:
        importer.import_model_version(
            SourceModelVersionArn=shared["ActiveModelVersionArn"], DatasetName="pump-data"
        )
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified dataset 'pump-data' could not be found.",
        400,
    )


@pytest.mark.parametrize("outcome", ["IN_PROGRESS", "FAILED"])
def test_only_a_successful_source_can_be_imported(
    bedrock_jobs: Any, owner: Any, outcome: str
) -> None:
    create_dataset(owner)
    arn = owner.create_model(ModelName="pump-model", DatasetName="pump-data")["ModelArn"]
    if outcome == "FAILED":
        bedrock_jobs.fail("pump-model/1", message="no data")
    source_arn = f"{arn}/model-version/1"
    with pytest.raises(ClientError) as excinfo:
        owner.import_model_version(SourceModelVersionArn=source_arn, DatasetName="pump-data")
    assert error_of(excinfo) == (
        "ConflictException",
        f"The model version '{source_arn}' cannot be imported: its status is {outcome}; "
        "only a SUCCESS version can be imported.",
        400,
    )


@pytest.mark.parametrize("suffix", ["/model-version/2", "-gone/model-version/1"])
def test_an_unknown_source_is_not_found(importer: Any, shared: dict[str, Any], suffix: str) -> None:
    source_arn = shared["ModelArn"] + suffix
    with pytest.raises(ClientError) as excinfo:
        importer.import_model_version(SourceModelVersionArn=source_arn, DatasetName="importer-data")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified model version '{source_arn}' could not be found.",
        400,
    )


def test_a_source_in_an_account_never_used_is_not_found_and_not_brought_into_being(
    bedrock_jobs: Any, importer: Any
) -> None:
    source_arn = (
        "arn:aws:lookoutequipment:us-east-1:999999999999:model/pump-model/"
        "0f8fad5b-d9cb-469f-a165-70867728950e/model-version/1"
    )
    with pytest.raises(ClientError) as excinfo:
        importer.import_model_version(SourceModelVersionArn=source_arn, DatasetName="importer-data")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified model version '{source_arn}' could not be found.",
        400,
    )
    assert bedrock_jobs.backend.existing_region_state("999999999999", "us-east-1") is None


def test_a_retry_with_the_same_client_token_imports_once(
    bedrock_jobs: Any, owner: Any, importer: Any, shared: dict[str, Any]
) -> None:
    owner.put_resource_policy(ResourceArn=shared["ModelArn"], ResourcePolicy=policy())
    request = {
        "SourceModelVersionArn": shared["ActiveModelVersionArn"],
        "DatasetName": "importer-data",
        "ClientToken": "import-pump-model-once",
    }
    first = importer.import_model_version(**request)
    bedrock_jobs.clock.advance(minutes=1)
    second = importer.import_model_version(**request)
    first.pop("ResponseMetadata")
    second.pop("ResponseMetadata")
    assert second == first
    versions = importer.list_model_versions(ModelName="pump-model")["ModelVersionSummaries"]
    assert [v["ModelVersion"] for v in versions] == [1]


def test_a_failed_import_of_a_new_model_leaves_it_failed(
    bedrock_jobs: Any, owner: Any, importer: Any, shared: dict[str, Any]
) -> None:
    owner.put_resource_policy(ResourceArn=shared["ModelArn"], ResourcePolicy=policy())
    imported = importer.import_model_version(
        SourceModelVersionArn=shared["ActiveModelVersionArn"], DatasetName="importer-data"
    )
    bedrock_jobs.clock.advance(minutes=4)
    bedrock_jobs.fail(imported["ModelVersionArn"], message="The role cannot read the model.")
    version = importer.describe_model_version(ModelName="pump-model", ModelVersion=1)
    assert (version["Status"], version["FailedReason"]) == (
        "FAILED",
        "The role cannot read the model.",
    )
    assert version["ImportJobEndTime"] == START + TRAINING + timedelta(minutes=4)
    assert "ImportedDataSizeInBytes" not in version
    model = importer.describe_model(ModelName="pump-model")
    assert (model["Status"], model["FailedReason"]) == ("FAILED", "The role cannot read the model.")
    assert "ActiveModelVersion" not in model


# -- inference data (decided: see import_versions.py) -----------------------------------


def _import_with(importer: Any, source_arn: str, strategy: str | None) -> dict[str, Any]:
    """Start importing ``source_arn`` into the importer's ``pump-model``; the response."""
    extra = {} if strategy is None else {"InferenceDataImportStrategy": strategy}
    imported = importer.import_model_version(
        SourceModelVersionArn=source_arn, DatasetName="importer-data", **extra
    )
    return dict(imported)


@pytest.mark.parametrize(
    ("strategy", "brings_data"),
    [(None, False), ("NO_IMPORT", False), ("OVERWRITE", True), ("ADD_WHEN_EMPTY", True)],
)
def test_the_strategy_decides_whether_inference_data_comes_along(
    bedrock_jobs: Any,
    owner: Any,
    importer: Any,
    shared: dict[str, Any],
    strategy: str | None,
    brings_data: bool,
) -> None:
    owner.put_resource_policy(ResourceArn=shared["ModelArn"], ResourcePolicy=policy())
    activated = shared["ModelVersionActivatedAt"]
    bedrock_jobs.clock.advance(hours=2)
    _import_with(importer, shared["ActiveModelVersionArn"], strategy)
    bedrock_jobs.settle()
    version = importer.describe_model_version(ModelName="pump-model", ModelVersion=1)
    model = importer.describe_model(ModelName="pump-model")
    if brings_data:
        assert version["ImportedDataSizeInBytes"] == ARTIFACT_BYTES + 2 * 3600 * 1000
        assert (
            model["AccumulatedInferenceDataStartTime"],
            model["AccumulatedInferenceDataEndTime"],
        ) == (activated, activated + timedelta(hours=2))
    else:
        assert version["ImportedDataSizeInBytes"] == ARTIFACT_BYTES
        assert "AccumulatedInferenceDataStartTime" not in model


def test_add_when_empty_keeps_data_the_target_holds_and_overwrite_replaces_it(
    bedrock_jobs: Any, owner: Any, importer: Any, shared: dict[str, Any]
) -> None:
    owner.put_resource_policy(ResourceArn=shared["ModelArn"], ResourcePolicy=policy())
    source_arn, activated = shared["ActiveModelVersionArn"], shared["ModelVersionActivatedAt"]
    bedrock_jobs.clock.advance(hours=1)
    _import_with(importer, source_arn, "ADD_WHEN_EMPTY")
    bedrock_jobs.settle()
    first_end = activated + timedelta(hours=1)

    bedrock_jobs.clock.advance(hours=1)
    _import_with(importer, source_arn, "ADD_WHEN_EMPTY")
    bedrock_jobs.settle()
    kept = importer.describe_model(ModelName="pump-model")
    assert kept["AccumulatedInferenceDataEndTime"] == first_end
    second = importer.describe_model_version(ModelName="pump-model", ModelVersion=2)
    assert second["ImportedDataSizeInBytes"] == ARTIFACT_BYTES

    _import_with(importer, source_arn, "OVERWRITE")
    bedrock_jobs.settle()
    replaced = importer.describe_model(ModelName="pump-model")
    assert replaced["AccumulatedInferenceDataEndTime"] == first_end + timedelta(hours=1, minutes=20)
    third = importer.describe_model_version(ModelName="pump-model", ModelVersion=3)
    assert third["ImportedDataSizeInBytes"] == ARTIFACT_BYTES + (2 * 3600 + 1200) * 1000


def test_a_failed_import_brings_no_inference_data(
    bedrock_jobs: Any, owner: Any, importer: Any, shared: dict[str, Any]
) -> None:
    owner.put_resource_policy(ResourceArn=shared["ModelArn"], ResourcePolicy=policy())
    imported = _import_with(importer, shared["ActiveModelVersionArn"], "OVERWRITE")
    bedrock_jobs.fail(imported["ModelVersionArn"], message="interrupted")
    assert "AccumulatedInferenceDataStartTime" not in importer.describe_model(
        ModelName="pump-model"
    )
