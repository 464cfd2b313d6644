"""The benchmark harness runs end to end in its quickest mode, so it cannot rot.

Never a timed test: the numbers are not checked, only that every part ran
and printed its table. The harness runs in a child process, as ``make bench``
runs it. moto and matplotlib are optional: their tests skip without them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import has_operation

ROOT = Path(__file__).resolve().parent.parent


def run_module(module: str, *arguments: str) -> str:
    """What ``python -m module arguments`` prints, run from the checkout; it must succeed."""
    completed = subprocess.run(
        [sys.executable, "-m", module, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def run_harness(*arguments: str) -> str:
    return run_module("benchmarks", "--quick", *arguments)


def cells(report: str) -> list[list[str]]:
    """The cells of every Markdown table row of ``report``."""
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in report.splitlines()
        if line.startswith("|")
    ]


def test_every_part_runs_and_prints_its_table() -> None:
    report = run_harness("--no-moto", "--no-plot")
    for title in ("## Machine", "## Startup", "## First call", "## Side by side", "## Memory"):
        assert title in report
    assert "## Scale" in report
    for operation in ("CreateModelCustomizationJob", "ListModels", "DescribeModelVersion"):
        assert operation in report
    assert any(row[:2] == ["customization jobs (running)", "stop"] for row in cells(report))
    # The oldest supported botocore has no StopIngestionJob: its cases are left out there.
    stops_ingestion = has_operation("bedrock-agent", "StopIngestionJob")
    for operation in ("StartIngestionJob", "StopIngestionJob", "BatchDeleteEvaluationJob"):
        assert (operation in report) is (operation != "StopIngestionJob" or stops_ingestion)
    swept = {tuple(row[:2]) for row in cells(report)}
    assert (("ingestion jobs (running)", "stop") in swept) is stops_ingestion
    assert {
        ("ingestion jobs (running)", "get"),
        ("ingestion jobs (finished)", "list page"),
        ("evaluation jobs (running)", "stop"),
        ("evaluation jobs (finished)", "delete"),
    } <= swept
    remembered = {row[0] for row in cells(report) if len(row) == 4}
    assert {"ingestion jobs", "evaluation jobs"} <= remembered
    assert "(skipped: it needs moto" in report.split("## Ingestion sync")[1]
    first_calls = {
        row[1]: row for row in cells(report) if row[0] in ("bedrock", "lookoutequipment")
    }
    assert set(first_calls) == {"CreateModelCustomizationJob", "CreateDataset"}
    assert all(re.fullmatch(r"\d+ \(\d+ to \d+\)", row[3]) for row in first_calls.values())
    assert all(len(row) == 7 for row in first_calls.values())


def test_the_server_is_measured_under_a_burst_and_steady_load() -> None:
    report = run_harness("--only", "server", "--no-moto")
    assert "## The server under load" in report
    rows = {row[0]: row for row in cells(report) if len(row) == 9}
    burst, steady = rows["burst of 20 connections"], rows["2 client processes, 0.5 s"]
    assert burst[1] == steady[1] == "bedrock-jobs-mock"
    assert burst[2] == "20"
    assert int(steady[2].replace(",", "")) > 0
    assert "- bedrock-jobs-mock, burst of 20 connections: " in report


def test_the_server_is_compared_with_motos_server() -> None:
    for module in ("moto", "flask", "flask_cors"):
        pytest.importorskip(module)
    report = run_harness("--only", "server")
    servers = [row[1] for row in cells(report) if len(row) == 9][2:]  # past header and rule
    assert servers == ["bedrock-jobs-mock", "bedrock-jobs-mock", "moto", "moto"]
    assert "Steady throughput against moto's server: " in report


def test_the_sweep_draws_its_plot(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    plot = tmp_path / "performance.png"
    report = run_harness("--only", "scale", "--family", "Lookout models", "--plot", str(plot))
    assert f"Plot: {plot}" in report
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_moto_is_compared_where_it_serves_the_operation() -> None:
    pytest.importorskip("moto")
    report = run_harness(
        "--only",
        "compare",
        *("--family", "customization jobs"),
        *("--family", "model import jobs"),
        *("--family", "Lookout models"),
    )
    rows = {row[1]: row for row in cells(report) if len(row) == 8 and row[1].endswith("Job")}
    assert rows["CreateModelCustomizationJob"][4] != "-"
    assert rows["CreateModelImportJob"][4] == "-"
    assert rows["GetModelCustomizationJob"][6].endswith("x")  # the alternating ratio
    assert "moto has no lookoutequipment backend" in report


def test_moto_serves_neither_ingestion_nor_evaluation_jobs_and_the_report_says_why() -> None:
    pytest.importorskip("moto")
    report = run_harness(
        *("--only", "compare"), *("--family", "ingestion jobs"), *("--family", "evaluation jobs")
    )
    rows = {row[1]: row for row in cells(report) if len(row) == 8}
    assert rows["StartIngestionJob"][4] == rows["CreateEvaluationJob"][4] == "-"
    assert rows["ListIngestionJobs"][6].endswith("x")
    assert "- ingestion jobs / StartIngestionJob: moto: " in report
    assert "- evaluation jobs / BatchDeleteEvaluationJob: moto: " in report


def test_the_sync_part_counts_a_first_and_an_incremental_sync() -> None:
    pytest.importorskip("moto")
    report = run_harness("--only", "sync")
    assert "## Ingestion sync: 200 documents in moto's S3" in report
    syncs = [row[:4] for row in cells(report) if row[0] in ("first", "incremental")]
    assert syncs == [
        ["first", "scan (list, compare)", "200", "200"],
        ["first", "index (apply, count)", "200", "200"],
        ["incremental", "scan (list, compare)", "200", "6"],
        ["incremental", "index (apply, count)", "200", "6"],
    ]
    assert re.search(r"first sync -?\d+\.\d\d µs; incremental sync -?\d+\.\d\d µs", report)


def test_the_stages_of_a_call_are_timed_in_place() -> None:
    report = run_module("benchmarks.stages", "GetModelImportJob")
    assert re.search(
        r"### GetModelImportJob \(model import jobs\): mock/floor \d+\.\d\dx alternating, "
        r"the door alone \d+\.\d\dx, \d+ calls",
        report,
    )
    stages = {row[0] for row in cells(report)}
    assert {"decoding", "validation", "encoding", "dispatch.handle, in all"} <= stages
