"""BedrockJobsMock: start and stop, decorator and context manager (controls: controls/)."""

from __future__ import annotations

import dataclasses
import functools
import inspect
import threading
import warnings
from collections.abc import Mapping
from datetime import datetime
from types import TracebackType
from typing import Any, Callable, TypeVar, cast, overload

import bedrock_jobs_mock.services  # noqa: F401  (registers the operation handlers on first need)
from bedrock_jobs_mock.controls import Controls
from bedrock_jobs_mock.controls.virtual_sleep import VirtualSleep
from bedrock_jobs_mock.credentials import FakeCredentials
from bedrock_jobs_mock.decorated_classes import decorate_class
from bedrock_jobs_mock.doors import botocore_hook, send_guard
from bedrock_jobs_mock.doors.responses_door import ResponsesDoor
from bedrock_jobs_mock.engine.backend import Backend
from bedrock_jobs_mock.engine.history import DEFAULT_CALLS_KEPT
from bedrock_jobs_mock.engine.options import DEFAULT_HANG_AFTER_READS, Duration, MockOptions
from bedrock_jobs_mock.engine.records import Responder, check_responder
from bedrock_jobs_mock.engine.scoring import Scorer, check_scorer
from bedrock_jobs_mock.integrations import moto

F = TypeVar("F", bound=Callable[..., Any])

botocore_hook.install()


def _answered_or_ours(request: Any) -> bool:
    """Whether the mock answered ``request`` (the hook), or will below botocore's events
    (the send guard: a client whose session lacks the hook)."""
    return botocore_hook.answered(request) or send_guard.will_answer(request)


# While moto is active it answers what the mock does not serve, and leaves alone what it does.
_moto_neighbour = functools.partial(moto.answers_unserved_calls, _answered_or_ours)
botocore_hook.add_neighbour(_moto_neighbour)

_lock = threading.RLock()
_depth = 0
_backend: Backend | None = None
#: The mock that started ``_backend``: its options are the ones that apply.
_owner: BedrockJobsMock | None = None
_credentials = FakeCredentials()
_virtual_sleep: VirtualSleep | None = None


class IgnoredOptionsWarning(UserWarning):
    """A mock started while another was active: it joined that one, and the options it
    was given (but for ``virtual_sleep`` and ``requests``) do not apply."""


