"""Per-call cost against the number of jobs in the Region: 100, 1,000, 10,000, 100,000.

For each sweep (a family, running or finished) one mock grows a Region
through the sizes: the ``Loader`` tops it up to the next size, then each of
the sweep's calls is timed through a boto3 client (median of single calls),
in a few interleaved rounds (median of the rounds), so that a busy spell of
the machine does not land on one call alone. In a round, calls that read
(get, a list page) come first; calls that use up a job (stop, delete) take
jobs from the oldest on, never the one a get reads; the creates come last,
and count towards the next size. Calls that change the Region are capped at
a quarter of its size in all, so it stays within 25% of the size it is
reported at.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import boto3

from bedrock_jobs_mock import mock_bedrock_jobs
from benchmarks.contenders import LIFTED_QUOTAS
from benchmarks.loader import Loader
from benchmarks.payloads import REGION, model_of
from benchmarks.sweeps import FINISHED, SWEEPS, Made, Op, Sweep
from benchmarks.tables import markdown_table, ratio
from benchmarks.timing import median, per_call_us


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


def _targets(op: Op, made: list[Made], cursor: int, tag: str, count: int) -> list[Made]:
    """The jobs ``count`` calls (and one warm-up) of ``op`` work on; new ones are named
    after ``tag``."""
    if op.creates:
        return [
            Made(f"timed-{tag}-{index}", model_of(f"timed-{tag}-{index}"))
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


@dataclass
class SweepResult:
    """The points of one sweep, how long filling the Region took for each size, and why
    it stopped short of the largest size, if it did."""

    sweep: Sweep
    points: list[Point] = field(default_factory=list)
    setup_seconds: dict[int, float] = field(default_factory=dict)
    stopped: str | None = None


def run_sweep(
    sweep: Sweep,
    sizes: Sequence[int],
    *,
    rounds: int,
    calls: int,
    page_calls: int,
    budget: float,
) -> SweepResult:
    """Grow one Region through ``sizes`` and time each of the sweep's calls at each size,
    in ``rounds`` interleaved rounds (a call's cost at a size: the median of its rounds).

    Filling the Region stops for good once it has taken ``budget`` seconds in all
    (the jobs that would have taken longer cost more each as the Region grows)."""
    result = SweepResult(sweep)
    ordered = sorted(sweep.ops, key=lambda op: (op.creates, op.consumes))
    with mock_bedrock_jobs(quotas=LIFTED_QUOTAS, durations=sweep.durations) as env:
        loader = Loader(env, sweep.service)
        context = sweep.prepare(loader)
        client = boto3.client(sweep.service, region_name=REGION)
        made: list[Made] = []
        in_region, cursor, names, spent = 0, 0, itertools.count(), 0.0
        for size in sizes:
            started, before = time.perf_counter(), in_region
            while in_region < size and spent + time.perf_counter() - started <= budget:
                made.append(sweep.add(loader, context, f"job-{next(names)}"))
                in_region += 1
            took = time.perf_counter() - started
            spent += took
            if in_region < size:
                rate = (in_region - before) / took
                result.stopped = (
                    f"stopped before {size:,} jobs: filling the Region passed the budget of "
                    f"{budget:.0f} s at {in_region:,} jobs (the last {in_region - before:,} "
                    f"added at {1000 / rate:.2f} ms each)"
                )
                _progress(f"{sweep.label}: {result.stopped}")
                break
            if sweep.state == FINISHED:
                env.settle()
            result.setup_seconds[size] = took
            _progress(f"{sweep.label}: {size:,} jobs in {took:.1f} s")
            samples: dict[str, list[float]] = {op.name: [] for op in ordered}
            for round_ in range(rounds):
                for op in ordered:
                    count = page_calls if op.list_page else calls
                    if op.creates or op.consumes:
                        count = max(1, min(count, size // (4 * rounds)))
                    targets = _targets(op, made, cursor, f"{size}-{round_}", count)
                    samples[op.name].append(_time(op, client, context, targets))
                    cursor += len(targets) if op.consumes else 0
                    in_region += len(targets) if op.creates else 0
            for op in ordered:
                result.points.append(Point(sweep, op.name, size, median(samples[op.name])))
    return result


def run(
    sizes: Sequence[int],
    *,
    rounds: int,
    calls: int,
    page_calls: int,
    budget: float,
    sweeps: Sequence[Sweep] = SWEEPS,
) -> list[SweepResult]:
    return [
        run_sweep(sweep, sizes, rounds=rounds, calls=calls, page_calls=page_calls, budget=budget)
        for sweep in sweeps
    ]


def notes(results: list[SweepResult]) -> list[str]:
    """One line per sweep that stopped short, and the time filling each largest Region took."""
    lines = [f"- {result.sweep.label}: {result.stopped}" for result in results if result.stopped]
    for result in results:
        if result.setup_seconds:
            largest = max(result.setup_seconds)
            total = sum(result.setup_seconds.values())
            lines.append(f"- {result.sweep.label}: filled to {largest:,} jobs in {total:.0f} s")
    return lines


def table(results: list[SweepResult]) -> str:
    """One row per sweep and call: microseconds per call at each size, and the ratio of
    the largest size reached to the smallest (``-``: a size the sweep did not reach)."""
    points = [point for result in results for point in result.points]
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
                *(f"{costs[size]:,.0f}" if size in costs else "-" for size in sizes),
                ratio(costs[max(costs)], costs[min(costs)]),
            )
            for (label, op), costs in rows.items()
        ],
        align="ll" + "r" * (len(sizes) + 1),
    )


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
