"""Every served operation answers an async client exactly as it answers boto3.

Each operation is called with only its required members (filled with simple
values) by a boto3 client in one fresh mock and by an async client in another,
both skipping client-side validation so the mock's own checks answer. A
refusal must match in code, message and HTTP status; a success in HTTP
status and in the shape and types of the parsed output (new resources carry
fresh random ids, so values may differ).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import Shape

from bedrock_jobs_mock import mock_bedrock_jobs
from bedrock_jobs_mock.engine.servicemodel import service_model
from tests.async_clients import LIBRARIES, async_client, new_session
from tests.factories import START, served_by_this_botocore

pytest.importorskip("aiobotocore")

UNCHECKED = Config(parameter_validation=False, retries={"max_attempts": 1})
OPERATIONS = served_by_this_botocore()


def _sample(shape: Shape) -> Any:
    """A simple value of ``shape``: the first enum value, the minimum length or size."""
    kind = shape.type_name
    if kind == "structure":
        return _required_input(shape)
    if kind in ("list", "map"):
        return [] if kind == "list" else {}
    if kind == "string":
        enum = shape.enum
        return enum[0] if enum else "x" * max(int(shape.metadata.get("min", 1)), 1)
    if kind in ("integer", "long"):
        return max(int(shape.metadata.get("min", 1)), 1)
    if kind in ("float", "double"):
        return 1.0
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return START
    return b"x"  # blob


def _required_input(shape: Shape | None) -> dict[str, Any]:
    if shape is None:
        return {}
    members = shape.members
    return {name: _sample(members[name]) for name in shape.required_members}


def _skeleton(value: Any) -> Any:
    """The shape and types of a parsed output, without its values."""
    if isinstance(value, dict):
        return {key: _skeleton(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_skeleton(item) for item in value]
    return type(value).__name__


def _outcome(response: dict[str, Any]) -> tuple[Any, ...]:
    status = response["ResponseMetadata"]["HTTPStatusCode"]
    if "Error" in response:
        return ("refused", response["Error"]["Code"], response["Error"]["Message"], status)
    body = {key: value for key, value in response.items() if key != "ResponseMetadata"}
    return ("answered", status, _skeleton(body))


#: The mocked services, each with a client in both runs.
SERVICES = ("bedrock", "bedrock-agent", "lookoutequipment")


def _calls() -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for service, operation in OPERATIONS:
        model = service_model(service).operation_model(operation)
        method = "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_")
        yield service, operation, method, _required_input(model.input_shape)


def _sync_outcomes() -> dict[tuple[str, str], tuple[Any, ...]]:
    outcomes = {}
    with mock_bedrock_jobs(start_time=START):
        clients = {
            name: boto3.client(name, region_name="us-east-1", config=UNCHECKED) for name in SERVICES
        }
        for service, operation, method, params in _calls():
            try:
                response = getattr(clients[service], method)(**params)
            except ClientError as error:
                response = error.response
            outcomes[(service, operation)] = _outcome(response)
    return outcomes


async def _async_outcomes(library: str) -> dict[tuple[str, str], tuple[Any, ...]]:
    outcomes = {}
    async with (
        async_client(library, "bedrock", config=UNCHECKED) as bedrock,
        async_client(library, "bedrock-agent", config=UNCHECKED) as agent,
        async_client(library, "lookoutequipment", config=UNCHECKED) as lookout,
    ):
        clients = {"bedrock": bedrock, "bedrock-agent": agent, "lookoutequipment": lookout}
        for service, operation, method, params in _calls():
            try:
                response = await getattr(clients[service], method)(**params)
            except ClientError as error:
                response = error.response
            outcomes[(service, operation)] = _outcome(response)
    return outcomes


@pytest.mark.parametrize("library", LIBRARIES)
def test_every_served_operation_answers_async_clients_as_it_answers_boto3(library: str) -> None:
    new_session(library)
    expected = _sync_outcomes()
    with mock_bedrock_jobs(start_time=START):
        actual = asyncio.run(_async_outcomes(library))
    assert len(actual) == len(OPERATIONS)
    assert {key for key, outcome in expected.items() if outcome[0] == "answered"}, "no success"
    for key in OPERATIONS:
        assert actual[key] == expected[key], key