class BedrockJobsMock(Controls):
    """An in-process Bedrock and Lookout for Equipment, for boto3 code under test.

    Use it as ``with mock_bedrock_jobs() as env:``, as a decorator, or through
    the ``bedrock_jobs`` pytest fixture. While it is active every boto3 call to
    ``bedrock`` or ``lookoutequipment`` is answered in-process (while moto's
    ``mock_aws`` is active too, only the operations the mock serves: moto answers
    the rest; ``moto_aware`` is the option of ``mock_bedrock_jobs``). A mock started
    while another is active joins it: it shares its state, clock and options
    (its own options are ignored, with an :class:`IgnoredOptionsWarning`, but for
    ``virtual_sleep=True``, which lasts until that mock stops); the state is dropped,
    and the real sleeps are back, when the outermost one stops. ``requests=True``
    also answers ``requests`` calls to both services, through ``responses``, for as
    long as this mock is started (see ``docs/beyond-boto3.md``).
    """

    def __init__(
        self,
        *,
        account_id: str | None = None,
        durations: Mapping[str, Duration] | None = None,
        quotas: Mapping[str, int | None] | None = None,
        start_time: datetime | None = None,
        virtual_sleep: bool = False,
        moto_aware: bool = True,
        requests: bool = False,
        calls_kept: int | None = DEFAULT_CALLS_KEPT,
        record_responder: Responder | None = None,
        evaluation_scorer: Scorer | None = None,
        auto_tick: Duration | None = None,
        finish_after_reads: Mapping[str, int] | None = None,
        hang_after_reads: int | None = DEFAULT_HANG_AFTER_READS,
    ) -> None:
        check_responder(record_responder)
        check_scorer(evaluation_scorer)
        self._record_responder = record_responder
        self._evaluation_scorer = evaluation_scorer
        self._moto_aware = moto_aware
        self._options = MockOptions.build(
            account_id=account_id,
            durations=durations,
            quotas=quotas,
            start_time=start_time,
            virtual_sleep=virtual_sleep,
            calls_kept=calls_kept,
            auto_tick=auto_tick,
            finish_after_reads=finish_after_reads,
            hang_after_reads=hang_after_reads,
        )
        self._starts = 0
        self._backend: Backend | None = None
        self._answers_requests = requests
        self._requests_door: ResponsesDoor | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> BedrockJobsMock:
        """Activate the mock (or join the active one) and return it."""
        global _depth, _backend, _owner, _virtual_sleep
        with _lock:
            if _backend is None:
                _backend = Backend(self._options, moto.MotoWorld() if self._moto_aware else None)
                _owner = self
                _backend.record_responder = self._record_responder
                _backend.evaluation_scorer = self._evaluation_scorer
                _credentials.install()
                botocore_hook.activate(_backend)
                send_guard.activate(_backend)
                _moto_neighbour()  # moto's handler learns what to leave alone before any call
            elif _owner is not None and _owner is not self:
                self._warn_of_ignored_options(_owner)
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
        global _depth, _backend, _owner, _virtual_sleep
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
                    send_guard.activate(None)
                    _backend = None
                    _owner = None
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
            return cast(F, decorate_class(self, target))
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

    def _warn_of_ignored_options(self, active: BedrockJobsMock) -> None:
        """Warn when this mock, joining ``active``, was given options that do not apply."""
        ignored = [
            name
            for name, given, default, applied in _joined_settings(self, active)
            if given != default and given != applied
        ]
        if ignored:
            warnings.warn(
                f"mock_bedrock_jobs options ignored: {', '.join(ignored)}. This mock started "
                "while another was active (the bedrock_jobs fixture, an outer decorator or "
                "`with`), so it joined that one, whose options apply. Give the options to the "
                "mock that starts first (the fixture's through @pytest.mark.bedrock_jobs(...)) "
                "and drop the other.",
                IgnoredOptionsWarning,
                stacklevel=4,
            )

    # -- the state the controls act on -------------------------------------------------

    @property
    def backend(self) -> Backend:
        """The state of the active mock (``RuntimeError`` when this one is not started)."""
        if self._backend is None:
            raise RuntimeError("the mock is not started; use it as a context manager or decorator")
        return self._backend


def _joined_settings(
    joining: BedrockJobsMock, active: BedrockJobsMock
) -> list[tuple[str, Any, Any, Any]]:
    """(option, as ``joining`` was given it, its default, as ``active`` applies it) for
    every option a joining mock cannot change."""
    default = BedrockJobsMock()
    settings = [
        (field.name, *(getattr(mock._options, field.name) for mock in (joining, default, active)))
        for field in dataclasses.fields(MockOptions)
        if field.name not in ("virtual_sleep", "account_id_given", "strict_outputs")
    ]
    settings.append(("moto_aware", joining._moto_aware, default._moto_aware, active._moto_aware))
    settings.append(
        (
            "record_responder",
            joining._record_responder,
            default._record_responder,
            active._record_responder,
        )
    )
    settings.append(
        (
            "evaluation_scorer",
            joining._evaluation_scorer,
            default._evaluation_scorer,
            active._evaluation_scorer,
        )
    )
    return settings


@overload
def mock_bedrock_jobs(target: F) -> F: ...


@overload
def mock_bedrock_jobs(
    target: None = None,
    *,
    account_id: str | None = None,
    durations: Mapping[str, Duration] | None = None,
    quotas: Mapping[str, int | None] | None = None,
    start_time: datetime | None = None,
    virtual_sleep: bool = False,
    moto_aware: bool = True,
    requests: bool = False,
    calls_kept: int | None = DEFAULT_CALLS_KEPT,
    record_responder: Responder | None = None,
    evaluation_scorer: Scorer | None = None,
    auto_tick: Duration | None = None,
    finish_after_reads: Mapping[str, int] | None = None,
    hang_after_reads: int | None = DEFAULT_HANG_AFTER_READS,
) -> BedrockJobsMock: ...


