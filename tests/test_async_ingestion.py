"""Async code that runs a knowledge-base sync: an aiobotocore (or aioboto3) client creates a
knowledge base and a data source, starts an ingestion job and waits for it with a waiter
shaped like Airflow's ``ingestion_job_complete``, under virtual sleep; and the same waiter
polling a stopped job until its attempts run out, as Airflow's does."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import WaiterError
from botocore.waiter import WaiterModel

from bedrock_jobs_mock import DEFAULT_DURATIONS, mock_bedrock_jobs
from tests.async_clients import LIBRARIES, async_client, new_session
from tests.factories import START
from tests.kb_helpers import knowledge_base_request, needs_agent_operation, s3_data_source

aiobotocore_waiter = pytest.importorskip("aiobotocore.waiter")


def _on_status(expected: str, state: str) -> dict[str, str]:
    return {
        "matcher": "path",
        "argument": "ingestionJob.status",
        "expected": expected,
        "state": state,
    }


#: Airflow's ``ingestion_job_complete`` waiter (its Amazon provider's
#: waiters/bedrock-agent.json): STOPPING and STOPPED are not listed.
WAITER_MODEL = WaiterModel(
    {
        "version": 2,
        "waiters": {
            "IngestionJobComplete": {
                "operation": "GetIngestionJob",
                "delay": 60,
                "maxAttempts": 10,
                "acceptors": [
                    _on_status("COMPLETE", "success"),
                    _on_status("STARTING", "retry"),
                    _on_status("IN_PROGRESS", "retry"),
                    _on_status("FAILED", "failure"),
                ],
            }
        },
    }
)


@pytest.fixture(params=LIBRARIES)
def library(request: pytest.FixtureRequest) -> str:
    new_session(request.param)
    return str(request.param)


async def _start_sync(agent: Any, env: Any) -> dict[str, str]:
    """An ACTIVE knowledge base, an S3 data source and a started job: their ids."""
    created = await agent.create_knowledge_base(**knowledge_base_request())
    knowledge_base_id = created["knowledgeBase"]["knowledgeBaseId"]
    env.complete(created["knowledgeBase"]["knowledgeBaseArn"])
    data_source = await agent.create_data_source(
        knowledgeBaseId=knowledge_base_id, name="docs", dataSourceConfiguration=s3_data_source()
    )
    ids = {
        "knowledgeBaseId": knowledge_base_id,
        "dataSourceId": data_source["dataSource"]["dataSourceId"],
    }
    job = await agent.start_ingestion_job(**ids)
    return {**ids, "ingestionJobId": job["ingestionJob"]["ingestionJobId"]}


def test_an_airflow_shaped_waiter_sees_the_sync_complete(library: str) -> None:
    async def scenario(env: Any) -> dict[str, Any]:
        async with async_client(library, "bedrock-agent") as agent:
            ids = await _start_sync(agent, env)
            waiter = aiobotocore_waiter.create_waiter_with_client(
                "IngestionJobComplete", WAITER_MODEL, agent
            )
            await waiter.wait(**ids)
            job: dict[str, Any] = (await agent.get_ingestion_job(**ids))["ingestionJob"]
            return job

    with mock_bedrock_jobs(virtual_sleep=True, start_time=START) as env:
        job = asyncio.run(scenario(env))
        assert job["status"] == "COMPLETE"
        assert job["statistics"]["numberOfDocumentsScanned"] == 0  # no moto: no S3 read
        assert DEFAULT_DURATIONS["ingestion_job"] <= timedelta(seconds=60)
        assert env.clock.now() == START + timedelta(seconds=60)  # the second poll


@needs_agent_operation("StopIngestionJob")
def test_the_airflow_shaped_waiter_polls_a_stopped_job_until_it_gives_up(library: str) -> None:
    async def scenario(env: Any) -> None:
        async with async_client(library, "bedrock-agent") as agent:
            ids = await _start_sync(agent, env)
            await agent.stop_ingestion_job(**ids)
            waiter = aiobotocore_waiter.create_waiter_with_client(
                "IngestionJobComplete", WAITER_MODEL, agent
            )
            await waiter.wait(**ids)

    with mock_bedrock_jobs(virtual_sleep=True, start_time=START) as env:
        with pytest.raises(WaiterError) as excinfo:
            asyncio.run(scenario(env))
        assert "Max attempts exceeded" in str(excinfo.value)
        assert excinfo.value.last_response["ingestionJob"]["status"] == "STOPPED"
        assert env.clock.now() == START + timedelta(minutes=9)  # 10 polls, 60 s apart
