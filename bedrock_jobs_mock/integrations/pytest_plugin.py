"""The pytest plugin: the ``bedrock_jobs`` fixture and the ``bedrock_jobs`` marker.

Registered through the ``pytest11`` entry point, so installing the package is
enough::

    @pytest.mark.bedrock_jobs(durations={"model_import": 60})
    def test_import(bedrock_jobs):
        ...
        bedrock_jobs.clock.advance(minutes=1)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bedrock_jobs_mock.mock import BedrockJobsMock


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "bedrock_jobs(**options): options of the bedrock_jobs fixture's mock "
        "(account_id, durations, quotas, start_time, virtual_sleep, moto_aware)",
    )


@pytest.fixture
def bedrock_jobs(request: pytest.FixtureRequest) -> Iterator[BedrockJobsMock]:
    """An active bedrock-jobs-mock for this test, configured by ``@pytest.mark.bedrock_jobs``."""
    marker = request.node.get_closest_marker("bedrock_jobs")
    if marker is not None and marker.args:
        raise TypeError("@pytest.mark.bedrock_jobs takes keyword options only")
    options = marker.kwargs if marker is not None else {}
    with BedrockJobsMock(**options) as env:
        yield env
