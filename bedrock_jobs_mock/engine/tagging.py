"""Tags of every resource, by ARN, with the per-resource limit the services enforce, and
the reserved ``aws:`` prefix every request that sets tags is refused."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bedrock_jobs_mock.engine.errors import ServiceError
from bedrock_jobs_mock.engine.validation import failure, validation_exception

#: At most this many tags on one resource, counting those it already has.
MAX_TAGS_PER_RESOURCE = 50
#: Tag keys with this prefix are AWS's own (Lookout's model says so in its key pattern).
RESERVED_PREFIX = "aws:"


class TagStore:
    """Tags by resource ARN. Resources do not carry tags themselves."""

    def __init__(self) -> None:
        self._tags: dict[str, dict[str, str]] = {}

    def get(self, arn: str) -> dict[str, str]:
        return dict(self._tags.get(arn, {}))

    def check_room(self, arn: str, new_tags: Mapping[str, str]) -> None:
        """Raise ``TooManyTagsException`` if adding ``new_tags`` would pass the limit."""
        if not new_tags:  # a resource never holds more than the limit
            return
        merged = {**self._tags.get(arn, {}), **new_tags}
        if len(merged) > MAX_TAGS_PER_RESOURCE:
            raise ServiceError(
                "TooManyTagsException",
                f"The number of tags on resource {arn} would exceed the limit of "
                f"{MAX_TAGS_PER_RESOURCE} tags.",
                resourceName=arn,
            )

    def add(self, arn: str, new_tags: Mapping[str, str]) -> None:
        if not new_tags:  # an untagged resource holds no entry
            return
        self.check_room(arn, new_tags)
        self._tags.setdefault(arn, {}).update(new_tags)

    def remove(self, arn: str, keys: Iterable[str]) -> None:
        current = self._tags.get(arn, {})
        for key in keys:
            current.pop(key, None)

    def drop(self, arn: str) -> None:
        self._tags.pop(arn, None)


def tags_from_list(
    tags: Iterable[Mapping[str, str]], key: str = "key", value: str = "value"
) -> dict[str, str]:
    """``[{"key": k, "value": v}, ...]`` (or ``Key``/``Value``) as a dict."""
    return {tag[key]: tag[value] for tag in tags}


def tags_to_list(
    tags: Mapping[str, str], key: str = "key", value: str = "value"
) -> list[dict[str, str]]:
    return [{key: k, value: v} for k, v in tags.items()]


def check_tag_room(store: TagStore, arn: str, new_tags: Mapping[str, str], code: str) -> None:
    """Tags past the per-resource limit, for an operation that declares no
    ``TooManyTagsException``: the store's refusal, with its message, as ``code``, an
    error the operation declares."""
    try:
        store.check_room(arn, new_tags)
    except ServiceError as error:
        raise ServiceError(code, error.message) from None


def check_tag_keys(params: Mapping[str, Any], *members: str, key: str = "key") -> None:
    """Refuse a request whose tags ``members`` (those it gives) hold a key beginning
    with ``aws:``: one ``ValidationException`` in the validation wording naming every such
    key, before anything else about the request is judged. A member is a list of pairs
    (``[{key: k, "value": v}]``, the path ``member.N.member.key``) or a map of keys to
    values (Agents for Bedrock, the path ``member.k.key``). TagResource and every Create
    that sets tags call it, so each refuses them the same way."""
    problems = [
        failure(tag_key, path, f"Member must not start with '{RESERVED_PREFIX}'")
        for member in members
        for tag_key, path in _keys_and_paths(params.get(member), member, key)
        if tag_key.startswith(RESERVED_PREFIX)
    ]
    if problems:
        raise validation_exception(problems)


def _keys_and_paths(tags: Any, member: str, key: str) -> list[tuple[str, str]]:
    """Each key of the tags ``member`` gives, with the path a validation failure names."""
    if isinstance(tags, Mapping):
        return [(tag_key, f"{member}.{tag_key}.key") for tag_key in tags]
    return [
        (tag[key], f"{member}.{index}.member.{key}")
        for index, tag in enumerate(tags or [], start=1)
    ]
