"""Side by side: each case through the floor, this mock and moto, in interleaved rounds.

Per round and case, each contender gets a fresh stage (its own mock active
alone), prepares the case's state, makes one untimed warm-up call, then
``calls`` timed calls; its cost is their median. A contender's cost is the
median over the rounds. moto is measured only where it serves the case: it
has no backend for the service, or it raises ``NotImplementedError`` for
the operation (or for one the preparation needs), is found out by trying.

Each round also measures the mock against the floor a second way
(``alternating_ratio``): their calls alternate one by one in one process, the
mock's hook switched off for each floor call, so a slow spell of the machine
and the processor's caches weigh on both sides alike; moto cannot be switched
per call, so it is measured only in blocks.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Callable

import boto3

from bedrock_jobs_mock.doors import botocore_hook
from benchmarks import contenders
from benchmarks.cases import Case
from benchmarks.floor import Recorded, record, replaying
from benchmarks.payloads import REGION
from benchmarks.tables import markdown_table
from benchmarks.timing import median, per_call_us

StageFactory = Callable[[], AbstractContextManager[contenders.Stage]]


@dataclass(frozen=True)
class Row:
    """One case's microseconds per call, one a round per contender; ``moto`` empty, with
    a reason, when moto does not serve the case (or is not installed).

    A ratio is the median of the rounds' ratios: the contenders of one round ran
    moments apart, so a busy spell of the machine weighs on both sides of it.
    """

    case: Case
    floor: list[float]
    mock: list[float]
    moto: list[float]
    moto_note: str = ""
    #: Each round's mock/floor ratio with the two calls alternating one by one.
    alternating: list[float] = field(default_factory=list)

    def ratios(self, other: list[float]) -> list[float]:
        return [mine / theirs for mine, theirs in zip(self.mock, other)]


@dataclass(frozen=True)
class Recording:
    """The mock's answer to a case's call, and the context its calls were made with."""

    answer: Recorded
    context: Any


def record_case(case: Case, calls: int) -> Recording:
    """Prepare ``case`` under the mock and record its answer to the first call."""
    with contenders.this_mock() as stage:
        client = stage.client(case.service)
        context = case.prepare(stage, calls + 1)
        with record(client, case.operation) as answers:
            case.call(client, context, 0)
    return Recording(answers[-1], context)


def _timed_calls(case: Case, client: Any, context: Any, calls: int) -> float:
    case.call(client, context, 0)
    return per_call_us(lambda index: case.call(client, context, index), range(1, calls + 1))


def time_in(stage_factory: StageFactory, case: Case, calls: int) -> float:
    """Microseconds per call of ``case`` in a fresh stage of a mock."""
    with stage_factory() as stage:
        client = stage.client(case.service)
        context = case.prepare(stage, calls + 1)
        return _timed_calls(case, client, context, calls)


def time_floor(case: Case, recording: Recording, calls: int) -> float:
    """Microseconds per call of ``case`` answered by replaying the mock's bytes."""
    with contenders.bare() as stage:
        client = stage.client(case.service)
        with replaying(client, case.operation, recording.answer):
            return _timed_calls(case, client, recording.context, calls)


def alternating_ratio(case: Case, recording: Recording, calls: int) -> float:
    """The mock's cost over the floor's with their calls alternating one by one in one
    mock (switched off for each floor call): both run with the same machine speed and
    the same code in the processor's caches. The median of the calls' ratios."""
    clock = time.perf_counter
    with contenders.this_mock() as stage:
        backend = stage.env.backend
        client = stage.client(case.service)
        context = case.prepare(stage, calls + 1)
        floor_client = boto3.client(case.service, region_name=REGION)
        ratios = []
        with replaying(floor_client, case.operation, recording.answer):
            for index in range(calls + 1):
                started = clock()
                case.call(client, context, index)
                mock_seconds = clock() - started
                botocore_hook.activate(None)  # the floor's replay answers alone
                try:
                    started = clock()
                    case.call(floor_client, recording.context, index)
                    floor_seconds = clock() - started
                finally:
                    botocore_hook.activate(backend)
                if index:  # the first pair warms up
                    ratios.append(mock_seconds / floor_seconds)
    return median(ratios)


def why_moto_cannot(case: Case) -> str | None:
    """None when moto serves ``case`` (and what it needs first); else the reason, measured."""
    if not contenders.moto_has_backend(case.service):
        return f"moto has no {case.service} backend"
    try:
        time_in(contenders.moto, case, 1)
    except NotImplementedError as error:
        return f"moto: {error}"
    return None


def compare(
    cases: tuple[Case, ...],
    *,
    rounds: int,
    calls: int,
    page_calls: int,
    with_moto: bool,
) -> list[Row]:
    """Interleaved rounds (floor, mock, moto) over every case; medians per contender."""
    calls_of = {case: page_calls if case.list_page else calls for case in cases}
    recordings = {case: record_case(case, calls_of[case]) for case in cases}
    moto_gap = {
        case: why_moto_cannot(case) if with_moto else "moto not installed" for case in cases
    }
    samples: dict[Case, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for _ in range(rounds):
        for case in cases:
            count = calls_of[case]
            samples[case]["floor"].append(time_floor(case, recordings[case], count))
            samples[case]["mock"].append(time_in(contenders.this_mock, case, count))
            samples[case]["alternating"].append(alternating_ratio(case, recordings[case], count))
            if moto_gap[case] is None:
                samples[case]["moto"].append(time_in(contenders.moto, case, count))
    return [
        Row(
            case,
            samples[case]["floor"],
            samples[case]["mock"],
            samples[case]["moto"],
            moto_gap[case] or "",
            samples[case]["alternating"],
        )
        for case in cases
    ]


def _microseconds(samples: list[float]) -> str:
    return f"{median(samples):,.0f}" if samples else "-"


def _ratio(ratios: list[float]) -> str:
    """The median ratio, and the range over the rounds when there are several."""
    if not ratios:
        return "-"
    spread = f" ({min(ratios):.2f}-{max(ratios):.2f})" if len(ratios) > 1 else ""
    return f"{median(ratios):.2f}x{spread}"


def table(rows: list[Row]) -> str:
    """The side-by-side table, in Markdown: medians over the rounds."""
    return markdown_table(
        (
            "family",
            "operation",
            "floor µs",
            "mock µs",
            "moto µs",
            "mock/floor",
            "alternating",
            "mock/moto",
        ),
        [
            (
                row.case.family,
                row.case.operation,
                _microseconds(row.floor),
                _microseconds(row.mock),
                _microseconds(row.moto),
                _ratio(row.ratios(row.floor)),
                _ratio(row.alternating),
                _ratio(row.ratios(row.moto)),
            )
            for row in rows
        ],
        align="llrrrrrr",
    )


def moto_gaps(rows: list[Row]) -> Iterator[str]:
    """One line per case moto does not serve, with the reason found."""
    for row in rows:
        if not row.moto:
            yield f"- {row.case.family} / {row.case.operation}: {row.moto_note}"
