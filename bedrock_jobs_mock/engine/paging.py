"""Pages of a resource table with opaque, signed next tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Generic, Union

from bedrock_jobs_mock.engine.errors import ServiceError
from bedrock_jobs_mock.engine.store import Ordered, R, SortKey

#: Page size when the caller gives no maxResults (decided: the services do not say).
DEFAULT_PAGE_SIZE = 100

INVALID_TOKEN_MESSAGE = "The provided pagination token is invalid."

#: Where an item stands in an order other than creation order: ascending, unique per item
#: (end it with a tiebreak such as the creation sequence).
Position = tuple[Union[int, str], ...]


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
        return self._sign([key[0].isoformat(), key[1]])

    def decode(self, token: str) -> SortKey:
        try:
            moment, sequence = self._open(token)
            return datetime.fromisoformat(moment), int(sequence)
        except (ValueError, TypeError, UnicodeDecodeError):
            raise ServiceError("ValidationException", INVALID_TOKEN_MESSAGE) from None

    def encode_position(self, position: Position) -> str:
        return self._sign(list(position))

    def decode_position(self, token: str) -> Position:
        try:
            values = self._open(token)
            if not isinstance(values, list) or not all(
                isinstance(value, (int, str)) for value in values
            ):
                raise ValueError("not a position")
            return tuple(values)
        except (ValueError, TypeError, UnicodeDecodeError):
            raise ServiceError("ValidationException", INVALID_TOKEN_MESSAGE) from None

    def _sign(self, values: list[Any]) -> str:
        payload = json.dumps(values).encode("utf-8")
        text = base64.urlsafe_b64encode(payload).decode("ascii").rstrip("=")
        return f"{text}.{self._signature(payload)}"

    def _open(self, token: str) -> Any:
        text, signature = token.split(".")
        payload = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        if not hmac.compare_digest(signature, self._signature(payload)):
            raise ValueError("signature mismatch")
        return json.loads(payload)


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


def paginate_ordered(
    items: Iterable[R],
    codec: TokenCodec,
    position: Callable[[R], Position],
    *,
    max_results: int | None = None,
    next_token: str | None = None,
) -> Page[R]:
    """One page of ``items`` in ascending ``position`` order, an order other than creation
    order (by status). The token holds the last item's position and the next page starts
    at the first item after it (a bisection), so an item whose position changed between
    pages (a job that moved on to another status, or out of the filter) never breaks the
    paging: the items that kept theirs are each listed once; one that moved is listed
    where it stands when its page is read."""
    size = max_results or DEFAULT_PAGE_SIZE
    ordered = sorted(((position(item), item) for item in items), key=lambda pair: pair[0])
    positions = [at for at, _ in ordered]
    start = 0
    if next_token:
        try:
            start = bisect_right(positions, codec.decode_position(next_token))
        except TypeError:  # a position of another shape: not a token of this order
            raise ServiceError("ValidationException", INVALID_TOKEN_MESSAGE) from None
    page = [item for _, item in ordered[start : start + size]]
    more = start + size < len(ordered)
    return Page(page, codec.encode_position(positions[start + size - 1]) if more else None)
