"""Service quotas every job family shares: how many jobs of a kind may run at once."""

from __future__ import annotations

from bedrock_jobs_mock.engine.dispatch import RequestContext
from bedrock_jobs_mock.engine.errors import quota_exceeded
from bedrock_jobs_mock.engine.lifecycle import Job


def check_concurrent_jobs(context: RequestContext, kind: type[Job], quota: str, what: str) -> None:
    """Refuse a new job of ``kind`` with ``ServiceQuotaExceededException`` when the
    account already runs as many in the region as ``quotas[quota]`` allows (None: no limit).

    ``what`` names the jobs in the message (``"model import jobs"``).
    """
    check_running(context, quota, context.state.running_count(kind), what)


def check_running(context: RequestContext, quota: str, running: int, what: str) -> None:
    """Refuse a new job with ``ServiceQuotaExceededException`` when ``running`` jobs of
    its kind (as the family counts them) already reach ``quotas[quota]`` (None: no limit)."""
    limit = context.options.quotas[quota]
    if limit is not None and running >= limit:
        raise quota_exceeded(
            f"You have reached the maximum number of concurrent {what} ({limit}) "
            "for this account and region."
        )
