"""What the server answers that is no operation's doing: requests not signed as AWS
requires, malformed HTTP, CORS preflights and HEAD. Raw sockets where the point is raw
HTTP; boto3 where a client can send it."""

from __future__ import annotations

import http.client
import json
import socket
from typing import Any
from urllib.parse import urlencode, urlsplit

import boto3
import botocore.session
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from bedrock_jobs_mock.server import RunningServer
from tests.factories import START, error_of
from tests.server_helpers import DEFAULT_KEYS, SIGNED, client_of

pytestmark = pytest.mark.bedrock_jobs_server(start_time=START)

Answer = tuple[int, dict[str, str], bytes]


def _exchange(url: str, data: bytes) -> Answer:
    """Send ``data`` as it is on a fresh connection; the answer's status, headers, body."""
    target = urlsplit(url)
    with socket.create_connection((target.hostname or "", target.port or 0), timeout=30) as sock:
        sock.sendall(data)
        response = http.client.HTTPResponse(sock, method="HEAD" if data[:4] == b"HEAD" else None)
        response.begin()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read()


def _request(url: str, method: str, path: str, *headers: str, body: bytes = b"") -> Answer:
    lines = [f"{method} {path} HTTP/1.1", "Host: localhost", *headers]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return _exchange(url, ("\r\n".join(lines) + "\r\n\r\n").encode() + body)


def _signed(authorization: str = SIGNED["Authorization"]) -> tuple[str, str]:
    return f"Authorization: {authorization}", f"X-Amz-Date: {SIGNED['X-Amz-Date']}"


def _error(answer: Answer) -> tuple[int, str, str]:
    status, headers, body = answer
    document = json.loads(body)
    return status, headers.get("x-amzn-errortype") or document["__type"], document["message"]


def _unsigned_client(url: str, service: str) -> Any:
    return client_of(url, service, signature_version=UNSIGNED)


# -- authentication -------------------------------------------------------------------------


def test_an_unsigned_bedrock_request_is_refused_as_aws_refuses_it(
    bedrock_jobs_server: RunningServer,
) -> None:
    bedrock = _unsigned_client(bedrock_jobs_server.url, "bedrock")
    with pytest.raises(ClientError) as raised:
        bedrock.list_model_import_jobs()
    assert error_of(raised) == (
        "MissingAuthenticationTokenException",
        "Missing Authentication Token",
        403,
    )
    assert bedrock_jobs_server.controls.calls == ()


def test_an_unsigned_lookout_request_is_refused_with_400(
    bedrock_jobs_server: RunningServer,
) -> None:
    lookout = _unsigned_client(bedrock_jobs_server.url, "lookoutequipment")
    with pytest.raises(ClientError) as raised:
        lookout.list_models()
    assert error_of(raised) == (
        "MissingAuthenticationTokenException",
        "Missing Authentication Token",
        400,
    )


def test_a_scope_naming_no_region_is_refused(bedrock_jobs_server: RunningServer) -> None:
    bedrock = boto3.client(
        "bedrock",
        endpoint_url=bedrock_jobs_server.url,
        region_name="xx-fake-1",
        config=Config(retries={"total_max_attempts": 1}),
        **DEFAULT_KEYS,
    )
    with pytest.raises(ClientError) as raised:
        bedrock.list_model_import_jobs()
    assert error_of(raised) == (
        "InvalidSignatureException",
        "Credential should be scoped to a valid region, not 'xx-fake-1'.",
        403,
    )


def test_a_bearer_token_is_refused_where_the_model_takes_none(
    bedrock_jobs_server: RunningServer,
) -> None:
    target = "AWSLookoutEquipmentFrontendService.ListModels"
    answer = _request(
        bedrock_jobs_server.url,
        "POST",
        "/",
        "Authorization: Bearer xyz",
        "X-Amz-Date: 20250106T090000Z",
        f"X-Amz-Target: {target}",
        "Content-Type: application/x-amz-json-1.0",
        body=b"{}",
    )
    assert _error(answer) == (
        400,
        "IncompleteSignatureException",
        "Authorization header requires 'Credential' parameter. Authorization header requires "
        "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
        "Authorization=Bearer xyz",
    )


@pytest.mark.skipif(
    "smithy.api#httpBearerAuth"
    not in botocore.session.get_session().get_service_model("bedrock").metadata.get("auth", ()),
    reason="this botocore's Bedrock model takes no bearer token (API keys came later)",
)
def test_a_bearer_token_is_taken_where_the_model_takes_one(
    bedrock_jobs_server: RunningServer,
) -> None:
    """Bedrock accepts API keys (``AWS_BEARER_TOKEN_BEDROCK``); the token is not checked."""
    status, _, body = _request(
        bedrock_jobs_server.url, "GET", "/model-import-jobs", "Authorization: Bearer ABSK-xyz"
    )
    assert (status, json.loads(body)) == (200, {"modelImportJobSummaries": []})


def test_a_sigv4_header_missing_its_parts_is_refused(bedrock_jobs_server: RunningServer) -> None:
    authorization = (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250106/us-east-1/bedrock/aws4_request"
    )
    answer = _request(
        bedrock_jobs_server.url, "GET", "/model-import-jobs", f"Authorization: {authorization}"
    )
    assert _error(answer) == (
        403,
        "IncompleteSignatureException",
        "Authorization header requires 'Signature' parameter. Authorization header requires "
        "'SignedHeaders' parameter. Authorization header requires existence of either a "
        f"'X-Amz-Date' or a 'Date' header. Authorization={authorization[:64]}",
    )


