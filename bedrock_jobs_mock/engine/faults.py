"""Injected faults: errors a test scripted for the next calls of an operation."""

from __future__ import annotations

import threading
from collections import deque

from bedrock_jobs_mock.engine.errors import ServiceError
from bedrock_jobs_mock.engine.servicemodel import service_model

#: Errors any AWS operation may answer with, whether or not its model lists them.
GENERIC_ERRORS = (
    "ValidationException",
    "SerializationException",
    "AccessDeniedException",
    "ThrottlingException",
    "InternalServerException",
)


def answerable_errors(service: str, operation: str) -> tuple[str, ...]:
    """The error codes ``service:operation`` can answer: the ones its model declares,
    then the generic ones."""
    declared = service_model(service).operation_model(operation).error_shapes
    return tuple(dict.fromkeys([*(shape.name for shape in declared), *GENERIC_ERRORS]))


class InjectedErrors:
    """Per operation, the errors its next calls answer with, in the order they were injected."""

    def __init__(self) -> None:
        #: Per (service, operation), (code, message, how many calls still answer it):
        #: a count costs one entry, however large.
        self._pending: dict[tuple[str, str], deque[tuple[str, str, int]]] = {}
        self._lock = threading.Lock()

    def add(self, service: str, operation: str, code: str, message: str, count: int) -> None:
        """Answer the next ``count`` calls (after any injected before) with ``code``."""
        with self._lock:
            queue = self._pending.setdefault((service, operation), deque())
            queue.append((code, message, count))

    def raise_next(self, service: str, operation: str) -> None:
        """Raise the error injected for this call of ``service:operation``, if any."""
        with self._lock:
            queue = self._pending.get((service, operation))
            if not queue:
                return
            code, message, remaining = queue[0]
            if remaining == 1:
                queue.popleft()
            else:
                queue[0] = (code, message, remaining - 1)
        raise ServiceError(code, message)
