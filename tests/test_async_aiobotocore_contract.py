"""How botocore and aiobotocore read the hook's response (bedrock_jobs_mock/doors/hook_response.py).

If one of these fails after an aiobotocore or botocore upgrade, the way that
library reads a ``before-send`` answer has changed: adapt ``HookResponse``,
the only place that knows it.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

import botocore.endpoint
import pytest

from bedrock_jobs_mock.doors.hook_response import AwaitableBytes, HookResponse
from bedrock_jobs_mock.engine.servicemodel import service_model
from tests.factories import served_by_this_botocore

HEADERS = {"Content-Type": "application/json", "x-amzn-ErrorType": "ConflictException"}
BODY = b'{"message": "Busy."}'


def _operation() -> object:
    return service_model("bedrock").operation_model("GetModelImportJob")


def test_no_served_operation_streams_its_output() -> None:
    """HookResponse serves the body through ``content`` only; a streaming output would be read
    from ``raw`` instead (by aiobotocore as an aiohttp stream)."""
    for service, operation in served_by_this_botocore():
        model = service_model(service).operation_model(operation)
        assert not model.has_streaming_output, (service, operation)
        assert not model.has_event_stream_output, (service, operation)


@pytest.mark.parametrize("status", [200, 409])
def test_botocore_reads_the_body_as_bytes(status: int) -> None:
    response = HookResponse("https://bedrock.us-east-1.amazonaws.com/", status, HEADERS, BODY)
    read = botocore.endpoint.convert_to_response_dict(response, _operation())
    assert (read["status_code"], read["body"], dict(read["headers"])) == (status, BODY, HEADERS)
    assert isinstance(read["body"], bytes)
    assert response.text == BODY.decode()


def test_awaiting_the_bytes_gives_plain_bytes() -> None:
    async def read() -> bytes:
        return await AwaitableBytes(BODY)

    body = asyncio.run(read())
    assert (body, type(body)) == (BODY, bytes)


@pytest.mark.parametrize("status", [200, 409])
def test_aiobotocore_reads_the_body_and_headers(status: int) -> None:
    endpoint = pytest.importorskip("aiobotocore.endpoint")
    response = HookResponse("https://bedrock.us-east-1.amazonaws.com/", status, HEADERS, BODY)
    read = asyncio.run(endpoint.convert_to_response_dict(response, _operation()))
    assert (read["status_code"], read["body"]) == (status, BODY)
    # aiobotocore before 2.21 lower-cases the headers it takes from raw.raw_headers.
    assert {name.lower(): value for name, value in read["headers"].items()} == {
        name.lower(): value for name, value in HEADERS.items()
    }


def test_the_library_imports_no_async_client_library_of_its_own() -> None:
    """Using the mock with boto3 leaves aiobotocore, aioboto3 and aiohttp unimported."""
    script = textwrap.dedent(
        """
        import sys
        import boto3
        from bedrock_jobs_mock import mock_bedrock_jobs

        with mock_bedrock_jobs(virtual_sleep=True):
            boto3.client("bedrock", region_name="us-east-1").list_model_import_jobs()
        loaded = sorted(
            name for name in ("aiobotocore", "aioboto3", "aiohttp") if name in sys.modules
        )
        print(",".join(loaded))
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert run.stdout.strip() == ""
