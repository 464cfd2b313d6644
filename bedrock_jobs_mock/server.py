"""The mock as an HTTP server, and ``Controls``: ``env`` for a test in another process.

::

    # shell: bedrock-jobs-mock serve --port 5000
    from bedrock_jobs_mock.server import Controls

    env = Controls("http://127.0.0.1:5000")
    bedrock = boto3.client("bedrock", endpoint_url="http://127.0.0.1:5000", ...)
    arn = bedrock.create_model_import_job(...)["jobArn"]
    env.clock.advance(minutes=15)
    assert bedrock.get_model_import_job(jobIdentifier=arn)["status"] == "Completed"
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from datetime import datetime
from types import MappingProxyType
from typing import Any, NamedTuple
from urllib.parse import urlencode

from bedrock_jobs_mock.controls.inspection import ResourceView, StateView
from bedrock_jobs_mock.doors.control_wire import CONTROL_PREFIX, dumps, loads, raise_error
from bedrock_jobs_mock.doors.http_server import BedrockJobsServer
from bedrock_jobs_mock.doors.sessions import SESSION_PREFIX, check_name
from bedrock_jobs_mock.engine.history import Call
from bedrock_jobs_mock.engine.options import DEFAULT_REGION, Duration

__all__ = ["BedrockJobsServer", "Controls", "RemoteClock", "RunningServer"]


class Controls:
    """The controls of a mock served at ``url``, by its control endpoint: the same
    methods, arguments and exceptions as ``env`` in-process.

    Each call is one HTTP request, made directly (no proxy). A control's
    ``LookupError``, ``ValueError``, ``TypeError`` or ``RuntimeError`` is raised
    here as the same type, with the same message.

    ``session``: the controls act on that session of the server (created on first
    use) instead of its default mock; its SDK clients take ``endpoint_url``.
    """

    def __init__(self, url: str, *, session: str | None = None, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.session = None if session is None else check_name(session)
        self.timeout = timeout
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    @property
    def endpoint_url(self) -> str:
        """The SDKs' ``endpoint_url`` for the mock these controls act on: the server's URL,
        with the session's path prefix when they act on a session."""
        if self.session is None:
            return self.url
        return f"{self.url}{SESSION_PREFIX}{self.session}"

    def drop_session(self) -> bool:
        """Drop the session, with everything in it (the next request that names it starts
        a new one); whether it existed. ``ValueError`` without a session."""
        if self.session is None:
            raise ValueError("these controls act on the server's default mock, not a session")
        dropped: bool = self._request("DELETE", f"{self.endpoint_url}/")["dropped"]
        return dropped

    @property
    def clock(self) -> RemoteClock:
        """The mock's clock: ``now()``, ``advance(...)``, ``advance_to(...)``, ``set(...)``."""
        return RemoteClock(self)

    def health(self) -> dict[str, Any]:
        """``{"status": "ok"}`` while the server answers."""
        result: dict[str, Any] = self._call("GET", "health")
        return result

    def wait_until_ready(self, timeout: float = 10.0) -> None:
        """Return once the server answers, or raise ``TimeoutError`` after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.health()
                return
            except OSError as error:
                if time.monotonic() >= deadline:
                    raise TimeoutError(f"no mock answered at {self.url}") from error
                time.sleep(0.05)

    def settle(self) -> datetime:
        """Advance the clock until no job is still running; return the time it stopped at."""
        return self._now("POST", "settle")

    def complete(self, identifier: str) -> None:
        """Finish a running job successfully now. ``identifier``: its ARN, or its name."""
        self._call("POST", "complete", identifier=identifier)

    def fail(self, identifier: str, message: str = "The job failed.") -> None:
        """Finish a running job as failed now, with ``message`` as its failureMessage."""
        self._call("POST", "fail", identifier=identifier, message=message)

    def fail_next(self, kind: str, message: str = "The job failed.", count: int = 1) -> None:
        """The next ``count`` jobs of ``kind`` end Failed with ``message``."""
        self._call("POST", "fail-next", kind=kind, message=message, count=count)

    def set_duration(self, kind: str, duration: Duration) -> None:
        """Jobs of ``kind`` created from now on run ``duration`` (``timedelta`` or seconds)."""
        self._call("POST", "set-duration", kind=kind, duration=duration)

    def set_auto_tick(self, step: Duration | None) -> None:
        """Move the clock ``step`` (``timedelta`` or seconds) after each request (None: off)."""
        self._call("POST", "set-auto-tick", step=step)

    def finish_after_reads(self, kind_or_identifier: str, reads: int | None) -> None:
        """Jobs of a kind, or one job (ARN or name), finish on their ``reads``-th read."""
        self._call("POST", "finish-after-reads", kind_or_identifier=kind_or_identifier, reads=reads)

    def inject_error(
        self,
        operation: str,
        code: str,
        count: int = 1,
        message: str | None = None,
        *,
        service: str | None = None,
    ) -> None:
        """Answer the next ``count`` calls of ``operation`` with the service error ``code``."""
        self._call(
            "POST",
            "inject-error",
            operation=operation,
            code=code,
            count=count,
            message=message,
            service=service,
        )

    def share_model(self, model_arn: str, *, with_account: str) -> None:
        """Share a custom model with another account, as AWS RAM would."""
        self._call("POST", "share-model", model_arn=model_arn, with_account=with_account)

    def unshare_model(self, model_arn: str, *, with_account: str) -> None:
        """Stop sharing a custom model with an account."""
        self._call("POST", "unshare-model", model_arn=model_arn, with_account=with_account)

    def reset(self) -> None:
        """Drop all state: jobs, models, scripted outcomes, injected errors, calls; the
        clock starts again where the server's options say."""
        self._call("POST", "reset")

    @property
    def calls(self) -> tuple[Call, ...]:
        """Every request the mock served so far, oldest first (see ``env.calls``); each
        ``input`` is a read-only mapping, as in-process."""
        return tuple(
            Call(**{**call, "input": MappingProxyType(call["input"])})
            for call in self._call("GET", "calls")["calls"]
        )

    def state(self, account: str | None = None, region: str = DEFAULT_REGION) -> StateView:
        """A read-only snapshot of the jobs and models of ``account`` in ``region``."""
        query = {"region": region, **({"account": account} if account else {})}
        document = self._call("GET", f"state?{urlencode(query)}")

        def views(groups: dict[str, list[dict[str, Any]]]) -> Any:
            return MappingProxyType(
                {
                    kind: tuple(
                        ResourceView(**{**view, "details": MappingProxyType(view["details"])})
                        for view in group
                    )
                    for kind, group in groups.items()
                }
            )

        return StateView(
            document["account"],
            document["region"],
            views(document["jobs"]),
            views(document["models"]),
        )

    def _now(self, method: str, path: str, **arguments: Any) -> datetime:
        now: datetime = self._call(method, path, **arguments)["now"]
        return now

    def _call(self, method: str, path: str, **arguments: Any) -> Any:
        url = f"{self.endpoint_url}{CONTROL_PREFIX}{path}"
        return self._request(method, url, dumps(arguments) if method == "POST" else None)

    def _request(self, method: str, url: str, data: bytes | None = None) -> Any:
        request = urllib.request.Request(
            url,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return loads(response.read())
        except urllib.error.HTTPError as error:
            with error:
                body = error.read()
            try:
                document = loads(body)
            except ValueError:  # not JSON: a proxy's or another server's page
                document = body.decode("utf-8", "replace")
            raise_error(document, error.code)


class RemoteClock:
    """The clock of a mock served elsewhere: the methods of ``env.clock``."""

    def __init__(self, controls: Controls) -> None:
        self._controls = controls

    def now(self) -> datetime:
        """The current mock time (UTC, timezone-aware)."""
        return self._controls._now("GET", "clock")

    def advance(
        self,
        delta: Duration | None = None,
        *,
        seconds: float = 0,
        minutes: float = 0,
        hours: float = 0,
        days: float = 0,
    ) -> datetime:
        """Move the clock forward and return the new time."""
        return self._controls._now(
            "POST",
            "clock/advance",
            delta=delta,
            seconds=seconds,
            minutes=minutes,
            hours=hours,
            days=days,
        )

    def advance_to(self, moment: datetime) -> datetime:
        """Move the clock forward to ``moment`` if it is later than now; return the time."""
        return self._controls._now("POST", "clock/advance-to", moment=moment)

    def set(self, moment: datetime) -> datetime:
        """Put the clock at ``moment`` (naive datetimes are UTC) and return it."""
        return self._controls._now("POST", "clock/set", moment=moment)


class RunningServer(NamedTuple):
    """What the ``bedrock_jobs_server`` fixture yields: the server's URL and its controls."""

    url: str
    controls: Controls
