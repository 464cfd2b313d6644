"""The server's limits, over plain sockets: request bodies it refuses (too large, malformed,
stalled) are answered with a status, a message and a log line; silent connections are
closed."""

from __future__ import annotations

import http.client
import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from bedrock_jobs_mock.doors.http_server import MAX_BODY
from bedrock_jobs_mock.server import BedrockJobsServer, Controls, RunningServer
from tests.factories import START, import_job_request
from tests.server_helpers import SIGNED, served_in_a_process

pytestmark = pytest.mark.bedrock_jobs_server(start_time=START)


def _connect(url: str) -> socket.socket:
    target = urlsplit(url)
    return socket.create_connection((target.hostname or "", target.port or 0), timeout=30)


def _answer(connection: socket.socket) -> tuple[int, dict[str, str], Any]:
    response = http.client.HTTPResponse(connection)
    response.begin()
    try:
        return response.status, dict(response.getheaders()), json.loads(response.read())
    finally:
        response.close()


def _exchange(url: str, head: str, body: bytes = b"") -> tuple[int, dict[str, str], Any]:
    """Send ``head`` (request line and headers) and ``body`` as they are; the answer."""
    with _connect(url) as connection:
        connection.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        return _answer(connection)


def _post(path: str, *headers: str) -> str:
    return "\n".join([f"POST {path} HTTP/1.1", "Host: localhost", *headers, ""])


def _refusal(answer: tuple[int, dict[str, str], Any]) -> tuple[int, str, str]:
    status, headers, body = answer
    assert headers["Connection"] == "close"
    return status, body["__type"], body["message"]


def test_a_body_of_max_body_bytes_is_read(bedrock_jobs_server: RunningServer) -> None:
    body = b" " * (MAX_BODY - 2) + b"{}"
    status, _, document = _exchange(
        bedrock_jobs_server.url, _post("/_mock/settle", f"Content-Length: {len(body)}"), body
    )
    assert (status, document) == (200, {"now": {"$datetime": START.isoformat()}})


def test_a_larger_body_is_refused_unread(
    bedrock_jobs_server: RunningServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bedrock_jobs_mock.server")
    head = _post("/model-import-jobs", "Content-Length: 300000000")
    assert _refusal(_exchange(bedrock_jobs_server.url, head)) == (
        413,
        "RequestEntityTooLarge",
        f"the request body (300000000 bytes) is larger than the mock accepts ({MAX_BODY} bytes)",
    )
    assert [record.getMessage() for record in caplog.records] == [
        "POST /model-import-jobs - 413 (the request body (300000000 bytes) is larger than "
        f"the mock accepts ({MAX_BODY} bytes))"
    ]


@pytest.mark.parametrize("length", ["-1", "abc", "1e3", "+5", "0x10"])
def test_a_content_length_that_is_no_byte_count_is_refused(
    bedrock_jobs_server: RunningServer, caplog: pytest.LogCaptureFixture, length: str
) -> None:
    caplog.set_level(logging.INFO, logger="bedrock_jobs_mock.server")
    head = _post("/_mock/settle", f"Content-Length: {length}")
    message = f"Content-Length {length!r} is not a byte count"
    assert _refusal(_exchange(bedrock_jobs_server.url, head)) == (400, "BadRequest", message)
    assert [record.getMessage() for record in caplog.records] == [
        f"POST /_mock/settle - 400 ({message})"
    ]


def test_two_different_content_lengths_are_refused(bedrock_jobs_server: RunningServer) -> None:
    head = _post("/_mock/settle", "Content-Length: 2", "Content-Length: 3")
    status, code, _ = _refusal(_exchange(bedrock_jobs_server.url, head, b"{} "))
    assert (status, code) == (400, "BadRequest")


def test_a_body_cut_short_is_refused(bedrock_jobs_server: RunningServer) -> None:
    with _connect(bedrock_jobs_server.url) as connection:
        head = _post("/_mock/settle", "Content-Length: 10").replace("\n", "\r\n")
        connection.sendall(head.encode() + b"\r\n{}")
        connection.shutdown(socket.SHUT_WR)
        assert _refusal(_answer(connection)) == (
            400,
            "BadRequest",
            "the connection ended inside the request body",
        )


CHUNKED = "Transfer-Encoding: chunked"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"zz\r\n{}\r\n0\r\n\r\n", "malformed chunk size line b'zz\\r\\n'"),
        (b"-2\r\n{}\r\n0\r\n\r\n", "malformed chunk size line b'-2\\r\\n'"),
        (b"2\r\n{}xx\r\n0\r\n\r\n", "a chunk of the body is longer than its size"),
        (b"2\r\n{}\r\n0\r\n" + b"X-T: 1\r\n" * 101 + b"\r\n", "more than 100 trailers"),
    ],
    ids=["not-hexadecimal", "negative", "overlong-chunk", "endless-trailers"],
)
def test_malformed_chunking_is_refused(
    bedrock_jobs_server: RunningServer, body: bytes, message: str
) -> None:
    answer = _exchange(bedrock_jobs_server.url, _post("/_mock/settle", CHUNKED), body)
    assert _refusal(answer) == (400, "BadRequest", message)


