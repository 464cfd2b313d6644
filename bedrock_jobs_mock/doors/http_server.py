"""The HTTP server door: Bedrock and Lookout for Equipment on one port, for other processes.

Built on the standard library's ``ThreadingHTTPServer``: one thread per
connection, HTTP/1.1 keep-alive, and every request answered through the same
dispatch as in-process, under the backend's lock. Requests under ``/_mock/``
go to the control endpoint instead.
"""

from __future__ import annotations

import contextlib
import logging
import re
import signal
import socket
import threading
from collections.abc import Mapping
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from bedrock_jobs_mock._version import __version__
from bedrock_jobs_mock.doors import control_endpoint, cors, routing
from bedrock_jobs_mock.doors.control_endpoint import HostedControls, HostedMock
from bedrock_jobs_mock.doors.control_wire import CONTROL_PREFIX, dumps, error_document
from bedrock_jobs_mock.doors.sessions import (
    DEFAULT_SESSION_IDLE_SECONDS,
    DEFAULT_SESSION_LIMIT,
    BadSessionName,
    SessionLimitReached,
    Sessions,
    check_mode,
    select,
)
from bedrock_jobs_mock.engine.backend import Backend
from bedrock_jobs_mock.engine.errors import ServiceError
from bedrock_jobs_mock.engine.history import DEFAULT_CALLS_KEPT
from bedrock_jobs_mock.engine.options import DEFAULT_HANG_AFTER_READS, Duration, MockOptions
from bedrock_jobs_mock.engine.protocol import HttpRequest, HttpResponse
from bedrock_jobs_mock.engine.protocol.base import dump_json

logger = logging.getLogger("bedrock_jobs_mock.server")

#: How long stop() waits for open connections to finish their current request.
_CLOSE_TIMEOUT_SECONDS = 10.0
#: How often the serving thread looks for a stop request.
_POLL_SECONDS = 0.05
#: Longest line of a chunked body's size, or of a trailer.
_MAX_LINE = 65536
#: Most trailer lines after a chunked body.
_MAX_TRAILERS = 100

#: Largest request body accepted, in bytes (4 MiB; the largest request of either
#: service is a few KiB); a larger one is answered 413 without being read.
MAX_BODY = 4 * 1024 * 1024
#: Seconds a connection may stay silent, between requests or within one, before the
#: server closes it (a stalled request body is answered 408 first).
IDLE_TIMEOUT_SECONDS = 60.0


