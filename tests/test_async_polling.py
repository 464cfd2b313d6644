"""Async code that waits on jobs: aiobotocore waiters built from a waiter model (as Airflow's
deferrable triggers build them), ``await asyncio.sleep`` polling loops under virtual sleep,
and many tasks polling on one event loop."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import WaiterError
from botocore.waiter import WaiterModel

from bedrock_jobs_mock import mock_bedrock_jobs
from tests.async_clients import LIBRARIES, async_client, new_session
from tests.factories import START, customization_job_request, import_job_request

aiobotocore_waiter = pytest.importorskip("aiobotocore.waiter")


def _on_status(expected: str, state: str) -> dict[str, str]:
    return {"matcher": "path", "argument": "status", "expected": expected, "state": state}


#: The shape of the waiters Airflow's Amazon provider ships for Bedrock (waiters/bedrock.json).
WAITER_MODEL = WaiterModel(
    {
        "version": 2,
        "waiters": {
            "ModelCustomizationJobComplete": {
                "operation": "GetModelCustomizationJob",
                "delay": 120,
                "maxAttempts": 75,
                "acceptors": [
                    _on_status("InProgress", "retry"),
                    _on_status("Completed", "success"),
                    _on_status("Stopping", "retry"),
                    _on_status("Stopped", "failure"),
                    _on_status("Failed", "failure"),
                ],
            }
        },
    }
)


@pytest.fixture(params=LIBRARIES)
def library(request: pytest.FixtureRequest) -> str:
    new_session(request.param)
    return str(request.param)


async def _wait_for_customization(library: str) -> str:
    """Start a customization job and wait for it with an async waiter; the job's ARN."""
    async with async_client(library) as bedrock:
        job_arn = (await bedrock.create_model_customization_job(**customization_job_request()))[
            "jobArn"
        ]
        waiter = aiobotocore_waiter.create_waiter_with_client(
            "ModelCustomizationJobComplete", WAITER_MODEL, bedrock
        )
        await waiter.wait(jobIdentifier=job_arn)
        return str(job_arn)


def test_an_async_waiter_sees_a_customization_job_complete(library: str) -> None:
    with mock_bedrock_jobs(virtual_sleep=True, start_time=START) as env:
        job_arn = asyncio.run(_wait_for_customization(library))
        assert env.clock.now() == START + timedelta(minutes=50)
        polls = [call for call in env.calls if call.operation == "GetModelCustomizationJob"]
        assert len(polls) == 26  # at 0, 2, ..., 50 minutes
        job = boto3.client("bedrock").get_model_customization_job(jobIdentifier=job_arn)
        assert (job["status"], job["endTime"]) == ("Completed", START + timedelta(minutes=50))


def test_an_async_waiter_stops_at_a_failed_customization_job(library: str) -> None:
    with mock_bedrock_jobs(virtual_sleep=True, start_time=START) as env:
        env.fail_next("model_customization", message="The training data is malformed.")
        with pytest.raises(WaiterError) as excinfo:
            asyncio.run(_wait_for_customization(library))
        assert "terminal failure state" in str(excinfo.value)
        assert excinfo.value.last_response["status"] == "Failed"
        assert excinfo.value.last_response["failureMessage"] == "The training data is malformed."
        assert env.clock.now() == START + timedelta(minutes=50)


def test_an_asyncio_sleep_polling_loop_over_a_15_minute_import_ends_at_once(library: str) -> None:
    async def poll_until_done(bedrock: Any, arn: str) -> dict[str, Any]:
        while True:
            job: dict[str, Any] = await bedrock.get_model_import_job(jobIdentifier=arn)
            if job["status"] != "InProgress":
                return job
            await asyncio.sleep(60)

    async def scenario() -> dict[str, Any]:
        async with async_client(library) as bedrock:
            arn = (await bedrock.create_model_import_job(**import_job_request()))["jobArn"]
            return await poll_until_done(bedrock, arn)

    with mock_bedrock_jobs(virtual_sleep=True, start_time=START) as env:
        job = asyncio.run(scenario())
        assert (job["status"], job["endTime"]) == ("Completed", START + timedelta(minutes=15))
        assert env.clock.now() == START + timedelta(minutes=15)
        assert len([call for call in env.calls if call.operation == "GetModelImportJob"]) == 16


def _lock_is_free(lock: Any) -> bool:
    """Whether a thread other than the event loop's can take the mock's lock right now."""
    if not lock.acquire(blocking=False):
        return False
    lock.release()
    return True


def test_many_tasks_on_one_loop_each_polling_its_own_job_lose_nothing(library: str) -> None:
    tasks = 20

    async def run_job(bedrock: Any, n: int) -> tuple[str, str, int]:
        request = customization_job_request(f"tune-{n}", f"custom-{n}")
        arn = (await bedrock.create_model_customization_job(**request))["jobArn"]
        polls = 0
        while True:
            polls += 1
            job = await bedrock.get_model_customization_job(jobIdentifier=arn)
            if job["status"] != "InProgress":
                return job["jobName"], job["status"], polls
            await asyncio.sleep(60 * (n % 3 + 1))

    async def scenario(lock: Any) -> tuple[list[tuple[str, str, int]], bool]:
        async with async_client(library) as bedrock:
            results = await asyncio.gather(*(run_job(bedrock, n) for n in range(tasks)))
            # With no call in flight, a worker thread finds the lock free: no task kept it
            # across its awaits.
            free = await asyncio.get_running_loop().run_in_executor(None, _lock_is_free, lock)
            return list(results), free

    with mock_bedrock_jobs(virtual_sleep=True, start_time=START) as env:
        results, lock_was_free = asyncio.run(scenario(env.backend.lock))
        assert lock_was_free
        assert sorted(name for name, _, _ in results) == sorted(f"tune-{n}" for n in range(tasks))
        assert {status for _, status, _ in results} == {"Completed"}
        state = env.state()
        assert len(state.jobs["model_customization"]) == tasks
        assert len(state.models["custom_model"]) == tasks
        creates = [c for c in env.calls if c.operation == "CreateModelCustomizationJob"]
        gets = [c for c in env.calls if c.operation == "GetModelCustomizationJob"]
        assert len(creates) == tasks
        assert len(gets) == sum(polls for _, _, polls in results)
        assert all(call.error is None for call in env.calls)


def test_a_sync_client_in_a_worker_thread_is_served_while_tasks_await_it(
    bedrock_jobs: Any, library: str
) -> None:
    sync = boto3.client("bedrock", region_name="us-east-1")

    def create_in_a_thread(n: int) -> tuple[str, str]:
        request = customization_job_request(f"thread-{n}", f"thread-model-{n}")
        arn = sync.create_model_customization_job(**request)["jobArn"]
        return arn, threading.current_thread().name

    async def scenario() -> tuple[set[str], set[str]]:
        loop = asyncio.get_running_loop()
        async with async_client(library) as bedrock:
            made = await asyncio.gather(
                *(loop.run_in_executor(None, create_in_a_thread, n) for n in range(4))
            )
            listed = await bedrock.list_model_customization_jobs()
            seen = {job["jobArn"] for job in listed["modelCustomizationJobSummaries"]}
            return {arn for arn, _ in made}, seen

    made, seen = asyncio.run(scenario())
    assert made == seen
    assert len(made) == 4
