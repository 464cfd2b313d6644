"""The HTTP server door, driven as a user drives it: boto3 with ``endpoint_url`` against the
``bedrock_jobs_server`` fixture, and ``Controls`` (``env`` over HTTP) between calls."""

from __future__ import annotations

import http.client
import json
import logging
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from botocore.exceptions import ClientError

from bedrock_jobs_mock.doors.real_time import RealTimePace
from bedrock_jobs_mock.engine.clock import MockClock
from bedrock_jobs_mock.engine.protocol import HttpRequest, protocol_for
from bedrock_jobs_mock.engine.servicemodel import service_model
from bedrock_jobs_mock.server import RunningServer
from tests.factories import START, error_of, import_job_request
from tests.lookout_helpers import create_dataset
from tests.server_helpers import SIGNED, client_of

pytestmark = pytest.mark.bedrock_jobs_server(start_time=START, durations={"model_import": 900})


def _raw(url: str, method: str, path: str, body: bytes = b"", **headers: str) -> tuple[int, Any]:
    """Send one plain HTTP request; its status and JSON body."""
    target = urlsplit(url)
    connection = http.client.HTTPConnection(target.hostname or "", target.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={**SIGNED, **headers})
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def test_an_import_job_runs_on_the_served_clock(bedrock_jobs_server: RunningServer) -> None:
    url, env = bedrock_jobs_server
    bedrock = client_of(url, "bedrock")
    created = bedrock.create_model_import_job(**import_job_request())
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    arn = created["jobArn"]
    assert arn.startswith("arn:aws:bedrock:us-east-1:123456789012:model-import-job/")
    assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "InProgress"
    assert env.clock.now() == START
    assert env.clock.advance(minutes=15) == START + timedelta(minutes=15)
    job = bedrock.get_model_import_job(jobIdentifier=arn)
    assert (job["status"], job["endTime"]) == ("Completed", START + timedelta(minutes=15))
    assert bedrock.get_imported_model(modelIdentifier="imported-model-1")["jobArn"] == arn


def test_lookout_answers_on_the_same_port(bedrock_jobs_server: RunningServer) -> None:
    lookout = client_of(bedrock_jobs_server.url, "lookoutequipment")
    arn = create_dataset(lookout)
    datasets = lookout.list_datasets()["DatasetSummaries"]
    assert [(d["DatasetName"], d["DatasetArn"]) for d in datasets] == [("pump-data", arn)]


def test_errors_travel_with_code_message_and_status(bedrock_jobs_server: RunningServer) -> None:
    bedrock = client_of(bedrock_jobs_server.url, "bedrock", parameter_validation=False)
    with pytest.raises(ClientError) as excinfo:
        bedrock.create_model_import_job(**import_job_request(job_name="bad name!"))
    code, message, status = error_of(excinfo)
    assert (code, status) == ("ValidationException", 400)
    assert message.startswith("1 validation error detected: Value 'bad name!' at 'jobName'")
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_model_import_job(jobIdentifier="no-such-job")
    assert error_of(excinfo)[0::2] == ("ResourceNotFoundException", 404)


def test_the_account_comes_from_the_access_key(bedrock_jobs_server: RunningServer) -> None:
    url = bedrock_jobs_server.url
    other = client_of(url, "bedrock", account="111122223333")
    arn = other.create_model_import_job(**import_job_request())["jobArn"]
    assert arn.startswith("arn:aws:bedrock:us-east-1:111122223333:")
    assert client_of(url, "bedrock").list_model_import_jobs()["modelImportJobSummaries"] == []


def test_an_operation_the_mock_does_not_serve_is_named(bedrock_jobs_server: RunningServer) -> None:
    bedrock = client_of(bedrock_jobs_server.url, "bedrock")
    with pytest.raises(ClientError) as excinfo:
        bedrock.get_model_invocation_logging_configuration()
    code, message, status = error_of(excinfo)
    assert (code, status) == ("UnknownOperationException", 400)
    assert message == (
        "bedrock-jobs-mock does not serve bedrock:GetModelInvocationLoggingConfiguration; "
        "`bedrock-jobs-mock coverage` lists the operations it serves"
    )


