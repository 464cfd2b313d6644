"""The mocks measured, behind one interface: a stage that makes clients and settles jobs.

Exactly one mock is active at a time: botocore runs every ``before-send``
handler, so with this mock and moto's ``mock_aws`` both active, moto's
handler would also run on this mock's requests (issue 9) and each would be
measured with the other's cost in it.
"""

from __future__ import annotations

import importlib.util
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Callable

import boto3

from bedrock_jobs_mock import mock_bedrock_jobs
from benchmarks.payloads import REGION

#: Quotas high enough for any benchmark (the defaults allow one import job at a time).
LIFTED_QUOTAS: dict[str, int | None] = {
    "concurrent_model_import_jobs": 10_000_000,
    "imported_models": 10_000_000,
    "concurrent_model_invocation_jobs": 10_000_000,
    # One running ingestion job per data source stays (a rule, not a quota): a sweep of
    # running ingestion jobs gives each its own data source, all in one knowledge base.
    "data_sources_per_knowledge_base": None,
    "concurrent_ingestion_jobs": None,
    "concurrent_ingestion_jobs_per_knowledge_base": None,
    "concurrent_automated_evaluation_jobs": None,
}
#: Credentials of the clients no mock provides for (the floor's): never real ones.
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "benchmark",
    "AWS_SECRET_ACCESS_KEY": "benchmark",
    "AWS_SESSION_TOKEN": "benchmark",
}


class Stage:
    """Where a measurement runs: clients of the active mock, and its way to finish jobs.
    ``env`` is this mock's, when it is this mock."""

    def __init__(self, settle: Callable[[], Any] = lambda: None, env: Any = None) -> None:
        self._settle = settle
        self.env = env
        self._clients: dict[str, Any] = {}

    def client(self, service: str) -> Any:
        """The stage's client of ``service`` (made once: a client costs milliseconds)."""
        if service not in self._clients:
            self._clients[service] = boto3.client(service, region_name=REGION)
        return self._clients[service]

    def settle(self) -> None:
        """Let every running job finish (moto's jobs never run; they need nothing)."""
        self._settle()


def use_fake_credentials() -> None:
    """Give clients made outside any mock fake credentials, whatever the machine holds."""
    os.environ.update(FAKE_CREDENTIALS)
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        os.environ.pop(name, None)


@contextmanager
def bare() -> Iterator[Stage]:
    """No mock active: the floor's stage."""
    yield Stage()


@contextmanager
def this_mock(**options: Any) -> Iterator[Stage]:
    """bedrock-jobs-mock, with quotas lifted and ``options`` (durations, ...)."""
    with mock_bedrock_jobs(quotas=LIFTED_QUOTAS, **options) as env:
        yield Stage(env.settle, env)


def moto_installed() -> bool:
    return importlib.util.find_spec("moto") is not None


def moto_version() -> str | None:
    if not moto_installed():
        return None
    from importlib.metadata import version

    return version("moto")


def moto_has_backend(service: str) -> bool:
    """Whether moto routes requests to ``service``'s endpoint to a backend of its own
    (where it does not, botocore would send them on to the network)."""
    from moto.backend_index import backend_url_patterns

    url = f"https://{service}.{REGION}.amazonaws.com/"
    return any(pattern.match(url) for _, pattern in backend_url_patterns)


@contextmanager
def moto() -> Iterator[Stage]:
    """moto's ``mock_aws``, with every outbound connection refused while it is active."""
    from moto import mock_aws

    with no_network(), mock_aws():
        yield Stage()


class NetworkRefused(RuntimeError):
    """A benchmark tried to reach the network."""


@contextmanager
def no_network() -> Iterator[None]:
    """Refuse every connection and name lookup inside the block."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NetworkRefused(f"the benchmark refuses network access ({args[1:2]})")

    saved = socket.socket.connect, socket.getaddrinfo
    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.getaddrinfo = refuse
    try:
        yield
    finally:
        socket.socket.connect, socket.getaddrinfo = saved  # type: ignore[method-assign]
