"""The model a batch inference job names: every form of modelId and how Get answers it, models
that do not run batch jobs (there), provisioned models; the per-model concurrent quota; the
job name; the idempotency token; a role missing from moto's IAM."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock import mock_bedrock_jobs
from tests.batch_helpers import NOVA_PRO, NOVA_PRO_ARN, batch_job_request, start_batch_job
from tests.factories import (
    ARN_PREFIX,
    NOVA_LITE,
    customize,
    error_of,
    model_pattern,
    needs_operation,
)

pytestmark = needs_operation("CreateModelInvocationJob")
#: The oldest supported models' ModelId pattern predates inference profiles: there, a
#: profile's ARN in a request is refused by that pattern (it names no profile).
NAMES_PROFILES = pytest.mark.skipif(
    "inference-profile" not in model_pattern("bedrock", "ModelId"),
    reason="this botocore's ModelId pattern takes no inference profile ARN",
)

FM = "arn:aws:bedrock:{region}::foundation-model/{model}"
PROFILE = "arn:aws:bedrock:{region}:123456789012:inference-profile/{model}"


def _client(region: str) -> Any:
    return boto3.client("bedrock", region_name=region)


def _model_of(client: Any, arn: str) -> str:
    return str(client.get_model_invocation_job(jobIdentifier=arn)["modelId"])


@pytest.mark.parametrize(
    ("region", "model_id", "answered"),
    [
        ("us-east-1", NOVA_PRO, NOVA_PRO_ARN),
        ("us-east-1", NOVA_PRO_ARN, NOVA_PRO_ARN),
        (
            "us-east-1",
            "us.amazon.nova-pro-v1:0",
            PROFILE.format(region="us-east-1", model="us.amazon.nova-pro-v1:0"),
        ),
        pytest.param(
            "us-west-2",
            PROFILE.format(region="us-west-2", model="us.amazon.nova-premier-v1:0"),
            PROFILE.format(region="us-west-2", model="us.amazon.nova-premier-v1:0"),
            marks=NAMES_PROFILES,
        ),
        (
            "eu-west-1",
            "eu.anthropic.claude-3-haiku-20240307-v1:0",
            PROFILE.format(region="eu-west-1", model="eu.anthropic.claude-3-haiku-20240307-v1:0"),
        ),
        (
            "ap-northeast-1",
            "apac.amazon.nova-lite-v1:0",
            PROFILE.format(region="ap-northeast-1", model="apac.amazon.nova-lite-v1:0"),
        ),
        (
            "eu-central-1",
            "global.anthropic.claude-sonnet-4-20250514-v1:0",
            PROFILE.format(
                region="eu-central-1", model="global.anthropic.claude-sonnet-4-20250514-v1:0"
            ),
        ),
        (
            "us-west-2",
            "meta.llama3-1-70b-instruct-v1:0",
            FM.format(region="us-west-2", model="meta.llama3-1-70b-instruct-v1:0"),
        ),
        (
            "us-west-2",
            "mistral.mistral-large-2407-v1:0",
            FM.format(region="us-west-2", model="mistral.mistral-large-2407-v1:0"),
        ),
    ],
)
def test_each_form_of_model_id_is_answered_normalised(
    bedrock_jobs: Any, region: str, model_id: str, answered: str
) -> None:
    client = _client(region)
    arn = start_batch_job(client, model_id=model_id)
    assert _model_of(client, arn) == answered
    (summary,) = client.list_model_invocation_jobs()["invocationJobSummaries"]
    assert summary["modelId"] == answered


def test_a_custom_model_is_answered_as_its_arn(bedrock_jobs: Any, bedrock: Any) -> None:
    model_arn = customize(bedrock_jobs, bedrock, "batch-titan")
    arn = start_batch_job(bedrock, model_id=model_arn)
    assert _model_of(bedrock, arn) == model_arn


def _refused(client: Any, model_id: str) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as excinfo:
        client.create_model_invocation_job(**batch_job_request(model_id=model_id))
    return error_of(excinfo)


@pytest.mark.parametrize(
    ("region", "model_id"),
    [
        # a profile-only model named as a foundation model
        ("us-east-1", "amazon.nova-premier-v1:0"),
        # a model that runs batch jobs, not in this Region
        ("eu-west-1", "anthropic.claude-3-haiku-20240307-v1:0"),
        # a profile of another geography than the Region's
        ("us-east-1", "eu.amazon.nova-pro-v1:0"),
        # a geography the model has no profile in
        ("us-east-1", "global.amazon.nova-pro-v1:0"),
        # a catalogue model that runs no batch jobs
        ("us-east-1", "amazon.titan-image-generator-v1"),
        # a customizable variant (provisioned throughput only)
        ("us-east-1", "amazon.titan-text-express-v1:0:8k"),
        # a model the catalogue does not know
        ("us-east-1", "acme.unknown-model-v1:0"),
        ("us-east-1", FM.format(region="us-east-1", model="amazon.nova-premier-v1:0")),
    ],
)
def test_a_model_that_runs_no_batch_jobs_there_is_refused_by_name(
    bedrock_jobs: Any, region: str, model_id: str
) -> None:
    assert _refused(_client(region), model_id) == (
        "ValidationException",
        f"Batch inference is not supported for the requested model {model_id} in {region}.",
        400,
    )
    assert _client(region).list_model_invocation_jobs()["invocationJobSummaries"] == []


def test_a_foundation_model_arn_of_another_region_is_refused(bedrock_jobs: Any) -> None:
    model_id = FM.format(region="us-west-2", model=NOVA_PRO)
    assert _refused(_client("us-east-1"), model_id) == (
        "ValidationException",
        f"The model '{model_id}' is in us-west-2, not in us-east-1 where this request was made.",
        400,
    )


def test_a_provisioned_model_arn_is_refused(bedrock_jobs: Any, raw_bedrock: Any) -> None:
    model_id = ARN_PREFIX + "provisioned-model/abcdefghijkl"
    code, message, status = _refused(raw_bedrock, model_id)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith(
        f"1 validation error detected: Value '{model_id}' at 'modelId' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: "
    )


@pytest.mark.parametrize(
    "model_id",
    [
        ARN_PREFIX + "custom-model/amazon.titan-text-express-v1:0:8k/abcdefghijkl",
        pytest.param(
            ARN_PREFIX + "application-inference-profile/abcdefghijkl", marks=NAMES_PROFILES
        ),
        pytest.param(
            "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-pro-v1:0",
            marks=NAMES_PROFILES,
        ),
    ],
)
def test_a_custom_model_or_profile_the_caller_lacks_is_not_found(
    bedrock_jobs: Any, bedrock: Any, model_id: str
) -> None:
    what = "custom model" if "custom-model" in model_id else "inference profile"
    assert _refused(bedrock, model_id) == (
        "ResourceNotFoundException",
        f"The specified {what} '{model_id}' could not be found.",
        404,
    )


def test_a_custom_model_whose_base_runs_no_batch_jobs_there_is_refused(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    model_arn = customize(bedrock_jobs, bedrock, "nova-custom", base=NOVA_LITE)
    assert _refused(bedrock, model_arn) == (
        "ValidationException",
        f"Batch inference is not supported for the requested model {model_arn} in us-east-1.",
        400,
    )


# -- the concurrent-jobs quota, per model ------------------------------------------------


def test_the_concurrent_quota_counts_submitted_and_running_jobs_per_model() -> None:
    with mock_bedrock_jobs(quotas={"concurrent_model_invocation_jobs": 2}) as env:
        bedrock = _client("us-east-1")
        first = start_batch_job(bedrock, "first")
        start_batch_job(bedrock, "second", model_id="us.amazon.nova-pro-v1:0")
        with pytest.raises(ClientError) as excinfo:
            start_batch_job(bedrock, "third")
        assert error_of(excinfo) == (
            "ServiceQuotaExceededException",
            "You have reached the maximum number of concurrent batch inference jobs using "
            f"{NOVA_PRO} (2) for this account and region.",
            400,
        )
        start_batch_job(bedrock, "other-model", model_id="amazon.nova-lite-v1:0")
        bedrock.stop_model_invocation_job(jobIdentifier=first)  # a stopping job counts no more
        start_batch_job(bedrock, "third")
        env.settle()
        start_batch_job(bedrock, "fourth")


def test_the_default_concurrent_quota_is_20_per_model(bedrock_jobs: Any, bedrock: Any) -> None:
    for index in range(20):
        start_batch_job(bedrock, f"job-{index}")
    with pytest.raises(ClientError) as excinfo:
        start_batch_job(bedrock, "job-20")
    assert error_of(excinfo)[0] == "ServiceQuotaExceededException"
    assert "(20)" in error_of(excinfo)[1]


# -- names, tokens, roles ------------------------------------------------------------------


def test_a_job_name_in_use_is_refused_whatever_the_first_jobs_status(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    start_batch_job(bedrock, "nightly")
    bedrock_jobs.settle()
    with pytest.raises(ClientError) as excinfo:
        start_batch_job(bedrock, "nightly")
    assert error_of(excinfo) == (
        "ValidationException",
        "The provided job name is currently in use.",
        400,
    )
    start_batch_job(_client("us-west-2"), "nightly", model_id="meta.llama3-1-8b-instruct-v1:0")


def test_a_repeated_client_token_returns_the_first_job(bedrock_jobs: Any, bedrock: Any) -> None:
    first = start_batch_job(bedrock, "once", clientRequestToken="token-1")
    again = start_batch_job(bedrock, "once", clientRequestToken="token-1")
    other_name = start_batch_job(bedrock, "renamed", clientRequestToken="token-1")
    assert first == again == other_name
    summaries = bedrock.list_model_invocation_jobs()["invocationJobSummaries"]
    assert [(summary["jobArn"], summary["clientRequestToken"]) for summary in summaries] == [
        (first, "token-1")
    ]


def test_botocore_fills_in_a_token_so_two_plain_creates_make_two_jobs(
    bedrock_jobs: Any, bedrock: Any
) -> None:
    start_batch_job(bedrock, "one")
    start_batch_job(bedrock, "two")
    summaries = bedrock.list_model_invocation_jobs()["invocationJobSummaries"]
    tokens = {summary["clientRequestToken"] for summary in summaries}
    assert len(tokens) == 2


def test_a_role_missing_from_motos_iam_is_refused_at_create() -> None:
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_bedrock_jobs() as env:
        boto3.client("iam", region_name="us-east-1").create_role(
            RoleName="SomeOtherRole", AssumeRolePolicyDocument="{}"
        )
        with pytest.raises(ClientError) as excinfo:
            start_batch_job(_client("us-east-1"))
        assert error_of(excinfo) == (
            "ValidationException",
            "Could not assume provided IAM role.",
            400,
        )
        assert env.state().jobs["model_invocation"] == ()
