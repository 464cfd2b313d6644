"""An aiobotocore client whose session predates the hook (made before ``bedrock_jobs_mock``
was imported) is answered all the same, below aiobotocore's events: nothing leaves the
process (the boto3 side is in ``test_send_guard.py``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from bedrock_jobs_mock import UnsupportedOperationError, mock_bedrock_jobs
from bedrock_jobs_mock.doors import botocore_hook
from tests.async_clients import client_of, new_session
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
