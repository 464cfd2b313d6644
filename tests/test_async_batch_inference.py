"""Async code that waits on a batch inference job: an ``await asyncio.sleep`` polling loop
under virtual sleep, and an aiobotocore waiter shaped like Airflow's
``batch_inference_complete``, each seeing every status of the job on the way."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import WaiterError
from botocore.waiter import WaiterModel

from bedrock_jobs_mock import mock_bedrock_jobs
from tests.async_clients import LIBRARIES, async_client, new_session
from tests.batch_helpers import RUN, batch_job_request
from tests.factories import START, needs_operation

pytestmark = needs_operation("CreateModelInvocationJob")

aiobotocore_waiter = pytest.importorskip("aiobotocore.waiter")

#: The statuses a job passes through before it ends, in order.
LADDER = ["Submitted", "Validating", "Scheduled", "InProgress"]


def _on_status(expected: str, state: str) -> dict[str, str]:
    return {"matcher": "path", "argument": "status", "expected": expected, "state": state}


#: Airflow's ``batch_inference_complete`` waiter (its Amazon provider's waiters/bedrock.json).
WAITER_MODEL = WaiterModel(
    {
        "version": 2,
        "waiters": {
            "BatchInferenceComplete": {
                "operation": "GetModelInvocationJob",
                "delay": 120,
                "maxAttempts": 75,
                "acceptors": [
                    *(_on_status(status, "retry") for status in LADDER),
                    _on_status("Completed", "success"),
                    *(
                        _on_status(status, "failure")
                        for status in (
                            "Failed",
                            "Stopped",
                            "PartiallyCompleted",
                            "Expired",
                            "Stopping",
                        )
                    ),
                ],
            }
        },
    }
)


@pytest.fixture(params=LIBRARIES)
def library(request: pytest.FixtureRequest) -> str:
    new_session(request.param)
    return str(request.param)


def test_an_asyncio_sleep_polling_loop_sees_every_status_then_completed(library: str) -> None:
    async def scenario() -> tuple[list[str], dict[str, Any]]:
        seen: list[str] = []
        async with async_client(library) as bedrock:
            arn = (await bedrock.create_model_invocation_job(**batch_job_request()))["jobArn"]
            while True:
                job: dict[str, Any] = await bedrock.get_model_invocation_job(jobIdentifier=arn)
                if not seen or seen[-1] != job["status"]:
                    seen.append(job["status"])
                if job["status"] not in LADDER:
                    return seen, job
                await asyncio.sleep(30)

    with mock_bedrock_jobs(virtual_sleep=True, start_time=START) as env:
        seen, job = asyncio.run(scenario())
        assert seen == [*LADDER, "Completed"]
        assert (job["endTime"], env.clock.now()) == (START + RUN, START + RUN)
        polls = [call for call in env.calls if call.operation == "GetModelInvocationJob"]
        assert len(polls) == RUN // timedelta(seconds=30) + 1


def test_an_airflow_shaped_waiter_sees_the_job_complete(library: str) -> None:
    async def scenario() -> None:
        async with async_client(library) as bedrock:
            arn = (await bedrock.create_model_invocation_job(**batch_job_request()))["jobArn"]
            waiter = aiobotocore_waiter.create_waiter_with_client(
                "BatchInferenceComplete", WAITER_MODEL, bedrock
            )
            await waiter.wait(jobIdentifier=arn)

    with mock_bedrock_jobs(virtual_sleep=True, start_time=START) as env:
        asyncio.run(scenario())
        assert env.clock.now() == START + RUN  # polled every 2 minutes: 0, 2, ..., 20


def test_the_waiter_stops_at_an_expired_job(library: str) -> None:
    async def scenario() -> None:
        async with async_client(library) as bedrock:
            arn = (await bedrock.create_model_invocation_job(**batch_job_request()))["jobArn"]
            waiter = aiobotocore_waiter.create_waiter_with_client(
                "BatchInferenceComplete", WAITER_MODEL, bedrock
            )
            await waiter.wait(jobIdentifier=arn, WaiterConfig={"Delay": 3600, "MaxAttempts": 30})

    with mock_bedrock_jobs(
        virtual_sleep=True, start_time=START, quotas={"in_progress_model_invocation_jobs": 0}
    ) as env:
        with pytest.raises(WaiterError) as excinfo:
            asyncio.run(scenario())
        assert excinfo.value.last_response["status"] == "Expired"
        assert env.clock.now() == START + timedelta(hours=24)
