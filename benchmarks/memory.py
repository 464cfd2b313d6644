"""Bytes per completed job, family by family, measured with tracemalloc.

Each family's finished sweep fills a fresh mock: a warm-up of jobs first
(lazy catalogues, the first account and Region, the service models), then
``count`` more, every one completed, each leaving what a completed job
leaves behind (the job, its model, tags, the idempotency record of its
client token). The memory still allocated after a garbage collection,
divided by ``count``, is the cost of one.
"""

from __future__ import annotations

import gc
import itertools
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass

from bedrock_jobs_mock import mock_bedrock_jobs
from benchmarks.contenders import LIFTED_QUOTAS
from benchmarks.loader import Loader
from benchmarks.sweeps import FINISHED, SWEEPS, Sweep
from benchmarks.tables import markdown_table

WARM_UP = 100


@dataclass(frozen=True)
class Footprint:
    family: str
    jobs: int
    bytes_per_job: float


def _traced_after_collecting() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def footprint(sweep: Sweep, count: int) -> Footprint:
    """What ``count`` more completed jobs of ``sweep``'s family hold, per job (after a
    warm-up of as many, at most ``WARM_UP``)."""
    names = (f"job-{index}" for index in itertools.count())
    with mock_bedrock_jobs(quotas=LIFTED_QUOTAS, durations=sweep.durations) as env:
        loader = Loader(env, sweep.service)
        context = sweep.prepare(loader)
        for name in itertools.islice(names, min(count, WARM_UP)):
            sweep.add(loader, context, name)
        env.settle()
        tracemalloc.start()
        try:
            before = _traced_after_collecting()
            for name in itertools.islice(names, count):
                sweep.add(loader, context, name)
            env.settle()
            after = _traced_after_collecting()
        finally:
            tracemalloc.stop()
    return Footprint(sweep.family, count, (after - before) / count)


def run(count: int, sweeps: Sequence[Sweep] = SWEEPS) -> list[Footprint]:
    return [footprint(sweep, count) for sweep in sweeps if sweep.state == FINISHED]


def table(footprints: list[Footprint]) -> str:
    return markdown_table(
        ("family", "completed jobs", "bytes per job", "MiB per 100,000 jobs"),
        [
            (
                item.family,
                f"{item.jobs:,}",
                f"{item.bytes_per_job:,.0f}",
                f"{item.bytes_per_job * 100_000 / 2**20:,.0f}",
            )
            for item in footprints
        ],
        align="lrrr",
    )
