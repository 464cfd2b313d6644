"""Pages of a resource table with opaque, signed next tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Generic

from bedrock_jobs_mock.engine.errors import ServiceError
from bedrock_jobs_mock.engine.store import Ordered, R, SortKey

#: Page size when the caller gives no maxResults (decided: the services do not say).
DEFAULT_PAGE_SIZE = 100

INVALID_TOKEN_MESSAGE = "The provided pagination token is invalid."


@dataclass
class Page(Generic[R]):
    items: list[R]
    next_token: str | None


class TokenCodec:
    """Signs a position so a token only works for the list it came from.

    ``scope`` names that list (operation, account, region); a token from any
    other scope, or one edited by hand, is refused with ValidationException.
    """

    def __init__(self, secret: bytes, scope: str) -> None:
        self._secret = secret
        self._scope = scope.encode("utf-8")

    def _signature(self, payload: bytes) -> str:
        digest = hmac.new(self._secret, self._scope + b"\0" + payload, hashlib.sha256)
        return digest.hexdigest()[:32]

    def encode(self, key: SortKey) -> str:
        payload = json.dumps([key[0].isoformat(), key[1]]).encode("utf-8")
        text = base64.urlsafe_b64encode(payload).decode("ascii").rstrip("=")
        return f"{text}.{self._signature(payload)}"

    def decode(self, token: str) -> SortKey:
        try:
            text, signature = token.split(".")
            payload = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            if not hmac.compare_digest(signature, self._signature(payload)):
                raise ValueError("signature mismatch")
            moment, sequence = json.loads(payload)
            return datetime.fromisoformat(moment), int(sequence)
        except (ValueError, TypeError, UnicodeDecodeError):
            raise ServiceError("ValidationException", INVALID_TOKEN_MESSAGE) from None


def paginate(
    table: Ordered[R],
    codec: TokenCodec,
    *,
    matches: Callable[[R], bool] = lambda _: True,
    max_results: int | None = None,
    next_token: str | None = None,
    descending: bool = True,
) -> Page[R]:
    """One page of ``table`` (one table, or several merged) in creation order, keeping
    what ``matches``.

    Cost is in proportion to the resources walked: the page itself when
    nothing is filtered out.
    """
    size = max_results or DEFAULT_PAGE_SIZE
    after = codec.decode(next_token) if next_token else None
    items: list[R] = []
    for resource in table.walk(descending=descending, after=after):
        if not matches(resource):
            continue
        if len(items) == size:
            return Page(items, codec.encode(items[-1].sort_key))
        items.append(resource)
    return Page(items, None)


def paginate_sequence(
    items: Sequence[R],
    codec: TokenCodec,
    *,
    max_results: int | None = None,
    next_token: str | None = None,
) -> Page[R]:
    """One page of ``items``, already in an order other than creation order (sorted by
    status): the token holds the last item's creation key, found again by a walk of
    ``items`` (the cost of such an order); a token whose item has moved away is refused."""
    size = max_results or DEFAULT_PAGE_SIZE
    start = 0
    if next_token:
        after = codec.decode(next_token)
        start = next((at + 1 for at, item in enumerate(items) if item.sort_key == after), -1)
        if start < 0:
            raise ServiceError("ValidationException", INVALID_TOKEN_MESSAGE)
    page = list(items[start : start + size])
    more = start + size < len(items)
    return Page(page, codec.encode(page[-1].sort_key) if more and page else None)
