"""Auto-tick, finish-after-reads and the guard against polls that hang, over HTTP: the server's
options (the ``bedrock_jobs_server`` marker, the command line) and ``Controls``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock.server import RunningServer
from tests.factories import START, error_of, import_job_request
from tests.server_helpers import client_of, served_in_a_process


def _poll(bedrock: Any, arn: str) -> int:
    """Reads of a bare ``while`` poll (no sleep) until the import job is Completed."""
    reads = 1
    while bedrock.get_model_import_job(jobIdentifier=arn)["status"] != "Completed":
        reads += 1
    return reads


@pytest.mark.bedrock_jobs_server(auto_tick=60, start_time=START)
def test_the_server_ticks_after_each_request(bedrock_jobs_server: RunningServer) -> None:
    bedrock = client_of(bedrock_jobs_server.url, "bedrock")
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    assert _poll(bedrock, arn) == 15
    env = bedrock_jobs_server.controls
    assert env.clock.now() == START + timedelta(minutes=16)  # control requests do not tick
    env.set_auto_tick(None)
    bedrock.list_model_import_jobs()
    assert env.clock.now() == START + timedelta(minutes=16)
    env.set_auto_tick(timedelta(minutes=1))
    bedrock.list_model_import_jobs()
    assert env.clock.now() == START + timedelta(minutes=17)
    with pytest.raises(ValueError, match=r"auto_tick must be positive \(None turns it off\)"):
        env.set_auto_tick(0)


@pytest.mark.bedrock_jobs_server(finish_after_reads={"model_import": 4})
def test_the_server_finishes_jobs_after_reads(bedrock_jobs_server: RunningServer) -> None:
    bedrock = client_of(bedrock_jobs_server.url, "bedrock")
    first = bedrock.create_model_import_job(**import_job_request("one", "one"))["jobArn"]
    assert _poll(bedrock, first) == 4
    second = bedrock.create_model_import_job(**import_job_request("two", "two"))["jobArn"]
    bedrock_jobs_server.controls.finish_after_reads(second, 2)
    assert _poll(bedrock, second) == 2
    with pytest.raises(LookupError, match="no job has the ARN or name 'three'"):
        bedrock_jobs_server.controls.finish_after_reads("three", 2)


@pytest.mark.bedrock_jobs_server(hang_after_reads=3)
def test_the_server_answers_a_hanging_poll_with_a_validation_error(
    bedrock_jobs_server: RunningServer,
) -> None:
    bedrock = client_of(bedrock_jobs_server.url, "bedrock")
    arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
    with pytest.raises(ClientError) as raised:
        _poll(bedrock, arn)
    code, message, status = error_of(raised)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith(
        f"bedrock-jobs-mock: {arn} (InProgress) was read 4 times in a row while the mock "
        "clock stood still"
    )
    assert "auto_tick" in message and "virtual_sleep" in message
    bedrock_jobs_server.controls.clock.advance(minutes=1)  # time moves: reads go on
    assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "InProgress"


def test_serve_takes_the_polling_options(tmp_path: Path) -> None:
    options = ("--auto-tick", "60", "--finish-after-reads", "model_customization=2")
    with served_in_a_process(tmp_path / "server.log", *options, "--hang-after-reads", "0") as (
        url,
        _,
    ):
        bedrock = client_of(url, "bedrock")
        arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
        assert _poll(bedrock, arn) == 15
