"""The last stop before the network: while a mock is active, a request to a mocked service
that no ``before-send`` handler answered is answered here, below botocore's event system.

The hook (``botocore_hook``) is one of botocore's built-in handlers, which a session
copies when it is created: a client whose session predates the hook (a client made
before ``bedrock_jobs_mock`` was imported) never calls it. Every botocore client,
whatever its session, sends through ``botocore.endpoint.Endpoint._send`` (every
botocore release the package supports has it): this module wraps that method, the
first time a mock starts, for good. While no mock is active it passes every request
on untouched. While one is, a request whose service the URL routing of the HTTP
doors (``routing``) names as a mocked one is answered as the hook answers it; an
operation the mock does not serve raises ``UnsupportedOperationError`` there, so
nothing of a mocked service leaves the process. Other services' requests go on.

aiobotocore sends through its own endpoint's ``_send``: its clients are not covered.
"""

from __future__ import annotations

import functools
import threading
from typing import Any, Callable
from urllib.parse import urlsplit

from botocore.awsrequest import AWSPreparedRequest
from botocore.endpoint import Endpoint

from bedrock_jobs_mock.doors import botocore_hook, routing
from bedrock_jobs_mock.engine.backend import Backend
from bedrock_jobs_mock.engine.protocol import HttpRequest

_active: Backend | None = None
_install_lock = threading.Lock()
_installed = False


def activate(backend: Backend | None) -> None:
    """Answer requests that reach the network layer from ``backend`` from now on
    (``None``: pass every request on)."""
    global _active
    if backend is not None:
        _install()
    _active = backend


def _install() -> None:
    global _installed
    with _install_lock:
        if _installed:
            return
        Endpoint._send = _guarded(Endpoint._send)
        _installed = True


def _guarded(send: Callable[[Endpoint, AWSPreparedRequest], Any]) -> Callable[..., Any]:
    @functools.wraps(send)
    def guarded_send(endpoint: Endpoint, request: AWSPreparedRequest) -> Any:
        backend = _active
        if backend is None:
            return send(endpoint, request)
        # Routed on its method, URL and headers: a body another service streams stays unread.
        service = routing.service_of(HttpRequest(request.method, request.url, request.headers))
        if service is None:
            return send(endpoint, request)
        http_request = botocore_hook.http_request_of(request)
        operation = routing.operation_of(service, http_request)
        if operation is None:  # no operation of the service: named by method and path
            operation = f"{request.method} {urlsplit(request.url).path}"
        return botocore_hook.answer(backend, service, operation, request, http_request)

    return guarded_send
