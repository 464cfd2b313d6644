"""What the mock can learn of the AWS around it, and change there: the accounts, S3, IAM
and EventBridge that another in-process mock holds (moto's, through ``integrations/moto.py``).

The engine and the services ask a :class:`World`; they never know whose it is.
``None`` means "cannot tell" (no such mock is active, or it holds nothing to
judge by), and the mock then behaves as it does alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class StoredObject:
    """An S3 object as a listing shows it."""

    key: str
    size: int
    etag: str


class World(Protocol):
    """The AWS around the mock, as far as it can be seen."""

    def default_account(self) -> str | None:
        """The account of requests whose credentials name none, if the world sets one."""

    def account_of_key(self, access_key: str) -> str | None:
        """The account ``access_key`` belongs to (keys issued by STS AssumeRole), if known."""

    def role_exists(self, role_arn: str) -> bool | None:
        """Whether the IAM role exists; None when its account holds no role at all."""

    def bucket_exists(self, account: str, bucket: str) -> bool | None:
        """Whether the S3 bucket exists, seen from ``account``."""

    def object_exists(self, account: str, bucket: str, key: str) -> bool | None:
        """Whether the S3 object exists, seen from ``account``."""

    def has_objects(self, account: str, bucket: str, prefix: str) -> bool | None:
        """Whether any S3 object's key starts with ``prefix`` (False for no bucket)."""

    def list_objects(self, account: str, bucket: str, prefix: str) -> list[StoredObject] | None:
        """Every S3 object whose key starts with ``prefix``, in key order (none for no
        bucket); None when the world cannot tell."""

    def read_object(self, account: str, bucket: str, key: str) -> Iterator[bytes] | None:
        """The S3 object's content, in chunks as it streams in; None when there is no such
        object or the world cannot tell."""

    def put_object(self, account: str, bucket: str, key: str, body: bytes | bytearray) -> None:
        """Write an S3 object as ``account``, where the world can; else nothing."""

    def put_event(
        self,
        account: str,
        region: str,
        *,
        source: str,
        detail_type: str,
        detail: Mapping[str, Any],
        resources: Sequence[str],
        time: datetime,
    ) -> None:
        """Put an event on the default EventBridge bus of ``account`` in ``region``, where
        the world has one; else nothing."""


class NoWorld:
    """The world of a mock alone: it can tell nothing, and keeps nothing."""

    def default_account(self) -> str | None:
        return None

    def account_of_key(self, access_key: str) -> str | None:
        return None

    def role_exists(self, role_arn: str) -> bool | None:
        return None

    def bucket_exists(self, account: str, bucket: str) -> bool | None:
        return None

    def object_exists(self, account: str, bucket: str, key: str) -> bool | None:
        return None

    def has_objects(self, account: str, bucket: str, prefix: str) -> bool | None:
        return None

    def list_objects(self, account: str, bucket: str, prefix: str) -> list[StoredObject] | None:
        return None

    def read_object(self, account: str, bucket: str, key: str) -> Iterator[bytes] | None:
        return None

    def put_object(self, account: str, bucket: str, key: str, body: bytes | bytearray) -> None:
        return None

    def put_event(
        self,
        account: str,
        region: str,
        *,
        source: str,
        detail_type: str,
        detail: Mapping[str, Any],
        resources: Sequence[str],
        time: datetime,
    ) -> None:
        return None
