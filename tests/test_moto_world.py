"""Jobs that see moto's S3 and IAM: missing data fails a job (or a CreateCustomModel
creation) at its normal end time, a completed customization writes its metrics, a role
missing from moto's IAM is refused;
``moto_aware=False`` and a mock without moto check nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock import BedrockJobsMock, mock_bedrock_jobs
from tests.factories import (
    CHECKPOINT_URI,
    CREATE_ROLE_ARN,
    CUSTOMIZATION_ROLE_ARN,
    START,
    custom_model_request,
    customization_job_request,
    error_of,
    import_job_request,
    needs_operation,
)

moto = pytest.importorskip("moto")
mock_aws = moto.mock_aws

BUCKET = "amzn-s3-demo-bucket"
#: Where the service writes validation metrics under a job's folder (docs/fidelity.md).
VALIDATION_METRICS = (
    "validation_artifacts/post_fine_tuning_validation/validation/validation_metrics.csv"
)
IMPORT_RUN = 15 * 60
CUSTOMIZATION_RUN = 50 * 60


@pytest.fixture
def s3() -> Iterator[Any]:
    """moto's S3, holding the bucket the factories' requests name."""
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


@pytest.fixture
def env(s3: Any) -> Iterator[BedrockJobsMock]:
    with mock_bedrock_jobs(start_time=START) as mock:
        yield mock


@pytest.fixture
def bedrock(env: BedrockJobsMock) -> Any:
    return boto3.client("bedrock", region_name="us-east-1")


def _keys(s3: Any, prefix: str = "") -> list[str]:
    listing = s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return [entry["Key"] for entry in listing.get("Contents", [])]


# -- model import ----------------------------------------------------------------------------


def test_an_import_of_an_empty_s3_prefix_fails_at_its_end_time(
    env: BedrockJobsMock, bedrock: Any
) -> None:
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    env.clock.advance(seconds=IMPORT_RUN - 1)
    assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "InProgress"
    env.clock.advance(seconds=1)
    job = bedrock.get_model_import_job(jobIdentifier=arn)
    assert (job["status"], job["failureMessage"]) == (
        "Failed",
        "Could not find any model files at the Amazon S3 location "
        "s3://amzn-s3-demo-bucket/llama3-8b/.",
    )
    assert bedrock.list_imported_models()["modelSummaries"] == []


def test_an_import_of_a_prefix_with_objects_completes(
    env: BedrockJobsMock, bedrock: Any, s3: Any
) -> None:
    s3.put_object(Bucket=BUCKET, Key="llama3-8b/config.json", Body=b"{}")
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    env.clock.advance(seconds=IMPORT_RUN)
    assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "Completed"


def test_a_scripted_failure_wins_over_the_s3_check(env: BedrockJobsMock, bedrock: Any) -> None:
    env.fail_next("model_import", "Scripted.")
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    env.settle()
    assert bedrock.get_model_import_job(jobIdentifier=arn)["failureMessage"] == "Scripted."


# -- custom models created from outside Bedrock -----------------------------------------------


@needs_operation("CreateCustomModel")
def test_a_custom_model_whose_s3_source_holds_nothing_fails_when_its_creation_ends(
    env: BedrockJobsMock, bedrock: Any
) -> None:
    arn = bedrock.create_custom_model(**custom_model_request())["modelArn"]
    assert bedrock.get_custom_model(modelIdentifier=arn)["modelStatus"] == "Creating"
    env.settle()
    model = bedrock.get_custom_model(modelIdentifier=arn)
    assert (model["modelStatus"], model["failureMessage"]) == (
        "Failed",
        f"Could not find any model files at the Amazon S3 location {CHECKPOINT_URI}.",
    )


@needs_operation("CreateCustomModel")
def test_a_custom_model_whose_s3_source_holds_its_files_becomes_active(
    env: BedrockJobsMock, bedrock: Any, s3: Any
) -> None:
    key = CHECKPOINT_URI.removeprefix(f"s3://{BUCKET}/") + "model.safetensors"
    s3.put_object(Bucket=BUCKET, Key=key, Body=b"weights")
    arn = bedrock.create_custom_model(**custom_model_request())["modelArn"]
    env.settle()
    assert bedrock.get_custom_model(modelIdentifier=arn)["modelStatus"] == "Active"


@needs_operation("CreateCustomModel")
def test_a_custom_model_from_a_model_package_reads_no_s3(
    env: BedrockJobsMock, bedrock: Any
) -> None:
    package = "arn:aws:sagemaker:us-east-1:123456789012:model-package/nova-lite-tuned/1"
    request = {k: v for k, v in custom_model_request().items() if k != "modelSourceConfig"}
    request["customModelDataSource"] = {"modelPackageArnDataSource": {"modelPackageArn": package}}
    arn = bedrock.create_custom_model(**request)["modelArn"]
    env.settle()
    assert bedrock.get_custom_model(modelIdentifier=arn)["modelStatus"] == "Active"


# -- model customization -----------------------------------------------------------------------


def test_a_missing_training_file_fails_a_customization(env: BedrockJobsMock, bedrock: Any) -> None:
    arn = bedrock.create_model_customization_job(**customization_job_request())["jobArn"]
    env.clock.advance(seconds=CUSTOMIZATION_RUN)
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    assert (job["status"], job["failureMessage"]) == (
        "Failed",
        "Could not validate GetObject permissions to access Amazon S3 bucket: "
        "amzn-s3-demo-bucket at key training/train.jsonl",
    )
    assert bedrock.list_custom_models()["modelSummaries"] == []


def test_a_training_location_naming_no_object_fails_a_customization(
    env: BedrockJobsMock, bedrock: Any
) -> None:
    """``s3://bucket/`` (a key botocore itself refuses to ask for) names no file."""
    request = customization_job_request(trainingDataConfig={"s3Uri": f"s3://{BUCKET}/"})
    arn = bedrock.create_model_customization_job(**request)["jobArn"]
    env.clock.advance(seconds=CUSTOMIZATION_RUN)
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    assert (job["status"], job["failureMessage"]) == (
        "Failed",
        "Could not validate GetObject permissions to access Amazon S3 bucket: "
        "amzn-s3-demo-bucket at key ",
    )


