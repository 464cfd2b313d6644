"""The first call of a process: what every test process (every pytest-xdist worker) pays once.

Each sample is a fresh interpreter that has imported boto3 (and, for the
mock, ``bedrock_jobs_mock``: imports are the startup part's) and then times,
as one span, making a client and its first call:

- **mock**: ``with mock_bedrock_jobs():`` a client, and the call the mock answers;
- **floor**: no mock, a client and the same call answered from a trivial
  ``before-send`` hook with the bytes the mock answered (``benchmarks.floor``),
  so the floor pays everything botocore pays on a first call: the client,
  its service model and endpoint rules, serializing, signing, parsing.

The difference is what the mock adds to a first call: its service's modules, its
first decoding, validation and encoding. Both sides import ``bedrock_jobs_mock``
before the span (the floor never starts it): with the package's objects on the
heap, a full garbage collection falls inside a client's creation that would
otherwise fall later, 30 ms that belong to no first call. The two sides run
alternately, with bytecode cached as an installed package has it (one untimed
run of each first writes it).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from benchmarks import contenders, floor
from benchmarks.payloads import REGION, customization_job, dataset
from benchmarks.tables import markdown_table
from benchmarks.timing import median

#: What the issue allows a first call to add to botocore's own first call.
BUDGET_MS = 100.0
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class FirstCall:
    """One first call: a client of ``service`` calling ``operation`` with ``params``."""

    service: str
    operation: str
    method: str
    params: dict[str, object]


FIRST_CALLS = (
    FirstCall(
        "bedrock",
        "CreateModelCustomizationJob",
        "create_model_customization_job",
        customization_job("first-call"),
    ),
    FirstCall("lookoutequipment", "CreateDataset", "create_dataset", dataset()),
)

_MOCK = """
import json, sys, time
import boto3
from bedrock_jobs_mock import mock_bedrock_jobs
case = json.loads(sys.argv[1])
start, cpu = time.perf_counter(), time.process_time()
with mock_bedrock_jobs():
    client = boto3.client(case["service"], region_name=case["region"])
    getattr(client, case["method"])(**case["params"])
print(time.perf_counter() - start, time.process_time() - cpu)
"""

_FLOOR = """
import base64, json, sys, time
import boto3
import bedrock_jobs_mock  # imported, never started: the same interpreter as the mock's side
from benchmarks.floor import Recorded, replaying
case = json.loads(sys.argv[1])
answer = Recorded(case["status"], case["headers"], base64.b64decode(case["body"]))
start, cpu = time.perf_counter(), time.process_time()
client = boto3.client(case["service"], region_name=case["region"])
with replaying(client, case["operation"], answer):
    getattr(client, case["method"])(**case["params"])
print(time.perf_counter() - start, time.process_time() - cpu)
"""


class Span(NamedTuple):
    """One process's timed span, in ms: on the wall clock, and of the process's CPU."""

    wall: float
    cpu: float


@dataclass(frozen=True)
class Result:
    """The spans of one first call, each side, in pairs run one after the other."""

    call: FirstCall
    mock: list[Span]
    floor: list[Span]

    def extra(self, clock: str) -> list[float]:
        """What the mock added in each pair of runs (mock - floor), in ms of ``clock``."""
        return [
            getattr(ours, clock) - getattr(theirs, clock)
            for ours, theirs in zip(self.mock, self.floor)
        ]


def _record(call: FirstCall) -> floor.Recorded:
    """The bytes the mock answers ``call`` with, in a mock of this process."""
    with contenders.this_mock() as stage:
        client = stage.client(call.service)
        with floor.record(client, call.operation) as answers:
            getattr(client, call.method)(**call.params)
    return answers[0]


def _run(script: str, case: dict[str, object]) -> Span:
    """The timed span of ``script`` in a fresh interpreter."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment.update(contenders.FAKE_CREDENTIALS)
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), environment.get("PYTHONPATH")])
    )
    output = subprocess.run(
        [sys.executable, "-c", script, json.dumps(case)],
        check=True,
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
    ).stdout
    wall, cpu = output.strip().splitlines()[-1].split()
    return Span(float(wall) * 1000, float(cpu) * 1000)


def measure(call: FirstCall, repeats: int) -> Result:
    """``repeats`` fresh processes a side, alternating mock and floor."""
    answer = _record(call)
    case: dict[str, object] = {
        "service": call.service,
        "operation": call.operation,
        "method": call.method,
        "params": call.params,
        "region": REGION,
        "status": answer.status,
        "headers": answer.headers,
        "body": base64.b64encode(answer.body).decode("ascii"),
    }
    for script in (_MOCK, _FLOOR):
        _run(script, case)  # writes the bytecode
    mock: list[Span] = []
    bare: list[Span] = []
    for _ in range(repeats):
        mock.append(_run(_MOCK, case))
        bare.append(_run(_FLOOR, case))
    return Result(call, mock, bare)


def run(repeats: int) -> list[Result]:
    return [measure(call, repeats) for call in FIRST_CALLS]


def _spread(values: list[float]) -> str:
    return f"{median(values):,.0f} ({min(values):,.0f} to {max(values):,.0f})"


def table(results: list[Result]) -> str:
    rows = [
        (
            result.call.service,
            result.call.operation,
            _spread([span.wall for span in result.floor]),
            _spread([span.wall for span in result.mock]),
            _spread(result.extra("wall")),
            _spread(result.extra("cpu")),
            "yes" if median(result.extra("wall")) <= BUDGET_MS else "NO",
        )
        for result in results
    ]
    header = (
        "service",
        "first call",
        "floor ms",
        "mock ms",
        "mock - floor ms",
        "mock - floor, CPU ms",
        f"within {BUDGET_MS:.0f} ms",
    )
    return markdown_table(header, rows, align="llrrrrl")
