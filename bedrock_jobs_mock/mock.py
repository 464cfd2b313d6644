"""BedrockJobsMock: start and stop, decorator and context manager, and the test controls."""

from __future__ import annotations

import functools
import inspect
import threading
import unittest
from collections.abc import Mapping
from datetime import datetime
from types import TracebackType
from typing import Any, Callable, TypeVar, cast

import bedrock_jobs_mock.services  # noqa: F401  (registers the operation handlers)
from bedrock_jobs_mock import interceptor
from bedrock_jobs_mock.backend import Backend
from bedrock_jobs_mock.clock import MockClock
from bedrock_jobs_mock.credentials import FakeCredentials
from bedrock_jobs_mock.identifiers import is_account_id
from bedrock_jobs_mock.lifecycle import Job
from bedrock_jobs_mock.options import Duration, MockOptions
from bedrock_jobs_mock.services.bedrock.custom_models import CustomModel

F = TypeVar("F", bound=Callable[..., Any])

interceptor.install()

_lock = threading.RLock()
_depth = 0
_backend: Backend | None = None
_credentials = FakeCredentials()

#: A bound on settle(): a schedule that never empties is a bug, not a long wait.
_MAX_SETTLE_STEPS = 1_000_000


class BedrockJobsMock:
    """An in-process Bedrock and Lookout for Equipment, for boto3 code under test.

    Use it as ``with mock_bedrock_jobs() as env:``, as a decorator, or through
    the ``bedrock_jobs`` pytest fixture. While it is active every boto3 call to
    ``bedrock`` or ``lookoutequipment`` is answered in-process. A mock started
    while another is active shares its state, clock and options; the state is
    dropped when the outermost one stops.
    """

    def __init__(
        self,
        *,
        account_id: str | None = None,
        durations: Mapping[str, Duration] | None = None,
        quotas: Mapping[str, int] | None = None,
        start_time: datetime | None = None,
    ) -> None:
        self._options = MockOptions.build(
            account_id=account_id, durations=durations, quotas=quotas, start_time=start_time
        )
        self._starts = 0
        self._backend: Backend | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> BedrockJobsMock:
        """Activate the mock (or join the active one) and return it."""
        global _depth, _backend
        with _lock:
            if _backend is None:
                _backend = Backend(self._options)
                _credentials.install()
                interceptor.activate(_backend)
            _depth += 1
            self._starts += 1
            self._backend = _backend
        return self

    def stop(self) -> None:
        """Deactivate; the outermost stop drops all state and restores the credentials."""
        global _depth, _backend
        with _lock:
            if self._starts == 0:
                raise RuntimeError("this mock is not started")
            self._starts -= 1
            _depth -= 1
            if self._starts == 0:
                self._backend = None
            if _depth == 0:
                interceptor.activate(None)
                _credentials.restore()
                _backend = None

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
        if issubclass(cls, unittest.TestCase):
            original_set_up = cls.setUp

            def set_up(test: unittest.TestCase) -> None:
                self.start()
                test.addCleanup(self.stop)
                original_set_up(test)

            cls.setUp = set_up  # type: ignore[method-assign,assignment]
            return cls
        for name, member in list(vars(cls).items()):
            if name.startswith("test") and callable(member):
                setattr(cls, name, self(member))
        return cls

    # -- test controls -----------------------------------------------------------------

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            raise RuntimeError("the mock is not started; use it as a context manager or decorator")
        return self._backend

    @property
    def clock(self) -> MockClock:
        """The mock's clock: ``now()``, ``advance(...)``, ``set(...)``."""
        return self.backend.clock

    def settle(self) -> datetime:
        """Advance the clock until no job is still running; return the time it stopped at."""
        backend = self.backend
        with backend.lock:
            for _ in range(_MAX_SETTLE_STEPS):
                due = backend.scheduler.next_due()
                if due is None:
                    return backend.clock.now()
                if due > backend.clock.now():
                    backend.clock.set(due)
                backend.apply_due_transitions()
        raise RuntimeError("jobs kept scheduling new transitions; settle() gave up")

    def complete(self, identifier: str) -> None:
        """Finish a running job successfully now. ``identifier``: its ARN, or its name."""
        with self.backend.lock:
            job = self._running_job(identifier)
            job.complete(self.backend.clock.now())

    def fail(self, identifier: str, message: str = "The job failed.") -> None:
        """Finish a running job as failed now, with ``message`` as its failureMessage."""
        with self.backend.lock:
            job = self._running_job(identifier)
            job.fail(self.backend.clock.now(), message)

    def share_model(self, model_arn: str, *, with_account: str) -> None:
        """Share a custom model with another account, as AWS RAM would.

        The recipient then sees it, in the model's Region, in ListCustomModels
        (``isOwned=False``, with ``ownerAccountId`` the owner), reads it with
        GetCustomModel by ARN, and can copy it with CreateModelCopyJob. Sharing
        again changes nothing; deleting the model ends every share.
        """
        with self.backend.lock:
            model = self._custom_model(model_arn, with_account)
            self.backend.shares.share(model, with_account)

    def unshare_model(self, model_arn: str, *, with_account: str) -> None:
        """Stop sharing a custom model with an account; copies it made stay its own."""
        with self.backend.lock:
            model = self._custom_model(model_arn, with_account)
            self.backend.shares.unshare(model, with_account)

    def _custom_model(self, model_arn: str, account: str) -> CustomModel:
        if not is_account_id(account):
            raise ValueError(f"with_account must be 12 digits, got {account!r}")
        self.backend.apply_due_transitions()
        model = self.backend.find(CustomModel, model_arn)
        if model is None:
            raise LookupError(f"no custom model has the ARN {model_arn!r}")
        if model.owner == account:
            raise ValueError(f"{model_arn} is owned by {account}; share it with another account")
        return model

    def _running_job(self, identifier: str) -> Job:
        """The job ``identifier`` names. A name counts only running jobs when any has it,
        so a name reused after its first job finished still reaches the new one."""
        backend = self.backend
        backend.apply_due_transitions()
        jobs = backend.find_jobs(identifier)
        if not jobs:
            raise LookupError(f"no job has the ARN or name {identifier!r}")
        running = [job for job in jobs if job.is_running]
        candidates = running or jobs
        if len(candidates) > 1:
            arns = ", ".join(sorted(job.arn for job in candidates))
            raise LookupError(f"{identifier!r} names several jobs ({arns}); pass an ARN")
        job = candidates[0]
        if not job.is_running:
            raise ValueError(f"job {job.arn} has already finished")
        backend.scheduler.cancel(job)
        return job
