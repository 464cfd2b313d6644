"""Where a call's time goes in the mock, measured in place: each stage's median µs while
the calls alternate with the floor's, as the side-by-side table's alternating ratio does.

    python -m benchmarks.stages                          # a create, a get, a list page
    python -m benchmarks.stages GetModelCopyJob ...      # any operation of benchmarks.cases

A profiler (``benchmarks.hotspots``) times the mock with nothing else running
between its calls, and slows every call alike. Between two real calls botocore
runs too, and evicts the mock's code and data from the processor's caches: the
same stage then costs two to three times what it costs in a loop of its own.
Here a timer wraps each stage of the hook and of ``dispatch.handle`` while
the mock's calls alternate one by one with the floor's. The timers add a little
to each stage; read the stages against each other and against the call's extra
cost over the floor (mock µs - floor µs), not as exact figures.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from typing import Any

from bedrock_jobs_mock.doors import botocore_hook
from bedrock_jobs_mock.engine import dispatch
from bedrock_jobs_mock.engine.identifiers import long_id
from bedrock_jobs_mock.engine.protocol import HttpResponse
from bedrock_jobs_mock.engine.protocol.json_rpc import JsonRpcProtocol
from bedrock_jobs_mock.engine.protocol.rest_json import RestJsonProtocol
from benchmarks import contenders
from benchmarks.cases import PROFILED_OPERATIONS, Case, named
from benchmarks.compare import Recording, alternating_ratio, record_case
from benchmarks.tables import markdown_table
from benchmarks.timing import MICROSECONDS, median

#: (owner, attribute, stage): what each timer wraps, in the order a request meets them.
STAGES: tuple[tuple[Any, str, str], ...] = (
    (botocore_hook, "caller_identity", "account and Region from the signature"),
    (botocore_hook, "handle", "dispatch.handle, in all"),
    (RestJsonProtocol, "decode", "decoding"),
    (JsonRpcProtocol, "decode", "decoding"),
    (dispatch, "validate_input", "validation"),
    (dispatch, "_call_idempotently", "the handler (with idempotency)"),
    (RestJsonProtocol, "encode", "encoding"),
    (JsonRpcProtocol, "encode", "encoding"),
    (dispatch, "long_id", "the request id"),
    (botocore_hook, "HookResponse", "the response object"),
)


@contextmanager
def _timer(owner: Any, name: str, samples: list[float], timing: list[bool]) -> Iterator[None]:
    """``owner.name`` wrapped so that each call's seconds go to ``samples`` while
    ``timing[0]`` is true."""
    original = getattr(owner, name)
    clock = time.perf_counter

    def timed(*args: Any, **kwargs: Any) -> Any:
        if not timing[0]:
            return original(*args, **kwargs)
        started = clock()
        try:
            return original(*args, **kwargs)
        finally:
            samples.append(clock() - started)

    setattr(owner, name, timed)
    try:
        yield
    finally:
        setattr(owner, name, original)


def measure(case: Case, calls: int) -> tuple[float, dict[str, float]]:
    """The alternating mock/floor ratio of ``case`` and each stage's median µs, with
    ``calls`` calls each."""
    recording = record_case(case, calls)
    samples: dict[str, list[float]] = defaultdict(list)
    timing = [False]  # on during the timed calls only: not while the case prepares

    def call(client: Any, context: Any, index: int) -> Any:
        timing[0] = index > 0  # call 0 warms up
        try:
            return case.call(client, context, index)
        finally:
            timing[0] = False

    with ExitStack() as timers:
        for owner, name, stage in STAGES:
            timers.enter_context(_timer(owner, name, samples[stage], timing))
        ratio = alternating_ratio(replace(case, call=call), recording, calls)
    return ratio, {
        stage: median(seconds) * MICROSECONDS for stage, seconds in samples.items() if seconds
    }


def door_alone(case: Case, recording: Recording, calls: int) -> float:
    """The alternating mock/floor ratio of ``case`` when ``dispatch.handle`` answers the
    recorded bytes instead of serving the timed calls (the case prepares as usual)."""
    answer, replaying = recording.answer, [False]
    headers = {
        name: value for name, value in answer.headers.items() if name.lower() != "x-amzn-requestid"
    }
    serve = botocore_hook.handle

    def handle(*args: Any, **kwargs: Any) -> HttpResponse:
        if not replaying[0]:
            return serve(*args, **kwargs)
        response = HttpResponse(answer.status, dict(headers), answer.body)
        response.headers["x-amzn-RequestId"] = long_id()
        return response

    def call(client: Any, context: Any, index: int) -> Any:
        replaying[0] = True
        try:
            return case.call(client, context, index)
        finally:
            replaying[0] = False

    botocore_hook.handle = handle
    try:
        return alternating_ratio(replace(case, call=call), recording, calls)
    finally:
        botocore_hook.handle = serve


def report(case: Case, calls: int) -> str:
    ratio, stages = measure(case, calls)
    door = door_alone(case, record_case(case, calls), calls)
    rows = [(stage, f"{microseconds:,.1f}") for stage, microseconds in stages.items()]
    heading = (
        f"### {case.operation} ({case.family}): mock/floor {ratio:.2f}x alternating, "
        f"the door alone {door:.2f}x, {calls} calls"
    )
    table = markdown_table(("stage", "median µs in place"), rows, align="lr")
    return heading + "\n\n" + table + "\n"


def main(operations: list[str]) -> None:
    contenders.use_fake_credentials()
    for case in named(operations or PROFILED_OPERATIONS):
        print(report(case, 40 if case.list_page else 500), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
