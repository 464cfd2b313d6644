"""The mocked services, whose operation handlers register on first need rather than at import.

Importing this package imports no service: it tells the dispatch to import
``services.bedrock`` or ``services.lookoutequipment`` (whose ``@serves``
decorators register every handler of that service) the first time it looks up
a handler of that service. ``import bedrock_jobs_mock`` then loads no service
module and no service model, and the first request to a service loads that
service's modules and model only.
"""

from __future__ import annotations

import functools
import importlib

from bedrock_jobs_mock.engine import dispatch

#: The botocore names of the mocked services, each a package of this one.
SERVICES = ("bedrock", "lookoutequipment")

for _service in SERVICES:
    dispatch.load_handlers_with(
        _service, functools.partial(importlib.import_module, f"{__name__}.{_service}")
    )
