"""The pytest plugin: the ``bedrock_jobs`` and ``bedrock_jobs_server`` fixtures and their markers.

Registered through the ``pytest11`` entry point, so installing the package is
enough::

    @pytest.mark.bedrock_jobs(durations={"model_import": 60})
    def test_import(bedrock_jobs):
        ...
        bedrock_jobs.clock.advance(minutes=1)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bedrock_jobs_mock.mock import BedrockJobsMock
from bedrock_jobs_mock.server import BedrockJobsServer, Controls, RunningServer


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "bedrock_jobs(**options): options of the bedrock_jobs fixture's mock "
        "(account_id, durations, quotas, start_time, virtual_sleep, moto_aware, requests)",
    )
    config.addinivalue_line(
        "markers",
        "bedrock_jobs_server(**options): options of the bedrock_jobs_server fixture's server "
        "(account_id, durations, quotas, start_time, time_factor)",
    )


def _marker_options(request: pytest.FixtureRequest, name: str) -> dict[str, Any]:
    marker = request.node.get_closest_marker(name)
    if marker is not None and marker.args:
        raise TypeError(f"@pytest.mark.{name} takes keyword options only")
    return dict(marker.kwargs) if marker is not None else {}


@pytest.fixture
def bedrock_jobs(request: pytest.FixtureRequest) -> Iterator[BedrockJobsMock]:
    """An active bedrock-jobs-mock for this test, configured by ``@pytest.mark.bedrock_jobs``."""
    with BedrockJobsMock(**_marker_options(request, "bedrock_jobs")) as env:
        yield env


@pytest.fixture
def bedrock_jobs_server(request: pytest.FixtureRequest) -> Iterator[RunningServer]:
    """The mock served over HTTP on 127.0.0.1 (a free port), from a background thread, for
    this test; configured by ``@pytest.mark.bedrock_jobs_server``. Yields its ``url`` (the
    SDKs' ``endpoint_url``) and ``controls`` (``env``, over HTTP)."""
    options = _marker_options(request, "bedrock_jobs_server")
    with BedrockJobsServer("127.0.0.1", 0, **options) as server:
        yield RunningServer(server.url, Controls(server.url))
