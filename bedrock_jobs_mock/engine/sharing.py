"""Resources an account shares with other accounts: the mock's stand-in for AWS RAM.

A shared resource stays in its owner's state; the index only records who may
see it, and keeps for each recipient and Region a table of what is shared with
it, so a recipient's lists page through shared resources as cheaply as through
its own.
"""

from __future__ import annotations

from typing import Any

from bedrock_jobs_mock.engine.identifiers import parse_arn
from bedrock_jobs_mock.engine.store import R, Resource, ResourceTable


class ShareIndex:
    """Who each resource is shared with, and what is shared with each account."""

    def __init__(self) -> None:
        self._recipients: dict[str, set[str]] = {}
        self._shared: dict[tuple[type, str, str], ResourceTable[Any]] = {}

    def share(self, resource: Resource, account: str) -> None:
        """Let ``account`` see ``resource`` (sharing again changes nothing)."""
        recipients = self._recipients.setdefault(resource.arn, set())
        if account not in recipients:
            recipients.add(account)
            self._table(type(resource), account, _region_of(resource)).add(resource)

    def unshare(self, resource: Resource, account: str) -> None:
        """Stop sharing ``resource`` with ``account`` (a no-op when it was not shared)."""
        recipients = self._recipients.get(resource.arn, set())
        if account in recipients:
            recipients.discard(account)
            self._table(type(resource), account, _region_of(resource)).remove(resource)

    def forget(self, resource: Resource) -> None:
        """``resource`` is gone: no account sees it any more."""
        for account in self._recipients.pop(resource.arn, set()):
            self._table(type(resource), account, _region_of(resource)).remove(resource)

    def is_shared_with(self, arn: str, account: str) -> bool:
        """Whether the resource with that ARN is shared with ``account``."""
        return account in self._recipients.get(arn, ())

    def shared_with(self, kind: type[R], account: str, region: str) -> ResourceTable[R]:
        """The resources of class ``kind`` in ``region`` that other accounts share with
        ``account``, in a table of their own (empty when there are none)."""
        table: ResourceTable[R] | None = self._shared.get((kind, account, region))
        return table if table is not None else ResourceTable()

    def _table(self, kind: type, account: str, region: str) -> ResourceTable[Any]:
        return self._shared.setdefault((kind, account, region), ResourceTable())


def _region_of(resource: Resource) -> str:
    parts = parse_arn(resource.arn)
    assert parts is not None, f"{resource.arn} is not an ARN"
    return parts.region
