"""The ``Controls`` mixin, what ``env`` offers a test: the clock, finishing jobs (settle,
complete, fail), scripted outcomes and durations, injected errors, models shared between
accounts, the history of the calls the mock served, and read-only views of the state
(``inspection``)."""

from __future__ import annotations

import difflib
from datetime import datetime
from typing import TYPE_CHECKING

from bedrock_jobs_mock.controls.inspection import StateView, snapshot
from bedrock_jobs_mock.engine.backend import Backend
from bedrock_jobs_mock.engine.clock import MockClock
from bedrock_jobs_mock.engine.dispatch import served_operations
from bedrock_jobs_mock.engine.errors import SERVED_OPERATIONS_HINT, in_words
from bedrock_jobs_mock.engine.faults import answerable_errors
from bedrock_jobs_mock.engine.history import Call
from bedrock_jobs_mock.engine.identifiers import is_account_id
from bedrock_jobs_mock.engine.lifecycle import Job
from bedrock_jobs_mock.engine.options import (
    DEFAULT_DURATIONS,
    DEFAULT_REGION,
    Duration,
    as_tick,
    check_count,
    check_text,
)
from bedrock_jobs_mock.engine.records import Responder, check_responder
from bedrock_jobs_mock.engine.scoring import Scorer, check_scorer

if TYPE_CHECKING:
    from bedrock_jobs_mock.services.bedrock.custom_models import CustomModel

#: A bound on settle(): a schedule that never empties is a bug, not a long wait.
_MAX_SETTLE_STEPS = 1_000_000


