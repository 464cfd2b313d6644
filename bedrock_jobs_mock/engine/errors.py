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


def in_words(names: tuple[str, ...] | list[str]) -> str:
    """``names`` as a sentence lists them: ``a``, ``a and b``, ``a, b and c``."""
    return " and ".join(filter(None, (", ".join(names[:-1]), *names[-1:])))


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


class PollingHangError(RuntimeError):
    """Raised when code reads the same running job over and over while the mock clock
    stands still: a poll that would never end (``hang_after_reads``, an option of the mock).

    In-process the call raises it, ending the test with its message; over HTTP the
    server answers a ``ValidationException`` with the same message.
    """

    def __init__(self, resource_arn: str, status: str, reads: int) -> None:
        super().__init__(
            f"bedrock-jobs-mock: {resource_arn} ({status}) was read {reads} times in a row "
            "while the mock clock stood still, so it can never finish: the code polls "
            "without moving the mock clock. Move it: advance the clock in the test "
            "(env.clock.advance(...), env.settle()), let sleeps move it "
            "(mock_bedrock_jobs(virtual_sleep=True)), or let every request move it "
            "(mock_bedrock_jobs(auto_tick=seconds)); or finish the job after a number of "
            "reads (finish_after_reads). hang_after_reads=None turns this check off."
        )
        self.resource_arn = resource_arn
        self.reads = reads
