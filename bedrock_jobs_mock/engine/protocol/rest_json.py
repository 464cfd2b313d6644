"""The ``rest-json`` protocol (Bedrock): URI labels, query string, headers and a JSON body."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from re import Pattern
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from botocore.model import OperationModel, Shape

from bedrock_jobs_mock.engine.errors import ServiceError, echoed
from bedrock_jobs_mock.engine.protocol.base import (
    HttpRequest,
    HttpResponse,
    JsonDict,
    Protocol,
    dump_json,
    parse_timestamp_value,
    serialization_error,
)
from bedrock_jobs_mock.engine.protocol.encoding import format_timestamp, json_name

#: Percent-decoded URI labels. Identifiers repeat (a job polled by its ARN), and decoding
#: an ARN's escapes costs more than the rest of a get's decoding.
_unquoted = functools.lru_cache(maxsize=1024)(unquote)


def _label_value(text: str) -> str:
    """A URI label's value. An escaped one is remembered up to 2,048 characters (the
    longest identifier Bedrock's labels take today), so that the memo stays small
    whatever the requests hold; a longer one is decoded each time."""
    if "%" not in text:
        return text
    return _unquoted(text) if len(text) <= 2048 else unquote(text)


@functools.cache
def _uri_pattern(request_uri: str) -> Pattern[str]:
    """A regex over the request path with one named group per ``{label}`` of the URI template."""
    path = request_uri.split("?", 1)[0]
    parts: list[str] = []
    for piece in re.split(r"(\{[^}]+\})", path):
        if piece.startswith("{"):
            label = piece[1:-1]
            greedy = label.endswith("+")
            parts.append(f"(?P<{label.rstrip('+')}>{'.+' if greedy else '[^/]+'})")
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts) + "$")


def _members(shape: Shape | None) -> tuple[tuple[str, Shape, str | None, str], ...]:
    """Each member of ``shape`` with where it travels and its name there, in model order."""
    if shape is None:
        return ()
    return tuple(
        (name, member, member.serialization.get("location"), json_name(name, member))
        for name, member in shape.members.items()
    )


@functools.cache
def _input_members(operation: OperationModel) -> tuple[tuple[str, Shape, str | None, str], ...]:
    return _members(operation.input_shape)


@functools.cache
def _output_members(operation: OperationModel) -> tuple[tuple[str, Shape, str | None, str], ...]:
    return _members(operation.output_shape)


@functools.cache
def _body_only(shape: Shape) -> bool:
    """Whether every member of ``shape`` travels in the JSON body (no URI label, query
    string, header or status code): the body is then the shape's JSON form as a whole."""
    return all(location is None for _, _, location, _ in _members(shape))


@dataclass(frozen=True)
class _Route:
    method: str
    path: Pattern[str]
    query_keys: frozenset[str]
    operation: str


def _specificity(request_uri: str) -> tuple[int, int]:
    """Fewer labels first, then more literal text: ``/jobs/{id}/stop`` before ``/jobs/{id}``."""
    path = request_uri.split("?", 1)[0]
    return path.count("{"), -len(re.sub(r"\{[^}]+\}", "", path))


