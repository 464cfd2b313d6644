"""The mocked services, whose operation handlers register on first need rather than at import.

Importing this package imports no service: it tells the dispatch to import
``services.bedrock`` and ``services.lookoutequipment`` (whose ``@serves``
decorators register every handler) the first time it looks a handler up.
``import bedrock_jobs_mock`` then loads no service module and no service model,
and the first request, or the first start of a mock, does.
"""

from __future__ import annotations

import importlib

from bedrock_jobs_mock.engine import dispatch


def load() -> None:
    """Import the services, registering their handlers (a no-op once done)."""
    for service in ("bedrock", "lookoutequipment"):
        importlib.import_module(f"{__name__}.{service}")


dispatch.load_handlers_with(load)
