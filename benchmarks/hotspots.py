"""Where the mock's own time goes: cProfile of a case's calls, the mock's functions only.

    python -m benchmarks.hotspots                        # a create, a get, a list page
    python -m benchmarks.hotspots GetModelCopyJob ...    # any operation of benchmarks.cases

For each operation: the share of the call spent inside the mock's hook
(``doors/botocore_hook.before_send``; the rest is botocore, the floor), then the
mock's functions by cumulative time. Profiling slows every call alike; read
shares, not microseconds.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys

from benchmarks import contenders
from benchmarks.cases import PROFILED_OPERATIONS, Case, named

HOOK = ("botocore_hook.py", "before_send")


def profile(case: Case, calls: int) -> pstats.Stats:
    """The profile of ``calls`` calls of ``case`` under the mock (after its warm-up)."""
    profiler = cProfile.Profile()
    with contenders.this_mock() as stage:
        client = stage.client(case.service)
        context = case.prepare(stage, calls + 1)
        case.call(client, context, 0)
        profiler.enable()
        for index in range(1, calls + 1):
            case.call(client, context, index)
        profiler.disable()
    return pstats.Stats(profiler)


def hook_share(stats: pstats.Stats) -> float:
    """The fraction of the profiled time spent inside the mock's ``before-send`` hook."""
    hook = next(
        (
            timing
            for (path, _, function), timing in stats.stats.items()  # type: ignore[attr-defined]
            if path.endswith(HOOK[0]) and function == HOOK[1]
        ),
        None,
    )
    total: float = stats.total_tt  # type: ignore[attr-defined]
    return hook[3] / total if hook and total else 0.0


def report(case: Case, calls: int, top: int = 20) -> str:
    stats = profile(case, calls)
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("cumulative").print_stats("bedrock_jobs_mock", top)
    heading = (
        f"### {case.operation} ({case.family}): {hook_share(stats):.0%} of the call "
        f"inside the mock's hook, {calls} calls"
    )
    return heading + "\n\n```\n" + out.getvalue().strip() + "\n```\n"


def main(operations: list[str]) -> None:
    contenders.use_fake_credentials()
    for case in named(operations or PROFILED_OPERATIONS):
        print(report(case, 20 if case.list_page else 300), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
