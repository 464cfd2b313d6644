"""Per-call cost against the number of jobs in the Region: 100, 1,000, 10,000, 100,000.

For each sweep (a family, running or finished) one mock grows a Region
through the sizes: the ``Loader`` tops it up to the next size, then each of
the sweep's calls is timed through a boto3 client (median of single calls).
Calls that read (get, a list page) come first; calls that use up a job
(stop, delete) take jobs from the oldest on, never the one a get reads; the
creates come last, and count towards the next size. Calls that change the
Region are capped at a quarter of its size, so it stays within 25% of the
size it is reported at.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import boto3

from bedrock_jobs_mock import mock_bedrock_jobs
from benchmarks.contenders import LIFTED_QUOTAS
from benchmarks.loader import Loader
from benchmarks.payloads import REGION, model_of
from benchmarks.sweeps import FINISHED, SWEEPS, Made, Op, Sweep
from benchmarks.tables import markdown_table, ratio
from benchmarks.timing import per_call_us


@dataclass(frozen=True)
class Point:
    """One call of one sweep at one size: microseconds per call (a median)."""

    sweep: Sweep
    op: str
    size: int
    us: float


def sizes_up_to(largest: int, smallest: int = 100) -> list[int]:
    """Powers of ten from ``smallest`` to ``largest``, and ``largest`` itself."""
    sizes = [size for size in (smallest * 10**power for power in range(8)) if size <= largest]
    if not sizes or sizes[-1] != largest:
        sizes.append(largest)
    return sizes


def _targets(op: Op, made: list[Made], cursor: int, size: int, count: int) -> list[Made]:
    """The jobs ``count`` calls (and one warm-up) of ``op`` work on."""
    if op.creates:
        return [
            Made(f"timed-{size}-{index}", model_of(f"timed-{size}-{index}"))
            for index in range(count + 1)
        ]
    if op.consumes:
        return made[cursor : cursor + count + 1]
    return [made[len(made) // 2]] * (count + 1)


def _time(op: Op, client: Any, context: Any, targets: list[Made]) -> float:
    op.call(client, context, targets[0])
    return per_call_us(
        lambda index: op.call(client, context, targets[index]), range(1, len(targets))
    )


def run_sweep(sweep: Sweep, sizes: Sequence[int], calls: int, page_calls: int) -> list[Point]:
    """Grow one Region through ``sizes`` and time each of the sweep's calls at each size."""
    points: list[Point] = []
    ordered = sorted(sweep.ops, key=lambda op: (op.creates, op.consumes))
    with mock_bedrock_jobs(quotas=LIFTED_QUOTAS, durations=sweep.durations) as env:
        loader = Loader(env, sweep.service)
        context = sweep.prepare(loader)
        client = boto3.client(sweep.service, region_name=REGION)
        made: list[Made] = []
        in_region, cursor, names = 0, 0, itertools.count()
        for size in sizes:
            started = time.perf_counter()
            while in_region < size:
                made.append(sweep.add(loader, context, f"job-{next(names)}"))
                in_region += 1
            if sweep.state == FINISHED:
                env.settle()
            _progress(f"{sweep.label}: {size:,} jobs in {time.perf_counter() - started:.1f} s")
            for op in ordered:
                count = page_calls if op.list_page else calls
                if op.creates or op.consumes:
                    count = max(1, min(count, size // 4))
                targets = _targets(op, made, cursor, size, count)
                points.append(Point(sweep, op.name, size, _time(op, client, context, targets)))
                cursor += len(targets) if op.consumes else 0
                in_region += len(targets) if op.creates else 0
    return points


def run(
    sizes: Sequence[int], *, calls: int, page_calls: int, sweeps: Sequence[Sweep] = SWEEPS
) -> list[Point]:
    return [point for sweep in sweeps for point in run_sweep(sweep, sizes, calls, page_calls)]


def table(points: list[Point]) -> str:
    """One row per sweep and call: microseconds per call at each size, and largest/smallest."""
    sizes = sorted({point.size for point in points})
    rows: dict[tuple[str, str], dict[int, float]] = {}
    for point in points:
        rows.setdefault((point.sweep.label, point.op), {})[point.size] = point.us
    return markdown_table(
        ("family (jobs)", "call", *(f"{size:,}" for size in sizes), "largest/smallest"),
        [
            (
                label,
                op,
                *(f"{costs[size]:,.0f}" for size in sizes),
                ratio(costs[sizes[-1]], costs[sizes[0]]),
            )
            for (label, op), costs in rows.items()
        ],
        align="ll" + "r" * (len(sizes) + 1),
    )


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
