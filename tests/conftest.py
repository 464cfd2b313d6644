"""Shared fixtures. Outbound sockets are blocked for the whole run: a test that
reaches for the network fails with NetworkBlocked, and ``network_attempts``
records every attempt so a test can prove none was made."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config

from bedrock_jobs_mock.engine.options import STRICT_OUTPUTS_ENV

ATTEMPTS: list[Any] = []
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


class NetworkBlocked(RuntimeError):
    """A test tried to open a connection off this machine."""


def _is_local(address: Any) -> bool:
    if isinstance(address, (str, bytes)):
        return True  # AF_UNIX
    host = str(address[0])
    return host in ("localhost", "::1") or host.startswith("127.")


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        ATTEMPTS.append(address)
        raise NetworkBlocked(f"outbound connection to {address!r} blocked by the test suite")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        ATTEMPTS.append(address)
        raise NetworkBlocked(f"outbound connection to {address!r} blocked by the test suite")
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if host is not None and not _is_local((host,)):
        ATTEMPTS.append(host)
        raise NetworkBlocked(f"name lookup of {host!r} blocked by the test suite")
    return _real_getaddrinfo(host, *args, **kwargs)


def pytest_configure(config: pytest.Config) -> None:
    # Every answer the mock gives in this suite must satisfy the operation's output shape,
    # on every supported botocore (engine.strict_outputs lists what older models predate).
    os.environ.setdefault(STRICT_OUTPUTS_ENV, "1")
    socket.getaddrinfo = _guarded_getaddrinfo
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


def assert_blocked(call: Any) -> None:
    """``call()`` tried to reach the network and was stopped by the suite's guard
    (botocore wraps the guard's exception in HTTPClientError)."""
    with pytest.raises(Exception, match="blocked by the test suite"):
        call()


@pytest.fixture
def network_attempts() -> Callable[[], list[Any]]:
    """A function returning every outbound connection attempted so far in the test."""
    start = len(ATTEMPTS)
    return lambda: ATTEMPTS[start:]


@pytest.fixture(autouse=True)
def _isolated_aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No real AWS configuration leaks in from the machine running the tests."""
    for name in (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_RETRY_MODE",
        "AWS_MAX_ATTEMPTS",
        "BEDROCK_JOBS_MOCK_ACCOUNT_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")


@pytest.fixture
def bedrock(bedrock_jobs: Any) -> Any:
    """A Bedrock client in us-east-1, inside an active mock."""
    return boto3.client("bedrock", region_name="us-east-1")


@pytest.fixture
def raw_bedrock(bedrock_jobs: Any) -> Any:
    """A Bedrock client that skips botocore's own parameter validation,
    so the mock's server-side validation is what answers."""
    return boto3.client(
        "bedrock", region_name="us-east-1", config=Config(parameter_validation=False)
    )
