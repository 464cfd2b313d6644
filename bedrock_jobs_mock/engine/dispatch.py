"""The operation registry and the pipeline every request goes through.

decode (protocol) -> injected error, if any -> validate (model constraints) ->
apply due transitions -> idempotency -> handler -> encode (protocol); every
request served is recorded in the call history. Handlers are plain functions
from the validated input dict to the output dict, in the API's own member names.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from botocore.model import OperationModel

from bedrock_jobs_mock.engine.backend import Backend, RegionState
from bedrock_jobs_mock.engine.errors import ServiceError, UnsupportedOperationError
from bedrock_jobs_mock.engine.history import Served
from bedrock_jobs_mock.engine.identifiers import long_id
from bedrock_jobs_mock.engine.options import MockOptions
from bedrock_jobs_mock.engine.paging import TokenCodec
from bedrock_jobs_mock.engine.protocol import HttpRequest, HttpResponse, Protocol, protocol_for
from bedrock_jobs_mock.engine.protocol.base import JsonDict as JsonDict
from bedrock_jobs_mock.engine.servicemodel import service_model
from bedrock_jobs_mock.engine.store import Resource
from bedrock_jobs_mock.engine.strict_outputs import accepted_from_clients, check_output
from bedrock_jobs_mock.engine.validation import validate_input


@dataclass
class RequestContext:
    """What a handler knows about the request beyond its input."""

    backend: Backend
    state: RegionState
    service: str
    operation: str

    @property
    def now(self) -> datetime:
        return self.backend.clock.now()

    @property
    def options(self) -> MockOptions:
        return self.backend.options

    def read(self, resource: Resource, of: Resource | None = None) -> JsonDict:
        """The answer of a Get or Describe of ``resource``: a read of the job it is (or of
        ``of``, the job it reports on), if it is one (``engine.polling``: it may finish
        the job, or end a poll that hangs)."""
        job = self.backend.job_by_arn((of or resource).arn)
        if job is not None:
            self.backend.reads.read(job)
        return resource.describe()

    def token_codec(self, *subject: str) -> TokenCodec:
        """Signs next tokens so they work only for this operation, account and region,
        and for ``subject`` when the list is of something's children (a model's versions)."""
        scope = ":".join(
            (self.service, self.operation, self.state.account, self.state.region, *subject)
        )
        return TokenCodec(self.backend.token_secret, scope)


Handler = Callable[[RequestContext, JsonDict], JsonDict]

_HANDLERS: dict[tuple[str, str], Handler] = {}
#: What registers each service's handlers (importing its package), run once on the first
#: need of that service, so that importing the package costs no service module and a
#: call to one service loads no other; the outer layers add them.
_LOADERS: dict[str, Callable[[], object]] = {}


def load_handlers_with(service: str, loader: Callable[[], object]) -> None:
    """Run ``loader`` (which registers the handlers of ``service``) before they are next read."""
    _LOADERS[service] = loader


_LOADING = threading.RLock()


def _load(services: Iterable[str]) -> None:
    """Run the loaders of ``services`` not yet run. Threads that need a service while its
    loader runs wait for it: none sees its handlers half registered."""
    if not _LOADERS:
        return
    for service in services:
        if service in _LOADERS:
            with _LOADING:
                loader = _LOADERS.get(service)
                if loader is not None:
                    loader()
                    del _LOADERS[service]


def load_service(service: str) -> None:
    """Register the handlers of ``service`` now, if its loader has not run yet (a service
    the installed botocore has no model of registers none)."""
    _load((service,))


def serves(service: str, operation: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of ``service:operation``."""

    def register(handler: Handler) -> Handler:
        _HANDLERS[(service, operation)] = handler
        _ROUTES.pop((service, operation), None)
        return handler

    return register


def is_served(service: str, operation: str) -> bool:
    _load((service,))
    return (service, operation) in _HANDLERS


