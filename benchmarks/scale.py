"""Per-call cost against the number of jobs in the Region: 100, 1,000, 10,000, 100,000.

For each sweep (a family, running or finished) one mock holds a Region of
every size, each in an account of its own (``account_for``): what issue 10
asks to stay flat is the cost against the jobs of one account and Region.
The ``Loader`` fills them, then each of the sweep's calls is timed through a
boto3 client of that account, one call in each Region in turn (median of
single calls), in a few rounds (median of the rounds), so that a slow spell
of the machine weighs on every size alike instead of on the one it landed
on.
In a round, calls that read (get, a list page) come first; calls that use up
a job (stop, delete) take jobs from the oldest on, never the one a get reads;
the creates come last. Calls that change a Region are capped at a quarter of
its size in all, so it stays within 25% of the size it is reported at.
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
from benchmarks.timing import MICROSECONDS, median


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


@dataclass
class SweepResult:
    """The points of one sweep, how long filling the Region took for each size, and why
    it stopped short of the largest size, if it did."""

    sweep: Sweep
    points: list[Point] = field(default_factory=list)
    setup_seconds: dict[int, float] = field(default_factory=dict)
    stopped: str | None = None


@dataclass
class _Region:
    """The Region of one size: an account of its own in the sweep's mock, with the
    jobs made there and how far the calls that use them up have got."""

    size: int
    loader: Loader
    client: Any
    context: Any
    made: list[Made] = field(default_factory=list)
    cursor: int = 0


def account_for(size: int) -> str:
    """The account whose Region holds ``size`` jobs: its 12 digits are the size."""
    return f"{size:012d}"


def _region(sweep: Sweep, env: Any, size: int) -> _Region:
    account = account_for(size)
    loader = Loader(env, sweep.service, account=account)
    client = boto3.client(
        sweep.service,
        region_name=REGION,
        aws_access_key_id=account,  # a 12-digit key acts as that account
        aws_secret_access_key="benchmark",
        aws_session_token=None,
    )
    return _Region(size, loader, client, sweep.prepare(loader))


def _time_side_by_side(op: Op, regions: list[_Region], targets: list[list[Made]]) -> list[float]:
    """The median cost of ``op`` in each Region, its calls made one Region after the
    other (after one untimed call in each): ``targets[i]`` are the jobs of ``regions[i]``."""
    for region, mine in zip(regions, targets):
        op.call(region.client, region.context, mine[0])
    samples: list[list[float]] = [[] for _ in regions]
    for index in range(1, max(len(mine) for mine in targets)):
        for region, mine, costs in zip(regions, targets, samples):
            if index < len(mine):
                started = time.perf_counter()
                op.call(region.client, region.context, mine[index])
                costs.append((time.perf_counter() - started) * MICROSECONDS)
    return [median(costs) for costs in samples]


def run_sweep(
    sweep: Sweep,
    sizes: Sequence[int],
    *,
    rounds: int,
    calls: int,
    page_calls: int,
    budget: float,
) -> SweepResult:
    """Fill one Region per size (each of its own account, in one mock), then time each of
    the sweep's calls in every Region, one call in each in turn, in ``rounds`` rounds
    (a call's cost at a size: the median of its rounds): a slow spell of the machine
    weighs on every size alike.

    Filling stops for good once it has taken ``budget`` seconds in all (the jobs that
    would have taken longer cost more each as the Region grows)."""
    result = SweepResult(sweep)
    ordered = sorted(sweep.ops, key=lambda op: (op.creates, op.consumes))
    with mock_bedrock_jobs(quotas=LIFTED_QUOTAS, durations=sweep.durations) as env:
        regions: list[_Region] = []
        names, spent = itertools.count(), 0.0
        for size in sizes:
            region = _region(sweep, env, size)
            started = time.perf_counter()
            while len(region.made) < size and spent + time.perf_counter() - started <= budget:
                region.made.append(sweep.add(region.loader, region.context, f"job-{next(names)}"))
            took = time.perf_counter() - started
            spent += took
            if len(region.made) < size:
                rate = len(region.made) / took
                result.stopped = (
                    f"stopped before {size:,} jobs: filling the Region passed the budget of "
                    f"{budget:.0f} s at {len(region.made):,} jobs ({1000 / rate:.2f} ms each)"
                )
                _progress(f"{sweep.label}: {result.stopped}")
                break
            result.setup_seconds[size] = took
            regions.append(region)
            _progress(f"{sweep.label}: {size:,} jobs in {took:.1f} s")
        if sweep.state == FINISHED:
            env.settle()
        samples: dict[tuple[int, str], list[float]] = {
            (region.size, op.name): [] for region in regions for op in ordered
        }
        for round_ in range(rounds):
            for op in ordered:
                targets = []
                count = page_calls if op.list_page else calls
                if op.creates or op.consumes:
                    # The smallest Region's share, in every Region: one called less often
                    # than the others finds its state cold in the processor's caches at
                    # each call, and reads up to 10% dearer for that alone.
                    count = max(1, min(count, min(r.size for r in regions) // (4 * rounds)))
                for region in regions:
                    tag = f"{region.size}-{round_}"
                    targets.append(_targets(op, region.made, region.cursor, tag, count))
                    region.cursor += len(targets[-1]) if op.consumes else 0
                costs = _time_side_by_side(op, regions, targets)
                for region, cost in zip(regions, costs):
                    samples[(region.size, op.name)].append(cost)
        for (size, name), costs in samples.items():
            result.points.append(Point(sweep, name, size, median(costs)))
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
