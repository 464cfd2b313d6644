"""What a test can configure about a mock: accounts, job durations, quotas, time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bedrock_jobs_mock.engine.clock import Duration as Duration  # re-exported
from bedrock_jobs_mock.engine.clock import as_timedelta
from bedrock_jobs_mock.engine.history import DEFAULT_CALLS_KEPT
from bedrock_jobs_mock.engine.identifiers import is_account_id

#: The account of requests whose access key does not name one.
DEFAULT_ACCOUNT_ID = "123456789012"
#: Environment variable that overrides ``DEFAULT_ACCOUNT_ID``.
ACCOUNT_ID_ENV = "BEDROCK_JOBS_MOCK_ACCOUNT_ID"
#: Environment variable that turns strict outputs on (``engine.strict_outputs``).
STRICT_OUTPUTS_ENV = "BEDROCK_JOBS_MOCK_STRICT_OUTPUTS"
#: Reads of one running job in a row, with the mock clock standing still, that the
#: guard lets through (``hang_after_reads``); the next one raises ``PollingHangError``.
DEFAULT_HANG_AFTER_READS = 1_000
#: The region of requests that name none.
DEFAULT_REGION = "us-east-1"

#: How long each kind of job runs before it finishes. A custom model deployment's and a
#: Provisioned Throughput's updates take as long as their creation (decided).
DEFAULT_DURATIONS: dict[str, timedelta] = {
    "model_import": timedelta(minutes=15),
    "model_customization": timedelta(minutes=50),
    "model_copy": timedelta(minutes=10),
    "custom_model_creation": timedelta(minutes=15),
    "custom_model_deployment": timedelta(minutes=10),
    "provisioned_throughput": timedelta(minutes=5),
    "lookout_model_training": timedelta(minutes=30),
    "lookout_model_import": timedelta(minutes=10),
    #: A batch inference job from submission to its end, split across its phases by
    #: ``services.bedrock.batch_inference.PHASE_SHARES``.
    "model_invocation": timedelta(minutes=20),
    #: A knowledge base's creation, update or deletion (decided: a few seconds, as a vector
    #: knowledge base's real creation takes).
    "knowledge_base": timedelta(seconds=5),
    #: An ingestion job from its start to its end, STARTING its first tenth
    #: (``services.bedrock_agent.ingestion_jobs``; real small syncs take 11 to 16 seconds).
    "ingestion_job": timedelta(seconds=30),
    #: An automated model evaluation job from creation to its end (a human one waits for
    #: a control); judge jobs of 30 to 50 prompts take 5 to 15 minutes (docs/fidelity.md).
    "model_evaluation": timedelta(minutes=10),
    #: A document ingested (or deleted) directly, IN_PROGRESS (DELETE_IN_PROGRESS) after
    #: its first fifth (``services.bedrock_agent.documents``; decided).
    "knowledge_base_document": timedelta(seconds=10),
}

#: Service quotas the mock enforces, per account and region; None: no limit.
#: AWS documents no concurrent-customization quota (terraform cites one of 2), so that
#: one is opt-in.
DEFAULT_QUOTAS: dict[str, int | None] = {
    "concurrent_model_import_jobs": 1,
    "imported_models": 3,
    "concurrent_model_customization_jobs": None,
    # Batch inference, per model (the base model, or the custom model) and per account and
    # region; the defaults AWS's Service Quotas names for most models (docs/fidelity.md).
    #: Jobs submitted and not yet ended (Submitted to InProgress); beyond: refused at create.
    "concurrent_model_invocation_jobs": 20,
    #: Jobs InProgress at once (not a service quota: the service's capacity, unlimited by
    #: default); a job beyond it waits in Scheduled for a slot, and Expires if none frees.
    "in_progress_model_invocation_jobs": None,
    #: Records and bytes of a job's input, checked while it is Validating.
    "min_records_per_model_invocation_job": 100,
    "records_per_model_invocation_file": 50_000,
    "records_per_model_invocation_job": 50_000,
    "model_invocation_file_bytes": 1024**3,
    "model_invocation_job_bytes": 5 * 1024**3,
    # Knowledge bases (docs/fidelity.md): the General Reference's values.
    "data_sources_per_knowledge_base": 5,
    #: Ingestion jobs running (STARTING, IN_PROGRESS or STOPPING) at once.
    "concurrent_ingestion_jobs": 5,
    "concurrent_ingestion_jobs_per_knowledge_base": 1,
    #: A document larger is counted failed; an image (JPEG, PNG) has its own limit.
    "ingestion_file_bytes": 50 * 1024**2,
    "ingestion_image_bytes": 3_932_160,
    #: A ``.metadata.json`` file larger makes its document ignored (the docs' 10 KB).
    "ingestion_metadata_bytes": 10 * 1024,
    # Model evaluation, per account and region (docs/fidelity.md).
    #: Jobs InProgress at once, automated and human; beyond: refused at create.
    "concurrent_automated_evaluation_jobs": 20,
    "concurrent_human_evaluation_jobs": 10,
    #: Prompts in one dataset of a job (the user guide's limit); beyond: the job fails.
    "prompts_per_evaluation_dataset": 1000,
}


def _reject_unknown(kind: str, defaults: Mapping[str, object], given: Mapping[str, object]) -> None:
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise ValueError(f"unknown {kind} {unknown}; known: {sorted(defaults)}")


def strict_outputs_enabled() -> bool:
    """Whether the environment asks for strict outputs (read when a mock is built)."""
    return os.environ.get(STRICT_OUTPUTS_ENV, "") not in ("", "0")


def check_job_kind(kind: str) -> None:
    """``ValueError`` unless ``kind`` is a kind of job (a key of ``DEFAULT_DURATIONS``)."""
    _reject_unknown("job kind", DEFAULT_DURATIONS, {kind: None})


def check_count(count: int, *, minimum: int = 1, name: str = "count") -> None:
    """``TypeError`` unless ``count`` (the argument ``name``) is an ``int``, ``ValueError``
    unless it is at least ``minimum``."""
    if not isinstance(count, int) or isinstance(count, bool):
        raise TypeError(f"{name} must be an integer, got {count!r}")
    if count < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {count}")


def check_text(name: str, value: str) -> None:
    """``TypeError`` unless ``value`` (the argument ``name``) is a string."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {value!r}")


