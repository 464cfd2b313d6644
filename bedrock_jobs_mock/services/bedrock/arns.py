"""Bedrock identifiers that are not the mock's own: KMS keys and foundation models."""

from __future__ import annotations

from bedrock_jobs_mock.backend import RegionState


def kms_key_arn(state: RegionState, key: str | None) -> str | None:
    """The ARN of a KMS key given as an ARN, a key id or an alias name."""
    if key is None or key.startswith("arn:"):
        return key
    resource = key if key.startswith("alias/") else f"key/{key}"
    return state.arn("kms", resource)
