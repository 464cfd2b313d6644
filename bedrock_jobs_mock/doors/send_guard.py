"""The last stop before the network: while a mock is active, a request to a mocked service
that no ``before-send`` handler answered is answered here, below botocore's event system.

The hook (``botocore_hook``) is one of botocore's built-in handlers, which a session
copies when it is created: a client whose session predates the hook (a client made
before ``bedrock_jobs_mock`` was imported) never calls it. Every botocore client,
whatever its session, sends through ``botocore.endpoint.Endpoint._send`` (every
botocore release the package supports has it): this module wraps that method when
a mock first starts, for good. While no mock is active it passes every request
on untouched. While one is, a request whose service the URL routing of the HTTP
doors (``routing``) names as a mocked one is answered as the hook answers it; an
operation the mock does not serve raises ``UnsupportedOperationError`` there, so
nothing of a mocked service leaves the process. Other services' requests go on.

aiobotocore's endpoint sends through its own ``_send``, wrapped the same way when a
mock starts after aiobotocore was imported (its clients exist only then).
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Awaitable
from typing import Any, Callable
from urllib.parse import urlsplit

from botocore.awsrequest import AWSPreparedRequest
from botocore.endpoint import Endpoint

from bedrock_jobs_mock.doors import botocore_hook, routing
from bedrock_jobs_mock.doors.hook_response import HookResponse
from bedrock_jobs_mock.engine.backend import Backend
from bedrock_jobs_mock.engine.dispatch import is_served
from bedrock_jobs_mock.engine.protocol import HttpRequest

_active: Backend | None = None
_install_lock = threading.Lock()
#: Marks a wrapped ``_send``, whichever copy of this module wrapped it.
_MARK = "__bedrock_jobs_mock_guard__"


def activate(backend: Backend | None) -> None:
    """Answer requests that reach the network layer from ``backend`` from now on
    (``None``: pass every request on)."""
    global _active
    if backend is not None:
        _install()
    _active = backend


def _install() -> None:
    """Wrap botocore's ``Endpoint._send`` (once), and aiobotocore's ``AioEndpoint._send``
    once aiobotocore is imported (a client of it exists only then)."""
    with _install_lock:
        if not getattr(Endpoint._send, _MARK, False):
            Endpoint._send = _guarded(Endpoint._send)
        aio = getattr(sys.modules.get("aiobotocore.endpoint"), "AioEndpoint", None)
        if aio is not None and not getattr(aio._send, _MARK, False):
            aio._send = _guarded_async(aio._send)


def _current_answer(request: AWSPreparedRequest) -> HookResponse | None:
    """``_answer`` of this module as it is imported now: one imported again (a test tool
    that restores sys.modules) answers, not the stale copy that wrapped ``_send``."""
    current = sys.modules.get(__name__)
    return None if current is None else current._answer(request)


def _answer(request: AWSPreparedRequest) -> HookResponse | None:
    """The mock's answer to ``request`` when a mock is active and the request is for a
    mocked service; ``None``: let it go on."""
    backend = _active
    if backend is None:
        return None
    # Routed on its method, URL and headers: a body another service streams stays unread.
    service = routing.service_of(HttpRequest(request.method, request.url, request.headers))
    if service is None:
        return None
    http_request = botocore_hook.http_request_of(request)
    operation = routing.operation_of(service, http_request)
    if operation is None:  # no operation of the service: named by method and path
        operation = f"{request.method} {urlsplit(request.url).path}"
    return botocore_hook.answer(backend, service, operation, request, http_request)


def will_answer(request: AWSPreparedRequest) -> bool:
    """Whether ``request``, should it reach the network layer, is answered here: a mock is
    active and it calls an operation the mock serves. Another mock (moto's handler) asks,
    to leave such requests to this one when the hook is not in their client's session."""
    if _active is None:
        return False
    service = routing.service_of(HttpRequest(request.method, request.url, request.headers))
    if service is None:
        return False
    operation = routing.operation_of(service, botocore_hook.http_request_of(request))
    return operation is not None and is_served(service, operation)


def _guarded(send: Callable[[Any, AWSPreparedRequest], Any]) -> Callable[..., Any]:
    @functools.wraps(send)
    def guarded_send(endpoint: Any, request: AWSPreparedRequest) -> Any:
        answer = _current_answer(request)
        return send(endpoint, request) if answer is None else answer

    setattr(guarded_send, _MARK, True)
    return guarded_send


def _guarded_async(
    send: Callable[[Any, AWSPreparedRequest], Awaitable[Any]],
) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(send)
    async def guarded_send(endpoint: Any, request: AWSPreparedRequest) -> Any:
        answer = _current_answer(request)
        return await send(endpoint, request) if answer is None else answer

    setattr(guarded_send, _MARK, True)
    return guarded_send
