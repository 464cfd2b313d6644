"""The operation handlers, registered on first need rather than at import.

Importing this module tells the dispatch to import ``bedrock_jobs_mock.services``
(whose ``@serves`` decorators register every handler) the first time it looks
a handler up: ``import bedrock_jobs_mock`` then loads no service module and no
service model, and the first request, or the first start of a mock, does.
"""

from __future__ import annotations

import importlib

from bedrock_jobs_mock.engine import dispatch


def load() -> None:
    """Import the services, registering their handlers (a no-op once done)."""
    importlib.import_module("bedrock_jobs_mock.services")


dispatch.load_handlers_with(load)
