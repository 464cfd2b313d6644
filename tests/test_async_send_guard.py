"""Async clients made before the mock: opened before it started, or of a session that
predates the hook (made before ``bedrock_jobs_mock`` was imported, answered below
aiobotocore's events). Nothing leaves the process (the boto3 side is in
``test_send_guard.py``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from bedrock_jobs_mock import UnsupportedOperationError, mock_bedrock_jobs
from bedrock_jobs_mock.doors import botocore_hook
from tests.async_clients import LIBRARIES, client_of, new_session
from tests.factories import import_job_request

pytest.importorskip("aiobotocore")


def test_an_aiobotocore_client_without_the_hook_is_answered(
    network_attempts: Callable[[], list[Any]],
) -> None:
    session = new_session("aiobotocore")
    session.unregister("before-send", botocore_hook.before_send)

    async def scenario() -> tuple[str, list[str]]:
        async with client_of(session, "bedrock", account="123456789012") as bedrock:
            arn = (await bedrock.create_model_import_job(**import_job_request()))["jobArn"]
            job = await bedrock.get_model_import_job(jobIdentifier=arn)
            with pytest.raises(UnsupportedOperationError):
                await bedrock.list_guardrails()
            return str(job["status"]), [call.operation for call in env.calls]

    with mock_bedrock_jobs() as env:
        status, operations = asyncio.run(scenario())
    assert status == "InProgress"
    assert operations == ["CreateModelImportJob", "GetModelImportJob"]
    assert network_attempts() == []


@pytest.mark.parametrize("library", LIBRARIES)
def test_a_client_opened_before_the_mock_started_is_answered(library: str) -> None:
    async def scenario() -> None:
        session = new_session(library)
        async with client_of(session, "bedrock", account="111111111111") as early:
            with mock_bedrock_jobs() as env:
                await early.create_model_import_job(**import_job_request())
                async with client_of(session, "bedrock", account="111111111111") as late:
                    listed = await late.list_model_import_jobs()
                assert len(listed["modelImportJobSummaries"]) == 1
                assert [call.account for call in env.calls] == ["111111111111"] * 2

    asyncio.run(scenario())
