"""Sessions: independent mocks in one server, each with its own state, clock, controls,
injected faults and history, for test processes that share a server.

A request names its session by a path prefix of the endpoint URL
(``http://127.0.0.1:5000/_session/<name>/...``), or, when the server is told to
(``sessions="access-key"``), by the access key id it is signed with. A request that
names none is served by the server's default mock. A session is created on first use
and dropped by ``DELETE /_session/<name>`` or once idle for ``idle_timeout`` seconds;
at most ``limit`` live at once.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Callable, Generic, TypeVar
from urllib.parse import parse_qs, urlsplit, urlunsplit

from bedrock_jobs_mock.doors.identity import access_key_id
from bedrock_jobs_mock.engine.protocol import HttpRequest

Mock = TypeVar("Mock")

#: The path prefix that names a session: ``/_session/<name>/``.
SESSION_PREFIX = "/_session/"
#: How requests name their session, besides the path prefix: ``None`` (only the path
#: prefix) or ``"access-key"`` (each access key id names one).
SESSION_MODES = (None, "access-key")
#: Most sessions alive at once, by default.
DEFAULT_SESSION_LIMIT = 256
#: Seconds a session may go unused before it is dropped, by default (15 minutes).
DEFAULT_SESSION_IDLE_SECONDS = 900.0

_NAME = re.compile(r"[A-Za-z0-9._-]{1,128}")


class SessionLimitReached(RuntimeError):
    """As many sessions are alive as the server keeps, none of them idle."""


class BadSessionName(ValueError):
    """A session name outside ``[A-Za-z0-9._-]{1,128}``."""


class Sessions(Generic[Mock]):
    """The named sessions of one server (each a ``Mock``), created on first use;
    thread-safe."""

    def __init__(
        self,
        make: Callable[[], Mock],
        limit: int = DEFAULT_SESSION_LIMIT,
        idle_timeout: float = DEFAULT_SESSION_IDLE_SECONDS,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1:
            raise ValueError(f"the session limit must be at least 1, got {limit}")
        if idle_timeout <= 0:
            raise ValueError(f"the session idle timeout must be positive, got {idle_timeout}")
        self.limit = limit
        self.idle_timeout = idle_timeout
        self._make = make
        self._timer = timer
        self._lock = threading.Lock()
        self._sessions: dict[str, tuple[Mock, float]] = {}

    def get(self, name: str) -> Mock:
        """The session ``name``, created if it does not exist (idle ones are dropped
        first); :class:`SessionLimitReached` when ``limit`` are alive and none is idle."""
        check_name(name)
        with self._lock:
            now = self._timer()
            if name not in self._sessions and len(self._sessions) >= self.limit:
                self._drop_idle(now)
                if len(self._sessions) >= self.limit:
                    raise SessionLimitReached(
                        f"bedrock-jobs-mock keeps at most {self.limit} sessions and none is "
                        f"idle: drop one (DELETE {SESSION_PREFIX}<name>) or serve with a "
                        "larger session limit"
                    )
            mock = self._sessions[name][0] if name in self._sessions else self._make()
            self._sessions[name] = (mock, now)
            return mock

    def drop(self, name: str) -> bool:
        """Drop the session ``name`` with everything in it; whether it existed."""
        check_name(name)
        with self._lock:
            return self._sessions.pop(name, None) is not None

    def _drop_idle(self, now: float) -> None:
        for name, (_, used) in list(self._sessions.items()):
            if now - used >= self.idle_timeout:
                del self._sessions[name]


def check_name(name: str) -> str:
    """``name``, when it can name a session; :class:`BadSessionName` otherwise."""
    if not _NAME.fullmatch(name):
        raise BadSessionName(
            f"a session name is 1 to 128 letters, digits, '.', '_' or '-', got {name[:140]!r}"
        )
    return name


def select(request: HttpRequest, mode: str | None) -> tuple[str | None, HttpRequest]:
    """The session ``request`` names (None: the default mock), and the request as the
    session serves it (without the path prefix)."""
    url = urlsplit(request.url)
    if url.path.startswith(SESSION_PREFIX):
        name, _, rest = url.path[len(SESSION_PREFIX) :].partition("/")
        inner = urlunsplit(url._replace(path=f"/{rest}"))
        return check_name(name), HttpRequest(request.method, inner, request.headers, request.body)
    if mode == "access-key":
        presigned = parse_qs(url.query).get("X-Amz-Credential", [""])[0].split("/")[0]
        key = access_key_id(request) or presigned
        return (check_name(key) if key else None), request
    return None, request


def check_mode(mode: str | None) -> str | None:
    """``mode``, when it is one of :data:`SESSION_MODES`; ``ValueError`` otherwise."""
    if mode not in SESSION_MODES:
        raise ValueError(f"sessions are named by the path only or by 'access-key', not {mode!r}")
    return mode
