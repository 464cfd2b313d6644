"""What every protocol shares: the HTTP exchange, JSON values by shape, error statuses."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from botocore.model import OperationModel, ServiceModel, Shape
from botocore.utils import parse_timestamp

from bedrock_jobs_mock.engine import bounded_json
from bedrock_jobs_mock.engine.clock import as_utc
from bedrock_jobs_mock.engine.errors import ServiceError, echoed
from bedrock_jobs_mock.engine.protocol.decoding import Decoders
from bedrock_jobs_mock.engine.protocol.encoding import Encoders, json_name

JsonDict = dict[str, Any]

#: Errors every AWS service may answer with although no model declares them.
_UNDECLARED_ERROR_STATUS = {"SerializationException": 400, "UnknownOperationException": 400}
#: The errors AWS's front end answers before a request reaches the service: a request
#: signed badly or not at all. No model declares them; their status is the protocol's.
AUTHENTICATION_ERRORS = frozenset(
    {
        "MissingAuthenticationTokenException",
        "IncompleteSignatureException",
        "InvalidSignatureException",
    }
)
#: Server faults whose shape lacks the model's ``fault`` mark (Lookout for Equipment's model
#: drops it; its Smithy model marks InternalServerException a server error).
_UNMARKED_SERVER_FAULTS = frozenset({"InternalServerException"})


@dataclass
class HttpRequest:
    """An HTTP request as it would reach the service."""

    method: str
    url: str
    #: Any mapping: botocore's own, case-insensitive, is read as it is (values may be bytes).
    headers: Mapping[str, str | bytes]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        """The value of the header ``name`` in any case, as text; None when absent."""
        value = self.headers.get(name)
        if value is None:
            lowered = name.lower()
            value = next(
                (each for key, each in self.headers.items() if key.lower() == lowered), None
            )
        return value.decode("utf-8") if isinstance(value, bytes) else value


@dataclass
class HttpResponse:
    """An HTTP response as the service would send it."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def serialization_error(message: str) -> ServiceError:
    return ServiceError("SerializationException", message)


def parse_timestamp_value(value: Any, where: str) -> datetime:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise serialization_error(f"Value at '{where}' is not a valid timestamp")
    try:
        return as_utc(parse_timestamp(value))
    except (ValueError, TypeError, OverflowError, RuntimeError):  # botocore: RuntimeError
        # for an epoch it cannot place in any time zone
        raise serialization_error(
            f"Value '{echoed(str(value))}' at '{where}' is not a valid timestamp"
        ) from None


#: The JSON types each shape type accepts, and the Java class AWS names in its message.
_JSON_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "structure": ((dict,), "Map"),
    "map": ((dict,), "Map"),
    "list": ((list,), "List"),
    "string": ((str,), "String"),
    "blob": ((str,), "String"),
    "boolean": ((bool,), "Boolean"),
    "integer": ((int,), "Integer"),
    "long": ((int,), "Long"),
    "float": ((int, float), "Float"),
    "double": ((int, float), "Double"),
}
_JAVA_CLASS_OF = {bool: "Boolean", int: "Integer", float: "Double", str: "String"}


def _check_json_type(kind: str, value: Any) -> None:
    """Reject a JSON value of the wrong type with the message AWS's JSON reader gives."""
    if kind not in _JSON_TYPES:
        return
    accepted, java_class = _JSON_TYPES[kind]
    if isinstance(value, accepted) and (kind == "boolean" or not isinstance(value, bool)):
        return
    if isinstance(value, dict):
        raise serialization_error("Start of structure or map found where not expected.")
    if isinstance(value, list):
        raise serialization_error("Start of list found where not expected.")
    found = _JAVA_CLASS_OF.get(type(value), type(value).__name__)
    raise serialization_error(f"class java.lang.{found} can not be converted to an {java_class}")


