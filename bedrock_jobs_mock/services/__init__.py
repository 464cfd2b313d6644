"""The mocked services, whose operation handlers register on first need rather than at import.

Importing this package imports no service: it tells the dispatch to import
``services.bedrock``, ``services.bedrock_agent`` or ``services.lookoutequipment``
(whose ``@serves`` decorators register every handler of that service) the first time it looks up
a handler of that service. ``import bedrock_jobs_mock`` then loads no service
module and no service model, and the first request to a service loads that
service's modules and model only. A service whose model the installed botocore
does not ship (AWS retired it, botocore dropped it) is not imported, hence not
served.
"""

from __future__ import annotations

import functools
import importlib

from bedrock_jobs_mock.engine import dispatch
from bedrock_jobs_mock.engine.servicemodel import has_model

#: Every service the mock can serve, by botocore name: one package of this one each (its
#: name with ``_`` for ``-``).
MOCKED_SERVICES = ("bedrock", "bedrock-agent", "lookoutequipment")


def served_services() -> tuple[str, ...]:
    """The services of ``MOCKED_SERVICES`` that the installed botocore has a model of."""
    return tuple(service for service in MOCKED_SERVICES if has_model(service))


def _load(service: str) -> None:
    """Import the package of ``service`` (registering its handlers) where it is served."""
    if has_model(service):
        importlib.import_module(f"{__name__}.{service.replace('-', '_')}")


for _service in MOCKED_SERVICES:
    dispatch.load_handlers_with(_service, functools.partial(_load, _service))