class BedrockJobsServer(HostedControls):
    """An HTTP server that answers Bedrock and Lookout for Equipment requests, for SDKs
    of any language and the AWS CLI, plus the control endpoint under ``/_mock/``.

    ``BedrockJobsServer(port=0).start()`` serves from a background thread on a
    free port (``url`` tells which) until ``stop()``; it is also a context
    manager. The server is itself ``env`` of its default mock:
    ``server.clock.advance(minutes=15)``, ``server.settle()``, ... act on what it
    serves, in this process. The options are those of ``mock_bedrock_jobs``, and
    ``time_factor``: mock seconds that pass per real second (0, the default: the
    clock moves only through the controls); ``idle_timeout``: seconds a connection
    may stay silent before it is closed; ``authenticate``: refuse requests that are
    not signed as AWS refuses them (True; False for clients that cannot sign);
    ``cors``: answer CORS preflights and let browsers read every answer (True);
    ``sessions``: what names a session besides the ``/_session/<name>/`` path prefix
    (None, or ``"access-key"``: each access key id), ``session_limit`` and
    ``session_idle_timeout`` bound them (see ``doors/sessions.py``).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 5000,
        *,
        account_id: str | None = None,
        durations: Mapping[str, Duration] | None = None,
        quotas: Mapping[str, int | None] | None = None,
        start_time: datetime | None = None,
        time_factor: float = 0.0,
        idle_timeout: float = IDLE_TIMEOUT_SECONDS,
        calls_kept: int | None = DEFAULT_CALLS_KEPT,
        authenticate: bool = True,
        cors: bool = True,
        sessions: str | None = None,
        session_limit: int = DEFAULT_SESSION_LIMIT,
        session_idle_timeout: float = DEFAULT_SESSION_IDLE_SECONDS,
        auto_tick: Duration | None = None,
        finish_after_reads: Mapping[str, int] | None = None,
        hang_after_reads: int | None = DEFAULT_HANG_AFTER_READS,
    ) -> None:
        options = MockOptions.build(
            account_id=account_id,
            durations=durations,
            quotas=quotas,
            start_time=start_time,
            calls_kept=calls_kept,
            auto_tick=auto_tick,
            finish_after_reads=finish_after_reads,
            hang_after_reads=hang_after_reads,
        )
        self._default = HostedMock(options, time_factor)
        self._sessions: Sessions[HostedMock] = Sessions(
            lambda: HostedMock(options, time_factor), session_limit, session_idle_timeout
        )
        self._session_mode = check_mode(sessions)
        self.authenticate = authenticate
        self.cors = cors
        self._httpd = _HttpServer((host, port), self, idle_timeout)
        self._thread: threading.Thread | None = None

    @property
    def backend(self) -> Backend:
        return self._default.backend

    @property
    def url(self) -> str:
        """The server's base URL, ``http://127.0.0.1:5000``: the SDKs' ``endpoint_url``."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def reset(self) -> None:
        self._default.reset()

    def session(self, name: str) -> HostedControls:
        """``env`` of the session ``name`` (created if it does not exist)."""
        return self._sessions.get(name)

    def answer(self, request: HttpRequest) -> tuple[str, HttpResponse]:
        """Answer one request (a service call, a control, or a session's end); its label
        and the response."""
        inner = request
        try:
            name, inner = select(request, self._session_mode)
            if name is None:
                return self._default.answer(inner, authenticate=self.authenticate)
            if inner.method == "DELETE" and urlsplit(inner.url).path == "/":
                dropped = self._sessions.drop(name)
                body = dump_json({"session": name, "dropped": dropped})
                return "session:drop", HttpResponse(200, {"Content-Type": "application/json"}, body)
            mock = self._sessions.get(name)
        except (BadSessionName, SessionLimitReached) as error:
            if control_endpoint.is_control(inner) or CONTROL_PREFIX in request.url:
                status, document = error_document(error)
                return "-", HttpResponse(
                    status, {"Content-Type": "application/json"}, dumps(document)
                )
            code = "ValidationException" if isinstance(error, ValueError) else "ThrottlingException"
            return "-", routing.refuse(inner, ServiceError(code, str(error)))
        return mock.answer(inner, authenticate=self.authenticate)

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> BedrockJobsServer:
        """Serve from a background thread; return at once."""
        if self._thread is not None:
            raise RuntimeError("this server is already serving")
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": _POLL_SECONDS},
            name="bedrock-jobs-mock-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: no new connection is accepted, open ones end after their current
        request, and the port is released."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.close_connections(_CLOSE_TIMEOUT_SECONDS)
        self._httpd.server_close()

    def serve_until_signalled(self) -> None:
        """Serve until SIGINT or SIGTERM, then stop cleanly (the main thread only)."""
        stop = threading.Event()
        handlers = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in _STOP_SIGNALS}
        try:
            self.start()
            stop.wait()
        finally:
            self.stop()
            for sig, handler in handlers.items():
                signal.signal(sig, handler)

    def __enter__(self) -> BedrockJobsServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _HttpServer(ThreadingHTTPServer):
    """The standard library's threaded server, which also knows its open connections,
    so that stopping it ends them instead of leaving threads blocked on idle sockets."""

    daemon_threads = True
    #: The listen backlog: a burst of fresh connections (a JavaScript SDK opens up to 50 at
    #: once, a parallel test run more) waits in the kernel's queue instead of being dropped
    #: and retried a second later (the standard library's default is 5; Linux caps the
    #: value at net.core.somaxconn, 4096).
    request_queue_size = 1024

    def __init__(
        self, address: tuple[str, int], mock: BedrockJobsServer, idle_timeout: float
    ) -> None:
        super().__init__(address, _Handler)
        self.mock = mock
        self.idle_timeout = idle_timeout
        self._connections: set[socket.socket] = set()
        self._changed = threading.Condition()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        with self._changed:
            self._connections.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._changed:
                self._connections.discard(request)
                self._changed.notify_all()

    def close_connections(self, timeout: float) -> None:
        """End every open connection once its current request is answered."""
        with self._changed:
            for connection in self._connections:
                with contextlib.suppress(OSError):  # wakes a handler waiting for a request
                    connection.shutdown(socket.SHUT_RD)
            self._changed.wait_for(lambda: not self._connections, timeout)

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("connection from %s ended with an error", client_address, exc_info=True)


