"""Put, Describe and DeleteResourcePolicy on models and model versions."""

from __future__ import annotations

import uuid

from bedrock_jobs_mock.engine.dispatch import JsonDict, RequestContext, serves
from bedrock_jobs_mock.engine.errors import conflict, not_found, validation_error
from bedrock_jobs_mock.services.lookoutequipment.policies import ResourcePolicy, parse_policy
from bedrock_jobs_mock.services.lookoutequipment.records import (
    Dataset,
    PolicyHolder,
    find_policy_holder,
)


def _holder(context: RequestContext, arn: str) -> PolicyHolder:
    """The caller's model or model version ``arn`` names."""
    holder = find_policy_holder(context.state, arn)
    if holder is not None:
        return holder
    if context.state.table(Dataset).by_arn(arn) is not None:
        raise validation_error(
            "A resource policy can be attached only to a model or a model version."
        )
    raise not_found(f"The specified resource '{arn}' could not be found.")


def _policy_of(holder: PolicyHolder) -> ResourcePolicy:
    if holder.policy is None:
        raise not_found(f"No resource policy is attached to '{holder.arn}'.")
    return holder.policy


def _check_revision(holder: PolicyHolder, revision_id: str | None) -> None:
    """A given PolicyRevisionId must name the policy being replaced."""
    if revision_id is None:
        return
    if holder.policy is None:
        raise conflict(
            f"The PolicyRevisionId '{revision_id}' does not match: "
            f"'{holder.arn}' has no resource policy."
        )
    if holder.policy.revision_id != revision_id:
        raise conflict(
            f"The PolicyRevisionId '{revision_id}' does not match the current "
            f"revision '{holder.policy.revision_id}'."
        )


@serves("lookoutequipment", "PutResourcePolicy")
def put_resource_policy(context: RequestContext, params: JsonDict) -> JsonDict:
    """Attach or replace the policy; every put makes a new PolicyRevisionId."""
    holder = _holder(context, params["ResourceArn"])
    statements = parse_policy(params["ResourcePolicy"])
    _check_revision(holder, params.get("PolicyRevisionId"))
    created = holder.policy.creation_time if holder.policy else context.now
    holder.policy = ResourcePolicy(
        text=params["ResourcePolicy"],
        statements=statements,
        revision_id=uuid.uuid4().hex,
        creation_time=created,
        last_modified_time=context.now,
    )
    return {"ResourceArn": holder.arn, "PolicyRevisionId": holder.policy.revision_id}


@serves("lookoutequipment", "DescribeResourcePolicy")
def describe_resource_policy(context: RequestContext, params: JsonDict) -> JsonDict:
    policy = _policy_of(_holder(context, params["ResourceArn"]))
    return {
        "PolicyRevisionId": policy.revision_id,
        "ResourcePolicy": policy.text,
        "CreationTime": policy.creation_time,
        "LastModifiedTime": policy.last_modified_time,
    }


@serves("lookoutequipment", "DeleteResourcePolicy")
def delete_resource_policy(context: RequestContext, params: JsonDict) -> JsonDict:
    holder = _holder(context, params["ResourceArn"])
    _policy_of(holder)
    holder.policy = None
    return {}
