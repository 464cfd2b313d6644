"""BedrockJobsMock: start and stop, decorator and context manager (controls: controls/)."""

from __future__ import annotations

import functools
import inspect
import sys
import threading
from collections.abc import Mapping
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Callable, TypeVar, cast

import bedrock_jobs_mock.services  # noqa: F401  (registers the operation handlers on first need)
from bedrock_jobs_mock.controls import Controls
from bedrock_jobs_mock.controls.virtual_sleep import VirtualSleep
from bedrock_jobs_mock.credentials import FakeCredentials
from bedrock_jobs_mock.doors import botocore_hook
from bedrock_jobs_mock.doors.responses_door import ResponsesDoor
from bedrock_jobs_mock.engine.backend import Backend
from bedrock_jobs_mock.engine.history import DEFAULT_CALLS_KEPT
from bedrock_jobs_mock.engine.options import Duration, MockOptions
from bedrock_jobs_mock.engine.records import Responder, check_responder
from bedrock_jobs_mock.integrations import moto

if TYPE_CHECKING:
    import unittest

F = TypeVar("F", bound=Callable[..., Any])

botocore_hook.install()
# While moto is active it answers what the mock does not serve, and leaves alone what it does.
botocore_hook.add_neighbour(functools.partial(moto.answers_unserved_calls, botocore_hook.answered))

_lock = threading.RLock()
_depth = 0
_backend: Backend | None = None
_credentials = FakeCredentials()
_virtual_sleep: VirtualSleep | None = None


class BedrockJobsMock(Controls):
    """An in-process Bedrock and Lookout for Equipment, for boto3 code under test.

    Use it as ``with mock_bedrock_jobs() as env:``, as a decorator, or through
    the ``bedrock_jobs`` pytest fixture. While it is active every boto3 call to
    ``bedrock`` or ``lookoutequipment`` is answered in-process (while moto's
    ``mock_aws`` is active too, only the operations the mock serves: moto answers
    the rest; ``moto_aware`` is the option of ``mock_bedrock_jobs``). A mock started
    while another is active joins it: it shares its state, clock and options
    (its own options are ignored, but for ``virtual_sleep=True``, which lasts until
    that mock stops); the state is dropped, and the real sleeps are back, when the
    outermost one stops. ``requests=True``
    also answers ``requests`` calls to both services, through ``responses``, for as
    long as this mock is started (see ``docs/beyond-boto3.md``).
    """

    def __init__(
        self,
        *,
        account_id: str | None = None,
        durations: Mapping[str, Duration] | None = None,
        quotas: Mapping[str, int] | None = None,
        start_time: datetime | None = None,
        virtual_sleep: bool = False,
        moto_aware: bool = True,
        requests: bool = False,
        calls_kept: int | None = DEFAULT_CALLS_KEPT,
        record_responder: Responder | None = None,
    ) -> None:
        check_responder(record_responder)
        self._record_responder = record_responder
        self._moto_aware = moto_aware
        self._options = MockOptions.build(
            account_id=account_id,
            durations=durations,
            quotas=quotas,
            start_time=start_time,
            virtual_sleep=virtual_sleep,
            calls_kept=calls_kept,
        )
        self._starts = 0
        self._backend: Backend | None = None
        self._answers_requests = requests
        self._requests_door: ResponsesDoor | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> BedrockJobsMock:
        """Activate the mock (or join the active one) and return it."""
        global _depth, _backend, _virtual_sleep
        with _lock:
            if _backend is None:
                _backend = Backend(self._options, moto.MotoWorld() if self._moto_aware else None)
                _backend.record_responder = self._record_responder
                _credentials.install()
                botocore_hook.activate(_backend)
            # Virtual sleep is the one option a joining mock can add: it lasts while the
            # mock that asked for it is active.
            if self._options.virtual_sleep and _virtual_sleep is None:
                _virtual_sleep = VirtualSleep(_backend.clock, owner=self)
                _virtual_sleep.start()
            _depth += 1
            self._starts += 1
            self._backend = _backend
            if self._answers_requests and self._requests_door is None:
                try:
                    door = ResponsesDoor(_backend)
                    door.start()
                except BaseException:
                    self.stop()  # nothing of this start stays behind
                    raise
                self._requests_door = door
        return self

    def stop(self) -> None:
        """Deactivate; the outermost stop drops all state and restores the credentials."""
        global _depth, _backend, _virtual_sleep
        with _lock:
            if self._starts == 0:
                raise RuntimeError("this mock is not started")
            self._starts -= 1
            _depth -= 1
            if self._starts == 0:
                self._backend = None
                if self._requests_door is not None:
                    self._requests_door.stop()
                    self._requests_door = None
            try:
                if _virtual_sleep is not None and (
                    _depth == 0 or (self._starts == 0 and _virtual_sleep.owner is self)
                ):
                    _virtual_sleep.stop()
                    _virtual_sleep = None
            finally:
                if _depth == 0:
                    botocore_hook.activate(None)
                    _backend = None
                    _credentials.restore()

    def __enter__(self) -> BedrockJobsMock:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __call__(self, target: F) -> F:
        """Decorate a function, an ``async def`` function or a class (each test method)."""
        if inspect.isclass(target):
            return cast(F, self._decorate_class(target))
        if inspect.iscoroutinefunction(target):

            @functools.wraps(target)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with self:
                    return await target(*args, **kwargs)

            return cast(F, run_async)

        @functools.wraps(target)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self:
                return target(*args, **kwargs)

        return cast(F, run)

    def _decorate_class(self, cls: type) -> type:
        # A TestCase subclass exists only once unittest is imported: not imported here.
        test_case = getattr(sys.modules.get("unittest"), "TestCase", None)
        if test_case is not None and issubclass(cls, test_case):
            case = cast("type[unittest.TestCase]", cls)
            original_set_up = case.setUp

            def set_up(test: unittest.TestCase) -> None:
                self.start()
                test.addCleanup(self.stop)
                original_set_up(test)

            case.setUp = set_up  # type: ignore[method-assign,assignment]
            return cls
        for name, member in list(vars(cls).items()):
            if name.startswith("test") and callable(member):
                setattr(cls, name, self(member))
        return cls

    # -- the state the controls act on -------------------------------------------------

    @property
    def backend(self) -> Backend:
        """The state of the active mock (``RuntimeError`` when this one is not started)."""
        if self._backend is None:
            raise RuntimeError("the mock is not started; use it as a context manager or decorator")
        return self._backend
