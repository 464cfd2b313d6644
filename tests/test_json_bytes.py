"""The bytes of a JSON answer: UTF-8 as the services write it, and the same with or without
orjson (the ``fast`` extra), whichever text the answer carries."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock import mock_bedrock_jobs

#: Names AWS refuses, so that the ValidationException's message echoes them back: text
#: beyond ASCII, a quote, a backslash, control characters and a separator JSON allows raw.
BEDROCK_NAME = 'jöb\u2013名\u2028"\\\n\x01'
#: Sent in a JSON body, where botocore writes a lone surrogate as the escape "\ud800".
LOOKOUT_NAME = "mödel\ud800"

ANSWERS = f"""
import json, re, sys
from datetime import datetime, timezone
if sys.argv[1] == "without":
    sys.modules["orjson"] = None  # as where the fast extra is not installed
import boto3
from bedrock_jobs_mock import mock_bedrock_jobs
bodies = []
with mock_bedrock_jobs(start_time=datetime(2026, 1, 1, 0, 0, 0, 123456, timezone.utc)):
    for service, call, params in (
        ("bedrock", "get_model_customization_job", {{"jobIdentifier": {BEDROCK_NAME!r}}}),
        ("lookoutequipment", "describe_model", {{"ModelName": {LOOKOUT_NAME!r}}}),
        ("lookoutequipment", "create_dataset", {{"DatasetName": "d1", "ClientToken": "t1"}}),
        ("lookoutequipment", "describe_dataset", {{"DatasetName": "d1"}}),
        ("lookoutequipment", "list_datasets", {{}}),
        ("bedrock", "list_foundation_models", {{}}),
    ):
        client = boto3.client(service, region_name="us-east-1")
        client.meta.events.register(
            "after-call", lambda http_response, **_: bodies.append(http_response.content)
        )
        try:
            getattr(client, call)(**params)
        except client.exceptions.ClientError:
            pass
# Each run makes its own resource ids: the rest of every body is the same.
uuid = re.compile(rb"[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}")
# Nothing but the mock imports orjson: loaded means the mock wrote with it.
print(sys.modules.get("orjson") is not None)
print(json.dumps([uuid.sub(b"<uuid>", body).hex() for body in bodies]))
"""


@pytest.fixture
def bodies() -> Iterator[list[bytes]]:
    """The raw body of every answer given to a client of :func:`_recorded` in the test."""
    with mock_bedrock_jobs():
        yield []


def _recorded(service: str, bodies: list[bytes]) -> Any:
    client = boto3.client(service, region_name="us-east-1")
    client.meta.events.register(
        "after-call", lambda http_response, **_: bodies.append(http_response.content)
    )
    return client


def _message_of(call: Any, **params: Any) -> str:
    with pytest.raises(ClientError) as raised:
        call(**params)
    error = raised.value.response["Error"]
    assert error["Code"] == "ValidationException"
    return str(error["Message"])


def test_text_beyond_ascii_travels_as_utf8(bodies: list[bytes]) -> None:
    client = _recorded("bedrock", bodies)
    message = _message_of(client.get_model_customization_job, jobIdentifier=BEDROCK_NAME)
    assert message.startswith(f"1 validation error detected: Value '{BEDROCK_NAME}' at ")
    assert "jöb\u2013名".encode() in bodies[-1]
    assert b'\\"\\\\\\n\\u0001' in bodies[-1]  # JSON's own escapes, as json.dumps writes them


def test_a_lone_surrogate_travels_escaped_and_comes_back_whole(bodies: list[bytes]) -> None:
    client = _recorded("lookoutequipment", bodies)
    message = _message_of(client.describe_model, ModelName=LOOKOUT_NAME)
    assert message == (
        f"1 validation error detected: Value '{LOOKOUT_NAME}' at 'ModelName' failed to satisfy"
        " constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z_-]{1,200}$"
    )
    assert b"m\\u00f6del\\ud800" in bodies[-1]  # UTF-8 cannot carry it: the whole body is ASCII


def _answers(orjson: str) -> tuple[bool, list[bytes]]:
    """Whether orjson wrote the answers, and their bodies (resource ids blanked)."""
    run = subprocess.run(
        [sys.executable, "-c", ANSWERS, orjson], check=True, capture_output=True, text=True
    )
    used, bodies = run.stdout.splitlines()
    return used == "True", [bytes.fromhex(body) for body in json.loads(bodies)]


def test_the_fast_extra_changes_no_byte() -> None:
    pytest.importorskip("orjson")
    (used, with_orjson), (unused, without) = _answers("with"), _answers("without")
    assert (used, unused) == (True, False)
    assert len(with_orjson) == 6
    assert b'"CreatedAt":1767225600.123' in with_orjson[3]
    assert b'"modelSummaries":[{"modelArn":' in with_orjson[-1]
    assert with_orjson == without