class RestJsonProtocol(Protocol):
    """rest-json: members live where their ``location`` says; the rest is the JSON body."""

    authentication_error_status = 403

    @functools.cached_property
    def _routes(self) -> tuple[_Route, ...]:
        """Every operation's method and URI template (with any literal query keys), most
        specific first."""
        operations = [self.model.operation_model(name) for name in self.model.operation_names]
        operations.sort(key=lambda operation: _specificity(operation.http["requestUri"]))
        return tuple(
            _Route(
                operation.http["method"],
                _uri_pattern(operation.http["requestUri"]),
                frozenset(parse_qs(urlsplit(operation.http["requestUri"]).query, True)),
                operation.name,
            )
            for operation in operations
        )

    def operation_of(self, request: HttpRequest) -> str | None:
        url = urlsplit(request.url)
        query_keys = parse_qs(url.query, keep_blank_values=True).keys()
        for route in self._routes:
            if (
                route.method == request.method
                and route.path.match(url.path)
                and route.query_keys <= query_keys
            ):
                return route.operation
        return None

    def decode(self, operation: OperationModel, request: HttpRequest) -> JsonDict:
        shape = operation.input_shape
        if shape is None:
            return {}
        body = self.parse_body(request.body)
        if _body_only(shape):
            whole: JsonDict = self.from_json(shape, body, "")
            return whole
        url = urlsplit(request.url)
        labels = _uri_pattern(operation.http["requestUri"]).search(url.path)
        query = parse_qs(url.query, keep_blank_values=True) if url.query else {}
        params: JsonDict = {}
        body_members: JsonDict = {}
        for name, member, location, wire_name in _input_members(operation):
            if location == "uri":
                if labels is not None and labels.group(wire_name) is not None:
                    params[name] = _label_value(labels.group(wire_name))
            elif location == "querystring":
                if wire_name in query:
                    params[name] = self._from_query(member, query[wire_name], name)
            elif location == "header":
                text = request.header(wire_name)
                if text is not None:
                    params[name] = self._from_text(member, text, name)
            elif wire_name in body:
                body_members[wire_name] = body[wire_name]
        if body_members:  # a get or a stop carries its identifier in the URI alone
            params.update(self.from_json(shape, body_members, ""))
        return params

    def encode(self, operation: OperationModel, output: JsonDict) -> HttpResponse:
        status = int(operation.http.get("responseCode", 200))
        headers = {"Content-Type": "application/json"}
        shape = operation.output_shape
        if shape is None or not shape.members:
            return HttpResponse(status, headers)
        if _body_only(shape):
            return HttpResponse(status, headers, dump_json(self.to_json(shape, output)))
        body: JsonDict = {}
        for name, member, location, wire_name in _output_members(operation):
            value = output.get(name)
            if value is None:
                continue
            if location == "header":
                headers[wire_name] = self._to_text(member, value)
            elif location == "statusCode":
                status = int(value)
            else:
                body[wire_name] = self.to_json(member, value)
        return HttpResponse(status, headers, dump_json(body))

    def encode_error(self, error: ServiceError) -> HttpResponse:
        headers = {"Content-Type": "application/json", "x-amzn-ErrorType": error.code}
        return HttpResponse(
            self.error_status(error.code), headers, dump_json(self.error_body(error))
        )

    def _from_query(self, shape: Shape, values: list[str], where: str) -> Any:
        if shape.type_name == "list":
            return [self._from_text(shape.member, value, where) for value in values]
        return self._from_text(shape, values[0], where)

    @staticmethod
    def _from_text(shape: Shape, text: str, where: str) -> Any:
        kind = shape.type_name
        if kind in ("integer", "long"):
            bits = 32 if kind == "integer" else 64  # Java's int and long
            if not re.fullmatch(r"[+-]?\d{1,20}", text) or not (
                -(2 ** (bits - 1)) <= int(text) < 2 ** (bits - 1)
            ):
                raise serialization_error(
                    f"Value '{echoed(text)}' at '{where}' is not a valid {kind}"
                )
            return int(text)
        if kind in ("float", "double"):
            try:
                return float(text)
            except ValueError:
                raise serialization_error(
                    f"Value '{echoed(text)}' at '{where}' is not a valid {kind}"
                ) from None
        if kind == "boolean":
            if text not in ("true", "false"):
                raise serialization_error(
                    f"Value '{echoed(text)}' at '{where}' is not a valid boolean"
                )
            return text == "true"
        if kind == "timestamp":
            return parse_timestamp_value(text, where)
        return text

    @staticmethod
    def _to_text(shape: Shape, value: Any) -> str:
        if shape.type_name == "timestamp":
            return str(
                format_timestamp(value, shape.serialization.get("timestampFormat", "rfc822"))
            )
        if shape.type_name == "boolean":
            return "true" if value else "false"
        return str(value)
