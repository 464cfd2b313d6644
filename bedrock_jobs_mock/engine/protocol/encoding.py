"""Output encoders built once per shape: a Python value to its JSON form.

The walk over an output shape (which members a structure has, their JSON
names, how its timestamps travel) is the same for every response, so each
shape gets a small function the first time it is encoded and keeps it.
"""

from __future__ import annotations

import base64
import functools
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Any, Callable

from botocore.model import Shape

from bedrock_jobs_mock.engine.compiled import ShapeCache

Encoder = Callable[[Any], Any]


@functools.lru_cache(maxsize=4096)  # a resource's times go out on every get and list
def format_timestamp(moment: datetime, timestamp_format: str) -> Any:
    """``moment`` (naive means UTC) as a timestamp of ``timestamp_format`` travels:
    epoch seconds, RFC 822, or ISO 8601 with milliseconds (the default)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    elif moment.utcoffset():
        moment = moment.astimezone(timezone.utc)
    if timestamp_format == "unixtimestamp":
        return round(moment.timestamp(), 3)
    if timestamp_format == "rfc822":
        return format_datetime(moment, usegmt=True)
    # "2026-01-01T00:00:00.000+00:00": milliseconds truncated, the UTC offset made "Z".
    return moment.isoformat(timespec="milliseconds")[:-6] + "Z"


def json_name(member_name: str, shape: Shape) -> str:
    """The name a member travels under in a JSON body."""
    return str(shape.serialization.get("name", member_name))


class Encoders(ShapeCache[Encoder]):
    """The encoder of each shape of one protocol, built on first use.

    ``body_timestamp_format`` is how timestamps travel when a shape does not
    say (``iso8601`` for rest-json, epoch seconds for JSON 1.0).
    """

    def __init__(self, body_timestamp_format: str) -> None:
        super().__init__()
        self._body_timestamp_format = body_timestamp_format

    def encode(self, shape: Shape, value: Any) -> Any:
        """``value`` converted to JSON by ``shape``; ``None`` members are left out."""
        return self.of(shape)(value)

    def _build(self, shape: Shape) -> Encoder:
        kind = shape.type_name
        if kind == "structure":
            return self._structure(shape)
        if kind == "list":
            item = self._member(shape.member)
            return (lambda value: [item(each) for each in value]) if item else list
        if kind == "map":
            entry = self._member(shape.value)
            if entry is None:
                return dict
            return lambda value: {key: entry(each) for key, each in value.items()}
        if kind == "timestamp":
            timestamp_format = shape.serialization.get(
                "timestampFormat", self._body_timestamp_format
            )
            return lambda value: format_timestamp(value, timestamp_format)
        if kind == "blob":
            return lambda value: base64.b64encode(value).decode("ascii")
        return _unchanged

    def _member(self, shape: Shape) -> Encoder | None:
        """The encoder of a member, or None when its value travels as it is."""
        encoder = self.of(shape)
        return None if encoder is _unchanged else encoder

    def _structure(self, shape: Shape) -> Encoder:
        plan = [
            (name, json_name(name, member), self._member(member))
            for name, member in shape.members.items()
        ]

        def encode(value: Any) -> Any:
            document = {}
            for name, key, member in plan:
                item = value.get(name)
                if item is not None:
                    document[key] = item if member is None else member(item)
            return document

        return encode


def _unchanged(value: Any) -> Any:
    return value
