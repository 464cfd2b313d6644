"""The botocore hook: answers every request to a mocked service while a mock is active.

The hook is added to botocore's built-in handlers at import, registered
ahead of every other ``before-send`` handler, so every session (and client)
created afterwards carries it. It answers nothing while no mock is active,
and never answers another service.
"""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import urlsplit

import botocore.handlers
from botocore.awsrequest import AWSPreparedRequest

from bedrock_jobs_mock.doors.hook_response import HookResponse
from bedrock_jobs_mock.engine.backend import Backend
from bedrock_jobs_mock.engine.dispatch import handle
from bedrock_jobs_mock.engine.identifiers import is_account_id
from bedrock_jobs_mock.engine.options import DEFAULT_REGION
from bedrock_jobs_mock.engine.protocol import HttpRequest
from bedrock_jobs_mock.engine.servicemodel import service_model

#: The services the mock answers, by botocore service name.
MOCKED_SERVICES = ("bedrock", "lookoutequipment")

_CREDENTIAL_SCOPE = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/]+)/")

_active: Backend | None = None


def activate(backend: Backend | None) -> None:
    """Answer requests from ``backend`` from now on (``None``: answer nothing)."""
    global _active
    _active = backend


@functools.cache
def _services_by_event_id() -> dict[str, str]:
    return {service_model(name).service_id.hyphenize(): name for name in MOCKED_SERVICES}


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return bytes(body)


def caller_identity(request: HttpRequest, default_account: str) -> tuple[str, str]:
    """The account and region a request is for.

    The account is the access key id when that is 12 digits, else
    ``default_account``; the region is the one the request was signed for,
    else the one in the endpoint host name.
    """
    account, region = default_account, None
    scope = _CREDENTIAL_SCOPE.search(request.header("Authorization") or "")
    if scope is not None:
        access_key, region = scope.groups()
        if is_account_id(access_key):
            account = access_key
    if region is None:
        host = urlsplit(request.url).hostname or ""
        labels = host.split(".")
        region = labels[1] if len(labels) > 2 and labels[-1] in ("com", "cn") else DEFAULT_REGION
    return account, region


def before_send(
    request: AWSPreparedRequest, event_name: str = "", **kwargs: Any
) -> HookResponse | None:
    backend = _active
    if backend is None:
        return None
    _, event_service, operation = event_name.split(".", 2)
    service = _services_by_event_id().get(event_service)
    if service is None:
        return None
    http_request = HttpRequest(
        method=request.method,
        url=request.url,
        headers={name: _text(value) for name, value in request.headers.items()},
        body=_body_bytes(request.body),
    )
    account, region = caller_identity(http_request, backend.options.account_id)
    response = handle(backend, service, operation, http_request, account=account, region=region)
    return HookResponse(request.url, response.status, response.headers, response.body)


def install() -> None:
    """Put the hook among botocore's built-in handlers (once)."""
    entry = ("before-send", before_send, botocore.handlers.REGISTER_FIRST)
    if entry not in botocore.handlers.BUILTIN_HANDLERS:
        botocore.handlers.BUILTIN_HANDLERS.append(entry)
