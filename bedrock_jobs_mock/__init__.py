"""bedrock-jobs-mock: Amazon Bedrock model jobs and Lookout for Equipment imports, in-process.

from bedrock_jobs_mock import mock_bedrock_jobs

@mock_bedrock_jobs
def test_import():
    ...

with mock_bedrock_jobs(durations={"model_import": 60}) as env:
    ...
    env.clock.advance(minutes=1)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Callable, TypeVar, overload

from bedrock_jobs_mock._version import __version__
from bedrock_jobs_mock.controls.inspection import ResourceView, StateView
from bedrock_jobs_mock.engine.clock import MockClock
from bedrock_jobs_mock.engine.errors import UnsupportedOperationError
from bedrock_jobs_mock.engine.history import DEFAULT_CALLS_KEPT, Call
from bedrock_jobs_mock.engine.options import (
    ACCOUNT_ID_ENV,
    DEFAULT_ACCOUNT_ID,
    DEFAULT_DURATIONS,
    DEFAULT_QUOTAS,
    Duration,
)
from bedrock_jobs_mock.engine.records import Record, RecordError, Responder
from bedrock_jobs_mock.mock import BedrockJobsMock

F = TypeVar("F", bound=Callable[..., Any])


@overload
def mock_bedrock_jobs(target: F) -> F: ...


@overload
def mock_bedrock_jobs(
    target: None = None,
    *,
    account_id: str | None = None,
    durations: Mapping[str, Duration] | None = None,
    quotas: Mapping[str, int] | None = None,
    start_time: datetime | None = None,
    virtual_sleep: bool = False,
    moto_aware: bool = True,
    requests: bool = False,
    calls_kept: int | None = DEFAULT_CALLS_KEPT,
    record_responder: Responder | None = None,
) -> BedrockJobsMock: ...


def mock_bedrock_jobs(
    target: F | None = None,
    *,
    account_id: str | None = None,
    durations: Mapping[str, Duration] | None = None,
    quotas: Mapping[str, int] | None = None,
    start_time: datetime | None = None,
    virtual_sleep: bool = False,
    moto_aware: bool = True,
    requests: bool = False,
    calls_kept: int | None = DEFAULT_CALLS_KEPT,
    record_responder: Responder | None = None,
) -> Any:
    """Mock Bedrock and Lookout for Equipment for boto3.

    Bare, it decorates a function, ``async def`` function or class. Called with
    options it returns a :class:`BedrockJobsMock`, itself a decorator and a
    context manager:

    - ``account_id``: the account of requests whose access key id is not 12
      digits (default ``123456789012``, or ``$BEDROCK_JOBS_MOCK_ACCOUNT_ID``);
    - ``durations``: how long each kind of job runs, as ``timedelta`` or
      seconds, keyed by the kinds of ``DEFAULT_DURATIONS`` (``model_import``,
      ``model_customization``, ``model_copy``, ``custom_model_creation``,
      ``custom_model_deployment``, ``provisioned_throughput``,
      ``lookout_model_training``, ``lookout_model_import``);
    - ``quotas``: ``concurrent_model_import_jobs`` (1) and ``imported_models`` (3);
    - ``start_time``: where the clock starts (default: the real time now);
    - ``virtual_sleep``: while active, ``time.sleep(n)`` and ``asyncio.sleep(n)``
      return at once, in every thread, with the mock clock ``n`` past the call;
    - ``moto_aware``: while moto's ``mock_aws`` is active too, requests act as the
      accounts moto's STS issued their keys for, ``MOTO_ACCOUNT_ID`` is the default
      account (unless ``account_id`` is given), roles are checked against moto's IAM
      and jobs against moto's S3 (see the user guide, "With moto"). ``False``: the
      two mocks only share the process. Either way the mock answers its own
      operations alone and leaves every other call to moto;
    - ``requests``: also answer ``requests`` calls to the Bedrock and Lookout for
      Equipment endpoints, through ``responses`` (the ``requests`` extra); other
      URLs go wherever they went before (a ``responses`` mock of the test's own,
      if one is active);
    - ``calls_kept``: how many of the latest calls ``env.calls`` keeps (10,000;
      ``None``: every one, for as long as the mock lives);
    - ``record_responder``: what answers each record of a batch inference job that
      reads moto's S3, a function of a :class:`Record` returning the record's
      ``modelOutput`` or raising :class:`RecordError` (default: a deterministic body
      of the model family's shape; ``env.respond_to_records`` sets it later).
    """
    mock = BedrockJobsMock(
        account_id=account_id,
        durations=durations,
        quotas=quotas,
        start_time=start_time,
        virtual_sleep=virtual_sleep,
        moto_aware=moto_aware,
        requests=requests,
        calls_kept=calls_kept,
        record_responder=record_responder,
    )
    return mock if target is None else mock(target)


__all__ = [
    "ACCOUNT_ID_ENV",
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_DURATIONS",
    "DEFAULT_QUOTAS",
    "BedrockJobsMock",
    "Call",
    "MockClock",
    "Record",
    "RecordError",
    "ResourceView",
    "Responder",
    "StateView",
    "UnsupportedOperationError",
    "__version__",
    "mock_bedrock_jobs",
]
