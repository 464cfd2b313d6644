"""Resources and the tables that hold them: O(1) lookup by name or ARN, ordered by creation."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from bedrock_jobs_mock.errors import ServiceError

SortKey = tuple[datetime, int]

_sequence = itertools.count()


@dataclass(eq=False)
class Resource:
    """Anything the mock holds that has an ARN, a name and a creation time."""

    arn: str
    name: str
    creation_time: datetime

    def describe(self) -> dict[str, Any]:
        """The resource as its Get/Describe operation answers, in the API's member names."""
        raise NotImplementedError


R = TypeVar("R", bound=Resource)


class ResourceTable(Generic[R]):
    """One kind of resource of one account and region.

    Lookups by ARN or by name are dictionary lookups; iteration in creation
    order (either direction, from any position) walks a sorted key list, so
    a page of a list costs in proportion to the page.
    """

    def __init__(self) -> None:
        self._by_arn: dict[str, R] = {}
        self._by_name: dict[str, R] = {}
        self._keys: list[SortKey] = []
        self._by_key: dict[SortKey, R] = {}
        self._key_of: dict[str, SortKey] = {}

    def __len__(self) -> int:
        return len(self._by_arn)

    def __iter__(self) -> Iterator[R]:
        """A snapshot of the resources, so the table may change while it is walked."""
        return iter(list(self._by_arn.values()))

    def add(self, resource: R) -> None:
        key = (resource.creation_time, next(_sequence))
        self._by_arn[resource.arn] = resource
        self._by_name[resource.name] = resource
        bisect.insort(self._keys, key)
        self._by_key[key] = resource
        self._key_of[resource.arn] = key

    def remove(self, resource: R) -> None:
        key = self._key_of.pop(resource.arn)
        del self._by_arn[resource.arn]
        if self._by_name.get(resource.name) is resource:
            del self._by_name[resource.name]
        del self._keys[bisect.bisect_left(self._keys, key)]
        del self._by_key[key]

    def find(self, identifier: str) -> R | None:
        """The resource whose ARN or name is ``identifier``."""
        if identifier.startswith("arn:"):
            return self._by_arn.get(identifier)
        return self._by_name.get(identifier)

    def by_arn(self, arn: str) -> R | None:
        return self._by_arn.get(arn)

    def by_name(self, name: str) -> R | None:
        return self._by_name.get(name)

    def key_of(self, resource: R) -> SortKey:
        return self._key_of[resource.arn]

    def walk(self, *, descending: bool, after: SortKey | None = None) -> Iterator[R]:
        """Resources in creation order, starting just past ``after`` when given."""
        if descending:
            stop = len(self._keys) if after is None else bisect.bisect_left(self._keys, after)
            for index in range(stop - 1, -1, -1):
                yield self._by_key[self._keys[index]]
        else:
            start = 0 if after is None else bisect.bisect_right(self._keys, after)
            for index in range(start, len(self._keys)):
                yield self._by_key[self._keys[index]]


def require(table: ResourceTable[R], identifier: str, what: str) -> R:
    """The resource named or ARN'd by ``identifier``, else ``ResourceNotFoundException``."""
    found = table.find(identifier)
    if found is None:
        raise ServiceError(
            "ResourceNotFoundException", f"The specified {what} '{identifier}' could not be found."
        )
    return found
