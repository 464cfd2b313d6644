"""``python -m benchmarks``: every benchmark, printed as Markdown (``make bench`` runs it).

    python -m benchmarks                  # everything, sweep up to $BENCH_LARGEST (100,000)
    python -m benchmarks --quick          # a smoke run of seconds: tiny sizes, one round
    python -m benchmarks --only compare   # parts: startup, first-call, compare, memory,
                                          # scale, records, sync, server
    python -m benchmarks --family "ingestion jobs"   # only that family's cases and sweeps

Progress goes to stderr; the report (tables ready for docs/performance.md)
to stdout. moto columns need moto, the plot needs matplotlib (the ``bench``
extra); without them those parts are skipped, with a note.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import (
    compare,
    contenders,
    first_call,
    ingestion_sync,
    machine,
    memory,
    plot,
    records,
    scale,
    server_load,
    startup,
)
from benchmarks.cases import FAMILIES, PAGE, cases
from benchmarks.sweeps import SWEEPS
from benchmarks.tables import markdown_table

PARTS = ("startup", "first-call", "compare", "memory", "scale", "records", "sync", "server")
DEFAULT_PLOT = Path(__file__).resolve().parent.parent / "docs" / "performance.png"


@dataclass(frozen=True)
class Settings:
    """How much each part measures."""

    rounds: int
    calls: int
    page: int
    page_calls: int
    import_repeats: int
    first_call_repeats: int
    enter_exit_repeats: int
    memory_jobs: int
    sizes: list[int]
    #: Records of the batch inference job of the records part (the quota: 50,000).
    batch_records: int
    #: Documents in the bucket of the sync part.
    sync_objects: int = 10_000
    burst_connections: int = 100
    steady_clients: int = 8
    steady_seconds: float = 5.0


def settings(arguments: argparse.Namespace) -> Settings:
    if arguments.quick:
        return Settings(
            *(1, 3, 5, 2, 1, 1, 10, 20, scale.sizes_up_to(20, smallest=10), 1_000),
            sync_objects=200,
            burst_connections=20,
            steady_clients=2,
            steady_seconds=0.5,
        )
    return Settings(
        rounds=arguments.rounds,
        calls=100,
        page=PAGE,
        page_calls=10,
        import_repeats=7,
        first_call_repeats=7,
        enter_exit_repeats=200,
        memory_jobs=arguments.memory_jobs,
        sizes=scale.sizes_up_to(arguments.largest),
        batch_records=50_000,
    )


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: tiny sizes, 1 round")
    parser.add_argument(
        "--largest",
        type=int,
        default=int(os.environ.get("BENCH_LARGEST", 100_000)),
        help="the largest Region of the scale sweep (default $BENCH_LARGEST or 100000)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=int(os.environ.get("BENCH_ROUNDS", 3)),
        help="interleaved rounds of the side-by-side comparison (default $BENCH_ROUNDS or 3)",
    )
    parser.add_argument(
        "--setup-budget",
        type=float,
        default=float(os.environ.get("BENCH_SETUP_BUDGET", 90)),
        help="seconds a sweep may spend filling its Region (default $BENCH_SETUP_BUDGET or 90)",
    )
    parser.add_argument("--memory-jobs", type=int, default=10_000, help="jobs per memory count")
    parser.add_argument("--only", action="append", choices=PARTS, help="run only these parts")
    parser.add_argument(
        "--family", action="append", choices=FAMILIES, help="measure only these families"
    )
    parser.add_argument("--no-moto", action="store_true", help="leave moto out")
    parser.add_argument("--plot", type=Path, default=DEFAULT_PLOT, help="where the PNG goes")
    parser.add_argument("--no-plot", action="store_true", help="draw no plot")
    return parser.parse_args(argv)


def _section(title: str, *lines: str) -> None:
    print(f"\n## {title}\n", *lines, sep="\n", flush=True)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    arguments = parse(argv)
    chosen = arguments.only or list(PARTS)
    families = set(arguments.family or FAMILIES)
    sweeps = [sweep for sweep in SWEEPS if sweep.family in families]
    measure = settings(arguments)
    with_moto = contenders.moto_installed() and not arguments.no_moto
    contenders.use_fake_credentials()
    started = time.perf_counter()

    command = " ".join(["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])])
    _section(
        "Machine", markdown_table(("what", "value"), [("command", command), *machine.describe()])
    )

    if "startup" in chosen:
        _progress("startup: imports and enter/exit ...")
        imports = startup.import_costs(measure.import_repeats, with_moto=with_moto)
        enter_exit = startup.enter_exit_us(measure.enter_exit_repeats, with_moto=with_moto)
        _section("Startup", startup.table(imports, enter_exit))

    if "first-call" in chosen:
        _progress(f"first-call: {measure.first_call_repeats} fresh processes a side ...")
        _section(
            "First call in a fresh process: ms from making the client to its first answer, "
            f"median (range) of {measure.first_call_repeats} processes a side",
            first_call.table(first_call.run(measure.first_call_repeats)),
        )

    if "compare" in chosen:
        _progress(f"compare: {measure.rounds} interleaved rounds ...")
        rows = compare.compare(
            tuple(case for case in cases(measure.page) if case.family in families),
            rounds=measure.rounds,
            calls=measure.calls,
            page_calls=measure.page_calls,
            with_moto=with_moto,
        )
        _section(
            f"Side by side: µs per call, medians of {measure.rounds} interleaved rounds "
            f"({measure.calls} calls a round; {measure.page_calls} for list pages, "
            f"of {measure.page} items)",
            compare.table(rows),
            "",
            "Not compared with moto:",
            *compare.moto_gaps(rows),
        )

    if "memory" in chosen:
        _progress(f"memory: {measure.memory_jobs:,} completed jobs a family ...")
        _section("Memory per completed job", memory.table(memory.run(measure.memory_jobs, sweeps)))

    if "scale" in chosen:
        _progress(f"scale: Regions of {', '.join(f'{size:,}' for size in measure.sizes)} jobs ...")
        results = scale.run(
            measure.sizes,
            rounds=measure.rounds,
            calls=measure.calls,
            page_calls=measure.page_calls,
            budget=arguments.setup_budget,
            sweeps=sweeps,
        )
        notes = scale.notes(results)
        if arguments.no_plot:
            notes.append("(no plot: --no-plot)")
        elif not plot.available():
            notes.append("(no plot: matplotlib is not installed; `pip install -e '.[bench]'`)")
        else:
            path = plot.draw(results, arguments.plot, "Per-call cost against jobs in the Region")
            notes.append(f"Plot: {path}")
        _section(
            "Scale: µs per call against jobs in the Region, "
            f"medians of {measure.rounds} interleaved rounds",
            scale.table(results),
            "",
            *notes,
        )

    if "records" in chosen:
        title = f"Batch inference records: a job of {measure.batch_records:,} beside moto's S3"
        if with_moto:
            _progress(f"records: a batch job of {measure.batch_records:,} records ...")
            _section(title, records.run(measure.batch_records))
        else:
            _section(title, "(skipped: it needs moto; `pip install -e '.[bench]'`)")
    if "sync" in chosen:
        title = (
            f"Ingestion sync: {measure.sync_objects:,} documents in moto's S3, "
            "a first and an incremental sync"
        )
        if with_moto:
            _progress(f"sync: {measure.sync_objects:,} documents, synced twice ...")
            _section(title, ingestion_sync.run(measure.sync_objects))
        else:
            _section(title, "(skipped: it needs moto; `pip install -e '.[bench]'`)")
    if "server" in chosen:
        against_moto = with_moto and server_load.moto_server_installed()
        _progress(
            f"server: a burst of {measure.burst_connections} connections, "
            f"{measure.steady_clients} client processes for {measure.steady_seconds:g} s ..."
        )
        loads = server_load.run(
            measure.burst_connections,
            measure.steady_clients,
            measure.steady_seconds,
            with_moto=against_moto,
        )
        notes = server_load.summary(loads)
        if with_moto and not against_moto:
            notes.append(
                "(no moto server: it needs flask and flask-cors; the bench extra has them)"
            )
        _section(
            "The server under load, beside moto's server (ms per request; ≥ 1 s: waited for "
            "a SYN retry)",
            server_load.table(loads),
            "",
            *notes,
        )

    _progress(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