def test_a_request_for_no_mocked_service_is_refused(bedrock_jobs_server: RunningServer) -> None:
    s3_scope = SIGNED["Authorization"].replace("/bedrock/", "/s3/")
    status, body = _raw(bedrock_jobs_server.url, "GET", "/favicon.ico", Authorization=s3_scope)
    assert (status, body["__type"]) == (404, "UnknownOperationException")
    assert (
        body["message"]
        == "bedrock-jobs-mock serves bedrock, bedrock-agent and lookoutequipment only"
    )


@pytest.mark.parametrize("moment", ["9999999999999", "-99999999999"])
def test_an_epoch_no_time_zone_can_place_is_not_a_valid_timestamp(
    bedrock_jobs_server: RunningServer, moment: str
) -> None:
    """botocore will not send such a timestamp; other clients can."""
    path = f"/model-import-jobs?creationTimeAfter={moment}"
    status, body = _raw(bedrock_jobs_server.url, "GET", path)
    assert (status, body["message"]) == (
        400,
        f"Value '{moment}' at 'creationTimeAfter' is not a valid timestamp",
    )


@pytest.mark.bedrock_jobs_server(authenticate=False)
def test_an_unsigned_request_is_routed_by_its_path(bedrock_jobs_server: RunningServer) -> None:
    status, body = _raw(
        bedrock_jobs_server.url, "GET", "/model-import-jobs?maxResults=5", Authorization=""
    )
    assert (status, body) == (200, {"modelImportJobSummaries": []})


def test_a_chunked_body_is_read(bedrock_jobs_server: RunningServer) -> None:
    target = urlsplit(bedrock_jobs_server.url)
    connection = http.client.HTTPConnection(target.hostname or "", target.port, timeout=30)
    document = json.dumps(import_job_request()).encode()
    connection.request(
        "POST",
        "/model-import-jobs",
        body=iter([document[:10], document[10:]]),
        headers=SIGNED,
        encode_chunked=True,
    )
    response = connection.getresponse()
    assert response.status == 201
    assert "jobArn" in json.loads(response.read())
    connection.close()


@pytest.mark.parametrize("service", ["bedrock", "lookoutequipment"])
def test_every_operation_of_the_model_routes_to_itself(service: str) -> None:
    model = service_model(service)
    protocol = protocol_for(model)
    for name in model.operation_names:
        http = model.operation_model(name).http
        path = http["requestUri"].split("?")[0]
        for label in [part for part in path.split("/") if part.startswith("{")]:
            path = path.replace(label, "a%3Ab/c" if label.endswith("+}") else "a%3Ab")
        target = f"{model.metadata.get('targetPrefix')}.{name}"
        request = HttpRequest(http["method"], f"http://h{path}", {"X-Amz-Target": target})
        assert protocol.operation_of(request) == name


def test_health(bedrock_jobs_server: RunningServer) -> None:
    assert bedrock_jobs_server.controls.health() == {"status": "ok"}
    assert _raw(bedrock_jobs_server.url, "GET", "/_mock/health") == (200, {"status": "ok"})


def test_one_log_line_per_request(
    bedrock_jobs_server: RunningServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bedrock_jobs_mock.server")
    bedrock = client_of(bedrock_jobs_server.url, "bedrock")
    bedrock.create_model_import_job(**import_job_request())
    bedrock_jobs_server.controls.settle()
    lines = [record.getMessage() for record in caplog.records]
    assert lines == [
        "POST /model-import-jobs bedrock:CreateModelImportJob 201",
        "POST /_mock/settle control:settle 200",
    ]


def test_time_factor_moves_the_clock_with_real_time() -> None:
    real = [100.0]
    pace = RealTimePace(60, timer=lambda: real[0])
    clock = MockClock(START)
    pace.catch_up(clock)
    assert clock.now() == START
    real[0] += 2.5
    pace.catch_up(clock)
    assert clock.now() == START + timedelta(seconds=150)
    with pytest.raises(ValueError, match="must not be negative"):
        RealTimePace(-1)