class Controls:
    """The test controls of an active mock; ``backend`` is the state they act on."""

    @property
    def backend(self) -> Backend:
        raise NotImplementedError

    @property
    def clock(self) -> MockClock:
        """The mock's clock: ``now()``, ``advance(...)``, ``set(...)``."""
        return self.backend.clock

    @property
    def calls(self) -> tuple[Call, ...]:
        """The requests the mock served so far, oldest first, refused ones included: the
        latest ``calls_kept`` (an option of the mock; 10,000 by default), at most 32 MiB
        of requests; a request over 64 KiB is kept truncated (``Call.truncated``).

        Each :class:`Call` has ``service``, ``operation``, ``account``, ``region``,
        ``input`` (the decoded parameters), ``error`` (the error code, or None) and
        ``time`` (the mock clock when it was served). The history is dropped when the
        mock stops.
        """
        return self.backend.calls.snapshot()

    def state(self, account: str | None = None, region: str = DEFAULT_REGION) -> StateView:
        """A read-only snapshot of the jobs and models of ``account`` (default: the mock's
        default account) in ``region``, for assertions without API calls::

            state = env.state()
            assert [job["status"] for job in state.jobs["model_import"]] == ["Completed"]
            assert [model.name for model in state.models["imported_model"]] == ["my-llama"]
        """
        return snapshot(self.backend, account or self.backend.default_account(), region)

    def inject_error(
        self,
        operation: str,
        code: str,
        count: int = 1,
        message: str | None = None,
        *,
        service: str | None = None,
    ) -> None:
        """Answer the next ``count`` calls of ``operation`` with the service error ``code``.

        ``inject_error("CreateModelImportJob", "ThrottlingException", count=2)``: the
        error arrives with its HTTP status from the service's model, so botocore's
        own retries run (and absorb two throttles with the default settings). The
        error answers a call before it is validated; errors injected one after the
        other answer calls in that order. ``message`` defaults to
        ``"{code} injected by the test."``. ``service`` (``bedrock``,
        ``bedrock-agent`` or ``lookoutequipment``) is needed only for an operation
        several serve (``TagResource``, ``UntagResource``, ``ListTagsForResource``).
        """
        service = _service_of(operation, service)
        codes = answerable_errors(service, operation)
        if code not in codes:
            raise ValueError(f"{operation} cannot answer {code!r}; it answers {', '.join(codes)}")
        check_count(count)
        text = message if message is not None else f"{code} injected by the test."
        check_text("message", text)
        self.backend.injected_errors.add(service, operation, code, text, count)

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
            self.backend.note_transition(job)

    def fail(self, identifier: str, message: str = "The job failed.") -> None:
        """Finish a running job as failed now, with ``message`` as its failureMessage."""
        check_text("message", message)
        with self.backend.lock:
            job = self._running_job(identifier)
            job.fail(self.backend.clock.now(), message)
            self.backend.note_transition(job)

    def set_auto_tick(self, step: Duration | None) -> None:
        """From now on, move the clock ``step`` (a ``timedelta``, or seconds) after each
        request the mock answers (``None``: no longer), as the ``auto_tick`` option does."""
        tick = as_tick(step)
        with self.backend.lock:
            self.backend.auto_tick = tick

    def finish_after_reads(self, kind_or_identifier: str, reads: int | None) -> None:
        """Jobs of a kind, or one job, finish on their ``reads``-th read from now
        (``None``: no longer), as moto's ``state_manager`` "manual" transitions do.

        ``kind_or_identifier``: a kind of ``DEFAULT_DURATIONS`` (``model_import``, ...),
        else the ARN or name of a running job. A read is a Get or Describe of the job
        (a List is not); the ``reads``-th runs every transition the job has left at
        once, at the current mock time, so that read sees it Completed (or Failed,
        when ``fail_next`` scripted it), batch jobs through their remaining phases. A
        rule for one job wins over its kind's.
        """
        if reads is not None:
            check_count(reads, name="reads")
        with self.backend.lock:
            if kind_or_identifier in DEFAULT_DURATIONS:
                self.backend.reads.finish_after(kind_or_identifier, None, reads)
            else:
                try:
                    job = self._find_running_job(kind_or_identifier)
                except LookupError as error:
                    kinds = ", ".join(sorted(DEFAULT_DURATIONS))
                    raise LookupError(f"{error}, nor is it a kind of job ({kinds})") from None
                self.backend.reads.finish_after(None, job, reads)

    def fail_next(self, kind: str, message: str = "The job failed.", count: int = 1) -> None:
        """The next ``count`` jobs of ``kind`` end Failed, with ``message`` as their failure
        message, when their run would have completed.

        ``kind`` is a key of ``DEFAULT_DURATIONS``: ``model_import``,
        ``model_customization``, ``model_copy``, ``custom_model_creation``,
        ``custom_model_deployment``, ``provisioned_throughput`` (their creations
        and updates), ``lookout_model_training``, ``lookout_model_import``,
        ``model_invocation`` (batch inference: Failed at the end of InProgress),
        ``knowledge_base`` (FAILED, UPDATE_UNSUCCESSFUL or DELETE_UNSUCCESSFUL, the
        message its ``failureReasons``), ``ingestion_job`` (FAILED at the end of
        IN_PROGRESS, the message its ``failureReasons``),
        ``model_evaluation`` (automated evaluation jobs; a human one ends only by
        ``complete`` or ``fail``).
        A job's end is decided when it starts, in any account and region;
        failures scripted one after the other go to the jobs in that order.
        """
        self.backend.runs.fail_next(kind, message, count)

    def set_duration(self, kind: str, duration: Duration) -> None:
        """Jobs of ``kind`` created from now on run ``duration`` (a ``timedelta``, or seconds);
        jobs already running keep theirs."""
        self.backend.runs.set_duration(kind, duration)

    def respond_to_records(self, responder: Responder | None) -> None:
        """Answer the records of batch inference jobs with ``responder`` from now on
        (``None``: the default answers again).

        ``responder(record)`` receives a :class:`~bedrock_jobs_mock.Record`
        (``model_id``, ``invocation_type``, ``model_input``, ``record_id``) and returns
        the record's ``modelOutput``, a mapping; raising
        ``RecordError(code, message)`` makes that record an error line. Any other
        exception it raises reaches the test, from the call that ran the job to its
        end. Records are answered when a job leaves ``InProgress``, and only beside
        moto's S3 (see the user guide, "Batch inference").
        """
        check_responder(responder)
        with self.backend.lock:
            self.backend.record_responder = responder

    def score_evaluations(self, scorer: Scorer | None) -> None:
        """Score the prompts of model evaluation jobs with ``scorer`` from now on (``None``:
        the default scores again).

        ``scorer(case)`` receives an :class:`~bedrock_jobs_mock.EvaluationCase`
        (``metric_name``, ``prompt``, ``response``, ``reference_response``,
        ``category``, ``model_identifier``, ``task_type``, ``dataset_name``) and returns
        the metric's ``result``: a number, or None (N/A). Any exception it raises
        reaches the test, from the call that ran the job to its end. Prompts are scored
        when a job completes, and only beside moto's S3 (see the user guide, "Model
        evaluation jobs"); the model's responses come from the record responder
        (``respond_to_records``).
        """
        check_scorer(scorer)
        with self.backend.lock:
            self.backend.evaluation_scorer = scorer

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
        from bedrock_jobs_mock.services.bedrock.custom_models import CustomModel  # on first use

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
        """The running job ``identifier`` names, its schedule cancelled (a control is about
        to finish it)."""
        job = self._find_running_job(identifier)
        self.backend.scheduler.cancel(job)
        return job

    def _find_running_job(self, identifier: str) -> Job:
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
        return job


def _service_of(operation: str, service: str | None) -> str:
    """The service that serves ``operation`` (and is ``service`` when given)."""
    services = [
        name
        for name, served in served_operations()
        if served == operation and service in (None, name)
    ]
    if not services:
        where = f"{service}:{operation}" if service else repr(operation)
        names = {name for owner, name in served_operations() if service in (None, owner)}
        raise ValueError(
            f"the mock does not serve {where}{_did_you_mean(operation, names)}; "
            f"{SERVED_OPERATIONS_HINT}"
        )
    if len(services) > 1:
        raise ValueError(f"{operation!r} is an operation of {in_words(services)}; pass service=...")
    return services[0]


def _did_you_mean(operation: str, served: set[str]) -> str:
    """`` (did you mean 'GetModelImportJob'?)`` when ``operation`` is a served operation
    spelled another way (``get_model_import_job``, boto3's method name) or nearly."""
    spelled_alike = [name for name in served if _letters(name) == _letters(operation)]
    likely = spelled_alike or difflib.get_close_matches(operation, sorted(served), n=1, cutoff=0.9)
    return f" (did you mean {likely[0]!r}?)" if likely else ""


def _letters(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()
