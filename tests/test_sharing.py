"""Custom models shared between accounts (``env.share_model``) through boto3: what the
recipient sees and copies, ``isOwned`` in both accounts, unsharing, and the control's
own errors."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.factories import (
    START,
    TITAN,
    copy_model,
    customize,
    declares,
    error_of,
    model_names,
    summary_members,
)

pytestmark = pytest.mark.bedrock_jobs(start_time=START)

OWNER = "123456789012"
RECIPIENT = "222222222222"
needs_owner_member = pytest.mark.skipif(
    not declares("bedrock", "GetCustomModel", "modelStatus")
    or "ownerAccountId" not in summary_members("bedrock", "ListCustomModels", "modelSummaries"),
    reason="this botocore's model has no ownerAccountId/modelStatus on custom models",
)


def _client(account: str, region: str = "us-east-1") -> Any:
    """A Bedrock client acting as ``account`` (a 12-digit access key id is the account)."""
    return boto3.client(
        "bedrock", region_name=region, aws_access_key_id=account, aws_secret_access_key="x"
    )


@pytest.fixture
def owner(bedrock_jobs: Any) -> Any:
    return _client(OWNER)


@pytest.fixture
def recipient(bedrock_jobs: Any) -> Any:
    return _client(RECIPIENT)


def test_an_unshared_model_of_another_account_is_invisible(
    bedrock_jobs: Any, owner: Any, recipient: Any
) -> None:
    source = customize(bedrock_jobs, owner, "owned-model")
    assert model_names(recipient) == []
    for call in (
        lambda: recipient.get_custom_model(modelIdentifier=source),
        lambda: copy_model(recipient, source),
    ):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_of(excinfo) == (
            "ResourceNotFoundException",
            f"The specified custom model '{source}' could not be found.",
            404,
        )


def test_a_shared_model_can_be_read_and_copied_by_the_recipient(
    bedrock_jobs: Any, owner: Any, recipient: Any
) -> None:
    source = customize(bedrock_jobs, owner, "owned-model")
    bedrock_jobs.share_model(source, with_account=RECIPIENT)

    shared = recipient.get_custom_model(modelIdentifier=source)
    assert (shared["modelArn"], shared["modelName"]) == (source, "owned-model")
    job_arn = copy_model(recipient, source, "my-copy")
    assert job_arn.startswith(f"arn:aws:bedrock:us-east-1:{RECIPIENT}:model-copy-job/")
    bedrock_jobs.settle()

    job = recipient.get_model_copy_job(jobArn=job_arn)
    assert (job["sourceAccountId"], job["sourceModelName"]) == (OWNER, "owned-model")
    copy = recipient.get_custom_model(modelIdentifier="my-copy")
    assert copy["modelArn"].startswith(
        f"arn:aws:bedrock:us-east-1:{RECIPIENT}:custom-model/{TITAN}/"
    )
    assert copy["trainingMetrics"] == shared["trainingMetrics"]
    assert model_names(owner) == ["owned-model"]


def test_a_shared_model_is_read_by_arn_only(bedrock_jobs: Any, owner: Any, recipient: Any) -> None:
    bedrock_jobs.share_model(customize(bedrock_jobs, owner, "owned-model"), with_account=RECIPIENT)
    with pytest.raises(ClientError) as excinfo:
        recipient.get_custom_model(modelIdentifier="owned-model")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        "The specified custom model 'owned-model' could not be found.",
        404,
    )


def test_is_owned_selects_owned_shared_or_both_in_each_account(
    bedrock_jobs: Any, owner: Any, recipient: Any
) -> None:
    source = customize(bedrock_jobs, owner, "owned-model")
    bedrock_jobs.clock.advance(minutes=1)
    customize(bedrock_jobs, recipient, "recipient-model")
    bedrock_jobs.share_model(source, with_account=RECIPIENT)

    assert model_names(recipient) == ["owned-model", "recipient-model"]
    assert model_names(recipient, isOwned=True) == ["recipient-model"]
    assert model_names(recipient, isOwned=False) == ["owned-model"]
    assert model_names(owner) == ["owned-model"]
    assert model_names(owner, isOwned=True) == ["owned-model"]
    assert model_names(owner, isOwned=False) == []


@needs_owner_member
def test_shared_summaries_name_their_owner(bedrock_jobs: Any, owner: Any, recipient: Any) -> None:
    source = customize(bedrock_jobs, owner, "owned-model")
    customize(bedrock_jobs, recipient, "recipient-model")
    bedrock_jobs.share_model(source, with_account=RECIPIENT)
    owners = {
        summary["modelName"]: summary["ownerAccountId"]
        for summary in recipient.list_custom_models()["modelSummaries"]
    }
    assert owners == {"owned-model": OWNER, "recipient-model": RECIPIENT}
    assert recipient.get_custom_model(modelIdentifier=source)["modelStatus"] == "Active"


def test_owned_and_shared_models_page_together_in_creation_order(
    bedrock_jobs: Any, owner: Any, recipient: Any
) -> None:
    expected = []
    for index in range(3):
        mine, theirs = f"mine-{index}", f"theirs-{index}"
        customize(bedrock_jobs, recipient, mine)
        bedrock_jobs.clock.advance(minutes=1)
        bedrock_jobs.share_model(customize(bedrock_jobs, owner, theirs), with_account=RECIPIENT)
        bedrock_jobs.clock.advance(minutes=1)
        expected += [mine, theirs]
    for order, names in (("Ascending", expected), ("Descending", expected[::-1])):
        pages = list(
            recipient.get_paginator("list_custom_models").paginate(
                sortOrder=order, PaginationConfig={"PageSize": 4}
            )
        )
        assert [len(page["modelSummaries"]) for page in pages] == [4, 2]
        assert [s["modelName"] for page in pages for s in page["modelSummaries"]] == names


def test_models_made_at_one_moment_list_in_the_order_they_were_made(
    bedrock_jobs: Any, owner: Any, recipient: Any
) -> None:
    """The clock stands still: creation order breaks the tie, not the order of sharing."""
    first = customize(bedrock_jobs, owner, "a-first")
    customize(bedrock_jobs, recipient, "b-second")
    third = customize(bedrock_jobs, owner, "c-third")
    bedrock_jobs.share_model(third, with_account=RECIPIENT)
    bedrock_jobs.share_model(first, with_account=RECIPIENT)
    assert model_names(recipient) == ["a-first", "b-second", "c-third"]


def test_a_model_reshared_between_pages_is_listed_once(
    bedrock_jobs: Any, owner: Any, recipient: Any
) -> None:
    arns = []
    for index in range(4):
        arns.append(customize(bedrock_jobs, owner, f"model-{index}"))
        bedrock_jobs.share_model(arns[-1], with_account=RECIPIENT)
        bedrock_jobs.clock.advance(minutes=1)
    first = recipient.list_custom_models(sortOrder="Ascending", maxResults=2)
    bedrock_jobs.unshare_model(arns[1], with_account=RECIPIENT)
    bedrock_jobs.share_model(arns[1], with_account=RECIPIENT)
    rest = recipient.list_custom_models(sortOrder="Ascending", nextToken=first["nextToken"])
    walked = [s["modelName"] for s in first["modelSummaries"] + rest["modelSummaries"]]
    assert walked == ["model-0", "model-1", "model-2", "model-3"]


def test_a_model_is_shared_in_its_own_region_only(
    bedrock_jobs: Any, owner: Any, recipient: Any
) -> None:
    source = customize(bedrock_jobs, owner, "owned-model")
    bedrock_jobs.share_model(source, with_account=RECIPIENT)
    west = _client(RECIPIENT, "us-west-2")
    assert model_names(west) == []
    copy_model(west, source, "west-copy")
    bedrock_jobs.settle()
    assert model_names(west) == ["west-copy"]


def test_sharing_with_one_account_shows_nothing_to_another(
    bedrock_jobs: Any, owner: Any, recipient: Any
) -> None:
    source = customize(bedrock_jobs, owner, "owned-model")
    bedrock_jobs.share_model(source, with_account=RECIPIENT)
    third = _client("333333333333")
    assert model_names(third) == []
    with pytest.raises(ClientError) as excinfo:
        copy_model(third, source)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified custom model '{source}' could not be found.",
        404,
    )


def test_unsharing_hides_the_model_but_keeps_copies(
    bedrock_jobs: Any, owner: Any, recipient: Any
) -> None:
    source = customize(bedrock_jobs, owner, "owned-model")
    bedrock_jobs.share_model(source, with_account=RECIPIENT)
    bedrock_jobs.share_model(source, with_account=RECIPIENT)
    copy_model(recipient, source, "my-copy")
    bedrock_jobs.settle()
    bedrock_jobs.unshare_model(source, with_account=RECIPIENT)

    assert model_names(recipient) == ["my-copy"]
    with pytest.raises(ClientError) as excinfo:
        copy_model(recipient, source, "second-copy")
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified custom model '{source}' could not be found.",
        404,
    )


def test_unsharing_mid_copy_does_not_stop_the_copy(
    bedrock_jobs: Any, owner: Any, recipient: Any
) -> None:
    source = customize(bedrock_jobs, owner, "owned-model")
    bedrock_jobs.share_model(source, with_account=RECIPIENT)
    job_arn = copy_model(recipient, source, "my-copy")
    bedrock_jobs.unshare_model(source, with_account=RECIPIENT)
    bedrock_jobs.settle()
    assert recipient.get_model_copy_job(jobArn=job_arn)["status"] == "Completed"
    assert model_names(recipient) == ["my-copy"]


def test_deleting_a_shared_model_ends_its_shares(
    bedrock_jobs: Any, owner: Any, recipient: Any
) -> None:
    source = customize(bedrock_jobs, owner, "owned-model")
    bedrock_jobs.share_model(source, with_account=RECIPIENT)
    owner.delete_custom_model(modelIdentifier=source)
    assert model_names(recipient) == []
    with pytest.raises(ClientError) as excinfo:
        recipient.get_custom_model(modelIdentifier=source)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified custom model '{source}' could not be found.",
        404,
    )


def test_the_recipient_cannot_delete_a_shared_model(
    bedrock_jobs: Any, owner: Any, recipient: Any
) -> None:
    source = customize(bedrock_jobs, owner, "owned-model")
    bedrock_jobs.share_model(source, with_account=RECIPIENT)
    with pytest.raises(ClientError) as excinfo:
        recipient.delete_custom_model(modelIdentifier=source)
    assert error_of(excinfo) == (
        "ResourceNotFoundException",
        f"The specified custom model '{source}' could not be found.",
        404,
    )
    assert model_names(owner) == ["owned-model"]


def test_copy_jobs_filter_by_source_account(bedrock_jobs: Any, owner: Any, recipient: Any) -> None:
    shared = customize(bedrock_jobs, owner, "owned-model")
    bedrock_jobs.share_model(shared, with_account=RECIPIENT)
    mine = customize(bedrock_jobs, recipient, "recipient-model")
    copy_model(recipient, shared, "from-owner")
    copy_model(recipient, mine, "from-me")

    def copies(account: str) -> list[str]:
        summaries = recipient.list_model_copy_jobs(sourceAccountEquals=account)
        return [s["targetModelName"] for s in summaries["modelCopyJobSummaries"]]

    assert copies(OWNER) == ["from-owner"]
    assert copies(RECIPIENT) == ["from-me"]


# -- the control's own errors ------------------------------------------------------------


def test_sharing_an_unknown_model_is_a_lookup_error(bedrock_jobs: Any) -> None:
    unknown = f"arn:aws:bedrock:us-east-1:{OWNER}:custom-model/{TITAN}/abcdefghijkl"
    with pytest.raises(LookupError, match=f"no custom model has the ARN '{unknown}'"):
        bedrock_jobs.share_model(unknown, with_account=RECIPIENT)
    with pytest.raises(LookupError, match="no custom model has the ARN 'not-an-arn'"):
        bedrock_jobs.unshare_model("not-an-arn", with_account=RECIPIENT)


def test_sharing_needs_another_twelve_digit_account(bedrock_jobs: Any, owner: Any) -> None:
    source = customize(bedrock_jobs, owner, "owned-model")
    with pytest.raises(ValueError, match="with_account must be 12 digits, got '2222'"):
        bedrock_jobs.share_model(source, with_account="2222")
    with pytest.raises(ValueError, match=f"is owned by {OWNER}; share it with another account"):
        bedrock_jobs.share_model(source, with_account=OWNER)
