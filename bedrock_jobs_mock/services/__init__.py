"""The mocked services, whose operation handlers register on first need rather than at import.

Importing this package imports no service: it tells the dispatch to import
the service packages (whose ``@serves`` decorators register every handler)
the first time it looks a handler up. ``import bedrock_jobs_mock`` then loads
no service module and no service model, and the first request, or the first
start of a mock, does. A service whose model the installed botocore does not
ship (AWS retired it, botocore dropped it) is not imported, hence not served.
"""

from __future__ import annotations

import importlib

from bedrock_jobs_mock.engine import dispatch
from bedrock_jobs_mock.engine.servicemodel import has_model

#: Every service the mock can serve, by botocore name: one package of this one each.
MOCKED_SERVICES = ("bedrock", "lookoutequipment")


def served_services() -> tuple[str, ...]:
    """The services of ``MOCKED_SERVICES`` that the installed botocore has a model of."""
    return tuple(service for service in MOCKED_SERVICES if has_model(service))


def load() -> None:
    """Import the served services, registering their handlers (a no-op once done)."""
    for service in served_services():
        importlib.import_module(f"{__name__}.{service}")


dispatch.load_handlers_with(load)
