"""Tags of Agents for Bedrock: a map of keys to values (not a list of pairs), on the
knowledge bases the mock holds; the shared ``TagStore`` keeps them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bedrock_jobs_mock.engine.backend import RegionState
from bedrock_jobs_mock.engine.errors import ServiceError
from bedrock_jobs_mock.engine.tagging import RESERVED_PREFIX
from bedrock_jobs_mock.engine.validation import failure, validation_exception


def check_tag_map(params: Mapping[str, Any], member: str) -> None:
    """Refuse a request whose tag map ``member`` holds a key beginning with ``aws:``: one
    ``ValidationException`` in the validation wording naming every such key, as every
    other family refuses them."""
    problems = [
        failure(key, f"{member}.{key}.key", f"Member must not start with '{RESERVED_PREFIX}'")
        for key in params.get(member, {})
        if key.startswith(RESERVED_PREFIX)
    ]
    if problems:
        raise validation_exception(problems)


def tag_map_room(
    state: RegionState, arn: str, tags: Mapping[str, str], code: str = "ValidationException"
) -> None:
    """Tags past the per-resource limit: the store's refusal as ``code``, an error the
    operation declares (it declares no TooManyTagsException)."""
    try:
        state.tags.check_room(arn, tags)
    except ServiceError as error:
        raise ServiceError(code, error.message) from None
