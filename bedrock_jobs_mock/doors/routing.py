"""What the HTTP doors share: which mocked service and operation a raw HTTP request is for,
who sends it, and the dispatch that answers it.

The service comes from the request as AWS itself would tell it: the
``X-Amz-Target`` prefix (JSON protocols), else the service of the SigV4
credential scope, else the endpoint host name, else the first service one of
whose URI templates matches the path. The operation comes from the service
model (:meth:`Protocol.operation_of`); nothing here names one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from botocore.model import ServiceModel

import bedrock_jobs_mock.services  # noqa: F401  (registers the operation handlers on first need)
from bedrock_jobs_mock.doors import authentication
from bedrock_jobs_mock.doors.identity import caller_identity, signing_service
from bedrock_jobs_mock.engine.backend import Backend
from bedrock_jobs_mock.engine.dispatch import handle, is_served, served_operations
from bedrock_jobs_mock.engine.errors import SERVED_OPERATIONS_HINT, ServiceError, in_words
from bedrock_jobs_mock.engine.protocol import HttpRequest, HttpResponse, Protocol, protocol_for
from bedrock_jobs_mock.engine.protocol.base import dump_json
from bedrock_jobs_mock.engine.servicemodel import service_model


@dataclass(frozen=True)
class Routed:
    """A request's answer, with the service and operation it was for (when they are known)."""

    service: str | None
    operation: str | None
    response: HttpResponse

    @property
    def label(self) -> str:
        """``service:operation`` as far as it is known, for log lines."""
        return ":".join(part for part in (self.service, self.operation) if part) or "-"


@functools.cache
def mocked_services() -> tuple[str, ...]:
    """The botocore names of the services the mock serves."""
    return tuple(sorted({service for service, _ in served_operations()}))


@functools.cache
def _protocol(service: str) -> Protocol:
    return protocol_for(service_model(service))


def _services_where(
    value: str, name_in: Callable[[ServiceModel], str | None], among: tuple[str, ...]
) -> tuple[str, ...]:
    """The services of ``among`` whose model names them ``value`` (``name_in`` reads it)."""
    return tuple(service for service in among if name_in(service_model(service)) == value)


def service_of(request: HttpRequest) -> str | None:
    """The mocked service ``request`` is for, or ``None`` when it is for none of them.

    Several services may share a signing name (``bedrock-agent`` signs as ``bedrock``):
    among those, the endpoint host names one, else the path does (the first whose model
    has an operation at that method and path), else the first is taken, to refuse it.
    """
    target = request.header("X-Amz-Target")
    if target is not None:
        by_target = _services_where(
            target.rpartition(".")[0],
            lambda model: model.metadata.get("targetPrefix"),
            mocked_services(),
        )
        return by_target[0] if by_target else None
    candidates = mocked_services()
    signed = signing_service(request)
    if signed is not None:
        candidates = _services_where(signed, lambda model: model.signing_name, candidates)
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
    host_label = (urlsplit(request.url).hostname or "").split(".")[0]
    by_host = _services_where(
        host_label.removesuffix("-fips"), lambda model: model.endpoint_prefix, candidates
    )
    if by_host:
        return by_host[0]
    for service in candidates:
        if _protocol(service).operation_of(request) is not None:
            return service
    return candidates[0] if signed is not None else None


def operation_of(service: str, request: HttpRequest) -> str | None:
    """The operation of ``service`` that ``request`` calls, from the service model
    (``None``: none of its operations)."""
    return _protocol(service).operation_of(request)


def refuse(request: HttpRequest, error: ServiceError) -> HttpResponse:
    """``error`` as the service ``request`` is for would carry it (plain JSON when the
    request is for none of the mocked services)."""
    service = service_of(request)
    if service is not None:
        return _protocol(service).encode_error(error)
    body = {"__type": error.code, "message": error.message}
    headers = {"Content-Type": "application/json", "x-amzn-ErrorType": error.code}
    return HttpResponse(400, headers, dump_json(body))


def answer(backend: Backend, request: HttpRequest, *, authenticate: bool = False) -> Routed:
    """Answer a raw HTTP request from ``backend``, as the service it is for would; with
    ``authenticate``, a request not signed as AWS requires is refused as AWS refuses it."""
    service = service_of(request)
    if service is None:
        message = f"bedrock-jobs-mock serves {in_words(mocked_services())} only"
        body = {"__type": "UnknownOperationException", "message": message}
        headers = {"Content-Type": "application/json", "x-amzn-ErrorType": body["__type"]}
        return Routed(None, None, HttpResponse(404, headers, dump_json(body)))
    protocol = _protocol(service)
    refused = authentication.refusal(request, protocol.model) if authenticate else None
    if refused is not None:
        return Routed(service, None, protocol.encode_error(refused))
    operation = operation_of(service, request)
    if operation is None or not is_served(service, operation):
        what = f"{service}:{operation}" if operation else f"{request.method} {request.url}"
        error = ServiceError(
            "UnknownOperationException",
            f"bedrock-jobs-mock does not serve {what}; {SERVED_OPERATIONS_HINT}",
        )
        return Routed(service, operation, protocol.encode_error(error))
    account, region = caller_identity(request, backend.account_of)
    response = handle(backend, service, operation, request, account=account, region=region)
    return Routed(service, operation, response)
