"""Resources and the tables that hold them: O(1) lookup by name or ARN, ordered by creation."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from bedrock_jobs_mock.engine.errors import ServiceError
from bedrock_jobs_mock.engine.sorted_keys import SortedKeys

SortKey = tuple[datetime, int]

_sequence = itertools.count()


@dataclass(eq=False)
class Resource:
    """Anything the mock holds that has an ARN, a name and a creation time."""

    arn: str
    name: str
    creation_time: datetime
    #: Breaks ties between equal creation times, in the order resources were made.
    sequence: int = field(init=False, repr=False, default_factory=lambda: next(_sequence))

    @property
    def sort_key(self) -> SortKey:
        """The resource's place in creation order: the same in every table that holds it,
        so a list over several tables, or a page token, means one position."""
        return (self.creation_time, self.sequence)

    def describe(self) -> dict[str, Any]:
        """The resource as its Get/Describe operation answers, in the API's member names."""
        raise NotImplementedError


R = TypeVar("R", bound=Resource)
R_co = TypeVar("R_co", bound=Resource, covariant=True)


class Ordered(Protocol[R_co]):
    """Resources in creation order, walkable from any position: what a list pages through."""

    def walk(self, *, descending: bool, after: SortKey | None = None) -> Iterator[R_co]: ...


class ResourceTable(Generic[R]):
    """One kind of resource of one account and region.

    Lookups by ARN or by name are dictionary lookups; iteration in creation
    order (either direction, from any position) walks sorted keys, so a page
    of a list costs in proportion to the page, and adding or removing a
    resource costs the same however many the table holds.
    """

    def __init__(self) -> None:
        self._by_arn: dict[str, R] = {}
        self._by_name: dict[str, R] = {}
        self._keys: SortedKeys[SortKey] = SortedKeys()
        self._by_key: dict[SortKey, R] = {}

    def __len__(self) -> int:
        return len(self._by_arn)

    def __iter__(self) -> Iterator[R]:
        """A snapshot of the resources, so the table may change while it is walked."""
        return iter(list(self._by_arn.values()))

    def add(self, resource: R) -> None:
        key = resource.sort_key
        self._by_arn[resource.arn] = resource
        self._by_name[resource.name] = resource
        self._keys.add(key)
        self._by_key[key] = resource

    def remove(self, resource: R) -> None:
        key = resource.sort_key
        del self._by_arn[resource.arn]
        if self._by_name.get(resource.name) is resource:
            del self._by_name[resource.name]
        self._keys.remove(key)
        del self._by_key[key]

    def rename(self, resource: R, name: str) -> None:
        """Give ``resource`` the name ``name``; its place in creation order stays."""
        if self._by_name.get(resource.name) is resource:
            del self._by_name[resource.name]
        resource.name = name
        self._by_name[name] = resource

    def find(self, identifier: str) -> R | None:
        """The resource whose ARN or name is ``identifier``."""
        if identifier.startswith("arn:"):
            return self._by_arn.get(identifier)
        return self._by_name.get(identifier)

    def by_arn(self, arn: str) -> R | None:
        return self._by_arn.get(arn)

    def by_name(self, name: str) -> R | None:
        return self._by_name.get(name)

    def walk(self, *, descending: bool, after: SortKey | None = None) -> Iterator[R]:
        """Resources in creation order, starting just past ``after`` when given."""
        for key in self._keys.walk(descending=descending, after=after):
            yield self._by_key[key]


class MergedTables(Generic[R]):
    """Several tables walked as one, in creation order: a list of what an account owns
    and what others share with it. Each resource must be in one table only; a sort key
    is the resource's own, so a position in the merge is a position in each table."""

    def __init__(self, *tables: ResourceTable[R]) -> None:
        self._tables = tables

    def walk(self, *, descending: bool, after: SortKey | None = None) -> Iterator[R]:
        walks = [
            table.walk(descending=descending, after=after) for table in self._tables if len(table)
        ]
        if len(walks) == 1:  # most often: nothing shared with the caller
            return walks[0]
        return heapq.merge(*walks, key=_sort_key, reverse=descending)


def _sort_key(resource: Resource) -> SortKey:
    return resource.sort_key


def require(table: ResourceTable[R], identifier: str, what: str) -> R:
    """The resource named or ARN'd by ``identifier``, else ``ResourceNotFoundException``."""
    found = table.find(identifier)
    if found is None:
        raise missing(what, identifier)
    return found


def missing(what: str, identifier: str) -> ServiceError:
    """``ResourceNotFoundException`` for the ``what`` that ``identifier`` names."""
    return ServiceError(
        "ResourceNotFoundException", f"The specified {what} '{identifier}' could not be found."
    )
