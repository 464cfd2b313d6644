"""The batch records benchmark runs end to end in its quickest mode, so it cannot rot
(never a timed test: only that it ran and printed its tables)."""

from __future__ import annotations

import pytest

from tests.test_benchmarks import cells, run_harness


def test_the_records_part_times_both_passes_and_traces_the_peak() -> None:
    pytest.importorskip("moto")
    report = run_harness("--only", "records")
    assert "## Batch inference records: a job of 1,000 beside moto's S3" in report
    rows = cells(report)
    passes = [row for row in rows if row[0].startswith(("validate", "answer"))]
    assert [row[1] for row in passes] == ["1,000", "1,000"]
    peaks = [row for row in rows if row[0] in ("moto's S3", "S3 of plain bytes")]
    assert [row[1] for row in peaks] == ["1 file", "5 files", "1 file", "5 files"]


def test_without_moto_the_records_part_says_it_is_skipped() -> None:
    report = run_harness("--only", "records", "--no-moto")
    assert "(skipped: it needs moto" in report
