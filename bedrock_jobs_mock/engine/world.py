"""What the mock can learn of the AWS around it: the accounts, S3 and IAM that another
in-process mock holds (moto's, through ``integrations/moto.py``).

The engine and the services ask a :class:`World`; they never know whose it is.
``None`` means "cannot tell" (no such mock is active, or it holds nothing to
judge by), and the mock then behaves as it does alone.
"""

from __future__ import annotations

from typing import Protocol


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

    def put_object(self, account: str, bucket: str, key: str, body: bytes) -> None:
        """Write an S3 object as ``account``, where the world can; else nothing."""


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

    def put_object(self, account: str, bucket: str, key: str, body: bytes) -> None:
        return None
