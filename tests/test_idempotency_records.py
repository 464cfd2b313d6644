"""The idempotency records of a Region: a window on the mock clock and a bounded size."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bedrock_jobs_mock.engine.idempotency import WINDOW, IdempotencyRecords

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_a_result_is_remembered_within_the_window_only() -> None:
    records = IdempotencyRecords()
    records.remember(("Create", "t"), {"arn": "a"}, T0)
    assert records.get(("Create", "t"), T0 + WINDOW - timedelta(seconds=1)) == {"arn": "a"}
    assert records.get(("Create", "t"), T0 + WINDOW) is None
    assert len(records) == 0


def test_expired_records_are_forgotten_as_new_ones_come() -> None:
    records = IdempotencyRecords()
    for index in range(5):
        records.remember(("Create", f"t{index}"), {}, T0)
    records.remember(("Create", "late"), {}, T0 + WINDOW)
    assert len(records) == 1


def test_the_oldest_records_go_beyond_the_capacity() -> None:
    records = IdempotencyRecords(capacity=3)
    for index in range(5):
        records.remember(("Create", f"t{index}"), {"n": index}, T0)
    assert len(records) == 3
    assert records.get(("Create", "t1"), T0) is None
    assert records.get(("Create", "t4"), T0) == {"n": 4}
