"""The control endpoint's wire format, shared by the endpoint and its client.

Arguments and results are JSON. Values JSON has no type for travel tagged:
``{"$datetime": "2025-01-06T09:00:00+00:00"}``, ``{"$seconds": 90.0}`` (a
``timedelta``), ``{"$base64": "..."}`` (bytes). An error is
``{"error": "<exception type>", "message": "..."}`` with the status of its type.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from bedrock_jobs_mock.engine import bounded_json
from bedrock_jobs_mock.engine.clock import as_utc

#: The reserved path prefix of the control endpoint.
CONTROL_PREFIX = "/_mock/"

#: The exception types a control raises, and the HTTP status each answers with. An
#: argument of the wrong type or out of range is a ``TypeError``, ``ValueError`` or
#: ``OverflowError`` (``{"days": 1e10}``): the request's fault, 400.
ERROR_STATUS: dict[type[Exception], int] = {
    LookupError: 404,
    ValueError: 400,
    TypeError: 400,
    OverflowError: 400,
    RuntimeError: 409,
}


def _tagged(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": as_utc(value).isoformat()}
    if isinstance(value, timedelta):
        return {"$seconds": value.total_seconds()}
    if isinstance(value, (bytes, bytearray)):
        return {"$base64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} cannot travel to or from the control endpoint")


def _untagged(document: dict[str, Any]) -> Any:
    if len(document) == 1:
        ((tag, value),) = document.items()
        if tag == "$datetime":
            return datetime.fromisoformat(value)
        if tag == "$seconds":
            return timedelta(seconds=value)
        if tag == "$base64":
            return base64.b64decode(value)
    return document


def dumps(value: Any) -> bytes:
    """``value`` as the endpoint's JSON."""
    return json.dumps(value, default=_tagged).encode("utf-8")


def loads(data: bytes) -> Any:
    """The endpoint's JSON as Python values (``ValueError`` when it is not JSON, or nests
    deeper than ``bounded_json.MAX_DEPTH``)."""
    return bounded_json.loads(data or b"null", object_hook=_untagged)


def error_document(error: Exception) -> tuple[int, dict[str, str]]:
    """The status and body that carry a control's ``error`` to the client."""
    for kind, status in ERROR_STATUS.items():
        if isinstance(error, kind):
            return status, {"error": kind.__name__, "message": str(error)}
    raise error


def raise_error(document: Any, status: int) -> None:
    """Raise the exception an error body describes, as the control raised it."""
    kinds = {kind.__name__: kind for kind in ERROR_STATUS}
    if isinstance(document, dict) and document.get("error") in kinds:
        raise kinds[document["error"]](document.get("message", ""))
    raise RuntimeError(f"the control endpoint answered HTTP {status}: {document!r}")
