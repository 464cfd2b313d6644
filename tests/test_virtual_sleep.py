"""virtual_sleep=True: time.sleep and asyncio.sleep return at once and move the mock clock."""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import boto3
import pytest

from bedrock_jobs_mock import mock_bedrock_jobs
from tests.factories import START, import_job_request

#: The durations of the mocked services' real sleeps are never asked for: only the zero-length
#: sleep a virtual sleep makes to let other threads run.
NO_REAL_WAIT = {0}


@pytest.fixture
def real_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every length ``time.sleep`` (the real one, as the mock finds it) is asked to sleep."""
    asked: list[float] = []
    real = time.sleep

    def recording_sleep(seconds: float) -> None:
        asked.append(seconds)
        real(seconds)

    monkeypatch.setattr(time, "sleep", recording_sleep)
    return asked


def _poll_until_done(bedrock: Any, arn: str, every: float) -> dict[str, Any]:
    """The loop real code runs: look, and sleep ``every`` seconds while the job runs."""
    while True:
        job: dict[str, Any] = bedrock.get_model_import_job(jobIdentifier=arn)
        if job["status"] != "InProgress":
            return job
        time.sleep(every)


def test_a_60_second_polling_loop_over_a_15_minute_import_ends_at_once(
    real_sleeps: list[float],
) -> None:
    with mock_bedrock_jobs(virtual_sleep=True, start_time=START) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
        job = _poll_until_done(bedrock, arn, every=60)
        assert job["status"] == "Completed"
        assert env.clock.now() == START + timedelta(minutes=15)
        assert job["endTime"] == START + timedelta(minutes=15)
        polls = [c for c in env.calls if c.operation == "GetModelImportJob"]
        assert len(polls) == 16
    assert set(real_sleeps) <= NO_REAL_WAIT


@pytest.mark.bedrock_jobs(virtual_sleep=True)
def test_the_marker_turns_it_on(real_sleeps: list[float], bedrock_jobs: Any) -> None:
    # real_sleeps first: its recording sleep is in place before the mock starts.
    before = bedrock_jobs.clock.now()
    time.sleep(90.5)
    assert bedrock_jobs.clock.now() - before == timedelta(seconds=90.5)
    assert set(real_sleeps) <= NO_REAL_WAIT


def test_sleeps_in_worker_threads_move_the_one_clock(real_sleeps: list[float]) -> None:
    many = {"concurrent_model_import_jobs": 4, "imported_models": 4}
    with mock_bedrock_jobs(virtual_sleep=True, quotas=many, start_time=START) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        arns = [
            bedrock.create_model_import_job(**import_job_request(f"job-{n}", f"model-{n}"))[
                "jobArn"
            ]
            for n in range(4)
        ]
        finished: dict[str, str] = {}

        def worker(arn: str) -> None:
            client = boto3.client("bedrock", region_name="us-east-1")
            finished[arn] = _poll_until_done(client, arn, every=30)["status"]

        threads = [threading.Thread(target=worker, args=(arn,)) for arn in arns]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert finished == dict.fromkeys(arns, "Completed")
        # The four sleeps overlapped as in real time: the clock shows one job's duration.
        assert env.clock.now() == START + timedelta(minutes=15)
    assert set(real_sleeps) <= NO_REAL_WAIT


def _poll_in_threads(periods: list[float], polls: int) -> tuple[list[list[datetime]], datetime]:
    """Threads polling with ``periods[n]`` seconds between ``polls`` polls each, started one
    after the other and each held up a little in real time before its first poll (as a slow
    client creation would); when each one polled, on the mock clock, and where it ended."""
    with mock_bedrock_jobs(virtual_sleep=True, start_time=START) as env:
        seen: list[list[datetime]] = [[] for _ in periods]

        def poller(n: int) -> None:
            threading.Event().wait(0.01 * n)  # real time, not a (virtual) sleep
            bedrock = boto3.client("bedrock", region_name="us-east-1")
            for _ in range(polls):
                bedrock.list_model_import_jobs()
                seen[n].append(env.clock.now())
                time.sleep(periods[n])

        threads = [threading.Thread(target=poller, args=(n,)) for n in range(len(periods))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return seen, env.clock.now()


def test_threads_polling_together_end_at_the_same_mock_time_on_every_run() -> None:
    polls = 8
    every_30s = [START + timedelta(seconds=30 * k) for k in range(polls)]
    began = time.monotonic()
    for _ in range(4):
        seen, end = _poll_in_threads([30, 30, 30], polls)
        assert seen == [every_30s] * 3
        # Overlapping as in real time: 8 x 30 s, not 3 x 8 x 30 s.
        assert end == START + timedelta(seconds=polls * 30)
    # The main thread, joining the pollers, never held them up for the one-second grace.
    assert time.monotonic() - began < 3.5


def test_threads_with_different_periods_wake_in_the_order_of_their_wake_times() -> None:
    for _ in range(3):
        seen, end = _poll_in_threads([30, 45], polls=4)
        assert seen == [
            [START + timedelta(seconds=s) for s in (0, 30, 60, 90)],
            [START + timedelta(seconds=s) for s in (0, 45, 90, 135)],
        ]
        assert end == START + timedelta(seconds=180)


def test_pollers_in_a_pool_overlap_and_the_idle_worker_holds_the_clock_once_at_most() -> None:
    def poller(period: float, polls: int) -> list[datetime]:
        seen = []
        for _ in range(polls):
            seen.append(clock.now())
            time.sleep(period)
        return seen

    began = time.monotonic()
    with mock_bedrock_jobs(virtual_sleep=True, start_time=START) as env:
        clock = env.clock
        with ThreadPoolExecutor(max_workers=2) as pool:
            short, long = pool.map(poller, [30, 30], [4, 20])
        assert short == [START + timedelta(seconds=30 * k) for k in range(4)]
        assert long == [START + timedelta(seconds=30 * k) for k in range(20)]
        assert env.clock.now() == START + timedelta(seconds=20 * 30)
    # The finished worker, idle in the pool, held the clock once (about a second), then
    # the other went on without it: not once per step (16 seconds).
    assert time.monotonic() - began < 8


def test_a_thread_waiting_on_a_queue_holds_the_clock_once_at_most() -> None:
    polls = 20
    done: queue.Queue[datetime] = queue.Queue()
    began = time.monotonic()
    with mock_bedrock_jobs(virtual_sleep=True, start_time=START) as env:

        def poller() -> None:
            for _ in range(polls):
                time.sleep(30)
            done.put(env.clock.now())

        for _ in range(2):
            threading.Thread(target=poller).start()
        # Not a join: the main thread runs, as far as the clock knows, until the grace.
        ends = [done.get(timeout=60), done.get(timeout=60)]
        assert ends == [START + timedelta(seconds=polls * 30)] * 2
    assert time.monotonic() - began < 10


def test_asyncio_sleep_moves_the_clock_yields_to_the_loop_and_returns_its_result() -> None:
    async def scenario() -> tuple[list[str], str]:
        order: list[str] = []

        async def sleeper() -> str:
            order.append("sleeper starts")
            result: str = await asyncio.sleep(3600, result="rested")
            order.append("sleeper wakes")
            return result

        async def other() -> None:
            order.append("other runs")

        result, _ = await asyncio.gather(sleeper(), other())
        return order, result

    with mock_bedrock_jobs(virtual_sleep=True, start_time=START) as env:
        order, result = asyncio.run(scenario())
        assert env.clock.now() == START + timedelta(hours=1)
    assert order == ["sleeper starts", "other runs", "sleeper wakes"]
    assert result == "rested"


def test_an_async_polling_loop_over_an_import_ends_at_once() -> None:
    async def poll(bedrock: Any, arn: str) -> str:
        while (status := bedrock.get_model_import_job(jobIdentifier=arn)["status"]) == (
            "InProgress"
        ):
            await asyncio.sleep(60)
        return str(status)

    with mock_bedrock_jobs(virtual_sleep=True, start_time=START) as env:
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        arn = bedrock.create_model_import_job(**import_job_request())["jobArn"]
        assert asyncio.run(poll(bedrock, arn)) == "Completed"
        assert env.clock.now() == START + timedelta(minutes=15)


def test_a_negative_sleep_is_refused_as_the_real_one_refuses_it() -> None:
    with mock_bedrock_jobs(virtual_sleep=True), pytest.raises(ValueError) as excinfo:
        time.sleep(-1)
    assert str(excinfo.value) == "sleep length must be non-negative"


def test_it_is_off_by_default() -> None:
    real_sleep, real_async_sleep = time.sleep, asyncio.sleep
    with mock_bedrock_jobs():
        assert (time.sleep, asyncio.sleep) == (real_sleep, real_async_sleep)


def test_the_very_same_sleeps_and_waits_are_back_after_exit() -> None:
    real_sleep, real_async_sleep = time.sleep, asyncio.sleep
    real_join, real_result = threading.Thread.join, Future.result
    with mock_bedrock_jobs(virtual_sleep=True):
        assert time.sleep is not real_sleep
        assert asyncio.sleep is not real_async_sleep
        assert threading.Thread.join is not real_join
        assert Future.result is not real_result
    assert time.sleep is real_sleep
    assert asyncio.sleep is real_async_sleep
    assert threading.Thread.join is real_join
    assert Future.result is real_result


def test_the_very_same_sleeps_are_back_after_an_exception() -> None:
    real_sleep, real_async_sleep = time.sleep, asyncio.sleep

    @mock_bedrock_jobs(virtual_sleep=True)
    def failing_test() -> None:
        raise KeyError("boom")

    with pytest.raises(KeyError):
        failing_test()
    assert time.sleep is real_sleep
    assert asyncio.sleep is real_async_sleep


def test_a_nested_mock_joins_the_outer_one_and_keeps_its_virtual_sleep() -> None:
    real_sleep = time.sleep
    with mock_bedrock_jobs(virtual_sleep=True) as outer:
        virtual = time.sleep
        with mock_bedrock_jobs():
            assert time.sleep is virtual
        assert time.sleep is virtual
        before = outer.clock.now()
        time.sleep(5)
        assert outer.clock.now() - before == timedelta(seconds=5)
    assert time.sleep is real_sleep


def test_an_inner_mock_can_ask_for_virtual_sleep_until_it_stops() -> None:
    real_sleep = time.sleep
    with mock_bedrock_jobs() as outer:
        assert time.sleep is real_sleep
        with mock_bedrock_jobs(virtual_sleep=True):
            before = outer.clock.now()
            time.sleep(600)
            assert outer.clock.now() - before == timedelta(minutes=10)
        assert time.sleep is real_sleep
    assert time.sleep is real_sleep


@pytest.mark.bedrock_jobs(start_time=START, virtual_sleep=True)
def test_gathered_tasks_sleeping_from_one_moment_wake_together(bedrock_jobs: Any) -> None:
    async def four_pollers() -> None:
        await asyncio.gather(*(asyncio.sleep(60) for _ in range(4)))
        await asyncio.sleep(30)

    asyncio.run(four_pollers())
    assert bedrock_jobs.clock.now() == START + timedelta(seconds=90)