class _Refused(Exception):
    """A request the server answers itself, without reading further: its body is too
    large, malformed, or stalled."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class _Handler(BaseHTTPRequestHandler):
    """Turns each HTTP request into an ``HttpRequest`` and the answer back; nothing more."""

    server: _HttpServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms stall
    server_version = f"bedrock-jobs-mock/{__version__}"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.idle_timeout)

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except _Refused as refused:
            logger.info("%s %s - %d (%s)", self.command, self.path, refused.status, refused)
            self.close_connection = True  # the rest of the body is never read
            self._send(_error(refused.status, refused.code, str(refused), {"Connection": "close"}))
            return
        mock = self.server.mock
        if self.command == "OPTIONS" and mock.cors:
            self._send(HttpResponse(200, cors.preflight_headers(dict(self.headers.items()))))
            return
        request = HttpRequest(
            # HEAD is answered as GET would be, without the body.
            method="GET" if self.command == "HEAD" else self.command,
            url=f"http://{self.headers.get('Host') or 'localhost'}{self.path}",
            headers=dict(self.headers.items()),
            body=body,
        )
        try:
            label, response = mock.answer(request)
        except Exception:
            logger.exception("%s %s failed inside bedrock-jobs-mock", self.command, self.path)
            label, response = "-", _internal_error()
        logger.info("%s %s %s %d", self.command, self.path, label, response.status)
        self._send(response)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _serve

    def _send(self, response: HttpResponse) -> None:
        self.send_response(response.status)
        headers = {**response.headers, **(cors.response_headers() if self.server.mock.cors else {})}
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9":  # a request line without a version
            self.send_error(HTTPStatus.BAD_REQUEST, f"Bad request syntax ({self.requestline!r})")
            return False
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's refusals (malformed request line, 414, 431, 501, 505)
        as AWS-shaped JSON errors instead of its HTML page."""
        if self.request_version == "HTTP/0.9":  # the request line was unreadable
            self.request_version = "HTTP/1.0"  # so that a status line is written
        self.close_connection = True
        status = HTTPStatus(code)
        code_name = re.sub(r"[^A-Za-z]", "", status.phrase)
        error = _error(code, code_name, message or status.phrase, {"Connection": "close"})
        logger.info("%r - %d (%s)", self.requestline[:200], code, error.body[:200])
        with contextlib.suppress(OSError):
            self._send(error)

    def _read_body(self) -> bytes:
        """The request's body, at most ``MAX_BODY`` bytes; :class:`_Refused` otherwise."""
        try:
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                return self._read_chunks()
            return self._read_exactly(self._content_length())
        except socket.timeout as error:  # TimeoutError from Python 3.10
            raise _Refused(408, "RequestTimeout", "the request body stalled") from error

    def _content_length(self) -> int:
        values = set(self.headers.get_all("Content-Length") or ["0"])
        text = values.pop().strip() if len(values) == 1 else "several"
        if not (text.isascii() and text.isdigit()):
            raise _Refused(400, "BadRequest", f"Content-Length {text!r} is not a byte count")
        length = int(text)
        if length > MAX_BODY:
            raise _Refused(413, "RequestEntityTooLarge", _too_large(length))
        return length

    def _read_exactly(self, length: int) -> bytes:
        data = self.rfile.read(length)
        if len(data) < length:
            raise _Refused(400, "BadRequest", "the connection ended inside the request body")
        return data

    def _read_chunks(self) -> bytes:
        body = bytearray()
        # Bounded: each round reads at least one byte of body or ends, and the body is
        # capped at MAX_BODY.
        while True:
            size = _chunk_size(self.rfile.readline(_MAX_LINE))
            if size == 0:
                break
            if len(body) + size > MAX_BODY:
                raise _Refused(413, "RequestEntityTooLarge", _too_large(len(body) + size))
            body += self._read_exactly(size)
            if self.rfile.readline(_MAX_LINE).strip():
                raise _Refused(400, "BadRequest", "a chunk of the body is longer than its size")
        for _ in range(_MAX_TRAILERS):
            if not self.rfile.readline(_MAX_LINE).strip():
                return bytes(body)
        raise _Refused(400, "BadRequest", f"more than {_MAX_TRAILERS} trailers")

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug(format, *args)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # _serve logs each request with its operation


def _chunk_size(line: bytes) -> int:
    """The size a chunk's first line gives (hexadecimal, before any extension)."""
    text = line.split(b";")[0].strip()
    if not line.endswith(b"\n") or not re.fullmatch(rb"[0-9A-Fa-f]{1,16}", text):
        raise _Refused(400, "BadRequest", f"malformed chunk size line {line[:40]!r}")
    return int(text, 16)


def _too_large(length: int) -> str:
    return f"the request body ({length} bytes) is larger than the mock accepts ({MAX_BODY} bytes)"


def _error(
    status: int, code: str, message: str, extra_headers: Mapping[str, str] | None = None
) -> HttpResponse:
    body = {"__type": code, "message": message}
    headers = {"Content-Type": "application/json", "x-amzn-ErrorType": code}
    return HttpResponse(status, {**headers, **(extra_headers or {})}, dump_json(body))


def _internal_error() -> HttpResponse:
    return _error(500, "InternalServerException", "bedrock-jobs-mock failed; see its log")