def test_a_presigned_query_is_taken(bedrock_jobs_server: RunningServer) -> None:
    query = {
        "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
        "X-Amz-Credential": "AKIDEXAMPLE/20250106/us-east-1/bedrock/aws4_request",
        "X-Amz-Date": "20250106T090000Z",
        "X-Amz-SignedHeaders": "host",
        "X-Amz-Signature": "0123456789abcdef",
    }
    status, _, body = _request(
        bedrock_jobs_server.url, "GET", f"/model-import-jobs?{urlencode(query)}"
    )
    assert (status, json.loads(body)) == (200, {"modelImportJobSummaries": []})
    del query["X-Amz-Date"]
    answer = _request(bedrock_jobs_server.url, "GET", f"/model-import-jobs?{urlencode(query)}")
    assert _error(answer) == (
        403,
        "IncompleteSignatureException",
        "AWS query-string parameters must include 'X-Amz-Date'.",
    )


@pytest.mark.bedrock_jobs_server(authenticate=False)
def test_the_check_is_turned_off_for_clients_that_cannot_sign(
    bedrock_jobs_server: RunningServer,
) -> None:
    lookout = _unsigned_client(bedrock_jobs_server.url, "lookoutequipment")
    assert lookout.list_models()["ModelSummaries"] == []


# -- malformed HTTP -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_line", "status", "code"),
    [
        (b"GARBAGE", 400, "BadRequest"),
        (b"GET /", 400, "BadRequest"),  # HTTP/0.9: no version
        (b"GET / FOO/1.1", 400, "BadRequest"),
        (b"GET / HTTP/2.0", 505, "HTTPVersionNotSupported"),
        (b"BREW /pot HTTP/1.1", 501, "NotImplemented"),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1", 414, "RequestURITooLong"),
    ],
)
def test_a_malformed_request_line_gets_an_aws_shaped_error(
    bedrock_jobs_server: RunningServer, request_line: bytes, status: int, code: str
) -> None:
    answer = _exchange(bedrock_jobs_server.url, request_line + b"\r\nHost: localhost\r\n\r\n")
    assert _error(answer)[:2] == (status, code)
    assert answer[1]["content-type"] == "application/json"
    assert answer[1]["connection"] == "close"


@pytest.mark.parametrize(
    "headers", [b"X-Long: " + b"a" * 70_000, b"\r\n".join(b"X-H%d: 1" % n for n in range(120))]
)
def test_headers_too_large_get_an_aws_shaped_431(
    bedrock_jobs_server: RunningServer, headers: bytes
) -> None:
    answer = _exchange(
        bedrock_jobs_server.url, b"GET /_mock/health HTTP/1.1\r\n" + headers + b"\r\n\r\n"
    )
    assert _error(answer)[:2] == (431, "RequestHeaderFieldsTooLarge")


# -- CORS and HEAD --------------------------------------------------------------------------


def test_a_cors_preflight_is_answered(bedrock_jobs_server: RunningServer) -> None:
    status, headers, body = _request(
        bedrock_jobs_server.url,
        "OPTIONS",
        "/_session/browser/model-import-jobs",
        "Origin: http://localhost:3000",
        "Access-Control-Request-Method: POST",
        "Access-Control-Request-Headers: authorization, content-type, x-amz-date",
    )
    assert (status, body) == (200, b"")
    assert headers["access-control-allow-origin"] == "*"
    assert "POST" in headers["access-control-allow-methods"]
    assert headers["access-control-allow-headers"] == "authorization, content-type, x-amz-date"
    assert bedrock_jobs_server.controls.calls == ()


def test_every_answer_may_be_read_by_a_page(bedrock_jobs_server: RunningServer) -> None:
    for answer in (
        _request(bedrock_jobs_server.url, "GET", "/model-import-jobs", *_signed()),
        _request(bedrock_jobs_server.url, "GET", "/model-import-jobs"),  # refused
        _exchange(bedrock_jobs_server.url, b"GARBAGE\r\n\r\n"),
    ):
        assert answer[1]["access-control-allow-origin"] == "*"
        assert "x-amzn-ErrorType" in answer[1]["access-control-expose-headers"]


@pytest.mark.bedrock_jobs_server(cors=False)
def test_without_cors_a_preflight_is_a_request_like_any_other(
    bedrock_jobs_server: RunningServer,
) -> None:
    answer = _request(bedrock_jobs_server.url, "OPTIONS", "/model-import-jobs", "Origin: http://a")
    assert _error(answer)[:2] == (404, "UnknownOperationException")
    assert "access-control-allow-origin" not in answer[1]


def test_head_is_answered_as_get_without_the_body(bedrock_jobs_server: RunningServer) -> None:
    _, got, body = _request(bedrock_jobs_server.url, "GET", "/model-import-jobs", *_signed())
    status, headers, head_body = _request(
        bedrock_jobs_server.url, "HEAD", "/model-import-jobs", *_signed()
    )
    assert (status, head_body) == (200, b"")
    assert headers["content-length"] == got["content-length"] == str(len(body))
    status, _, _ = _request(bedrock_jobs_server.url, "HEAD", "/_mock/health")
    assert status == 200