def served_operations() -> tuple[tuple[str, str], ...]:
    """Every ``(service, operation)`` the mock serves (loading every service)."""
    _load(tuple(_LOADERS))
    return tuple(sorted(_HANDLERS))


@functools.cache
def _protocol(service: str) -> Protocol:
    return protocol_for(service_model(service))


#: Each served operation's handler, protocol, model and whether it only reads, found once.
_ROUTES: dict[tuple[str, str], tuple[Handler, Protocol, OperationModel, bool]] = {}
#: The operations that only read, by their names' verbs: any other may change state.
_READING_VERBS = ("Get", "Describe", "List")


def _route(service: str, operation: str) -> tuple[Handler, Protocol, OperationModel, bool]:
    """The handler, protocol and model of ``service:operation``; raises
    :class:`UnsupportedOperationError` for an operation the mock does not serve."""
    route = _ROUTES.get((service, operation))
    if route is None:
        _load((service,))
        handler = _HANDLERS.get((service, operation))
        if handler is None:
            raise UnsupportedOperationError(service, operation)
        model = service_model(service).operation_model(operation)
        route = (handler, _protocol(service), model, operation.startswith(_READING_VERBS))
        _ROUTES[(service, operation)] = route
    return route


@functools.cache
def _idempotency_member(operation: OperationModel) -> str | None:
    """The input member that carries the client's idempotency token, if any.

    The model marks most with ``idempotencyToken``; some (CreateModelImportJob's
    ``clientRequestToken``) only by name.
    """
    shape = operation.input_shape
    if shape is None:
        return None
    for name, member in shape.members.items():
        if member.metadata.get("idempotencyToken") or name in ("clientRequestToken", "ClientToken"):
            return str(name)
    return None


def handle(
    backend: Backend,
    service: str,
    operation: str,
    request: HttpRequest,
    *,
    account: str,
    region: str,
) -> HttpResponse:
    """Answer one request to ``service:operation`` as the real service would."""
    handler, protocol, operation_model, only_reads = _route(service, operation)
    served_at = backend.clock.now()
    error_code: str | None = None
    try:
        params = protocol.decode(operation_model, request)
        backend.injected_errors.raise_next(service, operation)
        validate_input(
            operation_model.input_shape,
            params,
            backend.made_by_mock,
            accepted_from_clients(service, operation),
        )
        with backend.lock:
            backend.apply_due_transitions()
            if not only_reads:
                backend.reads.changed()
            context = RequestContext(
                backend, backend.region_state(account, region), service, operation
            )
            output = _call_idempotently(context, operation_model, handler, params)
        if backend.options.strict_outputs:
            check_output(service, operation_model, output, backend.made_by_mock)
        response = protocol.encode(operation_model, output)
    except ServiceError as error:
        response = protocol.encode_error(error)
        error_code = error.code
    read_input = functools.partial(_input_of, protocol, operation_model, request)
    backend.calls.record(
        Served(
            service,
            operation,
            account,
            region,
            error_code,
            served_at,
            read_input,
            len(request.body),
        )
    )
    response.headers["x-amzn-RequestId"] = long_id()
    if backend.auto_tick is not None:  # after answering: the next request sees the move
        backend.clock.advance(backend.auto_tick)
    return response


def _input_of(protocol: Protocol, operation: OperationModel, request: HttpRequest) -> JsonDict:
    """The parameters of ``request`` (empty when it cannot be read), as the history shows them."""
    try:
        return protocol.decode(operation, request)
    except ServiceError:
        return {}


def _call_idempotently(
    context: RequestContext, operation: OperationModel, handler: Handler, params: JsonDict
) -> JsonDict:
    """A repeated idempotency token returns the first request's result, without error,
    within the window of ``engine.idempotency``."""
    member = _idempotency_member(operation)
    token = params.get(member) if member else None
    if token is None:
        return handler(context, params)
    key = (operation.name, token)
    records, now = context.state.idempotency, context.now
    remembered = records.get(key, now)
    if remembered is None:
        remembered = handler(context, params)
        records.remember(key, remembered, now)
    return remembered
