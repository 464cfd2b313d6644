"""What a test can configure about a mock: accounts, job durations and quotas."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Union

#: The account of requests whose access key does not name one.
DEFAULT_ACCOUNT_ID = "123456789012"
#: Environment variable that overrides ``DEFAULT_ACCOUNT_ID``.
ACCOUNT_ID_ENV = "BEDROCK_JOBS_MOCK_ACCOUNT_ID"

#: How long each kind of job runs before it finishes.
DEFAULT_DURATIONS: dict[str, timedelta] = {
    "model_import": timedelta(minutes=15),
    "model_customization": timedelta(minutes=50),
    "model_copy": timedelta(minutes=10),
    "lookout_model_training": timedelta(minutes=30),
    "lookout_model_import": timedelta(minutes=10),
}

#: Service quotas the mock enforces, per account and region; None: no limit.
#: AWS documents no concurrent-customization quota (terraform cites one of 2), so that
#: one is opt-in.
DEFAULT_QUOTAS: dict[str, int | None] = {
    "concurrent_model_import_jobs": 1,
    "imported_models": 3,
    "concurrent_model_customization_jobs": None,
}

Duration = Union[timedelta, int, float]


def _reject_unknown(kind: str, defaults: Mapping[str, object], given: Mapping[str, object]) -> None:
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise ValueError(f"unknown {kind} {unknown}; known: {sorted(defaults)}")


@dataclass(frozen=True)
class MockOptions:
    """Validated options of ``mock_bedrock_jobs(**options)``."""

    account_id: str = DEFAULT_ACCOUNT_ID
    durations: dict[str, timedelta] = field(default_factory=lambda: dict(DEFAULT_DURATIONS))
    quotas: dict[str, int | None] = field(default_factory=lambda: dict(DEFAULT_QUOTAS))
    start_time: datetime | None = None

    @classmethod
    def build(
        cls,
        *,
        account_id: str | None = None,
        durations: Mapping[str, Duration] | None = None,
        quotas: Mapping[str, int | None] | None = None,
        start_time: datetime | None = None,
    ) -> MockOptions:
        account = account_id or os.environ.get(ACCOUNT_ID_ENV) or DEFAULT_ACCOUNT_ID
        if not re.fullmatch(r"\d{12}", account):
            raise ValueError(f"account_id must be 12 digits, got {account!r}")
        durations = dict(durations or {})
        quotas = dict(quotas or {})
        _reject_unknown("durations", DEFAULT_DURATIONS, durations)
        _reject_unknown("quotas", DEFAULT_QUOTAS, quotas)
        resolved = dict(DEFAULT_DURATIONS)
        for kind, value in durations.items():
            step = value if isinstance(value, timedelta) else timedelta(seconds=value)
            if step < timedelta():
                raise ValueError(f"duration {kind!r} must not be negative")
            resolved[kind] = step
        return cls(
            account_id=account,
            durations=resolved,
            quotas={**DEFAULT_QUOTAS, **quotas},
            start_time=start_time,
        )
