"""Async clients for the tests, made as users make them: aiobotocore's session or aioboto3's.

Each test module that uses them starts with ``pytest.importorskip("aiobotocore")``:
where aiobotocore is not installed (the sync suite's environments) they skip;
``make test-async`` and ``make test-oldest`` run them on their own stacks.
The tests are plain sync tests that call ``asyncio.run``: the mock's fixture and
``with`` blocks stay sync, each test gets a fresh loop, and no pytest-asyncio
(with its loop-scope settings) is needed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from botocore.exceptions import ClientError

#: The libraries a test runs through: each test taking ``library`` runs once per entry.
LIBRARIES = ("aiobotocore", "aioboto3")


def credentials(account: str | None) -> dict[str, str]:
    """Client keywords that sign as ``account`` (a 12-digit access key id); none for None."""
    if account is None:
        return {}
    return {"aws_access_key_id": account, "aws_secret_access_key": "secret"}


def new_session(library: str) -> Any:
    """A session of ``library`` (skips the test where that library is not installed)."""
    if library == "aioboto3":
        aioboto3 = pytest.importorskip("aioboto3")
        return aioboto3.Session()
    session = pytest.importorskip("aiobotocore.session")
    return session.get_session()


def client_of(
    session: Any, service: str, region: str = "us-east-1", account: str | None = None, **kw: Any
) -> Any:
    """The async context manager that opens a client of ``session`` (either library's)."""
    opener = session.client if hasattr(session, "client") else session.create_client
    return opener(service, region_name=region, **credentials(account), **kw)


@asynccontextmanager
async def async_client(
    library: str,
    service: str = "bedrock",
    region: str = "us-east-1",
    account: str | None = None,
    **kw: Any,
) -> AsyncIterator[Any]:
    """An open client of ``service`` made through ``library`` in a new session."""
    async with client_of(new_session(library), service, region, account, **kw) as client:
        yield client


async def async_error_of(call: Any) -> tuple[str, str, int]:
    """``(Error.Code, Error.Message, HTTP status)`` of an awaitable that must be refused."""
    with pytest.raises(ClientError) as excinfo:
        await call
    response = excinfo.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


def without_metadata(response: dict[str, Any]) -> dict[str, Any]:
    """A parsed response without its ResponseMetadata (which carries a fresh request id)."""
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}