def mock_bedrock_jobs(
    target: F | None = None,
    *,
    account_id: str | None = None,
    durations: Mapping[str, Duration] | None = None,
    quotas: Mapping[str, int | None] | None = None,
    start_time: datetime | None = None,
    virtual_sleep: bool = False,
    moto_aware: bool = True,
    requests: bool = False,
    calls_kept: int | None = DEFAULT_CALLS_KEPT,
    record_responder: Responder | None = None,
    evaluation_scorer: Scorer | None = None,
    auto_tick: Duration | None = None,
    finish_after_reads: Mapping[str, int] | None = None,
    hang_after_reads: int | None = DEFAULT_HANG_AFTER_READS,
) -> Any:
    """Mock Bedrock and Lookout for Equipment for boto3.

    Bare, it decorates a function, ``async def`` function or class. Called with
    options it returns a :class:`BedrockJobsMock`, itself a decorator and a
    context manager:

    - ``account_id``: the account of requests whose access key id is not 12
      digits (default ``123456789012``, or ``$BEDROCK_JOBS_MOCK_ACCOUNT_ID``);
    - ``durations``: how long each kind of job runs, as ``timedelta`` or
      seconds, keyed by the kinds of ``DEFAULT_DURATIONS`` (``model_import``,
      ``model_customization``, ``model_copy``, ``custom_model_creation``,
      ``custom_model_deployment``, ``provisioned_throughput``,
      ``model_invocation``, ``lookout_model_training``, ``lookout_model_import``);
    - ``quotas``: ``concurrent_model_import_jobs`` (1), ``imported_models`` (3),
      ``concurrent_model_customization_jobs`` (``None``: no limit, the default) and
      the batch inference quotas of ``DEFAULT_QUOTAS``;
    - ``start_time``: where the clock starts (default: the real time now);
    - ``virtual_sleep``: while active, ``time.sleep(n)`` and ``asyncio.sleep(n)``
      return at once, in every thread, with the mock clock ``n`` past the call;
    - ``moto_aware``: while moto's ``mock_aws`` is active too, requests act as the
      accounts moto's STS issued their keys for, ``MOTO_ACCOUNT_ID`` is the default
      account (unless ``account_id`` is given), roles are checked against moto's IAM
      and jobs against moto's S3 (see the user guide, "With moto"). ``False``: the
      two mocks only share the process. Either way the mock answers its own
      operations alone and leaves every other call to moto;
    - ``requests``: also answer ``requests`` calls to the Bedrock and Lookout for
      Equipment endpoints, through ``responses`` (the ``requests`` extra); other
      URLs go wherever they went before (a ``responses`` mock of the test's own,
      if one is active);
    - ``calls_kept``: how many of the latest calls ``env.calls`` keeps (10,000;
      ``None``: every one, for as long as the mock lives);
    - ``record_responder``: what answers each record of a batch inference job that
      reads moto's S3, a function of a :class:`Record` returning the record's
      ``modelOutput`` or raising :class:`RecordError` (default: a deterministic body
      of the model family's shape; ``env.respond_to_records`` sets it later);
    - ``evaluation_scorer``: what scores each prompt of a model evaluation job that reads
      moto's S3, a function of an :class:`EvaluationCase` returning the metric's result
      (a number, or None for N/A) (default: deterministic scores in the metrics' ranges;
      ``env.score_evaluations`` sets it later);
    - ``auto_tick``: move the clock this far (a ``timedelta``, or seconds) after each
      request the mock answers, so code that polls without sleeping sees its jobs
      finish (``env.set_auto_tick`` changes it later);
    - ``finish_after_reads``: kinds of job that finish on their Nth read (a Get or
      Describe of the job), ``{"model_customization": 3}``, as moto's
      ``state_manager`` transitions after N reads (``env.finish_after_reads`` also
      takes one job);
    - ``hang_after_reads``: after this many reads in a row of one running job while
      the mock clock stands still (1,000), the next raises ``PollingHangError``
      naming it and the ways to move time; ``None``: never.
    """
    mock = BedrockJobsMock(
        account_id=account_id,
        durations=durations,
        quotas=quotas,
        start_time=start_time,
        virtual_sleep=virtual_sleep,
        moto_aware=moto_aware,
        requests=requests,
        calls_kept=calls_kept,
        record_responder=record_responder,
        evaluation_scorer=evaluation_scorer,
        auto_tick=auto_tick,
        finish_after_reads=finish_after_reads,
        hang_after_reads=hang_after_reads,
    )
    return mock if target is None else mock(target)
