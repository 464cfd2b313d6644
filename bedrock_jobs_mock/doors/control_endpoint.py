"""The control endpoint: ``env`` over HTTP, under the reserved path ``/_mock/``.

Each route calls the ``env`` control of the same name with the JSON body's
members as keyword arguments (``POST /_mock/fail {"identifier": ..., "message": ...}``
is ``env.fail(identifier=..., message=...)``), so the two never drift apart.
``docs/beyond-boto3.md`` lists the routes; :class:`bedrock_jobs_mock.server.Controls`
is their client.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable
from urllib.parse import parse_qsl, urlsplit

from bedrock_jobs_mock.controls import Controls
from bedrock_jobs_mock.doors import routing
from bedrock_jobs_mock.doors.control_wire import CONTROL_PREFIX, dumps, error_document, loads
from bedrock_jobs_mock.doors.real_time import RealTimePace
from bedrock_jobs_mock.engine.backend import Backend
from bedrock_jobs_mock.engine.errors import PollingHangError, ServiceError
from bedrock_jobs_mock.engine.options import MockOptions
from bedrock_jobs_mock.engine.protocol import HttpRequest, HttpResponse


class HostedControls(Controls):
    """The controls of a mock that a server hosts: ``env``'s, and ``reset()``."""

    def reset(self) -> None:
        """Drop every job, model, scripted outcome, injected error and call; the clock
        starts again where the server's options say."""
        raise NotImplementedError


class HostedMock(HostedControls):
    """One mock a server hosts (its default one, or a session's): a backend (state,
    clock, scripted outcomes, injected errors, history) and the pace of its clock."""

    def __init__(self, options: MockOptions, time_factor: float) -> None:
        self._options = options
        self._backend = Backend(options)
        self._pace = RealTimePace(time_factor)

    @property
    def backend(self) -> Backend:
        return self._backend

    def reset(self) -> None:
        with self._backend.lock:
            self._backend = Backend(self._options)

    def answer(self, request: HttpRequest, *, authenticate: bool) -> tuple[str, HttpResponse]:
        """Answer one request (a service call or a control); its label and the response."""
        self._pace.catch_up(self._backend.clock)
        if is_control(request):
            return answer(self, request)
        try:
            routed = routing.answer(self._backend, request, authenticate=authenticate)
        except PollingHangError as hang:  # in-process it ends the test; here, the call
            return "-", routing.refuse(request, ServiceError("ValidationException", str(hang)))
        return routed.label, routed.response


Arguments = dict[str, Any]
_Control = Callable[[HostedControls, Arguments], Any]


def _now(moment: Any) -> dict[str, Any]:
    return {"now": moment}


def _with_moment(arguments: Arguments) -> Arguments:
    """``arguments`` with a ``moment`` given as plain ISO 8601 text (for curl and other
    SDKs) as a datetime."""
    moment = arguments.get("moment")
    if isinstance(moment, str):
        return {**arguments, "moment": datetime.fromisoformat(moment.replace("Z", "+00:00"))}
    return arguments


def _state(env: HostedControls, arguments: Arguments) -> dict[str, Any]:
    view = env.state(**arguments)
    return {
        "account": view.account,
        "region": view.region,
        "jobs": {kind: [vars(job) for job in jobs] for kind, jobs in view.jobs.items()},
        "models": {kind: [vars(m) for m in models] for kind, models in view.models.items()},
    }


#: (method, path under /_mock/) -> the control it calls.
ROUTES: dict[tuple[str, str], _Control] = {
    ("GET", "health"): lambda env, _: {"status": "ok"},
    ("GET", "clock"): lambda env, _: _now(env.clock.now()),
    ("POST", "clock/advance"): lambda env, kw: _now(env.clock.advance(**kw)),
    ("POST", "clock/advance-to"): lambda env, kw: _now(env.clock.advance_to(**_with_moment(kw))),
    ("POST", "clock/set"): lambda env, kw: _now(env.clock.set(**_with_moment(kw))),
    ("POST", "settle"): lambda env, kw: _now(env.settle(**kw)),
    ("POST", "complete"): lambda env, kw: env.complete(**kw),
    ("POST", "fail"): lambda env, kw: env.fail(**kw),
    ("POST", "fail-next"): lambda env, kw: env.fail_next(**kw),
    ("POST", "set-duration"): lambda env, kw: env.set_duration(**kw),
    ("POST", "set-auto-tick"): lambda env, kw: env.set_auto_tick(**kw),
    ("POST", "finish-after-reads"): lambda env, kw: env.finish_after_reads(**kw),
    ("POST", "inject-error"): lambda env, kw: env.inject_error(**kw),
    ("POST", "share-model"): lambda env, kw: env.share_model(**kw),
    ("POST", "unshare-model"): lambda env, kw: env.unshare_model(**kw),
    ("POST", "reset"): lambda env, kw: env.reset(**kw),
    ("GET", "state"): _state,
    ("GET", "calls"): lambda env, _: {"calls": [vars(call) for call in env.calls]},
}


def is_control(request: HttpRequest) -> bool:
    """Whether ``request`` is for the control endpoint rather than a mocked service."""
    return urlsplit(request.url).path.startswith(CONTROL_PREFIX)


def answer(env: HostedControls, request: HttpRequest) -> tuple[str, HttpResponse]:
    """Run the control ``request`` names; its label (for log lines) and the answer."""
    url = urlsplit(request.url)
    name = url.path[len(CONTROL_PREFIX) :].strip("/")
    control = ROUTES.get((request.method, name))
    headers = {"Content-Type": "application/json"}
    try:
        if control is None:
            raise LookupError(f"no control answers {request.method} {url.path}")
        if request.method == "GET":
            arguments = dict(parse_qsl(url.query))
        else:
            arguments = loads(request.body) or {}
            if not isinstance(arguments, dict):
                raise ValueError("the body of a control request is a JSON object of arguments")
        result = control(env, arguments)
    except Exception as error:  # a control's own errors travel back to its client
        status, document = error_document(error)
        return f"control:{name}", HttpResponse(status, headers, dumps(document))
    return f"control:{name}", HttpResponse(200, headers, dumps(result))
