"""The documented calls, as user code type-checked with ``mypy --strict`` would write them.

Not a test module: ``tests/test_typing.py`` runs mypy on this file. Every call here is
one the README, the user guide or the API reference shows.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bedrock_jobs_mock import BedrockJobsMock, mock_bedrock_jobs
from bedrock_jobs_mock.server import BedrockJobsServer

NO_LIMIT: dict[str, int | None] = {"concurrent_model_customization_jobs": None}


def configure() -> BedrockJobsMock:
    """Every option of ``mock_bedrock_jobs``, with the values the docs give."""
    return mock_bedrock_jobs(
        account_id="123456789012",
        durations={"model_import": 60, "model_customization": timedelta(minutes=50)},
        quotas={
            "concurrent_model_import_jobs": 1,
            "imported_models": 3,
            "concurrent_model_customization_jobs": None,
        },
        start_time=datetime(2024, 8, 13, 9, 0, tzinfo=timezone.utc),
        virtual_sleep=True,
        moto_aware=True,
        requests=False,
        calls_kept=None,
    )


def control(env: BedrockJobsMock) -> datetime:
    """The clock and duration controls, each way the docs show."""
    env.set_duration("model_import", 60)
    env.set_duration("model_import", timedelta(minutes=1))
    env.clock.advance(minutes=15)
    env.clock.advance(timedelta(minutes=15))
    env.clock.advance(60)
    env.clock.advance_to(env.clock.now() + timedelta(hours=1))
    return env.clock.set(datetime(2024, 8, 13, 9, 0))


def serve() -> BedrockJobsServer:
    """The server takes the same quotas."""
    return BedrockJobsServer(port=0, quotas=NO_LIMIT)
