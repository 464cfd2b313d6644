"""The pytest plugin: the ``bedrock_jobs`` and ``bedrock_jobs_server`` fixtures and their markers.

Registered through the ``pytest11`` entry point, so installing the package is
enough::

    @pytest.mark.bedrock_jobs(durations={"model_import": 60})
    def test_import(bedrock_jobs):
        ...
        bedrock_jobs.clock.advance(minutes=1)

The ``bedrock_jobs`` marker alone turns the mock on for the test, as
``pytest.mark.django_db`` does the database: a marked test that does not take the
fixture runs inside the mock the fixture would give it, as if it took the fixture
as its first argument. The
``bedrock_jobs_server`` marker only configures its fixture.

Loading the plugin imports neither boto3 nor botocore, nor the mock itself: a
fixture imports them when a test first uses one.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from bedrock_jobs_mock.mock import BedrockJobsMock
    from bedrock_jobs_mock.server import RunningServer


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "bedrock_jobs(**options): run the test inside a bedrock-jobs-mock (the bedrock_jobs "
        "fixture's, which the test may take or not) with these options (account_id, "
        "durations, quotas, start_time, virtual_sleep, moto_aware, requests, calls_kept, "
        "record_responder, evaluation_scorer, auto_tick, finish_after_reads, hang_after_reads)",
    )
    config.addinivalue_line(
        "markers",
        "bedrock_jobs_server(**options): options of the bedrock_jobs_server fixture's server "
        "(account_id, durations, quotas, start_time, time_factor, calls_kept, authenticate, "
        "cors, sessions, session_limit, session_idle_timeout, auto_tick, finish_after_reads, "
        "hang_after_reads); the test must take that fixture",
    )


def _marker_options(request: pytest.FixtureRequest, name: str) -> dict[str, Any]:
    marker = request.node.get_closest_marker(name)
    if marker is not None and marker.args:
        raise TypeError(f"@pytest.mark.{name} takes keyword options only")
    return dict(marker.kwargs) if marker is not None else {}


@pytest.fixture
def bedrock_jobs(request: pytest.FixtureRequest) -> Iterator[BedrockJobsMock]:
    """An active bedrock-jobs-mock for this test, configured by ``@pytest.mark.bedrock_jobs``."""
    from bedrock_jobs_mock.mock import BedrockJobsMock

    with BedrockJobsMock(**_marker_options(request, "bedrock_jobs")) as env:
        yield env


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """``@pytest.mark.bedrock_jobs`` alone starts the ``bedrock_jobs`` fixture's mock, as if
    the test took that fixture as its first argument: after the autouse fixtures (and
    those of ``usefixtures``), before its own. A test that takes the fixture (or uses a
    fixture that does) gets it where it asks for it. One mock per test either way."""
    names: list[str] | None = getattr(item, "fixturenames", None)
    if names is None or "bedrock_jobs" in names or item.get_closest_marker("bedrock_jobs") is None:
        return
    own = _parameters(getattr(item, "obj", None))
    at = next((index for index, name in enumerate(names) if name in own), len(names))
    # A list of the item's own: parametrized items of one function share theirs.
    item.fixturenames = [*names[:at], "bedrock_jobs", *names[at:]]  # type: ignore[attr-defined]


def _parameters(test: Any) -> set[str]:
    """The names of the test function's parameters (none when they cannot be read)."""
    try:
        return set(inspect.signature(test).parameters)
    except (TypeError, ValueError):
        return set()


@pytest.fixture
def bedrock_jobs_server(request: pytest.FixtureRequest) -> Iterator[RunningServer]:
    """The mock served over HTTP on 127.0.0.1 (a free port), from a background thread, for
    this test; configured by ``@pytest.mark.bedrock_jobs_server``. Yields its ``url`` (the
    SDKs' ``endpoint_url``) and ``controls`` (``env``, over HTTP)."""
    from bedrock_jobs_mock.server import BedrockJobsServer, Controls, RunningServer

    options = _marker_options(request, "bedrock_jobs_server")
    with BedrockJobsServer("127.0.0.1", 0, **options) as server:
        yield RunningServer(server.url, Controls(server.url))
