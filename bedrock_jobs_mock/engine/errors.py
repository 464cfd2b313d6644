"""Errors: the service errors handlers raise, and the library's own exceptions."""

from __future__ import annotations

from typing import Any

#: Where a user finds what is served, installed from a wheel or not: the package's CLI.
SERVED_OPERATIONS_HINT = "`bedrock-jobs-mock coverage` lists the operations it serves"


#: The longest value an error message echoes whole: a longer one is echoed as its first
#: ``ECHOED_CHARACTERS`` characters and ``...`` (docs/fidelity.md, [decided]).
ECHOED_CHARACTERS = 2048


def echoed(text: str) -> str:
    """``text`` as an error message echoes it: whole, or its bounded prefix and ``...``."""
    return text if len(text) <= ECHOED_CHARACTERS else f"{text[:ECHOED_CHARACTERS]}..."


class ServiceError(Exception):
    """An error the real service would answer with.

    ``code`` names an error shape of the service model (``ValidationException``,
    ``ResourceNotFoundException``, ...); the protocol encoder takes its HTTP
    status and member names from that shape. ``fields`` fill any other member
    the shape declares (``resourceName`` of ``TooManyTagsException``).
    """

    def __init__(self, code: str, message: str, **fields: Any) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.fields = fields


def validation_error(message: str) -> ServiceError:
    return ServiceError("ValidationException", message)


def not_found(message: str) -> ServiceError:
    return ServiceError("ResourceNotFoundException", message)


def conflict(message: str) -> ServiceError:
    return ServiceError("ConflictException", message)


def quota_exceeded(message: str) -> ServiceError:
    return ServiceError("ServiceQuotaExceededException", message)


def access_denied(message: str) -> ServiceError:
    return ServiceError("AccessDeniedException", message)


class UnsupportedOperationError(NotImplementedError):
    """Raised for an operation of a mocked service that bedrock-jobs-mock does not serve.

    The request is answered with this exception inside the process; it never
    reaches the network.
    """

    def __init__(self, service: str, operation: str) -> None:
        super().__init__(
            f"bedrock-jobs-mock does not serve {service}:{operation}. "
            "The call was stopped before it could reach the network; "
            f"{SERVED_OPERATIONS_HINT}."
        )
        self.service = service
        self.operation = operation