class Protocol:
    """Decodes requests and encodes results for one service, from its model alone."""

    #: How timestamps travel in JSON bodies when a shape does not say.
    body_timestamp_format = "unixtimestamp"
    #: The status of :data:`AUTHENTICATION_ERRORS`: 400 from the JSON-RPC services' front
    #: end (DynamoDB documents it), 403 from the REST ones (API Gateway's).
    authentication_error_status = 400

    def __init__(self, model: ServiceModel) -> None:
        self.model = model
        self._encoders = Encoders(self.body_timestamp_format)
        self._decoders = Decoders(
            {kind: accepted for kind, (accepted, _) in _JSON_TYPES.items()},
            _check_json_type,
            parse_timestamp_value,
            serialization_error,
            json_name,
        )

    def operation_of(self, request: HttpRequest) -> str | None:
        """The name of the operation ``request`` calls, read the way this protocol carries
        it (``None``: none of the service's operations)."""
        raise NotImplementedError

    def decode(self, operation: OperationModel, request: HttpRequest) -> JsonDict:
        """The operation's input dict, in the model's member names."""
        raise NotImplementedError

    def encode(self, operation: OperationModel, output: JsonDict) -> HttpResponse:
        """The HTTP response carrying ``output``."""
        raise NotImplementedError

    def encode_error(self, error: ServiceError) -> HttpResponse:
        """The HTTP response carrying ``error``."""
        raise NotImplementedError

    # -- shared by the JSON protocols -------------------------------------------------

    def error_status(self, code: str) -> int:
        if code in _UNDECLARED_ERROR_STATUS:
            return _UNDECLARED_ERROR_STATUS[code]
        if code in AUTHENTICATION_ERRORS:
            return self.authentication_error_status
        shape = self.model.shape_for(code)
        status = shape.metadata.get("error", {}).get("httpStatusCode")
        if status is None:
            server_fault = shape.metadata.get("fault") or code in _UNMARKED_SERVER_FAULTS
            status = 500 if server_fault else 400
        return int(status)

    def error_body(self, error: ServiceError) -> JsonDict:
        """The error's JSON members: ``message`` under the shape's own name, then any others."""
        members = (
            self.model.shape_for(error.code).members if error.code in self.model.shape_names else {}
        )
        message_key = next((name for name in members if name.lower() == "message"), "message")
        body: JsonDict = {message_key: error.message}
        for name, value in error.fields.items():
            if name in members:
                body[json_name(name, members[name])] = self.to_json(members[name], value)
        return body

    def from_json(self, shape: Shape, value: Any, where: str) -> Any:
        """A JSON value converted to Python by its shape; a mistyped value is rejected.

        Mistyped values and malformed unions are ``SerializationException``, as
        AWS answers them, before any constraint is validated.
        """
        return self._decoders.of(shape)(value, where)

    def to_json(self, shape: Shape, value: Any) -> Any:
        """A Python value converted to JSON by its shape; ``None`` members are left out."""
        return self._encoders.encode(shape, value)

    def parse_body(self, body: bytes) -> JsonDict:
        if not body.strip():
            return {}
        try:
            document = bounded_json.loads(body)
        except bounded_json.TooDeep as error:
            raise serialization_error(f"The request body is not accepted: {error}") from None
        except ValueError:
            raise serialization_error("The request body is not valid JSON") from None
        if not isinstance(document, dict):
            raise serialization_error("The request body is not a JSON object")
        return document


#: orjson, where the ``fast`` extra installed it: the same bytes as the standard
#: library's encoder below (see :func:`dump_json`). Dates and dataclasses, which the
#: standard library refuses, orjson is told to refuse too, not to write in forms of its own.
_fast_dumps: Callable[[Any], bytes] | None
try:
    from orjson import OPT_PASSTHROUGH_DATACLASS, OPT_PASSTHROUGH_DATETIME, dumps
except ImportError:
    _fast_dumps = None
else:
    _fast_dumps = functools.partial(
        dumps, option=OPT_PASSTHROUGH_DATETIME | OPT_PASSTHROUGH_DATACLASS
    )

#: One encoder for every body (``json.dumps`` with options builds a new one per call).
#: Outputs are trees built per response, never cyclic: no circular-reference check.
#: Text other than ASCII travels as UTF-8, as the services (and orjson) write it.
_COMPACT_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, check_circular=False)
#: For the one string UTF-8 cannot carry: a lone surrogate, which a request may hold
#: as a ``"\ud800"`` escape and an answer echoes back the same way.
_ASCII_JSON = json.JSONEncoder(separators=(",", ":"), check_circular=False)


def _prebuilt_c_encoder() -> Callable[[Any, int], Any] | None:
    """The C encoder ``_COMPACT_JSON.encode`` builds on every call, built once (None where
    the standard library has no C accelerator: ``encode`` then does it all).

    ``JSONEncoder.encode`` makes it anew for each document, with the same arguments
    as here (``json/encoder.py``, ``iterencode``); made once, a response's JSON costs
    a third less on a small body.
    """
    make_encoder = getattr(json.encoder, "c_make_encoder", None)
    if make_encoder is None:
        return None
    options = _COMPACT_JSON
    try:
        encoder: Callable[[Any, int], Any] = make_encoder(
            None,  # markers: no circular-reference check
            options.default,
            (
                json.encoder.encode_basestring_ascii
                if options.ensure_ascii
                else json.encoder.encode_basestring
            ),
            options.indent,
            options.key_separator,
            options.item_separator,
            options.sort_keys,
            options.skipkeys,
            options.allow_nan,
        )
    except TypeError:  # another signature in some future Python: build per call
        return None
    return encoder


_C_ENCODER = _prebuilt_c_encoder()


def dump_json(document: JsonDict) -> bytes:
    """``document`` as compact JSON in UTF-8.

    With orjson installed (the ``fast`` extra) it writes the bytes, many times faster;
    what it refuses (a lone surrogate, an integer beyond 64 bits) the standard library
    writes. Both give the same bytes but for floats no answer holds today: below 1e-4
    (orjson ``0.00001``, the standard library ``1e-05``: the same number to any parser),
    NaN and infinities (orjson ``null``), and, before orjson 3.11.7 (the last releases
    for Python 3.9), from 1e16 up (``1e16`` against ``1e+16``).
    """
    if _fast_dumps is not None:
        try:
            return _fast_dumps(document)
        except TypeError:  # orjson.JSONEncodeError
            pass
    try:
        if _C_ENCODER is None:
            return _COMPACT_JSON.encode(document).encode("utf-8")
        return "".join(_C_ENCODER(document, 0)).encode("utf-8")
    except UnicodeEncodeError:
        return _ASCII_JSON.encode(document).encode("ascii")
