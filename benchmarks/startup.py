"""What a test suite pays before its first call: importing the package on top of boto3,
and entering and leaving a mock (``with mock_bedrock_jobs():`` against ``with mock_aws():``).

Imports are timed in fresh interpreters (a module imports once per process),
each measuring only its own import after ``import boto3``, with compiled
bytecode cached as an installed package has it: the interpreters may write
it (whatever ``PYTHONDONTWRITEBYTECODE`` says) and one untimed run of each
import writes it first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any, Callable

from benchmarks.tables import markdown_table, ratio
from benchmarks.timing import median, per_call_us

#: What each timed import is measured on top of.
BASE_IMPORT = "import boto3"
IMPORTS = {
    "boto3 (on top of nothing)": ("", BASE_IMPORT),
    "bedrock_jobs_mock (on top of boto3)": (BASE_IMPORT, "import bedrock_jobs_mock"),
    "moto's mock_aws (on top of boto3)": (BASE_IMPORT, "from moto import mock_aws"),
}

_TIMER = """
import time
{before}
start = time.perf_counter()
{statement}
print(time.perf_counter() - start)
"""


def import_ms(before: str, statement: str) -> float:
    """Milliseconds ``statement`` takes in a fresh interpreter that has run ``before``."""
    script = _TIMER.format(before=before, statement=statement)
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    output = subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        capture_output=True,
        text=True,
        env=environment,
    ).stdout
    return float(output.strip().splitlines()[-1]) * 1000


def import_costs(repeats: int, *, with_moto: bool) -> dict[str, float]:
    """Median milliseconds of each import, over ``repeats`` fresh interpreters each,
    interleaved so that a busy moment of the machine hits them all alike."""
    chosen = {label: pair for label, pair in IMPORTS.items() if with_moto or "moto" not in label}
    samples: dict[str, list[float]] = {label: [] for label in chosen}
    for before, statement in chosen.values():
        import_ms(before, statement)  # compiles and caches the bytecode
    for _ in range(repeats):
        for label, (before, statement) in chosen.items():
            samples[label].append(import_ms(before, statement))
    return {label: median(values) for label, values in samples.items()}


def _enter_exit(factory: Callable[[], Any]) -> Callable[[int], None]:
    def once(_: int) -> None:
        with factory():
            pass

    return once


def enter_exit_us(repeats: int, *, with_moto: bool) -> dict[str, float | None]:
    """Median microseconds of entering and leaving each mock once, with no call made."""
    from bedrock_jobs_mock import mock_bedrock_jobs

    costs: dict[str, float | None] = {
        "with mock_bedrock_jobs(): pass": per_call_us(
            _enter_exit(mock_bedrock_jobs), range(repeats)
        ),
        "with mock_aws(): pass": None,
    }
    if with_moto:
        from moto import mock_aws

        costs["with mock_aws(): pass"] = per_call_us(_enter_exit(mock_aws), range(repeats))
    return costs


def table(imports: dict[str, float], enter_exit: dict[str, float | None]) -> str:
    rows = [(label, f"{cost:,.1f} ms") for label, cost in imports.items()]
    rows += [
        (label, "-" if cost is None else f"{cost / 1000:,.3f} ms")
        for label, cost in enter_exit.items()
    ]
    ours, moto = enter_exit.values()
    if moto is not None and ours is not None:
        rows.append(("enter+exit, mock/moto", ratio(ours, moto)))
    return markdown_table(("what", "median cost"), rows, align="lr")