def test_a_role_name_iam_cannot_read_is_not_refused(env: BedrockJobsMock, bedrock: Any) -> None:
    """A role ARN ending in ``/`` names no role moto can be asked about: the mock cannot
    tell, and accepts it, rather than failing the call."""
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_role(RoleName="SomeOtherRole", AssumeRolePolicyDocument="{}")
    request = import_job_request(roleArn="arn:aws:iam::123456789012:role/x/")
    arn = bedrock.create_model_import_job(**request)["jobArn"]
    assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "InProgress"


def test_a_missing_validation_file_fails_a_customization(
    env: BedrockJobsMock, bedrock: Any, s3: Any
) -> None:
    s3.put_object(Bucket=BUCKET, Key="training/train.jsonl", Body=b"{}")
    validation = {"validators": [{"s3Uri": f"s3://{BUCKET}/validation/valid.jsonl"}]}
    request = customization_job_request(validationDataConfig=validation)
    arn = bedrock.create_model_customization_job(**request)["jobArn"]
    env.settle()
    assert bedrock.get_model_customization_job(jobIdentifier=arn)["failureMessage"] == (
        "Could not validate GetObject permissions to access Amazon S3 bucket: "
        "amzn-s3-demo-bucket at key validation/valid.jsonl"
    )


def test_a_missing_output_bucket_fails_a_customization(
    env: BedrockJobsMock, bedrock: Any, s3: Any
) -> None:
    s3.put_object(Bucket=BUCKET, Key="training/train.jsonl", Body=b"{}")
    request = customization_job_request(outputDataConfig={"s3Uri": "s3://no-such-bucket/out/"})
    arn = bedrock.create_model_customization_job(**request)["jobArn"]
    env.settle()
    assert bedrock.get_model_customization_job(jobIdentifier=arn)["failureMessage"] == (
        "Amazon S3 perms missing (PutObject): Could not validate PutObject permissions to "
        "access S3 bucket: no-such-bucket at key out/.write_access_check_file.tmp"
    )


def test_a_completed_customization_writes_its_metrics(
    env: BedrockJobsMock, bedrock: Any, s3: Any
) -> None:
    for key in ("training/train.jsonl", "validation/valid.jsonl"):
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"{}")
    validation = {"validators": [{"s3Uri": f"s3://{BUCKET}/validation/valid.jsonl"}]}
    request = customization_job_request(validationDataConfig=validation)
    arn = bedrock.create_model_customization_job(**request)["jobArn"]
    env.settle()
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    assert job["status"] == "Completed"
    folder = f"output/model-customization-job-{arn.rsplit('/', 1)[-1]}/"
    assert _keys(s3, "output/") == [
        folder + "training_artifacts/step_wise_training_metrics.csv",
        folder + VALIDATION_METRICS,
    ]
    training = _csv(s3, folder + "training_artifacts/step_wise_training_metrics.csv")
    assert training[0] == ["step_number", "epoch_number", "training_loss", "perplexity"]
    assert [row[:2] for row in training[1:]] == [["0", "0"], ["1", "1"]]  # epochCount 2
    assert float(training[-1][2]) == pytest.approx(job["trainingMetrics"]["trainingLoss"])
    validation_rows = _csv(s3, folder + VALIDATION_METRICS)
    assert validation_rows[0][2] == "validation_loss"
    assert float(validation_rows[1][2]) == pytest.approx(
        job["validationMetrics"][0]["validationLoss"]
    )


