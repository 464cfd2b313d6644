"""bedrock-jobs-mock: Amazon Bedrock model jobs and Lookout for Equipment imports, in-process.

from bedrock_jobs_mock import mock_bedrock_jobs

@mock_bedrock_jobs
def test_import():
    ...

with mock_bedrock_jobs(durations={"model_import": 60}) as env:
    ...
    env.clock.advance(minutes=1)

Each name below is imported on first use: importing the package alone (as pytest
does when it loads the plugin) imports neither botocore nor the mock's engine.
Importing ``mock_bedrock_jobs`` or ``BedrockJobsMock`` adds the mock's hook to
botocore's built-in handlers, so every botocore session created from then on carries it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from bedrock_jobs_mock._version import __version__

if TYPE_CHECKING:
    from bedrock_jobs_mock.controls.inspection import ResourceView, StateView
    from bedrock_jobs_mock.engine.clock import MockClock
    from bedrock_jobs_mock.engine.errors import PollingHangError, UnsupportedOperationError
    from bedrock_jobs_mock.engine.history import DEFAULT_CALLS_KEPT as DEFAULT_CALLS_KEPT
    from bedrock_jobs_mock.engine.history import Call
    from bedrock_jobs_mock.engine.options import (
        ACCOUNT_ID_ENV,
        DEFAULT_ACCOUNT_ID,
        DEFAULT_DURATIONS,
        DEFAULT_QUOTAS,
    )
    from bedrock_jobs_mock.engine.options import (
        Duration as Duration,
    )
    from bedrock_jobs_mock.engine.records import Record, RecordError, Responder
    from bedrock_jobs_mock.engine.scoring import EvaluationCase, Scorer
    from bedrock_jobs_mock.engine.validation import UncheckedPatternWarning
    from bedrock_jobs_mock.mock import BedrockJobsMock, IgnoredOptionsWarning, mock_bedrock_jobs

#: Where each public name lives, imported on first use.
_HOMES = {
    "ACCOUNT_ID_ENV": "bedrock_jobs_mock.engine.options",
    "DEFAULT_ACCOUNT_ID": "bedrock_jobs_mock.engine.options",
    "DEFAULT_DURATIONS": "bedrock_jobs_mock.engine.options",
    "DEFAULT_QUOTAS": "bedrock_jobs_mock.engine.options",
    "DEFAULT_CALLS_KEPT": "bedrock_jobs_mock.engine.history",
    "Duration": "bedrock_jobs_mock.engine.options",
    "BedrockJobsMock": "bedrock_jobs_mock.mock",
    "Call": "bedrock_jobs_mock.engine.history",
    "EvaluationCase": "bedrock_jobs_mock.engine.scoring",
    "IgnoredOptionsWarning": "bedrock_jobs_mock.mock",
    "MockClock": "bedrock_jobs_mock.engine.clock",
    "Record": "bedrock_jobs_mock.engine.records",
    "RecordError": "bedrock_jobs_mock.engine.records",
    "Responder": "bedrock_jobs_mock.engine.records",
    "Scorer": "bedrock_jobs_mock.engine.scoring",
    "ResourceView": "bedrock_jobs_mock.controls.inspection",
    "StateView": "bedrock_jobs_mock.controls.inspection",
    "UncheckedPatternWarning": "bedrock_jobs_mock.engine.validation",
    "UnsupportedOperationError": "bedrock_jobs_mock.engine.errors",
    "PollingHangError": "bedrock_jobs_mock.engine.errors",
    "mock_bedrock_jobs": "bedrock_jobs_mock.mock",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


__all__ = [
    "ACCOUNT_ID_ENV",
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_DURATIONS",
    "DEFAULT_QUOTAS",
    "BedrockJobsMock",
    "Call",
    "EvaluationCase",
    "IgnoredOptionsWarning",
    "MockClock",
    "PollingHangError",
    "Record",
    "RecordError",
    "ResourceView",
    "Responder",
    "Scorer",
    "StateView",
    "UncheckedPatternWarning",
    "UnsupportedOperationError",
    "__version__",
    "mock_bedrock_jobs",
]