def as_duration(kind: str, value: Duration) -> timedelta:
    """``value`` (a ``timedelta``, or seconds) as the duration of ``kind``; never negative."""
    step = as_timedelta(value, f"duration {kind!r}")
    if step < timedelta():
        raise ValueError(f"duration {kind!r} must not be negative")
    return step


def as_tick(step: Duration | None) -> timedelta | None:
    """``step`` (a ``timedelta``, or seconds) as the auto-tick step: positive, or None (off)."""
    if step is None:
        return None
    tick = as_timedelta(step, "auto_tick")
    if tick <= timedelta():
        raise ValueError(f"auto_tick must be positive (None turns it off), got {step!r}")
    return tick


@dataclass(frozen=True)
class MockOptions:
    """Validated options of ``mock_bedrock_jobs(**options)``."""

    account_id: str = DEFAULT_ACCOUNT_ID
    #: Whether ``account_id`` was given (option or environment), not defaulted.
    account_id_given: bool = False
    durations: dict[str, timedelta] = field(default_factory=lambda: dict(DEFAULT_DURATIONS))
    quotas: dict[str, int | None] = field(default_factory=lambda: dict(DEFAULT_QUOTAS))
    start_time: datetime | None = None
    virtual_sleep: bool = False
    #: How many of the latest calls ``env.calls`` keeps; None: every one.
    calls_kept: int | None = DEFAULT_CALLS_KEPT
    #: Whether every answer is checked against its output shape (``engine.strict_outputs``).
    strict_outputs: bool = False
    #: How far the clock moves after each request the mock answers; None: it does not.
    auto_tick: timedelta | None = None
    #: Kinds of job that finish on their Nth read (``engine.polling``).
    finish_after_reads: dict[str, int] = field(default_factory=dict)
    #: Reads of a running job in a row, the clock standing still, before the next one
    #: raises ``PollingHangError``; None: never.
    hang_after_reads: int | None = DEFAULT_HANG_AFTER_READS

    @classmethod
    def build(
        cls,
        *,
        account_id: str | None = None,
        durations: Mapping[str, Duration] | None = None,
        quotas: Mapping[str, int | None] | None = None,
        start_time: datetime | None = None,
        virtual_sleep: bool = False,
        calls_kept: int | None = DEFAULT_CALLS_KEPT,
        auto_tick: Duration | None = None,
        finish_after_reads: Mapping[str, int] | None = None,
        hang_after_reads: int | None = DEFAULT_HANG_AFTER_READS,
    ) -> MockOptions:
        given = account_id or os.environ.get(ACCOUNT_ID_ENV)
        account = given or DEFAULT_ACCOUNT_ID
        if not is_account_id(account):
            raise ValueError(f"account_id must be 12 digits, got {account!r}")
        durations = dict(durations or {})
        quotas = dict(quotas or {})
        _reject_unknown("durations", DEFAULT_DURATIONS, durations)
        _reject_unknown("quotas", DEFAULT_QUOTAS, quotas)
        resolved = {kind: as_duration(kind, value) for kind, value in durations.items()}
        if calls_kept is not None:
            check_count(calls_kept, minimum=0, name="calls_kept")
        reads = dict(finish_after_reads or {})
        _reject_unknown("job kinds", DEFAULT_DURATIONS, reads)
        for count in reads.values():
            check_count(count, name="finish_after_reads")
        if hang_after_reads is not None:
            check_count(hang_after_reads, name="hang_after_reads")
        return cls(
            account_id=account,
            account_id_given=bool(given),
            durations={**DEFAULT_DURATIONS, **resolved},
            quotas={**DEFAULT_QUOTAS, **quotas},
            start_time=start_time,
            virtual_sleep=virtual_sleep,
            calls_kept=calls_kept,
            strict_outputs=strict_outputs_enabled(),
            auto_tick=as_tick(auto_tick),
            finish_after_reads=reads,
            hang_after_reads=hang_after_reads,
        )