def test_metrics_are_where_awss_nova_micro_notebook_downloads_them(
    env: BedrockJobsMock, bedrock: Any, s3: Any, tmp_path: Any
) -> None:
    # amazon-bedrock-samples, custom-models/on_demand_inference/
    # 02_fine-tune_nova_micro_with_on_demand_inference.ipynb, as written.
    for key in ("train.jsonl", "validation.jsonl"):
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"{}")
    custom_model_name = "amazon-nova-micro-custom-model-2026-12-06"
    fine_tune_job = bedrock.create_model_customization_job(
        customizationType="FINE_TUNING",
        jobName="amazon-nova-micro-custom-job-2026-12-06",
        customModelName=custom_model_name,
        roleArn=CUSTOMIZATION_ROLE_ARN,
        baseModelIdentifier="amazon.nova-micro-v1:0:128k",
        hyperParameters={"epochCount": "2", "batchSize": "1", "learningRate": "0.00005"},
        trainingDataConfig={"s3Uri": f"s3://{BUCKET}/train.jsonl"},
        validationDataConfig={"validators": [{"s3Uri": f"s3://{BUCKET}/validation.jsonl"}]},
        outputDataConfig={"s3Uri": f"s3://{BUCKET}/outputs/output-{custom_model_name}"},
    )
    env.settle()
    output_job_name = "model-customization-job-" + fine_tune_job["jobArn"].split("/")[-1]
    prefix = f"outputs/output-{custom_model_name}/{output_job_name}"
    train_metrics_s3_prefix = f"{prefix}/training_artifacts/step_wise_training_metrics.csv"
    validation_metrics_s3_prefix = (
        f"{prefix}/validation_artifacts/post_fine_tuning_validation/validation/"
        "validation_metrics.csv"
    )
    s3.download_file(BUCKET, train_metrics_s3_prefix, str(tmp_path / "train_metrics.csv"))
    s3.download_file(BUCKET, validation_metrics_s3_prefix, str(tmp_path / "valid.csv"))
    header = (tmp_path / "valid.csv").read_text().splitlines()[0]
    assert header == "step_number,epoch_number,validation_loss,perplexity"


def _csv(s3: Any, key: str) -> list[list[str]]:
    body = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()
    return [line.split(",") for line in body.splitlines()]


# -- IAM -------------------------------------------------------------------------------------


def test_a_role_missing_from_motos_iam_is_refused_at_create(
    env: BedrockJobsMock, bedrock: Any
) -> None:
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_role(RoleName="SomeOtherRole", AssumeRolePolicyDocument="{}")
    for create, request in (
        (bedrock.create_model_import_job, import_job_request()),
        (bedrock.create_model_customization_job, customization_job_request()),
    ):
        with pytest.raises(ClientError) as excinfo:
            create(**request)
        assert error_of(excinfo) == (
            "ValidationException",
            "Could not assume provided IAM role.",
            400,
        )
    assert env.state().jobs["model_customization"] == ()


@needs_operation("CreateCustomModel")
def test_a_custom_models_role_missing_from_motos_iam_is_refused_at_create(
    env: BedrockJobsMock, bedrock: Any
) -> None:
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_role(RoleName="SomeOtherRole", AssumeRolePolicyDocument="{}")
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_custom_model(**custom_model_request())
    assert error_of(excinfo) == ("ValidationException", "Could not assume provided IAM role.", 400)
    assert bedrock.list_custom_models()["modelSummaries"] == []
    iam.create_role(RoleName=CREATE_ROLE_ARN.rsplit("/", 1)[-1], AssumeRolePolicyDocument="{}")
    bedrock.create_custom_model(**custom_model_request())
    assert [m["modelName"] for m in bedrock.list_custom_models()["modelSummaries"]] == [
        "brought-model"
    ]


def test_a_role_present_in_motos_iam_is_accepted(env: BedrockJobsMock, bedrock: Any) -> None:
    iam = boto3.client("iam", region_name="us-east-1")
    role_name = CUSTOMIZATION_ROLE_ARN.rsplit("/", 1)[-1]
    iam.create_role(RoleName=role_name, AssumeRolePolicyDocument="{}")
    bedrock.create_model_customization_job(**customization_job_request())
    assert [job.name for job in env.state().jobs["model_customization"]] == ["tune-job-1"]


def test_without_any_role_in_motos_iam_every_role_is_accepted(bedrock: Any) -> None:
    bedrock.create_model_import_job(**import_job_request())


# -- the switch off, and no moto ----------------------------------------------------------------


def test_moto_aware_off_checks_nothing(s3: Any) -> None:
    boto3.client("iam", region_name="us-east-1").create_role(
        RoleName="SomeOtherRole", AssumeRolePolicyDocument="{}"
    )
    with mock_bedrock_jobs(moto_aware=False) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        arn = bedrock.create_model_customization_job(**customization_job_request())["jobArn"]
        env.settle()
        assert bedrock.get_model_customization_job(jobIdentifier=arn)["status"] == "Completed"
    assert _keys(s3) == []


def test_without_moto_nothing_is_checked_or_written() -> None:
    with mock_bedrock_jobs() as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
        env.settle()
        assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "Completed"
