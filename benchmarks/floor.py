"""The floor: what botocore alone costs for a call whose answer is the mock's own answer.

``record`` takes the exact status, headers and body the mock answered (from
botocore's ``after-call`` event, which hands over the raw HTTP response).
``replaying`` then answers the same operation from a trivial ``before-send``
handler with a fresh copy of those bytes, while no mock is active: the
client still serializes, signs and parses exactly as it does against the
mock, so the difference between the two is the mock's own cost.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from botocore.awsrequest import AWSResponse


@dataclass(frozen=True)
class Recorded:
    """One HTTP answer, as bytes."""

    status: int
    headers: dict[str, str]
    body: bytes


class _Body(io.BytesIO):
    """A raw response body, as botocore reads it (``stream()``)."""

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.read()


def _event(client: Any, kind: str, operation: str) -> str:
    service_id = client.meta.service_model.service_id.hyphenize()
    return f"{kind}.{service_id}.{operation}"


@contextmanager
def record(client: Any, operation: str) -> Iterator[list[Recorded]]:
    """Collect the raw answer of every ``operation`` call ``client`` makes inside the block."""
    answers: list[Recorded] = []

    def keep(http_response: Any, **_: Any) -> None:
        answers.append(
            Recorded(http_response.status_code, dict(http_response.headers), http_response.content)
        )

    event = _event(client, "after-call", operation)
    client.meta.events.register(event, keep)
    try:
        yield answers
    finally:
        client.meta.events.unregister(event, keep)


@contextmanager
def replaying(client: Any, operation: str, answer: Recorded) -> Iterator[None]:
    """Answer every ``operation`` call of ``client`` with ``answer``, as nothing but bytes."""

    def respond(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, answer.status, answer.headers, _Body(answer.body))

    event = _event(client, "before-send", operation)
    client.meta.events.register_first(event, respond)
    try:
        yield
    finally:
        client.meta.events.unregister(event, respond)