def test_chunks_are_capped_at_max_body(bedrock_jobs_server: RunningServer) -> None:
    first = b" " * (MAX_BODY - 1)
    body = f"{len(first):x}\r\n".encode() + first + b"\r\n2\r\n{}\r\n0\r\n\r\n"
    answer = _exchange(bedrock_jobs_server.url, _post("/_mock/settle", CHUNKED), body)
    assert _refusal(answer) == (
        413,
        "RequestEntityTooLarge",
        f"the request body ({MAX_BODY + 1} bytes) is larger than the mock accepts "
        f"({MAX_BODY} bytes)",
    )
    one_chunk = b"ffffffff\r\n"
    answer = _exchange(bedrock_jobs_server.url, _post("/_mock/settle", CHUNKED), one_chunk)
    assert _refusal(answer)[0] == 413


def test_a_chunked_body_up_to_max_body_is_read(bedrock_jobs_server: RunningServer) -> None:
    first = b" " * (MAX_BODY - 2)
    body = f"{len(first):x}\r\n".encode() + first + b"\r\n2;ext=1\r\n{}\r\n0\r\nX-T: 1\r\n\r\n"
    status, _, document = _exchange(bedrock_jobs_server.url, _post("/_mock/settle", CHUNKED), body)
    assert (status, document) == (200, {"now": {"$datetime": START.isoformat()}})


@pytest.fixture
def impatient_server() -> Iterator[str]:
    """A server that closes connections silent for a fifth of a second."""
    with BedrockJobsServer(port=0, idle_timeout=0.2) as server:
        yield server.url


def test_an_idle_connection_is_closed(impatient_server: str) -> None:
    with _connect(impatient_server) as connection:
        assert connection.recv(1) == b""  # the server closed it; no answer was due


def test_a_stalled_body_is_answered_408(impatient_server: str) -> None:
    with _connect(impatient_server) as connection:
        head = _post("/_mock/settle", "Content-Length: 10").replace("\n", "\r\n")
        connection.sendall(head.encode() + b"\r\n{}")
        assert _refusal(_answer(connection)) == (
            408,
            "RequestTimeout",
            "the request body stalled",
        )


def test_a_connection_is_kept_alive_between_requests(bedrock_jobs_server: RunningServer) -> None:
    with _connect(bedrock_jobs_server.url) as connection:
        for _ in range(2):
            connection.sendall(b"GET /_mock/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            status, headers, body = _answer(connection)
            assert (status, body) == (200, {"status": "ok"})
            assert "Connection" not in headers


def _rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads RSS from /proc")
def test_the_servers_memory_stays_flat_under_large_requests(tmp_path: Path) -> None:
    """40 requests of 4 MB (a job name too long to take, echoed and recorded): the history
    keeps them truncated and the error echoes a bounded prefix, so the RSS barely grows,
    where keeping them whole would add 160 MB."""
    body = json.dumps({**import_job_request(), "jobName": "n" * 4_000_000}).encode()
    head = "\n".join(["POST /model-import-jobs HTTP/1.1", "Host: localhost"])
    head += "".join(f"\n{name}: {value}" for name, value in SIGNED.items())
    head += f"\nContent-Length: {len(body)}\n"
    with served_in_a_process(tmp_path / "serve.log", "--quiet") as (url, process):

        def send(count: int) -> None:
            for _ in range(count):
                status, _, document = _exchange(url, head, body)
                assert (status, document["message"][:60]) == (
                    400,
                    f"1 validation error detected: Value '{'n' * 24}",
                )
                assert len(document["message"]) < 2200

        send(5)  # warm up: buffers and allocator arenas reach their working size
        before = _rss_kib(process.pid)
        send(40)
        grown_mib = (_rss_kib(process.pid) - before) / 1024
        assert grown_mib < 40, f"RSS grew {grown_mib:.0f} MiB over 40 requests of 4 MB"
        assert all(call.truncated for call in Controls(url).calls)
