"""The botocore hook: answers every request to a mocked service while a mock is active.

The hook is added to botocore's built-in handlers at import, registered
ahead of every other ``before-send`` handler, so every session (and client)
created afterwards carries it. It answers nothing while no mock is active,
and never answers another service.

botocore calls every ``before-send`` handler, even after one has answered.
Another mock in the process (moto) can ask :func:`answered` whether this hook
answered a request, to leave it alone; and while a neighbour added with
:func:`add_neighbour` says it answers, the operations of a mocked service
that this mock does not serve are left to it.
"""

from __future__ import annotations

import functools
import sys
import weakref
from typing import Any, Callable

import botocore.handlers
from botocore.awsrequest import AWSPreparedRequest

from bedrock_jobs_mock.doors.hook_response import HookResponse
from bedrock_jobs_mock.doors.identity import caller_identity
from bedrock_jobs_mock.engine.backend import Backend
from bedrock_jobs_mock.engine.dispatch import handle, is_served
from bedrock_jobs_mock.engine.protocol import HttpRequest
from bedrock_jobs_mock.engine.servicemodel import service_model
from bedrock_jobs_mock.services import served_services

_active: Backend | None = None
_answered: weakref.WeakSet[AWSPreparedRequest] = weakref.WeakSet()
_neighbours: list[Callable[[], bool]] = []


def activate(backend: Backend | None) -> None:
    """Answer requests from ``backend`` from now on (``None``: answer nothing)."""
    global _active
    _active = backend


def answered(request: Any) -> bool:
    """Whether this hook answered ``request`` (a botocore prepared request)."""
    try:
        return request in _answered
    except TypeError:  # not weakly referenceable: not one of botocore's requests
        return False


def add_neighbour(answers_now: Callable[[], bool]) -> None:
    """Ask ``answers_now()`` before each request: while it is true, operations of a
    mocked service that the mock does not serve are left to that other mock."""
    if answers_now not in _neighbours:
        _neighbours.append(answers_now)


@functools.cache
def _mocked_service(event_service: str) -> str | None:
    """The served service whose events name it ``event_service`` (its model's service id,
    hyphenized), or ``None``. A service's botocore name is its own event name first, so
    a call reads no model but its own service's; the model has the last word."""
    for name in sorted(served_services(), key=lambda name: name != event_service):
        if service_model(name).service_id.hyphenize() == event_service:
            return name
    return None


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return bytes(body)


def _answer_before_send(
    request: AWSPreparedRequest, event_name: str = "", **kwargs: Any
) -> HookResponse | None:
    backend = _active
    if backend is None:
        return None
    _, event_service, operation = event_name.split(".", 2)
    service = _mocked_service(event_service)
    if service is None:
        return None
    # A list, not a generator: every neighbour is asked, as asking readies it.
    neighbour_answers = any([answers_now() for answers_now in _neighbours])
    if neighbour_answers and not is_served(service, operation):
        return None
    return answer(backend, service, operation, request, http_request_of(request))


def http_request_of(request: AWSPreparedRequest) -> HttpRequest:
    """The dispatch's view of a botocore prepared request."""
    return HttpRequest(
        method=request.method,
        url=request.url,
        headers=request.headers,  # read, never changed: no copy
        body=_body_bytes(request.body),
    )


def answer(
    backend: Backend,
    service: str,
    operation: str,
    request: AWSPreparedRequest,
    http_request: HttpRequest,
) -> HookResponse:
    """Answer botocore's ``request`` (read as ``http_request``) to ``service:operation``
    from ``backend``; raises ``UnsupportedOperationError`` for an operation not served."""
    account, region = caller_identity(http_request, backend.account_of)
    response = handle(backend, service, operation, http_request, account=account, region=region)
    _answered.add(request)
    return HookResponse(request.url, response.status, response.headers, response.body)


#: Marks the handler this module puts among botocore's, whichever copy of it did.
_MARK = "__bedrock_jobs_mock_hook__"


def before_send(request: Any, event_name: str = "", **kwargs: Any) -> HookResponse | None:
    """botocore's ``before-send`` handler. It asks this module as it is imported now: one
    imported again (a test tool that restores ``sys.modules``) answers, not the stale
    copy that registered the handler, whose mock never starts."""
    current = sys.modules.get(__name__)
    if current is None:
        return None
    answered_here: HookResponse | None = current._answer_before_send(request, event_name, **kwargs)
    return answered_here


setattr(before_send, _MARK, True)


def install() -> None:
    """Put the hook among botocore's built-in handlers (once, whichever copy of this
    module asks)."""
    handlers = botocore.handlers.BUILTIN_HANDLERS
    if not any(getattr(entry[1], _MARK, False) for entry in handlers):
        handlers.append(("before-send", before_send, botocore.handlers.REGISTER_FIRST))
