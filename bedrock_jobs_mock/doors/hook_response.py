"""The response the botocore hook hands back: one object that botocore and aiobotocore both read.

botocore reads ``response.content`` as bytes. aiobotocore calls the same
``before-send`` handlers (its sessions copy botocore's built-in handlers) and
awaits ``response.content`` instead, as its own ``AioAWSResponse`` requires;
aiobotocore before 2.21 also takes the headers from ``response.raw.raw_headers``
(aiohttp's ``ClientResponse`` attribute) rather than ``response.headers``.
Answering both from one object means the hook never needs to know which kind
of client is asking, and never imports aiobotocore.

This module is the only place that knows how aiobotocore reads a response;
``tests/test_async_aiobotocore_contract.py`` fails loudly if that changes.
"""

from __future__ import annotations

import io
from collections.abc import Generator, Iterator, Mapping
from typing import Any

from botocore.awsrequest import AWSResponse


class AwaitableBytes(bytes):
    """Bytes that can also be awaited (yielding the same bytes), for aiobotocore."""

    def __await__(self) -> Generator[Any, None, bytes]:
        yield from ()
        return bytes(self)


class _RawBody(io.BytesIO):
    """The raw response body: botocore streams it, old aiobotocore reads its headers."""

    def __init__(self, body: bytes, headers: Mapping[str, str]) -> None:
        super().__init__(body)
        self._headers = headers

    @property
    def raw_headers(self) -> tuple[tuple[bytes, bytes], ...]:
        """As aiohttp's ``ClientResponse.raw_headers``: (name, value) pairs of bytes."""
        return tuple(
            (name.encode("latin-1"), value.encode("latin-1"))
            for name, value in self._headers.items()
        )

    def stream(self, **_: Any) -> Iterator[bytes]:
        chunk = self.read()
        while chunk:
            yield chunk
            chunk = self.read()


class HookResponse(AWSResponse):  # type: ignore[misc]  # botocore ships no type hints
    """An ``AWSResponse`` whose ``content`` botocore uses as bytes and aiobotocore awaits."""

    def __init__(self, url: str, status: int, headers: Mapping[str, str], body: bytes) -> None:
        super().__init__(url, status, headers, _RawBody(body, headers))
        self._awaitable_content = AwaitableBytes(body)

    @property
    def content(self) -> AwaitableBytes:
        """The body: bytes to botocore, an awaitable of the bytes to aiobotocore."""
        return self._awaitable_content
